"""visual: shots, keyframes, camera motion, faces, on-screen text and picture quality.

One decode pass (media/frames.py) feeds everything: a tiny thumbnail of every frame for cuts
(and small grey pictures of the frames around a likely jump cut, `signals/visual_jumps.py`),
5 fps grey frames for camera motion, 2 fps colour frames for faces, OCR, quality and
keyframes. Faces and OCR of the colour frames run on one background thread while the pass
decodes on (`_SampleWorker`), in frame order, so the results are those of a sequential pass.
OCR runs only on sampled frames whose text strokes changed since the last frame read, within
a budget of about one read per second of video, and reads only the bands of text that changed
(a new caption under a picture whose own text stays is read alone). Methods and thresholds
live in the `signals/visual_*` modules; models in `inference/faces.py` and
`inference/ocr.py`, loaded on first use only.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from clipapi.media.frames import DecodedFrame, FrameStream, SamplingPlan
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals.visual_faces import (
    FaceSummary,
    FrameFaces,
    presence_per_second,
    summarise_faces,
)
from clipapi.signals.visual_jumps import BROAD_SHORT_SIDE, JumpWatch, detect_jumps
from clipapi.signals.visual_keyframes import KeyframeCandidate, choose_keyframes
from clipapi.signals.visual_motifs import VisualFacts, derive_motifs, describe_cinematography
from clipapi.signals.visual_motion import (
    PairMotion,
    ShotMotion,
    classify_shot,
    pair_motion,
    summarise_motion,
)
from clipapi.signals.visual_quality import FrameQuality, frame_quality, summarise_quality
from clipapi.signals.visual_shots import (
    MIN_SHOT_S,
    MIN_WEAK_CUT_SCORE,
    ShotSpan,
    cuts_per_minute,
    detect_cuts,
    frame_scores,
    shots_from_cuts,
    thumb_similarity,
)
from clipapi.signals.visual_text import (
    CHANGE_FOR_OCR,
    StrokeMap,
    TextLine,
    TextReading,
    TimedText,
    carried_lines,
    changed_bands,
    merge_readings,
    stroke_bands,
    stroke_change,
    stroke_map,
    text_coverage,
)
from clipapi.signals.visual_timeline import per_second_mean

# Camera motion at 5 fps: the motion tests pass at 5 fps as at 10, for half the optical-flow
# and grey-conversion work (rates are per second, so the thresholds hold).
SAMPLING = SamplingPlan(motion_fps=5.0)
JPEG_QUALITY = 85
# OCR budget: reads accrue at this rate per second of video, up to a burst.
OCR_READS_PER_S = 1.0
OCR_BURST = 3.0
# Frames after a likely cut at which an extra keyframe candidate is taken, so a shot shorter
# than the 2 fps sampling period still gets a keyframe.
CANDIDATE_DELAY_FRAMES = 2
TEXT_HOOK_WINDOW_S = 1.0
FACE_SHORT_SIDE = 360  # px: faces are found on a copy this small (2.3x faster than 540)

MODEL_VERSIONS = {
    "shots": "thumb-aligned-adaptive.v1+jumps.v1",
    "keyframes": "shot-sharpest.v1",
    "faces": "yunet-2023mar",
    "motion": "lk-affine.v1",
    "quality": "quality.v1",
    "motifs": "visual-motifs.v1",
}


class VisualStep:
    name = "visual_analysis"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        media = ctx.signals("probe")
        stream = FrameStream(
            ctx.media_path(),
            rotation=int(media.get("rotation") or 0),
            plan=SAMPLING,
            max_duration_s=ctx.request.max_duration_s,
            check=ctx.check_deadline,
        )
        collector = _Collector()
        worker = _SampleWorker(collector)
        try:
            for frame in stream:
                collector.add(frame, worker.submit)
        except BaseException:
            worker.close(cancel=True)
            raise
        worker.close()
        return collector.finish(ctx, media, reached_limit=stream.reached_limit)


_Submit = Callable[[float, NDArray[np.uint8]], None]
# Sampled frames waiting for the worker: enough to ride out one slow OCR read, few enough that
# the decoded pictures (~1.5 MB each) stay small and the pass never runs far ahead.
WORKER_QUEUE = 4


class _SampleWorker:
    """Faces and OCR for the sampled frames, on one background thread while the pass decodes
    on. onnxruntime and OpenCV release the GIL, so the two overlap on a second core. Frames are
    handled one at a time in the order submitted, so results match a sequential run."""

    def __init__(self, collector: _Collector) -> None:
        self._collector = collector
        self._queue: queue.Queue[tuple[float, NDArray[np.uint8]] | None] = queue.Queue(
            maxsize=WORKER_QUEUE
        )
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread: threading.Thread | None = None

    def submit(self, t: float, image: NDArray[np.uint8]) -> None:
        self.raise_error()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="visual-samples", daemon=True)
            self._thread.start()
        self._queue.put((t, image))

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the queued frames (dropped when `cancel`) and raise the worker's error."""
        if self._thread is not None:
            self._cancelled = cancel
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if not cancel:
            self.raise_error()

    def raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            if self._cancelled or self._error is not None:
                continue  # keep draining so `submit` and `close` never block
            t, image = item
            try:
                self._collector.analyse_sample(t, image)
            except BaseException as exc:  # handed to the pass, raised there
                self._error = exc


