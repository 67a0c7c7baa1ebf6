"""Faces and on-screen text of the visual pass's sampled colour frames.

The models come in as callables (`SampleModels`), so this module loads none and a test can
hand it its own. OCR runs only on samples whose text strokes changed since the last frame
read, within a budget of about one read per second of video, and reads only the bands of
text that changed (a new caption under a picture whose own text stays is read alone).
`SampleWorker` runs the reads on one background thread while the pass decodes on, in frame
order, so the results are those of a sequential pass.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from clipapi.signals.visual_faces import FaceDetection, FrameFaces
from clipapi.signals.visual_text import (
    CHANGE_FOR_OCR,
    StrokeMap,
    TextLine,
    TextReading,
    carried_lines,
    changed_bands,
    stroke_bands,
    stroke_change,
    stroke_map,
)

Image = NDArray[np.uint8]
Region = tuple[int, int, int, int]

# OCR budget: reads accrue at this rate per second of video, up to a burst.
OCR_READS_PER_S = 1.0
OCR_BURST = 3.0
FACE_SHORT_SIDE = 360  # px: faces are found on a copy this small (2.3x faster than 540)
# Sampled frames waiting for the worker: enough to ride out one slow OCR read, few enough that
# the decoded pictures (~1.5 MB each) stay small and the pass never runs far ahead.
WORKER_QUEUE = 4


@dataclass(frozen=True)
class SampleModels:
    """The two models a sample is read with. `unavailable` lists what they raise when their
    model cannot be loaded: that measurement is then left out with a warning."""

    detect_faces: Callable[[Image], Sequence[FaceDetection]]
    read_text: Callable[[Image, Region | None], list[TextLine]]
    unavailable: tuple[type[Exception], ...] = ()


@dataclass
class SampleReader:
    """What the sampled frames show: faces and timed readings of on-screen text."""

    models: SampleModels
    faces: list[FrameFaces] = field(default_factory=list)
    readings: list[TextReading] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    faces_ok: bool = True
    ocr_ok: bool = True
    ocr_reads: int = 0
    ocr_deferred: int = 0
    _last_read: StrokeMap | None = None
    _last_lines: list[TextLine] = field(default_factory=list)
    _ocr_tokens: float = OCR_BURST
    _ocr_clock: float = 0.0

    def read(self, t: float, image: Image) -> None:
        """Faces and on-screen text of one sampled frame."""
        self._add_faces(t, image)
        self._add_text(t, image)

    def _add_faces(self, t: float, image: Image) -> None:
        if not self.faces_ok:
            return
        short = min(image.shape[:2])
        if short > FACE_SHORT_SIDE:
            # YuNet's cost grows with the area; faces that matter are far larger than its
            # ~10 px floor at this size. Areas are kept as fractions, so nothing else changes.
            scale = FACE_SHORT_SIDE / short
            size = (round(image.shape[1] * scale), round(image.shape[0] * scale))
            image = np.asarray(cv2.resize(image, size, interpolation=cv2.INTER_AREA), np.uint8)
        try:
            found = self.models.detect_faces(image)
        except self.models.unavailable as exc:
            self.faces_ok = False
            self.warnings.append(f"faces not measured: {exc}")
            return
        self.faces.append(FrameFaces(t, tuple(found), float(image.shape[0] * image.shape[1])))

    def _add_text(self, t: float, image: Image) -> None:
        if not self.ocr_ok:
            return
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
            lines = list(self.models.read_text(image, strokes.region(bands=changed)))
        except self.models.unavailable as exc:
            self.ocr_ok = False
            self.warnings.append(f"on-screen text not measured: {exc}")
            return
        lines += carried_lines(self._last_lines, unchanged, image.shape[0])
        self._ocr_tokens -= 1.0
        self.ocr_reads += 1
        self._last_lines = sorted(lines, key=lambda line: line.box[1])
        self.readings.append(TextReading(t, tuple(self._last_lines)))
        self._last_read = strokes


class SampleWorker:
    """Runs `read` for the sampled frames on one background thread while the pass decodes
    on. onnxruntime and OpenCV release the GIL, so the two overlap on a second core. Frames
    are handled one at a time in the order submitted, so results match a sequential run."""

    def __init__(self, read: Callable[[float, Image], None]) -> None:
        self._read = read
        self._queue: queue.Queue[tuple[float, Image] | None] = queue.Queue(maxsize=WORKER_QUEUE)
        self._error: BaseException | None = None
        self._cancelled = False
        self._thread: threading.Thread | None = None

    def submit(self, t: float, image: Image) -> None:
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
                self._read(t, image)
            except BaseException as exc:  # handed to the pass, raised there
                self._error = exc
