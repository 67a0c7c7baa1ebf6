"""Webhook deliveries: scheduled in the transaction that ends an analysis, so a result and
its delivery are written together (or not at all)."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from clipapi.kit import ids
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, WebhookDelivery
from clipapi.webhooks import repository
from clipapi.webhooks.schemas import AttemptInfo, DeliveryInfo, DeliveryList

MAX_BACKOFF_S = 3600.0
MAX_EXPONENT = 32  # 4**32 s is past any cap


def schedule(session: Session, analysis: Analysis, event_type: str) -> WebhookDelivery | None:
    if not analysis.webhook_url:
        return None
    delivery = WebhookDelivery(
        id=ids.new_id("msg", 24),
        analysis_id=analysis.id,
        url=analysis.webhook_url,
        event_type=event_type,
        state="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(delivery)
    return delivery


def backoff_s(base_s: float, attempt: int) -> float:
    """Exponential (x4 per attempt) with ±20 % jitter so retries of many receivers spread;
    never above MAX_BACKOFF_S, and still spread once there."""
    # A float power stays finite for any attempt count (an int power overflows float()).
    exponent = min(max(attempt - 1, 0), MAX_EXPONENT)
    delay = base_s * 4.0**exponent * random.uniform(0.8, 1.2)
    return min(delay, MAX_BACKOFF_S * random.uniform(0.8, 1.0))


def next_attempt(base_s: float, attempt: int) -> timedelta:
    return timedelta(seconds=backoff_s(base_s, attempt))


def replay(db: sessionmaker[Session], analysis_id: str) -> int:
    """Put an analysis's dead or disabled deliveries back in line, each with a fresh retry
    budget; returns how many. Delivered ones are never sent again."""
    with transaction(db) as session:
        return repository.requeue(session, analysis_id, utcnow())


def describe(session: Session, analysis_id: str) -> DeliveryList:
    deliveries = repository.of_analysis(session, analysis_id)
    attempts = repository.attempts_of(session, [d.id for d in deliveries])
    return DeliveryList(
        data=[
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
                    for a in attempts[d.id]
                ],
                next_attempt_at=d.next_attempt_at,
                delivered_at=d.delivered_at,
            )
            for d in deliveries
        ]
    )
