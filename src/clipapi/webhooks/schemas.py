"""Bodies of the webhook-delivery endpoints."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class AttemptInfo(BaseModel):
    attempt: int = Field(description="1, 2, … across every send of this message, replays too")
    status_code: int | None = Field(description="The receiver's answer; null when none came")
    error: str | None = Field(description="Why no answer came (timeout, refused, …)")
    duration_ms: int
    created_at: datetime


class DeliveryInfo(BaseModel):
    id: str = Field(description="The `webhook-id` header, the same on every retry")
    event_type: str
    url: str
    state: str = Field(description="pending, delivered, dead (retries used up) or disabled (410)")
    attempts: list[AttemptInfo]
    next_attempt_at: datetime | None
    delivered_at: datetime | None


class DeliveryList(BaseModel):
    data: list[DeliveryInfo]


class ReplayResult(BaseModel):
    requeued: int
