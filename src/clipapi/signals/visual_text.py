"""On-screen text: when a frame is worth reading, and how readings become timed lines.

OCR is the costliest per-frame model, so a frame is read only when its *stroke map* changed
since the last frame read. The stroke map marks grid cells dense in thin, high-contrast
strokes (morphological top-hat/black-hat: bright or dark lines narrower than the kernel),
which is what letters are made of; broad shapes moving (a person, a pan over a wall) leave
it mostly unchanged. A frame with no stroke cells has no legible text and needs no OCR.

Readings are merged over time: a line stays open while later readings match it (similar
text), and ends when a reading no longer contains it. Its text is the medoid reading (the
one closest to all others), which out-votes single misreadings.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

STROKE_KERNEL = 11  # px at ~540 px: thicker shapes are not strokes
STROKE_CONTRAST = 60  # grey levels a stroke stands out from its surroundings
CELL = 16  # px: strokes count only in cells of this size dense in them
CELL_MIN_FILL = 0.06  # stroke pixels in a cell for it to count as text-like
# Share of stroke pixels whose grey level changed since the last frame read: read again.
CHANGE_FOR_OCR = 0.3
# Stroke-free rows that part two bands of text, read apart (px at ~540 px).
BAND_GAP = 3 * CELL
# Two readings are the same line when their character similarity is at least this.
SAME_LINE_SIMILARITY = 0.6
MIN_CHARS = 2  # alphanumeric characters a line needs to be kept
MEDOID_WINDOW = 25  # latest readings a line's text is chosen from (bounds the cost)


@dataclass(frozen=True)
class TextLine:
    text: str
    confidence: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 as fractions of the frame


@dataclass(frozen=True)
class StrokeMap:
    gray: NDArray[np.uint8]
    mask: NDArray[np.bool_]  # stroke pixels in text-like cells

    @property
    def empty(self) -> bool:
        return not bool(self.mask.any())

    def rows(self, y0: int, y1: int) -> StrokeMap:
        """The map of rows y0 to y1 only."""
        return StrokeMap(gray=self.gray[y0:y1], mask=self.mask[y0:y1])

    def region(
        self, pad: int = 2 * CELL, bands: Sequence[tuple[int, int]] | None = None
    ) -> tuple[int, int, int, int] | None:
        """(x0, y0, x1, y1) around every stroke pixel (only those in `bands`, row spans,
        when given), padded; None when there is none.

        OCR reads only this crop: a caption band is a fifth of a 9:16 frame, and the text
        detector's cost grows with the area it scans."""
        mask = self.mask
        if bands is not None:
            mask = np.zeros_like(self.mask)
            for y0, y1 in bands:
                mask[y0:y1] = self.mask[y0:y1]
        rows = np.flatnonzero(mask.any(axis=1))
        cols = np.flatnonzero(mask.any(axis=0))
        if rows.size == 0:
            return None
        height, width = mask.shape
        return (
            max(0, int(cols[0]) - pad),
            max(0, int(rows[0]) - pad),
            min(width, int(cols[-1]) + 1 + pad),
            min(height, int(rows[-1]) + 1 + pad),
        )


@dataclass(frozen=True)
class TextReading:
    """What OCR (or an empty stroke map) said about the frame at `t`."""

    t: float
    lines: tuple[TextLine, ...]


@dataclass(frozen=True)
class TimedText:
    start: float
    end: float
    text: str
    confidence: float
    top: float  # y0 of its first box, for reading order


@dataclass
class _Track:
    start: float
    readings: list[TextLine] = field(default_factory=list)


def stroke_map(gray: NDArray[np.uint8]) -> StrokeMap:
    """Pixels of thin high-contrast strokes, kept only where they are dense (text-like)."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (STROKE_KERNEL, STROKE_KERNEL))
    bright = cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, kernel)
    dark = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    strokes = np.maximum(bright, dark) >= STROKE_CONTRAST
    rows, cols = gray.shape[0] // CELL, gray.shape[1] // CELL
    text_like = np.zeros(gray.shape[:2], dtype=bool)
    if rows and cols:
        fill = cv2.resize(
            strokes[: rows * CELL, : cols * CELL].astype(np.float32),
            (cols, rows),
            interpolation=cv2.INTER_AREA,
        )
        # np.repeat rather than np.kron: the same mask for a third of the CPU.
        dense = np.repeat(np.repeat(fill >= CELL_MIN_FILL, CELL, axis=0), CELL, axis=1)
        text_like[: rows * CELL, : cols * CELL] = dense
    return StrokeMap(gray=gray, mask=strokes & text_like)


def stroke_change(previous: StrokeMap | None, current: StrokeMap) -> float:
    """0-1: share of stroke pixels (in either frame) whose grey level changed markedly; the
    same caption over a moving background scores ~0, a new caption most of its pixels.
    1 when nothing was read before."""
    if previous is None or previous.mask.shape != current.mask.shape:
        return 1.0
    union = previous.mask | current.mask
    total = int(union.sum())
    if total == 0:
        return 0.0
    difference = cv2.absdiff(previous.gray, current.gray)
    return int((union & (difference >= STROKE_CONTRAST)).sum()) / total


def stroke_bands(strokes: StrokeMap, gap: int = BAND_GAP) -> list[tuple[int, int]]:
    """Row spans (y0, y1) holding strokes, apart by at least `gap` stroke-free rows: a
    caption under a picture, a title over it, the picture's own text between."""
    rows = np.flatnonzero(strokes.mask.any(axis=1))
    bands: list[tuple[int, int]] = []
    for y in rows.tolist():
        if bands and y - bands[-1][1] < gap:
            bands[-1] = (bands[-1][0], y + 1)
        else:
            bands.append((y, y + 1))
    return bands


