"""Picture quality of sampled colour frames: exposure, contrast, sharpness, colour, bars.

All measures are taken on the picture inside any letterbox/pillarbox bars, at the sampling
resolution (~540 px short side), so sharpness figures compare between videos analysed the
same way but are not absolute. Sharpness (variance of the Laplacian) also rises with noise;
read it together with the other signals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

# A bar row/column is nearly constant (luma std at most this) and dark (mean at most this).
BAR_MAX_STD = 4.0
BAR_MAX_LUMA = 40.0
# Bars thinner than this fraction of the side are encoder padding, not letterboxing.
BAR_MIN_FRACTION = 0.02


@dataclass(frozen=True)
class Bars:
    top: int
    bottom: int
    left: int
    right: int
    fraction: float  # of the frame's area covered by bars


@dataclass(frozen=True)
class FrameQuality:
    brightness: float  # mean luma, 0-1
    contrast: float  # RMS contrast: 2 x std of luma / 255, clipped to 0-1
    sharpness: float  # variance of the Laplacian of luma
    colorfulness: float  # Hasler-Süsstrunk M, 0 for grey pictures (~100+ very colourful)
    letterboxing: float  # fraction of the frame covered by bars


@dataclass(frozen=True)
class QualitySummary:
    brightness: float
    contrast: float
    sharpness: float  # median over samples
    colorfulness: float
    letterboxing: float  # median over samples: bars that come and go do not count


def letterbox_bars(gray: NDArray[np.uint8]) -> Bars:
    """Dark, constant bars at the frame's edges, found from each side inwards.

    Bars count only in opposite pairs (top and bottom, or left and right), which is how a
    player or an editor pads a picture; a dark sky or a black wall on one side is not a bar.
    """
    height, width = gray.shape[:2]
    rows, cols = _bar_masks(gray)
    if rows.all() or cols.all():  # a blank frame has no picture to frame
        return Bars(0, 0, 0, 0, 0.0)
    top, bottom = _run(rows), _run(rows[::-1])
    left, right = _run(cols), _run(cols[::-1])
    if min(top, bottom) < BAR_MIN_FRACTION * height:
        top = bottom = 0
    if min(left, right) < BAR_MIN_FRACTION * width:
        left = right = 0
    inner_h = height - top - bottom
    inner_w = width - left - right
    fraction = 1.0 - (inner_h * inner_w) / float(height * width)
    return Bars(top, bottom, left, right, round(fraction, 4))


def frame_quality(bgr: NDArray[np.uint8]) -> FrameQuality:
    gray = np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    bars = letterbox_bars(gray)
    height, width = gray.shape
    inner = (slice(bars.top, height - bars.bottom), slice(bars.left, width - bars.right))
    luma = gray[inner]
    picture = bgr[inner]
    # cv2.meanStdDev sums in double precision: the figures of numpy's float64, without
    # float64 copies of the picture (a second core's worth of conversions at 2 fps).
    mean, std = _mean_std(luma)
    _, edges = _mean_std(cv2.Laplacian(luma, cv2.CV_32F))  # integer values: exact in float32
    return FrameQuality(
        brightness=round(mean / 255.0, 4),
        contrast=round(min(1.0, 2.0 * std / 255.0), 4),
        sharpness=round(edges**2, 2),
        colorfulness=round(colorfulness(picture), 2),
        letterboxing=bars.fraction,
    )


def colorfulness(bgr: NDArray[np.uint8]) -> float:
    """Hasler & Süsstrunk (2003): std and mean of the rg and yb opponent channels."""
    if bgr.size == 0:
        return 0.0
    b, g, r = cv2.split(np.ascontiguousarray(bgr))
    # In int16, exactly: rg = r - g and 2 yb = r + g - 2 b.
    rg_mean, rg_std = _mean_std(cv2.subtract(r, g, dtype=cv2.CV_16S))
    yb2 = cv2.subtract(cv2.add(r, g, dtype=cv2.CV_16S), cv2.add(b, b, dtype=cv2.CV_16S))
    yb_mean, yb_std = (v / 2 for v in _mean_std(yb2))
    return float(np.hypot(rg_std, yb_std)) + 0.3 * float(np.hypot(rg_mean, yb_mean))


def _mean_std(image: NDArray[Any]) -> tuple[float, float]:
    """Mean and (population) standard deviation of a one-channel image."""
    mean, std = cv2.meanStdDev(np.ascontiguousarray(image))
    return float(mean[0, 0]), float(std[0, 0])


def summarise_quality(frames: Sequence[FrameQuality]) -> QualitySummary | None:
    if not frames:
        return None
    return QualitySummary(
        brightness=round(float(np.mean([f.brightness for f in frames])), 3),
        contrast=round(float(np.mean([f.contrast for f in frames])), 3),
        sharpness=round(float(np.median([f.sharpness for f in frames])), 1),
        colorfulness=round(float(np.mean([f.colorfulness for f in frames])), 1),
        letterboxing=round(float(np.median([f.letterboxing for f in frames])), 3),
    )


def _bar_masks(gray: NDArray[np.uint8]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Per row, then per column: is it a dark, nearly constant line? The sums of whole
    numbers in double precision are exact, whichever way they run."""
    pixels = np.ascontiguousarray(gray)
    squares = cv2.multiply(pixels, pixels, dtype=cv2.CV_32F)  # exact: at most 255**2
    masks = []
    for axis in (1, 0):
        mean = cv2.reduce(pixels, axis, cv2.REDUCE_AVG, dtype=cv2.CV_64F).ravel()
        mean_square = cv2.reduce(squares, axis, cv2.REDUCE_AVG, dtype=cv2.CV_64F).ravel()
        std = np.sqrt(np.maximum(mean_square - mean**2, 0.0))
        masks.append((std <= BAR_MAX_STD) & (mean <= BAR_MAX_LUMA))
    return masks[0], masks[1]


def _run(mask: NDArray[np.bool_]) -> int:
    """Length of the leading run of True values."""
    if not mask.size or not mask[0]:
        return 0
    false = np.flatnonzero(~mask)
    return int(false[0]) if false.size else int(mask.size)
