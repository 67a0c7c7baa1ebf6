"""The calibration figures as pure functions."""

from __future__ import annotations

import pytest
from scipy.stats import spearmanr

from clipapi.outcomes.calibration import (
    Pair,
    interpolate,
    retention_mae,
    spearman,
    view_range_coverage,
    virality_spearman,
)


def _pair(score: int | None = 50, views: int = 100, **kw: object) -> Pair:
    values: dict[str, object] = {
        "virality_score": score,
        "view_range": (10, 1000),
        "curve": ((0.0, 1.0), (10.0, 0.5)),
        "views": views,
        "retention": None,
    }
    values.update(kw)
    return Pair(**values)  # type: ignore[arg-type]


def test_spearman_matches_scipy_with_ties() -> None:
    xs = [1.0, 2.0, 2.0, 3.0, 5.0, 5.0, 4.0]
    ys = [10.0, 30.0, 20.0, 20.0, 70.0, 50.0, 90.0]

    assert spearman(xs, ys) == pytest.approx(float(spearmanr(xs, ys).statistic))
    assert spearman([1.0, 1.0, 1.0], [1.0, 2.0, 3.0]) is None


def test_a_constant_score_gives_no_correlation_but_a_reason() -> None:
    figure = virality_spearman([_pair(score=50, views=v) for v in range(5)])

    assert figure.value is None
    assert figure.n == 5
    assert figure.reason is not None


def test_pairs_without_a_prediction_do_not_count() -> None:
    pairs = [_pair(views=v) for v in (5, 50, 500, 5000)] + [_pair(score=None, view_range=None)]

    assert virality_spearman(pairs).n == 4
    coverage = view_range_coverage(pairs)
    assert coverage.value is None
    assert coverage.n == 4


def test_coverage_counts_views_inside_the_range_inclusive() -> None:
    pairs = [_pair(views=v) for v in (10, 500, 1000, 9, 1001)]

    assert view_range_coverage(pairs).value == 0.6


def test_retention_error_interpolates_and_ignores_points_past_the_prediction() -> None:
    reported = ((5.0, 0.65), (10.0, 0.5), (60.0, 0.1))
    pairs = [_pair(retention=reported) for _ in range(5)]

    assert interpolate(((0.0, 1.0), (10.0, 0.5)), 5.0) == 0.75
    assert retention_mae(pairs).value == pytest.approx(0.05)  # (0.1 + 0.0) / 2 per video
