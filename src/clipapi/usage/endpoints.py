from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from clipapi.accounts.deps import StateDep, UserAuth
from clipapi.kit.clock import month_start, utcnow
from clipapi.usage import service

router = APIRouter(tags=["usage"])


class UsageResponse(BaseModel):
    plan: str
    period_start: datetime
    analyses_used: int
    analyses_quota: int | None
    requests_per_minute: int
    max_duration_s: float | None


@router.get("/usage", response_model=UsageResponse)
def get_usage(state: StateDep, principal: UserAuth) -> UsageResponse:
    """Plan, analyses charged this month (UTC), quota and limits."""
    now = utcnow()
    with state.db() as session:
        used = service.used(session, principal.user_id, now)
    plan = principal.plan
    return UsageResponse(
        plan=plan.name,
        period_start=month_start(now),
        analyses_used=used,
        analyses_quota=plan.analyses_per_month,
        requests_per_minute=plan.requests_per_minute,
        max_duration_s=plan.max_duration_s,
    )
