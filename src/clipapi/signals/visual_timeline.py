"""Per-second series of sampled measurements, the shape later steps read (hook, retention)."""

from __future__ import annotations

import math
from collections.abc import Iterable

# A last partial second shorter than this joins the second before it (a 6.02 s clip has six
# seconds, not a seventh one with a single frame).
TAIL_S = 0.25


def second_count(duration_s: float) -> int:
    return max(1, math.ceil(duration_s - TAIL_S))


def per_second_mean(
    points: Iterable[tuple[float, float]], duration_s: float, digits: int = 4
) -> list[float | None]:
    """Mean of the values whose time falls in each whole second; None for an empty second."""
    seconds = second_count(duration_s)
    sums = [0.0] * seconds
    counts = [0] * seconds
    for t, value in points:
        index = min(seconds - 1, max(0, int(t)))
        sums[index] += value
        counts[index] += 1
    return [round(s / c, digits) if c else None for s, c in zip(sums, counts, strict=True)]