@dataclass
class _Sample:
    t: float
    quality: FrameQuality


@dataclass
class _Collector:
    """Per-frame measurements gathered during the pass; `finish` turns them into fields."""

    thumbs: list[NDArray[np.uint8]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    pairs: list[tuple[float, float, PairMotion]] = field(default_factory=list)
    samples: list[_Sample] = field(default_factory=list)
    faces: list[FrameFaces] = field(default_factory=list)
    readings: list[TextReading] = field(default_factory=list)
    candidates: list[KeyframeCandidate] = field(default_factory=list)
    jumps: JumpWatch = field(default_factory=JumpWatch)
    jpegs: list[bytes] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    faces_ok: bool = True
    ocr_ok: bool = True
    ocr_reads: int = 0
    ocr_deferred: int = 0
    _previous_gray: tuple[float, NDArray[np.uint8]] | None = None
    _pending_candidate: int | None = None
    _last_jump: float = 0.0
    _last_extra_t: float = -1.0
    _last_read: StrokeMap | None = None
    _last_lines: list[TextLine] = field(default_factory=list)
    _ocr_tokens: float = OCR_BURST
    _ocr_clock: float = 0.0

    def add(self, frame: DecodedFrame, submit: _Submit | None = None) -> None:
        """Measure one frame; faces and OCR of a sample go to `submit` (run here if None)."""
        jump = 0.0
        if self.thumbs:
            jump = float(np.abs(frame.thumb.astype(np.int16) - self.thumbs[-1]).mean())
            # A likely cut (a spike, not steady motion), at most one per shortest shot.
            if (
                jump >= MIN_WEAK_CUT_SCORE
                and jump >= 3 * self._last_jump
                and self._pending_candidate is None
                and frame.t - self._last_extra_t >= MIN_SHOT_S
            ):
                self._pending_candidate = frame.index + CANDIDATE_DELAY_FRAMES
                self._last_extra_t = frame.t
            self._last_jump = jump
        self.jumps.push(frame.index, jump, lambda: frame.small_gray(BROAD_SHORT_SIDE))
        self.thumbs.append(frame.thumb)
        self.times.append(frame.t)
        if frame.motion_due:
            self._add_motion(frame)
        extra = frame.index == self._pending_candidate
        if extra:
            self._pending_candidate = None
        if frame.sample_due or extra:
            image = frame.colour()
            quality = frame_quality(image) if frame.sample_due else None
            if quality is not None:
                self.samples.append(_Sample(frame.t, quality))
                (submit or self.analyse_sample)(frame.t, image)
            sharpness = quality.sharpness if quality else _sharpness(image)
            self.candidates.append(KeyframeCandidate(frame.index, frame.t, sharpness))
            ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
            self.jpegs.append(encoded.tobytes() if ok else b"")

    def analyse_sample(self, t: float, image: NDArray[np.uint8]) -> None:
        """Faces and on-screen text of one sampled frame; touches only their own state."""
        self._add_faces(t, image)
        self._add_text(t, image)

    def _add_motion(self, frame: DecodedFrame) -> None:
        gray = frame.gray()
        previous = self._previous_gray
        if previous is not None and previous[1].shape == gray.shape:
            self.pairs.append(
                (previous[0], frame.t, pair_motion(previous[1], gray, frame.t - previous[0]))
            )
        self._previous_gray = (frame.t, gray)

    def _add_faces(self, t: float, image: NDArray[np.uint8]) -> None:
        if not self.faces_ok:
            return
        from clipapi.inference.faces import FaceModelUnavailable, detect_faces

        short = min(image.shape[:2])
        if short > FACE_SHORT_SIDE:
            # YuNet's cost grows with the area; faces that matter are far larger than its
            # ~10 px floor at this size. Areas are kept as fractions, so nothing else changes.
            scale = FACE_SHORT_SIDE / short
            size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
            image = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.uint8)
        try:
            found = detect_faces(image)
        except FaceModelUnavailable as exc:
            self.faces_ok = False
            self.warnings.append(f"faces not measured: {exc}")
            return
        self.faces.append(FrameFaces(t, tuple(found), float(image.shape[0] * image.shape[1])))

    def _add_text(self, t: float, image: NDArray[np.uint8]) -> None:
        if not self.ocr_ok:
            return
        from clipapi.inference.ocr import OcrUnavailable, read_text

        self._ocr_tokens = min(
            OCR_BURST, self._ocr_tokens + (t - self._ocr_clock) * OCR_READS_PER_S
        )
        self._ocr_clock = t
        strokes = stroke_map(np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8))
        if strokes.empty:
            # No text-like strokes: nothing legible, no need to ask the model.
            if self._last_read is None or not self._last_read.empty:
                self.readings.append(TextReading(t, ()))
                self._last_read = strokes
                self._last_lines = []
            return
        if stroke_change(self._last_read, strokes) < CHANGE_FOR_OCR:
            return
        if self._ocr_tokens < 1.0:
            self.ocr_deferred += 1
            return
        # Only the bands whose strokes changed are read; lines elsewhere are still there,
        # unchanged, and are carried over from the last reading.
        bands = stroke_bands(strokes)
        changed = changed_bands(self._last_read, strokes) or bands
        unchanged = [band for band in bands if band not in changed]
        try:
            lines: list[TextLine] = read_text(image, strokes.region(bands=changed))
        except OcrUnavailable as exc:
            self.ocr_ok = False
            self.warnings.append(f"on-screen text not measured: {exc}")
            return
        lines += carried_lines(self._last_lines, unchanged, image.shape[0])
        self._ocr_tokens -= 1.0
        self.ocr_reads += 1
        self._last_lines = sorted(lines, key=lambda line: line.box[1])
        self.readings.append(TextReading(t, tuple(self._last_lines)))
        self._last_read = strokes

    # --- after the pass ---------------------------------------------------------------------

    def finish(self, ctx: StepContext, media: dict[str, Any], *, reached_limit: bool) -> StepOutput:
        versions = {**MODEL_VERSIONS}
        if not self.times:
            return StepOutput(
                warnings=["visual analysis not measured: no video frame could be decoded"],
                model_versions=versions,
            )
        duration = self._duration(media, reached_limit)
        if reached_limit:
            self.warnings.append(f"visual analysis covers the first {duration:.1f} s only")
        cuts = self._cuts()
        cut_times = tuple(cuts)
        shots = shots_from_cuts(cut_times, duration)
        kinds = [cuts.get(s.start) for s in shots]
        shot_motion = [self._shot_motion(shot) for shot in shots]
        motion = summarise_motion(
            [(m.kind, s.duration) for s, m in zip(shots, shot_motion, strict=True)]
        )
        if motion.dominant is None:
            self.warnings.append(
                "camera motion not measured: too little texture to track between frames"
            )
        faces = summarise_faces(self.faces) if self.faces_ok else None
        quality = summarise_quality([s.quality for s in self.samples])
        text = merge_readings(self.readings, duration) if self.ocr_ok else None
        if self.ocr_deferred:
            self.warnings.append(
                f"on-screen text: {self.ocr_deferred} changed frames were not read "
                f"(OCR budget {OCR_READS_PER_S:g} per second); short-lived text may be missing"
            )
        if self.ocr_ok and self.ocr_reads:
            from clipapi.inference.ocr import model_version

            versions["ocr"] = model_version()
        keyframes = self._store_keyframes(ctx, shots)
        coverage = text_coverage(text, duration) if text is not None else None
        facts = VisualFacts(
            duration_s=duration,
            shot_count=len(shots),
            cuts_per_minute=cuts_per_minute(len(cut_times), duration),
            motion_shares={str(kind): share for kind, share in motion.shares.items()} or None,
            face_presence=faces.presence_ratio if faces else None,
            face_to_camera=faces.face_to_camera_ratio if faces else None,
            face_area=faces.mean_face_area if faces else None,
            multi_face=faces.multi_face_ratio if faces else None,
            shot_faces=self._shot_faces(shots) if faces else (),
            text_coverage=coverage,
            letterboxing=quality.letterboxing if quality else None,
            brightness=quality.brightness if quality else None,
        )
        analysis: dict[str, Any] = {
            "keyframes": keyframes,
            "shots": [
                {
                    "index": s.index,
                    "start": s.start,
                    "end": s.end,
                    "camera_motion": m.kind,
                    "kind": kind,
                }
                for s, m, kind in zip(shots, shot_motion, kinds, strict=True)
            ],
            "shot_count": len(shots),
            "cuts_per_minute": facts.cuts_per_minute,
            "cinematography": describe_cinematography(facts),
            "camera_motion": (
                {"dominant": motion.dominant, "shares": motion.shares} if motion.dominant else None
            ),
            "motifs": derive_motifs(facts),
            "on_screen_text": _text_items(text) if text is not None else None,
            "faces": _faces_field(faces),
            "quality": asdict(quality) if quality else None,
        }
        signals = self._signals(cuts, duration, faces, text, shots, shot_motion)
        return StepOutput(
            fields={"media_understanding.visual_analysis": analysis},
            signals=signals,
            warnings=self.warnings,
            model_versions=versions,
        )

    def _cuts(self) -> dict[float, str]:
        """Every cut's time and kind (`hard` or `jump`), in time order."""
        thumbs = np.stack(self.thumbs)
        scores = frame_scores(thumbs)
        detection = detect_cuts(scores, self.times)
        jumps = detect_jumps(scores, self.times, thumbs, self.jumps.finish(), detection.cut_indices)
        kinds = dict.fromkeys(detection.cut_indices, "hard") | dict.fromkeys(jumps, "jump")
        return {round(float(self.times[i]), 3): kinds[i] for i in sorted(kinds)}

    def _duration(self, media: dict[str, Any], reached_limit: bool) -> float:
        gaps = np.diff(self.times)
        period = float(np.median(gaps)) if gaps.size else 0.0
        decoded = self.times[-1] + period
        declared = media.get("duration_s")
        if reached_limit or not isinstance(declared, int | float) or declared <= 0:
            return round(decoded, 3)
        # The container's figure, unless the frames ran past it (a short audio track).
        return round(max(float(declared), self.times[-1]), 3)

    def _shot_motion(self, shot: ShotSpan) -> ShotMotion:
        # Pairs that straddle a cut compare two different pictures: left out.
        inside = [pair for t0, t1, pair in self.pairs if t0 >= shot.start - 1e-6 and t1 < shot.end]
        return classify_shot(inside)

    def _shot_faces(self, shots: list[ShotSpan]) -> list[tuple[float, float]]:
        result = []
        for shot in shots:
            inside = [f for f in self.faces if shot.start <= f.t < shot.end]
            if inside:
                presence = sum(1 for f in inside if f.faces) / len(inside)
                result.append((shot.duration, presence))
        return result

    def _store_keyframes(self, ctx: StepContext, shots: list[ShotSpan]) -> list[dict[str, Any]]:
        keyframes: list[dict[str, Any]] = []
        for choice in choose_keyframes(self.candidates, shots):
            data = self.jpegs[choice.candidate]
            if not data:
                continue
            candidate = self.candidates[choice.candidate]
            n = len(keyframes)
            ctx.storage.put_bytes(ctx.blob_key("keyframes", f"{n}.jpg"), data)
            keyframes.append(
                {
                    "frame_index": candidate.frame_index,
                    "t": round(candidate.t, 3),
                    "image_url": None,  # signed when the result is served
                    "shot_index": choice.shot_index,
                }
            )
        return keyframes

    def _signals(
        self,
        cuts: dict[float, str],
        duration: float,
        faces: FaceSummary | None,
        text: list[TimedText] | None,
        shots: list[ShotSpan],
        shot_motion: list[ShotMotion],
    ) -> dict[str, Any]:
        cut_times = tuple(cuts)
        # Flow between two shots is a cut, not motion.
        steady = [
            (t0, pair.flow / (t1 - t0))
            for t0, t1, pair in self.pairs
            if t1 > t0 and not any(t0 < cut <= t1 for cut in cut_times)
        ]
        return {
            "duration_s": duration,
            "cut_times": list(cut_times),
            "cut_kinds": list(cuts.values()),
            "shots": [
                {"start": s.start, "end": s.end, "camera_motion": m.kind, "kind": cuts.get(s.start)}
                for s, m in zip(shots, shot_motion, strict=True)
            ],
            "motion_per_s": per_second_mean(steady, duration),
            "first_frame_face": faces.first_frame_face if faces else None,
            "first_frame_text": (
                any(line.start < TEXT_HOOK_WINDOW_S for line in text) if text is not None else None
            ),
            "first_last_similarity": thumb_similarity(self.thumbs[0], self.thumbs[-1]),
            "face_presence_per_s": presence_per_second(self.faces, duration) if faces else None,
            "blur_per_s": per_second_mean(
                ((s.t, s.quality.sharpness) for s in self.samples), duration, digits=1
            ),
            "on_screen_text": _text_items(text) if text is not None else None,
            "ocr_reads": self.ocr_reads,
        }


def _text_items(text: list[TimedText]) -> list[dict[str, Any]]:
    return [
        {"start": line.start, "end": line.end, "text": line.text, "confidence": line.confidence}
        for line in text
    ]


def _faces_field(faces: FaceSummary | None) -> dict[str, Any] | None:
    if faces is None:
        return None
    return {
        "presence_ratio": faces.presence_ratio,
        "face_to_camera_ratio": faces.face_to_camera_ratio,
        "max_faces": faces.max_faces,
        "mean_face_area": faces.mean_face_area,
    }


def _sharpness(image: NDArray[np.uint8]) -> float:
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())
