from __future__ import annotations

from fastapi import APIRouter

from clipapi.accounts.deps import ApiKeyAuth, StateDep, UserAuth
from clipapi.outcomes import service
from clipapi.outcomes.schemas import Calibration, OutcomeCreate, OutcomeRead, RetentionSample

router = APIRouter(tags=["outcomes"])


@router.post("/analyses/{analysis_id}/outcome", status_code=201, response_model=OutcomeRead)
def record_outcome(
    analysis_id: str, body: OutcomeCreate, state: StateDep, principal: ApiKeyAuth
) -> OutcomeRead:
    """Record how a posted video did (views, engagement, watch time, retention points)."""
    row = service.record(state, principal, analysis_id, body)
    return OutcomeRead(
        analysis_id=row.analysis_id,
        views=row.views,
        likes=row.likes,
        shares=row.shares,
        comments=row.comments,
        average_watch_time_s=row.average_watch_time_s,
        retention=None
        if row.retention is None
        else [RetentionSample.model_validate(p) for p in row.retention],
        recorded_at=row.recorded_at,
    )


@router.get("/calibration", response_model=Calibration)
def get_calibration(state: StateDep, principal: UserAuth) -> Calibration:
    """How your predictions compared with the outcomes you recorded."""
    return service.report(state, principal)
