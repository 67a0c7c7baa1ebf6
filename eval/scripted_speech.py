"""`clipapi eval` with a recogniser that hears every word: each clip's transcript is the
script it was spoken from, so the meaning layer is measured as it reads speech heard
perfectly (natural voices come close to it; the espeak-ng clips, which Whisper base garbles,
do not). Everything else is the real pipeline.

    PYTHONPATH=src .venv/bin/python eval/scripted_speech.py --group creators --corpus /tmp/creators
    PYTHONPATH=src .venv/bin/python eval/scripted_speech.py --group creators-holdout \\
        --corpus /tmp/holdout --json h.json

The arguments are `clipapi eval`'s. A clip's sentences are spread over its speech (from
0.4 s to the script's end of speech) by their length, each word heard at 0.95, in the
script's language at 0.99; a clip without speech gets no transcript. Word error rates are 0
by construction and say nothing here; every other figure is measured as usual.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clipapi.evaluation import harness
from clipapi.evaluation.cli import eval_command
from clipapi.inference.whisper import WhisperRunner
from clipapi.signals.speech import Recognition, Segment, Word

SR = 16_000
SPEECH_START_S = 0.4
HEARD = 0.95
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

_truths: dict[Path, dict[str, Any]] = {}
_current: dict[str, dict[str, Any] | None] = {"truth": None}


def scripted(truth: dict[str, Any], duration_s: float) -> Recognition:
    """The recognition a perfect recogniser would return for one corpus item."""
    speech = truth.get("speech") or {}
    text = str(speech.get("text") or "").strip()
    if not text:
        return Recognition((), None, 0.0, duration_s, 0.0)
    end = float((truth.get("meaning") or {}).get("speech_end_s") or duration_s - 0.5)
    sentences = [s for s in _SENTENCE_END.split(text) if s]
    per_char = (end - SPEECH_START_S) / sum(len(s) for s in sentences)
    segments = []
    at = SPEECH_START_S
    for sentence in sentences:
        span = per_char * len(sentence)
        tokens = sentence.split()
        unit = span / sum(len(t) + 1 for t in tokens)
        words, start = [], at
        for token in tokens:
            length = unit * (len(token) + 1)
            words.append(Word(start, start + 0.9 * length, f" {token}", HEARD))
            start += length
        segments.append(Segment(at, at + span, sentence, -0.1, 0.01, tuple(words)))
        at += span
    language = speech.get("language") or truth.get("language")
    return Recognition(tuple(segments), language, 0.99, duration_s, end - SPEECH_START_S)


def _transcribe(
    self: WhisperRunner, pcm: NDArray[np.float32], check: Callable[[], None] | None = None
) -> Recognition:
    truth = _current["truth"]
    if truth is None:
        raise RuntimeError("scripted speech: no corpus item is being analysed")
    return scripted(truth, len(pcm) / SR)


def _load_manifest(folder: Path, load: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    manifest = load(folder)
    for truth in manifest["items"]:
        _truths[(Path(folder) / truth["media"]).resolve()] = truth
    return manifest


def main() -> None:
    load, open_pipeline = harness.load_manifest, harness.local_pipeline

    @contextlib.contextmanager
    def pipeline(preset: str) -> Iterator[Any]:
        with open_pipeline(preset) as opened:
            analyse = opened.analyse

            def analyse_scripted(path: Path) -> Any:
                _current["truth"] = _truths.get(Path(path).resolve())
                return analyse(path)

            opened.analyse = analyse_scripted
            yield opened

    harness.load_manifest = lambda folder: _load_manifest(folder, load)  # type: ignore[assignment]
    harness.local_pipeline = pipeline  # type: ignore[assignment]
    WhisperRunner.transcribe = _transcribe  # type: ignore[method-assign]
    sys.argv[0] = "clipapi eval (scripted speech)"
    eval_command()


if __name__ == "__main__":
    main()
