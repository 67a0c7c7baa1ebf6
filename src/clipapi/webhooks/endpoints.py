from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import select

from clipapi.accounts.deps import ApiKeyAuth, StateDep
from clipapi.analyses.service import get_owned_or_404
from clipapi.models import WebhookAttempt, WebhookDelivery
from clipapi.webhooks.dispatcher import replay

router = APIRouter(tags=["webhooks"])


class AttemptInfo(BaseModel):
    attempt: int
    status_code: int | None
    error: str | None
    duration_ms: int
    created_at: datetime


class DeliveryInfo(BaseModel):
    id: str
    event_type: str
    url: str
    state: str
    attempts: list[AttemptInfo]
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryList(BaseModel):
    data: list[DeliveryInfo]


class ReplayResult(BaseModel):
    requeued: int


@router.get("/analyses/{analysis_id}/webhooks", response_model=DeliveryList)
def list_deliveries(analysis_id: str, state: StateDep, principal: ApiKeyAuth) -> DeliveryList:
    """Webhook deliveries of an analysis, with every attempt."""
    with state.db() as session:
        get_owned_or_404(session, principal, analysis_id)
        deliveries = list(
            session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.analysis_id == analysis_id)
                .order_by(WebhookDelivery.created_at)
            )
        )
        data = []
        for d in deliveries:
            attempts = session.scalars(
                select(WebhookAttempt)
                .where(WebhookAttempt.delivery_id == d.id)
                .order_by(WebhookAttempt.attempt, WebhookAttempt.id)
            )
            data.append(
                DeliveryInfo(
                    id=d.id,
                    event_type=d.event_type,
                    url=d.url,
                    state=d.state,
                    attempts=[
                        AttemptInfo(
                            attempt=a.attempt,
                            status_code=a.status_code,
                            error=a.error,
                            duration_ms=a.duration_ms,
                            created_at=a.created_at,
                        )
                        for a in attempts
                    ],
                    next_attempt_at=d.next_attempt_at,
                    delivered_at=d.delivered_at,
                )
            )
    return DeliveryList(data=data)


@router.post("/analyses/{analysis_id}/webhooks/replay", response_model=ReplayResult)
def replay_deliveries(analysis_id: str, state: StateDep, principal: ApiKeyAuth) -> ReplayResult:
    """Send dead or disabled deliveries of an analysis again."""
    with state.db() as session:
        get_owned_or_404(session, principal, analysis_id)
    return ReplayResult(requeued=replay(state, analysis_id))
