"""Hard cuts from per-frame thumbnails, and the shots between them.

The score of a frame is how different it is from the previous one after the best small
global shift (so a pan, a zoom step or a shake mostly aligns away), as the mean absolute
difference of YCrCb values. A cut is a frame whose score is both high in absolute terms and
a spike against its neighbours' scores (the adaptive test of PySceneDetect's
AdaptiveDetector): fast motion raises every neighbour together, a cut raises one frame.
Dissolves and fades are not cuts and are not detected.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

# Largest shift (thumbnail pixels, ~1/20 of the frame) tried when aligning two frames.
MAX_SHIFT = 2
# A cut is a spike: a strong one (mean |dYCrCb| out of 255) at least ADAPTIVE_RATIO times
# the mean score of the frames around it, or a weaker one (a cut between two similar shots,
# e.g. the same room) standing out even more clearly.
MIN_CUT_SCORE = 12.0
ADAPTIVE_RATIO = 3.0
MIN_WEAK_CUT_SCORE = 5.0
WEAK_ADAPTIVE_RATIO = 6.0
WINDOW = 2  # frames each side for that mean
# Neighbours scoring below this are repeated frames (a 12 fps source stored at 30 fps): they
# are skipped, or every real change of a low-rate source would look like a spike.
REPEAT_SCORE = 0.05
# Shots shorter than this are merged: a flash or a glitch is not a shot.
MIN_SHOT_S = 0.25
SCORE_CHUNK = 256


@dataclass(frozen=True)
class CutDetection:
    cut_indices: tuple[int, ...]  # index of the first frame of each new shot
    cut_times: tuple[float, ...]
    scores: tuple[float, ...]  # per frame; 0 for the first


@dataclass(frozen=True)
class ShotSpan:
    index: int
    start: float
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def frame_scores(thumbs: NDArray[np.uint8]) -> NDArray[np.float64]:
    """Per-frame change score for a (N, H, W, 3) stack of BGR thumbnails; score[0] is 0."""
    count = len(thumbs)
    scores = np.zeros(count, dtype=np.float64)
    # Chunks overlap by one frame and bound the int16 working copies to a few MB.
    for start in range(0, max(0, count - 1), SCORE_CHUNK):
        chunk = thumbs[start : start + SCORE_CHUNK + 1]
        scores[start + 1 : start + len(chunk)] = _aligned_differences(chunk)
    return scores


def _aligned_differences(thumbs: NDArray[np.uint8]) -> NDArray[np.float64]:
    count, height, width = thumbs.shape[:3]
    # The frames stacked into one tall image, so that each shift is two OpenCV calls for the
    # whole chunk: with the frames one under the other, frame k shifted against frame k + 1 is
    # the tall image against itself one frame (plus the shift) further down. Rows that pair
    # the end of one frame with the start of the next are computed and left out.
    tall = cv2.cvtColor(
        np.ascontiguousarray(thumbs).reshape(count * height, width, 3), cv2.COLOR_BGR2YCrCb
    )
    tall = tall.reshape(count * height, width * 3)
    pairs = count - 1
    best = np.full(pairs, np.inf)
    for dy in range(-MAX_SHIFT, MAX_SHIFT + 1):
        rows_a, rows_b = _span(dy, height), _span(-dy, height)
        kept = rows_a.stop - rows_a.start
        length = (pairs - 1) * height + kept
        for dx in range(-MAX_SHIFT, MAX_SHIFT + 1):
            cols_a, cols_b = _span(dx, width), _span(-dx, width)
            a = tall[rows_a.start : rows_a.start + length, 3 * cols_a.start : 3 * cols_a.stop]
            b = tall[
                height + rows_b.start : height + rows_b.start + length,
                3 * cols_b.start : 3 * cols_b.stop,
            ]
            # Sums of whole numbers, exact: the same means as numpy's float64 mean.
            row_sums = cv2.reduce(cv2.absdiff(a, b), 1, cv2.REDUCE_SUM, dtype=cv2.CV_32S)
            per_frame = np.resize(row_sums.ravel(), pairs * height).reshape(pairs, height)
            totals = per_frame[:, :kept].sum(axis=1, dtype=np.int64)
            diff = totals / (kept * a.shape[1])
            # A tiny preference for no shift, so a static picture is never "explained" by one.
            best = np.minimum(best, diff * (1.0 + 0.02 * (abs(dx) + abs(dy))))
    return best


def detect_cuts(
    scores: Sequence[float] | NDArray[np.float64],
    times: Sequence[float] | NDArray[np.float64],
    *,
    min_score: float = MIN_CUT_SCORE,
    ratio: float = ADAPTIVE_RATIO,
    window: int = WINDOW,
    min_shot_s: float = MIN_SHOT_S,
) -> CutDetection:
    """Frames that start a new shot, given each frame's score and presentation time."""
    values = np.asarray(scores, dtype=np.float64)
    stamps = np.asarray(times, dtype=np.float64)
    candidates: list[int] = []
    for i in range(1, len(values)):
        if values[i] < min(min_score, MIN_WEAK_CUT_SCORE):
            continue
        neighbours = _moving_neighbours(values, i, window)
        if neighbours.size and values[i] < neighbours.max():
            continue
        baseline = max(float(neighbours.mean()) if neighbours.size else 0.0, 1.0)
        strong = values[i] >= min_score and values[i] >= ratio * baseline
        weak = values[i] >= MIN_WEAK_CUT_SCORE and values[i] >= WEAK_ADAPTIVE_RATIO * baseline
        if strong or weak:
            candidates.append(i)
    kept: list[int] = []
    for i in candidates:
        too_close_to_start = stamps[i] - stamps[0] < min_shot_s
        if too_close_to_start:
            continue
        if kept and stamps[i] - stamps[kept[-1]] < min_shot_s:
            if values[i] > values[kept[-1]]:
                kept[-1] = i
            continue
        kept.append(i)
    return CutDetection(
        cut_indices=tuple(kept),
        cut_times=tuple(round(float(stamps[i]), 3) for i in kept),
        scores=tuple(round(float(v), 3) for v in values),
    )


