"""Every query on webhook deliveries and their attempts."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from clipapi.models import WebhookAttempt, WebhookDelivery

RETRYABLE_BY_HAND = ("dead", "disabled")


def of_analysis(session: Session, analysis_id: str) -> list[WebhookDelivery]:
    return list(
        session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.analysis_id == analysis_id)
            .order_by(WebhookDelivery.created_at, WebhookDelivery.id)
        )
    )


def attempts_of(session: Session, delivery_ids: list[str]) -> dict[str, list[WebhookAttempt]]:
    by_delivery: dict[str, list[WebhookAttempt]] = defaultdict(list)
    if delivery_ids:
        for row in session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(delivery_ids))
            .order_by(WebhookAttempt.attempt, WebhookAttempt.id)
        ):
            by_delivery[row.delivery_id].append(row)
    return by_delivery


def count_attempts(session: Session, delivery_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(WebhookAttempt)
            .where(WebhookAttempt.delivery_id == delivery_id)
        )
        or 0
    )


def due(session: Session, now: datetime, limit: int) -> list[tuple[str, datetime]]:
    rows = session.execute(
        select(WebhookDelivery.id, WebhookDelivery.next_attempt_at)
        .where(WebhookDelivery.state == "pending", WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(limit)
    ).all()
    return [(delivery_id, due_at) for delivery_id, due_at in rows if due_at is not None]


def lease(session: Session, delivery_id: str, due_at: datetime, until: datetime) -> bool:
    """Move next_attempt_at to `until` if nobody else did since we read `due_at`."""
    result = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.next_attempt_at == due_at)
        .values(next_attempt_at=until)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


def requeue(session: Session, analysis_id: str, now: datetime) -> int:
    result = session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.analysis_id == analysis_id,
            WebhookDelivery.state.in_(RETRYABLE_BY_HAND),
        )
        .values(state="pending", attempts=0, next_attempt_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
