"""What the transcript's decoding options cost: Whisper on the 60 s spoken benchmark clip
(bench/_media.py, a natural voice end to end) with `whisper.DECODING`, against the same
options without its deterministic retry (faster-whisper's own retries, sampled at 0.2-1.0,
and no rule against repeated tokens).

    PYTHONPATH=src .venv/bin/python bench/decoding.py [--runs 2] [--cache DIR]
    PYTHONPATH=src .venv/bin/python bench/decoding.py --corpus /tmp/creators /tmp/holdout

The model is loaded once; the two ways alternate, `--runs` times each, and each run prints its
wall time, the process's CPU time and how many segments came from a window decoded again
(the beam search failed it: "retried"). Then the means and their ratio.

With `--corpus` (folders built by eval/corpus.py), it measures instead the word error rate of
each way, per language, over the corpus clips with labelled speech, each clip's audio
decoded as the pipeline decodes it (`media.audio.load_pcm`). The default retries sample, so
their figure is one draw.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import _media  # noqa: E402

# The options `whisper.DECODING` adds to the decoder's defaults for its retries.
RETRY_OPTIONS = ("temperature", "best_of", "no_repeat_ngram_size")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clipapi-bench")
    parser.add_argument("--corpus", type=Path, nargs="+", help="measure WER on these corpora")
    args = parser.parse_args()

    from clipapi.config import Settings
    from clipapi.inference import whisper

    model = whisper.whisper_runner(Settings(data_dir=args.cache / "data")).model()
    ways: dict[str, dict[str, Any]] = {
        "DECODING": dict(whisper.DECODING),
        "default retries": {k: v for k, v in whisper.DECODING.items() if k not in RETRY_OPTIONS},
    }
    if args.corpus:
        word_errors(model, ways, args.corpus)
    else:
        timing(model, ways, args.cache, args.runs)


def word_errors(model: Any, ways: dict[str, dict[str, Any]], corpora: list[Path]) -> None:
    """WER of each way per language over the corpora's clips with labelled speech."""
    from clipapi.evaluation.metrics import word_error
    from clipapi.media.audio import load_pcm

    clips = []
    for folder in corpora:
        for item in json.loads((folder / "corpus.json").read_text())["items"]:
            speech = item.get("speech") or {}
            if speech.get("text") and speech.get("language"):
                with tempfile.TemporaryDirectory() as work:
                    pcm = load_pcm(folder / item["media"], Path(work))
                clips.append((speech["language"], speech["text"], pcm))
    for name, options in ways.items():
        totals: dict[str, list[int]] = {}
        for language, truth, pcm in clips:
            segments, _ = model.transcribe(pcm, **options)
            error = word_error(truth, " ".join(segment.text for segment in segments))
            total = totals.setdefault(language, [0, 0])
            total[0] += error.errors
            total[1] += error.units
        rates = ", ".join(
            f"{lang} {e / n:.1%} ({n} words)" for lang, (e, n) in sorted(totals.items())
        )
        print(f"{name}: {rates}", flush=True)


def timing(model: Any, ways: dict[str, dict[str, Any]], cache: Path, runs: int) -> None:
    """Wall and CPU time of each way on the spoken benchmark clip, alternating."""
    from faster_whisper import decode_audio

    clip = _media.build_clip(cache, 60.0, spoken=True)
    pcm = decode_audio(str(clip), sampling_rate=16_000)
    walls: dict[str, list[float]] = {name: [] for name in ways}
    for run in range(runs):
        for name, options in ways.items():
            wall, cpu = time.perf_counter(), time.process_time()
            segments, _ = model.transcribe(pcm, **options)
            again = sum(segment.temperature > 0 for segment in segments)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            walls[name].append(wall)
            print(f"run {run + 1}, {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, {again} retried")
    means = {name: sum(times) / len(times) for name, times in walls.items()}
    for name, mean in means.items():
        print(f"{name}: mean {mean:.2f} s wall")
    print(f"DECODING / default retries: {means['DECODING'] / means['default retries']:.2f}")


if __name__ == "__main__":
    main()
