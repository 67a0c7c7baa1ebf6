"""The explanation every score and prediction carries: what moved it, by how much, when."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

JsonScalar = str | int | float | bool | None


@dataclass(frozen=True)
class Factor:
    """One measured reason: `effect` is the signed change in score points it caused."""

    factor: str
    effect: float
    value: JsonScalar = None
    t: float | None = None


def factor(name: str, effect: float, value: JsonScalar = None, t: float | None = None) -> Factor:
    """A factor with its numbers rounded for the wire (effects to 0.1, times to 0.01 s)."""
    if isinstance(value, float):
        value = round(value, 3)
    return Factor(name, round(effect, 1), value, None if t is None else round(t, 2))


def score_from(base: float, factors: Iterable[Factor]) -> int:
    """base + the sum of the effects, rounded and clamped to 0-100."""
    return int(min(100, max(0, round(base + sum(f.effect for f in factors)))))


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def ramp(value: float, start: float, end: float) -> float:
    """0 at `start`, 1 at `end`, linear between (either direction), clamped."""
    if end == start:
        return 1.0 if value >= end else 0.0
    return clamp((value - start) / (end - start))


def piecewise(value: float, points: Sequence[tuple[float, float]]) -> float:
    """Linear interpolation through (x, y) points sorted by x; flat beyond the ends."""
    if value <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if value <= x1:
            return y0 + (y1 - y0) * (value - x0) / (x1 - x0) if x1 > x0 else y1
    return points[-1][1]
