"""retention_curve.v1: the predicted share of viewers still watching, from a piecewise hazard
model. The first 3 s lose a share set by the hook; after that viewers leave at a steady rate
set by the retention design, and each drop-risk moment takes its own step down."""

from __future__ import annotations

import math
from dataclasses import dataclass

from clipapi.intelligence.hook import Hook
from clipapi.intelligence.retention import Retention

METHOD = "retention_curve.v1"
# Share of viewers gone by 3 s: 15 % behind the strongest hook, 50 % behind none at all
# (the swipe-away decision is made in the first seconds of a feed).
EARLY_LOSS_STRONG = 0.15
EARLY_LOSS_WEAK = 0.50
EARLY_S = 3.0
# How the early loss spreads over the first three seconds (most leave in the first).
EARLY_SHARE_PER_S = (0.5, 0.3, 0.2)
# Steady hazard per second after 3 s at a retention-design score of 50; a score of 100
# halves it, a score of 0 makes it 1.5 times as steep.
HAZARD_PER_S = 0.012
NEUTRAL_SCORE = 50
# A drop-risk moment loses this extra share of the viewers still there.
MOMENT_LOSS = {"minor": 0.02, "moderate": 0.04, "major": 0.07}
# Whole seconds, as the reference's curve shows them (typed clients read integers).
GRID_HEAD = (0, 1, 2, 3, 5)
GRID_STEP_S = 5


@dataclass(frozen=True)
class CurvePoint:
    t: int
    retention: float


def predict_curve(
    duration_s: float | None, hook: Hook | None, retention: Retention | None
) -> tuple[CurvePoint, ...] | None:
    """None without a duration, or with neither a hook nor a retention analysis."""
    if not duration_s or (hook is None and retention is None):
        return None
    hook_score = hook.score if hook is not None else NEUTRAL_SCORE
    design = retention.retention_score if retention is not None else NEUTRAL_SCORE
    early_loss = EARLY_LOSS_WEAK - (EARLY_LOSS_WEAK - EARLY_LOSS_STRONG) * hook_score / 100
    hazard = HAZARD_PER_S * (1.5 - design / 100)
    moments = retention.drop_risk_moments if retention is not None else ()
    points = []
    for t in grid(duration_s):
        survival = 1.0 - early_loss * _early_share(t)
        survival *= math.exp(-hazard * max(0.0, t - EARLY_S))
        for moment in moments:
            if moment.timestamp <= t:
                survival *= 1.0 - MOMENT_LOSS[moment.severity]
        points.append(CurvePoint(t, round(min(1.0, max(0.0, survival)), 3)))
    return tuple(points)


def grid(duration_s: float) -> list[int]:
    """0, 1, 2, 3, 5 s, then every 5 s, and the last whole second of the video."""
    times = [t for t in GRID_HEAD if t <= duration_s]
    t = GRID_HEAD[-1] + GRID_STEP_S
    while t <= duration_s:
        times.append(t)
        t += GRID_STEP_S
    end = math.floor(duration_s)
    if end > times[-1]:
        times.append(end)
    return times


def _early_share(t: float) -> float:
    """Share of the early loss that has happened by time t."""
    done = 0.0
    for second, share in enumerate(EARLY_SHARE_PER_S):
        done += share * min(1.0, max(0.0, t - second))
    return done
