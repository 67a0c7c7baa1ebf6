"""Jump-cut recall on a wider set than the corpus: every recording of people in
tests/data/media with frames removed at several places and by several amounts, and the same
recordings unedited (no jump may be found there).

    PYTHONPATH=src .venv/bin/python bench/jumps.py [--json out.json] [--explain]

Each edited clip holds four jumps, one second apart, the recording skipping ahead by 6, 10,
16 and 24 of its own frames (a breath, a word, a phrase, a sentence cut out), at 640x360 and
30 fps; the source plays forwards then backwards when it runs out, as in eval/corpus.py. A
jump is found when the visual step reports a cut of kind `jump` within 100 ms of it; any
other cut it reports on these clips is a false one. Prints one line per clip and the totals;
with --explain, also what the jump test measured at each labelled jump (the frame of the
three around it with the highest score; `visual_jumps.JumpMeasures`), found or not.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench/visual.py

SOURCES = ("asl_again.mkv", "asl_help.mkv", "asl_thanks.mkv", "head-pose-face-female.gif")
GAPS = (6, 10, 16, 24)  # source frames removed at each jump
SHOT_FRAMES = 30  # output frames between jumps
FPS = 30
TOLERANCE_S = 0.1


def _corpus() -> Any:
    spec = importlib.util.spec_from_file_location("corpus", HERE.parent / "eval" / "corpus.py")
    if spec is None or spec.loader is None:
        raise SystemExit("eval/corpus.py not found: run from a checkout")
    module = importlib.util.module_from_spec(spec)
    sys.modules["corpus"] = module
    spec.loader.exec_module(module)
    return module


def build(folder: Path, corpus: Any) -> list[tuple[Path, list[float]]]:
    """(clip, true jump times) for each source, edited and unedited."""
    clips: list[tuple[Path, list[float]]] = []
    for name in SOURCES:
        frames, rate = corpus.decode_video(corpus.MEDIA / name)
        fitted = [corpus.fit(f, 640, 360) for f in frames]
        for edited in (True, False):
            plan: list[int] = []  # source position of each output frame
            jumps: list[float] = []
            position = 0.0
            gaps = GAPS if edited else (0,) * len(GAPS)
            for gap in (0, *gaps):
                if gap:
                    jumps.append(round(len(plan) / FPS, 6))
                position += gap
                for _ in range(SHOT_FRAMES):
                    plan.append(int(position))
                    position += rate / FPS
            path = folder / f"{Path(name).stem}_{'jumps' if edited else 'plain'}.mp4"
            shown = [fitted[corpus.ping_pong(len(fitted), p)] for p in plan]
            corpus.write_clip(
                path,
                shown.__getitem__,
                frames=len(plan),
                width=640,
                height=360,
                fps=FPS,
            )
            clips.append((path, jumps))
    return clips


def _watch_jumps() -> dict[str, Any]:
    """Keeps what the visual pass hands the jump test, to explain each labelled jump."""
    from clipapi.signals import visual_pass

    seen: dict[str, Any] = {}
    detect = visual_pass.detect_jumps

    def recording(scores: Any, times: Any, thumbs: Any, candidates: Any, *a: Any, **k: Any) -> Any:
        seen.update(scores=scores, thumbs=thumbs, candidates=candidates)
        return detect(scores, times, thumbs, candidates, *a, **k)

    visual_pass.detect_jumps = recording
    return seen


def _explain(seen: dict[str, Any], truth: list[float]) -> list[dict[str, Any]]:
    import numpy as np

    from clipapi.signals.visual_jumps import JumpCandidate, jump_measures

    values = np.asarray(seen["scores"], dtype=np.float64)
    candidates = {c.index: c for c in seen["candidates"]}
    rows = []
    for t in truth:
        near = [k for k in (round(t * FPS) + d for d in (-1, 0, 1)) if 0 < k < len(values)]
        k = max(near, key=lambda j: values[j])
        candidate = candidates.get(k, JumpCandidate(k, {}))
        measures = jump_measures(values, seen["thumbs"], candidate).as_ratios()
        rows.append({"t": t, "frame": k, "candidate": k in candidates, **measures})
    return rows


def main(argv: list[str] | None = None) -> None:
    import visual

    from clipapi.pipeline.steps.visual import VisualStep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--explain", action="store_true", help="the measures at each jump")
    args = parser.parse_args(argv)
    seen = _watch_jumps() if args.explain else {}
    corpus = _corpus()
    found_total = jumps_total = false_total = 0
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        for clip, truth in build(root, corpus):
            work = root / clip.stem
            work.mkdir()
            output = VisualStep().run(visual._context(clip, work))
            shots = (output.fields.get("media_understanding.visual_analysis") or {}).get("shots")
            cuts = [(s["start"], s.get("kind")) for s in shots or [] if s["start"] > 0]
            hits = [
                t for t in truth if any(k == "jump" and abs(s - t) <= TOLERANCE_S for s, k in cuts)
            ]
            false = [(s, k) for s, k in cuts if not any(abs(s - t) <= TOLERANCE_S for t in truth)]
            found_total += len(hits)
            jumps_total += len(truth)
            false_total += len(false)
            row: dict[str, Any] = {
                "clip": clip.stem,
                "jumps": truth,
                "found": hits,
                "false_cuts": false,
            }
            if args.explain and truth:
                row["measures"] = _explain(seen, truth)
            rows.append(row)
            print(json.dumps(row), flush=True)
    summary = {"recall": f"{found_total}/{jumps_total}", "false_cuts": false_total}
    print(json.dumps(summary))
    if args.json:
        args.json.write_text(json.dumps({"clips": rows, **summary}, indent=2) + "\n")


if __name__ == "__main__":
    main()
