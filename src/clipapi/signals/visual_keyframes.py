"""Keyframe choice: the first frame, then the sharpest sampled frame of each shot.

Frames right at a shot's edges are avoided when the shot has others (an encoder often
smears the first frames after a cut); a shot with no sampled frame gets no keyframe. Where
the visual pass does not run (the `meta_only` preset), keyframes are the first frame and
evenly spaced ones (`uniform_times`). Either way they are stored as `encode_jpeg` makes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from clipapi.signals.visual_shots import ShotSpan

EDGE_MARGIN_S = 0.1
JPEG_QUALITY = 85
UNIFORM_COUNT = 6


@dataclass(frozen=True)
class KeyframeCandidate:
    frame_index: int
    t: float
    sharpness: float


@dataclass(frozen=True)
class KeyframeChoice:
    candidate: int  # position in the candidates given
    shot_index: int


def choose_keyframes(
    candidates: Sequence[KeyframeCandidate],
    shots: Sequence[ShotSpan],
    edge_margin_s: float = EDGE_MARGIN_S,
) -> list[KeyframeChoice]:
    """Keyframes in time order: the first candidate, then one per shot."""
    if not candidates:
        return []
    first = min(range(len(candidates)), key=lambda i: (candidates[i].t, i))
    chosen: dict[int, int] = {first: _shot_of(candidates[first].t, shots)}
    for shot in shots:
        inside = [
            i
            for i, c in enumerate(candidates)
            if shot.start <= c.t < shot.end or (shot is shots[-1] and c.t >= shot.end)
        ]
        if not inside:
            continue
        away_from_edges = [
            i
            for i in inside
            if candidates[i].t >= shot.start + edge_margin_s
            and candidates[i].t < shot.end - edge_margin_s
        ]
        pool = away_from_edges or inside
        best = max(pool, key=lambda i: (candidates[i].sharpness, -candidates[i].t))
        chosen.setdefault(best, shot.index)
    ordered = sorted(chosen.items(), key=lambda item: candidates[item[0]].t)
    return [KeyframeChoice(candidate=i, shot_index=shot) for i, shot in ordered]


def _shot_of(t: float, shots: Sequence[ShotSpan]) -> int:
    for shot in shots:
        if shot.start <= t < shot.end:
            return shot.index
    return shots[-1].index if shots else 0


def uniform_times(duration_s: float, count: int = UNIFORM_COUNT) -> list[float]:
    """0 s, then `count - 1` instants spread evenly over the rest of the clip."""
    if duration_s <= 0:
        return [0.0]
    step = duration_s / count
    return [round(i * step, 3) for i in range(count)]


def encode_jpeg(bgr: NDArray[np.uint8], quality: int = JPEG_QUALITY) -> bytes:
    """The picture as JPEG bytes; empty when it cannot be encoded."""
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, quality])
    return encoded.tobytes() if ok else b""


def sharpness(bgr: NDArray[np.uint8]) -> float:
    """Variance of the Laplacian of the whole picture's luma."""
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())
