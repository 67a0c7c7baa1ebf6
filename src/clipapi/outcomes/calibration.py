"""Calibration figures: pure functions of (prediction, outcome) pairs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

MIN_OUTCOMES = 5


@dataclass(frozen=True)
class Pair:
    """One analysis's predictions next to its reported outcome."""

    virality_score: int | None
    view_range: tuple[int, int] | None  # (low, high)
    curve: tuple[tuple[float, float], ...] | None  # predicted (t, retention)
    views: int
    retention: tuple[tuple[float, float], ...] | None  # reported (t, retention)


@dataclass(frozen=True)
class Figure:
    value: float | None
    n: int
    reason: str | None = None


def virality_spearman(pairs: Sequence[Pair]) -> Figure:
    usable = [(p.virality_score, p.views) for p in pairs if p.virality_score is not None]
    if len(usable) < MIN_OUTCOMES:
        return _too_few(len(usable), "with a virality score")
    rho = spearman([float(s) for s, _ in usable], [float(v) for _, v in usable])
    if rho is None:
        return Figure(None, len(usable), "all scores or all view counts are equal: no ranking")
    return Figure(round(rho, 4), len(usable))


def view_range_coverage(pairs: Sequence[Pair]) -> Figure:
    usable = [(p.view_range, p.views) for p in pairs if p.view_range is not None]
    if len(usable) < MIN_OUTCOMES:
        return _too_few(len(usable), "with a predicted view range")
    inside = sum(1 for (low, high), views in usable if low <= views <= high)
    return Figure(round(inside / len(usable), 4), len(usable))


def retention_mae(pairs: Sequence[Pair]) -> Figure:
    """Each video's mean absolute error over its reported points (up to the predicted end),
    averaged over videos so that a long video does not count for more."""
    errors = []
    for p in pairs:
        if not p.curve or not p.retention:
            continue
        end = p.curve[-1][0]
        points = [(t, r) for t, r in p.retention if t <= end]
        if points:
            errors.append(sum(abs(interpolate(p.curve, t) - r) for t, r in points) / len(points))
    if len(errors) < MIN_OUTCOMES:
        return _too_few(len(errors), "with retention points and a predicted curve")
    return Figure(round(sum(errors) / len(errors), 4), len(errors))


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rho: Pearson correlation of average ranks (ties share their mean rank)."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None
    return float(sxy / (sxx * syy) ** 0.5)


def interpolate(curve: Sequence[tuple[float, float]], t: float) -> float:
    """Linear between the curve's points; flat before the first and after the last."""
    if t <= curve[0][0]:
        return curve[0][1]
    for (t0, r0), (t1, r1) in pairwise(curve):
        if t <= t1:
            return r0 + (r1 - r0) * (t - t0) / (t1 - t0) if t1 > t0 else r1
    return curve[-1][1]


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def _too_few(n: int, what: str) -> Figure:
    return Figure(
        None, n, f"{n} outcome{'s' if n != 1 else ''} {what}; at least {MIN_OUTCOMES} are needed"
    )
