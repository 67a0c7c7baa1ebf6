"""CPU cost of telling voices apart on mono audio: voice activity, GE2E embeddings and
clustering (the transcript step's speaker pass), per minute of speech.

    .venv/bin/python bench/speakers.py [--seconds 60] [--runs 3]

The speech is two natural voices (piper "joe" and espeak-ng en-us+f3) taking turns for about
`--seconds`; CPU time is the process's (all threads), the best of `--runs` warm runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np

from clipapi.inference import speaker_encoder, vad
from clipapi.signals import speaker_turns

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
LINES = (
    "Welcome back to the show, today we are talking about coffee.",
    "Thanks for having me, I drink three cups every single morning.",
    "Three cups is a lot. Does it keep you awake at night?",
    "Not really. I sleep like a baby after lunch, every day.",
    "That sounds wonderful. What about tea?",
    "Tea is fine, but coffee is my real passion in life.",
)


def _voices() -> object:
    spec = importlib.util.spec_from_file_location("bench_make_voices", DATA / "make_voices.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    voices = _voices()
    lines: list[tuple[str, str]] = []
    pcm = np.zeros(0, dtype=np.float32)
    while pcm.size / 16_000 < args.seconds:
        lines += [("joe" if i % 2 == 0 else "en-us+f3", t) for i, t in enumerate(LINES)]
        pcm, _ = voices.conversation(lines)  # type: ignore[attr-defined]
    started = time.process_time()
    speaker_encoder.embed_spans(pcm, [(0.0, 1.0)])  # loads the weights
    load_s = time.process_time() - started
    best: dict[str, float] = {}
    speech_s = 0.0
    labels = 0
    for _ in range(args.runs):
        t0 = time.process_time()
        units = speaker_turns.speech_units(vad.speech_spans(pcm))
        t1 = time.process_time()
        embeddings = speaker_encoder.embed_spans(pcm, units)
        t2 = time.process_time()
        turns = speaker_turns.cluster_voices(units, embeddings)
        t3 = time.process_time()
        for name, value in (("vad", t1 - t0), ("embed", t2 - t1), ("cluster", t3 - t2)):
            best[name] = min(best.get(name, value), value)
        speech_s = sum(end - start for start, end in units)
        labels = turns.count
    per_minute = {name: value * 60.0 / speech_s for name, value in best.items()}
    print(
        f"{pcm.size / 16_000:.1f} s of audio, {speech_s:.1f} s of speech, {labels} voices found; "
        f"weights load {load_s:.2f} s CPU once"
    )
    for name, value in per_minute.items():
        print(f"  {name:8s} {value:.2f} s CPU per minute of speech")
    print(f"  {'total':8s} {sum(per_minute.values()):.2f} s CPU per minute of speech")


if __name__ == "__main__":
    main()
