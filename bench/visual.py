"""CPU and wall time of the visual step alone on the benchmark clip (bench/_media.py).

    PYTHONPATH=src .venv/bin/python bench/visual.py [--runs 2] [--profile out.prof [--cpu-profile]]
        [--json f]

The step runs once to load its models (not counted), then `--runs` times, each measured with
the process's CPU time (all threads, `os.times`), which moves far less than wall time with
other load on the machine. `--profile` writes a cProfile of the last run (main thread only),
timed by wall clock, or with `--cpu-profile` by the main thread's CPU time.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_media.py

import _media

SECRET = "bench-visual-secret-key-0123456789abcdef"


def _context(clip: Path, scratch: Path) -> Any:
    from clipapi.config import Settings
    from clipapi.infra.netguard import HostPolicy
    from clipapi.media.probe import probe
    from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
    from clipapi.storage.local import LocalBlobStore

    storage = LocalBlobStore(scratch / "blobs")
    key = "analyses/bench-visual/upload/source.mp4"
    storage.put_file(key, clip)
    settings = Settings(
        data_dir=scratch / "data",
        database_url=f"sqlite:///{scratch / 'bench.db'}",
        storage_url=f"file://{scratch / 'blobs'}",
        secret_key=SECRET,
        public_url="http://bench.invalid",
    )
    return StepContext(
        request=JobRequest(
            analysis_id="bench-visual",
            preset="full",
            source_kind="upload",
            video_url=None,
            storage_path=None,
            upload_key=key,
            upload_filename=clip.name,
            max_duration_s=None,
        ),
        settings=settings,
        storage=storage,
        policy=HostPolicy(),
        workdir=scratch,
        deadline=time.monotonic() + 3600,
        outputs={
            "ingest": StepOutput(signals={"media_key": key}),
            "probe": StepOutput(signals=probe(clip).to_media()),
        },
    )


def main(argv: list[str] | None = None) -> None:
    from clipapi.pipeline.steps.visual import VisualStep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--long", action="store_true", help="the 180 s clip")
    parser.add_argument("--profile", type=Path, help="cProfile of the last run, to this file")
    parser.add_argument(
        "--cpu-profile",
        action="store_true",
        help="time the profile by the main thread's CPU (time.thread_time), not wall time: "
        "under load, a wall-clock profile charges other processes' time to whatever waited",
    )
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clipapi-bench")
    args = parser.parse_args(argv)
    duration = 180.0 if args.long else 60.0
    clip = _media.build_clip(args.cache.resolve(), duration)
    figures: dict[str, Any] = {"clip": str(clip), "duration_s": duration, "runs": []}
    with tempfile.TemporaryDirectory() as scratch:
        ctx = _context(clip, Path(scratch))
        VisualStep().run(ctx)  # models load here
        for index in range(args.runs):
            clock = time.thread_time if args.cpu_profile else time.perf_counter
            last = args.profile and index == args.runs - 1
            profiler = cProfile.Profile(clock) if last else None
            load0 = os.getloadavg()[0]
            cpu0, t0 = os.times(), time.perf_counter()
            if profiler:
                profiler.enable()
            output = VisualStep().run(ctx)
            if profiler:
                profiler.disable()
            wall, cpu1 = time.perf_counter() - t0, os.times()
            cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
            visual = output.fields.get("media_understanding.visual_analysis") or {}
            run = {
                "cpu_s": round(cpu, 2),
                "wall_s": round(wall, 2),
                "load": [round(load0, 2), round(os.getloadavg()[0], 2)],
                "shots": visual.get("shot_count"),
                "text_items": len(visual.get("on_screen_text") or []),
                "ocr_reads": output.signals.get("ocr_reads"),
                "face_presence": (visual.get("faces") or {}).get("presence_ratio"),
            }
            figures["runs"].append(run)
            print(json.dumps(run), flush=True)
            if profiler:
                profiler.dump_stats(str(args.profile))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
