"""Outcomes a client reports for its posted videos, and how the predictions compare."""

from __future__ import annotations

from typing import Any

from clipapi.accounts.deps import Principal
from clipapi.analyses.service import get_owned_or_404
from clipapi.errors import Conflict
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models.outcome import Outcome
from clipapi.outcomes import calibration, repository
from clipapi.outcomes.schemas import Calibration, Metric, OutcomeCreate
from clipapi.state import AppState


def record(state: AppState, principal: Principal, analysis_id: str, body: OutcomeCreate) -> Outcome:
    """Store (or replace) the outcome of one of the caller's completed analyses."""
    with transaction(state.db) as session:
        analysis = get_owned_or_404(session, principal, analysis_id)
        if analysis.status != "completed":
            raise Conflict("Outcomes can be recorded only for a completed analysis")
        row = repository.get(session, analysis_id)
        if row is None:
            row = Outcome(analysis_id=analysis_id, user_id=principal.user_id)
            session.add(row)
        row.views = body.views
        row.likes = body.likes
        row.shares = body.shares
        row.comments = body.comments
        row.average_watch_time_s = body.average_watch_time_s
        row.retention = None if body.retention is None else [p.model_dump() for p in body.retention]
        row.recorded_at = utcnow()
    return row


def report(state: AppState, principal: Principal) -> Calibration:
    with state.db() as session:
        rows = repository.with_results(session, principal.user_id)
    pairs = [_pair(outcome, result or {}) for outcome, result in rows]
    return Calibration(
        count=len(pairs),
        min_outcomes=calibration.MIN_OUTCOMES,
        virality_spearman=_metric(calibration.virality_spearman(pairs)),
        view_range_coverage=_metric(calibration.view_range_coverage(pairs)),
        retention_curve_mae=_metric(calibration.retention_mae(pairs)),
    )


def _metric(figure: calibration.Figure) -> Metric:
    return Metric(value=figure.value, n=figure.n, reason=figure.reason)


def _pair(outcome: Outcome, result: dict[str, Any]) -> calibration.Pair:
    growth = _dict(result.get("growth_intelligence"))
    virality = _dict(growth.get("virality_model"))
    score = virality.get("score")
    view_range = _dict(virality.get("predicted_view_range"))
    low, high = view_range.get("low"), view_range.get("high")
    curve = [
        (float(p["t"]), float(p["retention"]))
        for p in growth.get("predicted_retention_curve") or []
        if isinstance(p, dict) and _number(p.get("t")) and _number(p.get("retention"))
    ]
    reported = [(float(p["t"]), float(p["retention"])) for p in outcome.retention or []]
    return calibration.Pair(
        virality_score=score if isinstance(score, int) else None,
        view_range=(low, high) if isinstance(low, int) and isinstance(high, int) else None,
        curve=tuple(curve) or None,
        views=outcome.views,
        retention=tuple(reported) or None,
    )


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
