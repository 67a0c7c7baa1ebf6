from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class KeyCreate(BaseModel):
    """Unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, max_length=200)


class KeyCreated(BaseModel):
    id: str
    name: str | None
    key: str = Field(description="The plaintext key. Shown only in this response.")
    prefix: str
    last4: str
    created_at: datetime


class KeyInfo(BaseModel):
    id: str
    name: str | None
    prefix: str
    last4: str
    created_at: datetime
    last_used_at: datetime | None


class KeyList(BaseModel):
    data: list[KeyInfo]
