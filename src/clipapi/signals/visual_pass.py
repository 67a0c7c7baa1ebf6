"""The visual pass: shots, keyframes, camera motion, faces, on-screen text and picture quality
from one stream of decoded frames.

Each frame of the stream (`media/frames.py` makes them; `Frame` is what this module reads)
feeds everything: its tiny thumbnail every frame for cuts (and small grey pictures of the
frames around a likely jump cut, `visual_jumps.py`), grey frames on the motion grid for camera
motion, colour frames on the sample grid for faces, OCR, quality and keyframes. Faces and OCR
of the colour frames run on one background thread while the pass goes on
(`visual_samples.py`). The keyframes' JPEGs are encoded during the pass from the colour
frames it already holds, so nothing decodes the video again. Methods and thresholds live in
the other `visual_*` modules; `visual_report.py` turns the measurements into the fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.visual_faces import summarise_faces
from clipapi.signals.visual_jumps import BROAD_SHORT_SIDE, JumpWatch, detect_jumps
from clipapi.signals.visual_keyframes import (
    KeyframeCandidate,
    choose_keyframes,
    encode_jpeg,
    sharpness,
)
from clipapi.signals.visual_motion import (
    PairMotion,
    ShotMotion,
    classify_shot,
    pair_motion,
    summarise_motion,
)
from clipapi.signals.visual_quality import frame_quality, summarise_quality
from clipapi.signals.visual_report import (
    KeyframeImage,
    Sample,
    VisualMeasurements,
    VisualReport,
    build_report,
)
from clipapi.signals.visual_samples import SampleModels, SampleReader, SampleWorker
from clipapi.signals.visual_shots import (
    MIN_SHOT_S,
    MIN_WEAK_CUT_SCORE,
    ShotSpan,
    detect_cuts,
    frame_scores,
    shots_from_cuts,
)
from clipapi.signals.visual_text import merge_readings

Image = NDArray[np.uint8]

# Frames after a likely cut at which an extra keyframe candidate is taken, so a shot shorter
# than the sampling period still gets a keyframe.
CANDIDATE_DELAY_FRAMES = 2


class Frame(Protocol):
    """A decoded frame while the pass is on it (`media.frames.DecodedFrame`)."""

    index: int
    t: float
    thumb: Image  # tiny colour thumbnail, every frame
    motion_due: bool  # on the camera-motion grid
    sample_due: bool  # on the colour-sample grid

    def gray(self) -> Image: ...

    def colour(self) -> Image: ...

    def small_gray(self, short_side: int) -> Image: ...


def measure(frames: Iterable[Frame], models: SampleModels) -> VisualPass:
    """Run the pass over `frames`, reading the samples on a worker thread."""
    visual = VisualPass(SampleReader(models))
    worker = SampleWorker(visual.reader.read)
    try:
        for frame in frames:
            visual.add(frame, worker.submit)
    except BaseException:
        worker.close(cancel=True)
        raise
    worker.close()
    return visual


@dataclass
class VisualPass:
    """Per-frame measurements gathered during the pass; `finish` turns them into a report."""

    reader: SampleReader
    thumbs: list[Image] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    pairs: list[tuple[float, float, PairMotion]] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    candidates: list[KeyframeCandidate] = field(default_factory=list)
    jumps: JumpWatch = field(default_factory=JumpWatch)
    jpegs: list[bytes] = field(default_factory=list)
    _previous_gray: tuple[float, Image] | None = None
    _pending_candidate: int | None = None
    _last_jump: float = 0.0
    _last_extra_t: float = -1.0

    def add(self, frame: Frame, submit: Callable[[float, Image], None] | None = None) -> None:
        """Measure one frame; faces and OCR of a sample go to `submit` (read here if None)."""
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
            gray = frame.gray()
            previous = self._previous_gray
            if previous is not None and previous[1].shape == gray.shape:
                motion = pair_motion(previous[1], gray, frame.t - previous[0])
                self.pairs.append((previous[0], frame.t, motion))
            self._previous_gray = (frame.t, gray)
        extra = frame.index == self._pending_candidate
        if extra:
            self._pending_candidate = None
        if frame.sample_due or extra:
            image = frame.colour()
            quality = frame_quality(image) if frame.sample_due else None
            if quality is not None:
                self.samples.append(Sample(frame.t, quality))
                (submit or self.reader.read)(frame.t, image)
            score = quality.sharpness if quality else sharpness(image)
            self.candidates.append(KeyframeCandidate(frame.index, frame.t, score))
            self.jpegs.append(encode_jpeg(image))

    def finish(self, declared_duration_s: object, *, reached_limit: bool) -> VisualReport | None:
        """The report, or None when no frame was decoded. `declared_duration_s` is the
        container's figure (anything else when it has none)."""
        if not self.times:
            return None
        reader = self.reader
        duration = self._duration(declared_duration_s, reached_limit)
        warnings = list(reader.warnings)
        if reached_limit:
            warnings.append(f"visual analysis covers the first {duration:.1f} s only")
        cuts = self._cuts()
        shots = shots_from_cuts(tuple(cuts), duration)
        shot_motion = [self._shot_motion(shot) for shot in shots]
        motion = summarise_motion(
            [(m.kind, s.duration) for s, m in zip(shots, shot_motion, strict=True)]
        )
        measured = VisualMeasurements(
            duration_s=duration,
            cuts=cuts,
            shots=shots,
            shot_motion=shot_motion,
            motion=motion,
            pairs=self.pairs,
            faces=summarise_faces(reader.faces) if reader.faces_ok else None,
            frame_faces=reader.faces,
            samples=self.samples,
            quality=summarise_quality([s.quality for s in self.samples]),
            text=merge_readings(reader.readings, duration) if reader.ocr_ok else None,
            ocr_reads=reader.ocr_reads,
            ocr_deferred=reader.ocr_deferred,
            first_thumb=self.thumbs[0],
            last_thumb=self.thumbs[-1],
        )
        return build_report(measured, self._keyframes(shots), warnings)

    def _cuts(self) -> dict[float, str]:
        """Every cut's time and kind (`hard` or `jump`), in time order."""
        thumbs = np.stack(self.thumbs)
        scores = frame_scores(thumbs)
        detection = detect_cuts(scores, self.times)
        jumps = detect_jumps(scores, self.times, thumbs, self.jumps.finish(), detection.cut_indices)
        kinds = dict.fromkeys(detection.cut_indices, "hard") | dict.fromkeys(jumps, "jump")
        return {round(float(self.times[i]), 3): kinds[i] for i in sorted(kinds)}

    def _duration(self, declared: object, reached_limit: bool) -> float:
        gaps = np.diff(self.times)
        period = float(np.median(gaps)) if gaps.size else 0.0
        decoded = self.times[-1] + period
        if reached_limit or not isinstance(declared, int | float) or declared <= 0:
            return round(decoded, 3)
        # The container's figure, unless the frames ran past it (a short audio track).
        return round(max(float(declared), self.times[-1]), 3)

    def _shot_motion(self, shot: ShotSpan) -> ShotMotion:
        # Pairs that straddle a cut compare two different pictures: left out.
        inside = [pair for t0, t1, pair in self.pairs if t0 >= shot.start - 1e-6 and t1 < shot.end]
        return classify_shot(inside)

    def _keyframes(self, shots: list[ShotSpan]) -> list[KeyframeImage]:
        images = []
        for choice in choose_keyframes(self.candidates, shots):
            data = self.jpegs[choice.candidate]
            if data:
                candidate = self.candidates[choice.candidate]
                images.append(
                    KeyframeImage(candidate.frame_index, candidate.t, choice.shot_index, data)
                )
        return images