def _moving_neighbours(values: NDArray[np.float64], i: int, window: int) -> NDArray[np.float64]:
    """Up to `window` scores on each side of frame i, skipping repeated frames (a low-rate
    source stored at a higher rate), looking at most 4 x window frames away."""
    found: list[float] = []
    for direction in (-1, 1):
        taken = 0
        for step in range(1, 4 * window + 1):
            j = i + direction * step
            if j < 1 or j >= len(values) or taken == window:
                break
            if values[j] >= REPEAT_SCORE:
                found.append(float(values[j]))
                taken += 1
    return np.array(found, dtype=np.float64)


def shots_from_cuts(cut_times: Sequence[float], duration_s: float) -> list[ShotSpan]:
    """Contiguous shots covering [0, duration_s], split at each cut."""
    edges = [0.0, *sorted(t for t in cut_times if 0.0 < t < duration_s), duration_s]
    return [
        ShotSpan(index=i, start=round(edges[i], 3), end=round(edges[i + 1], 3))
        for i in range(len(edges) - 1)
    ]


def cuts_per_minute(cut_count: int, duration_s: float) -> float | None:
    if duration_s <= 0:
        return None
    return round(cut_count * 60.0 / duration_s, 2)


def thumb_similarity(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> float:
    """0-1 likeness of two thumbnails: the mean of colour-histogram intersection and the
    (non-negative) correlation of their grey pictures; 1 for identical frames."""
    intersection = histogram_similarity(a, b)
    gray_a = cv2.cvtColor(a, cv2.COLOR_BGR2GRAY).astype(np.float64).ravel()
    gray_b = cv2.cvtColor(b, cv2.COLOR_BGR2GRAY).astype(np.float64).ravel()
    if gray_a.shape != gray_b.shape:
        return round(intersection, 3)
    centred_a, centred_b = gray_a - gray_a.mean(), gray_b - gray_b.mean()
    norm = float(np.linalg.norm(centred_a) * np.linalg.norm(centred_b))
    if norm < 1e-6:  # flat pictures: alike when their levels are alike
        correlation = 1.0 - min(1.0, abs(float(gray_a.mean() - gray_b.mean())) / 64.0)
    else:
        correlation = max(0.0, float(centred_a @ centred_b) / norm)
    return round(0.5 * intersection + 0.5 * correlation, 3)


def histogram_similarity(a: NDArray[np.uint8], b: NDArray[np.uint8]) -> float:
    """0-1 intersection of two BGR pictures' 8x8x8 colour histograms."""
    return float(np.minimum(_colour_histogram(a), _colour_histogram(b)).sum())


def _colour_histogram(image: NDArray[np.uint8]) -> NDArray[np.float64]:
    hist = cv2.calcHist([image], [0, 1, 2], None, [8, 8, 8], [0, 256, 0, 256, 0, 256])
    flat = hist.ravel().astype(np.float64)
    total = flat.sum()
    return flat / total if total else flat


def _span(shift: int, size: int) -> slice:
    """Rows (or columns) of one frame that overlap the other shifted by `shift`."""
    return slice(max(0, shift), size + min(0, shift))