def changed_bands(previous: StrokeMap | None, current: StrokeMap) -> list[tuple[int, int]]:
    """The bands of `current` to read again: those whose rows' strokes (in either frame)
    changed as `stroke_change` counts it; every band when there was no read before."""
    bands = stroke_bands(current)
    if previous is None or previous.mask.shape != current.mask.shape:
        return bands
    return [
        (y0, y1)
        for y0, y1 in bands
        if stroke_change(previous.rows(y0, y1), current.rows(y0, y1)) >= CHANGE_FOR_OCR
    ]


def carried_lines(
    lines: Sequence[TextLine], bands: Sequence[tuple[int, int]], height: int
) -> list[TextLine]:
    """Lines of an earlier reading whose middle lies in one of `bands` (rows of a picture
    `height` tall): text that is still there, unchanged, and need not be read again."""
    kept = []
    for line in lines:
        middle = (line.box[1] + line.box[3]) / 2 * height
        if any(y0 <= middle < y1 for y0, y1 in bands):
            kept.append(line)
    return kept


def merge_readings(readings: Sequence[TextReading], end_s: float) -> list[TimedText]:
    """Timed lines from readings in time order; lines still open end at `end_s`."""
    open_tracks: list[_Track] = []
    closed: list[tuple[_Track, float]] = []
    for reading in readings:
        lines = [line for line in reading.lines if _alnum_count(line.text) >= MIN_CHARS]
        unmatched = list(range(len(lines)))
        still_open: list[_Track] = []
        for track in open_tracks:
            best, best_score = -1, SAME_LINE_SIMILARITY
            for i in unmatched:
                score = similarity(track.readings[-1].text, lines[i].text)
                if score >= best_score:
                    best, best_score = i, score
            if best < 0:
                closed.append((track, reading.t))
                continue
            track.readings.append(lines[best])
            unmatched.remove(best)
            still_open.append(track)
        for i in unmatched:
            still_open.append(_Track(start=reading.t, readings=[lines[i]]))
        open_tracks = still_open
    closed.extend((track, end_s) for track in open_tracks)
    timed = [
        TimedText(
            start=round(track.start, 3),
            end=round(max(end, track.start), 3),
            text=_track_text(track),
            confidence=round(float(np.mean([r.confidence for r in track.readings])), 3),
            top=track.readings[0].box[1],
        )
        for track, end in closed
    ]
    return sorted(timed, key=lambda line: (line.start, line.top))


def text_coverage(lines: Sequence[TimedText], duration_s: float) -> float:
    """Share of the duration with at least one line of text on screen."""
    if duration_s <= 0 or not lines:
        return 0.0
    spans = sorted((max(0.0, line.start), min(duration_s, line.end)) for line in lines)
    covered, current_start, current_end = 0.0, spans[0][0], spans[0][1]
    for start, end in spans[1:]:
        if start > current_end:
            covered += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    covered += current_end - current_start
    return round(min(1.0, covered / duration_s), 3)


def similarity(a: str, b: str) -> float:
    """1 - normalised edit distance of the case-folded texts."""
    a, b = _fold(a), _fold(b)
    if not a and not b:
        return 1.0
    return 1.0 - edit_distance(a, b) / max(len(a), len(b))


def character_error_rate(reference: str, hypothesis: str) -> float:
    """Character edits per reference character, case-folded, whitespace collapsed."""
    ref, hyp = _fold(reference), _fold(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    return edit_distance(ref, hyp) / len(ref)


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _track_text(track: _Track) -> str:
    readings = track.readings[-MEDOID_WINDOW:]
    if len(readings) == 1:
        return readings[0].text
    # The medoid: the reading most similar to all the others; confidence breaks ties.
    best = max(
        readings,
        key=lambda r: (sum(similarity(r.text, other.text) for other in readings), r.confidence),
    )
    return best.text


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _alnum_count(text: str) -> int:
    return sum(1 for char in text if char.isalnum())
