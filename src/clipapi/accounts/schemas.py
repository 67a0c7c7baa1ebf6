from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class SignupRequest(BaseModel):
    """A new dashboard account. Unknown fields (e.g. `plan`) are ignored."""

    model_config = ConfigDict(extra="ignore")

    email: EmailStr
    password: str = Field(min_length=8, max_length=256)
    name: str | None = Field(default=None, max_length=200)


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: EmailStr
    password: str = Field(min_length=1, max_length=256)


class SignupResponse(BaseModel):
    id: str
    email: str
    name: str | None
    plan: str
    access_token: str
    token_type: str = "bearer"


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class MeResponse(BaseModel):
    id: str
    email: str
    name: str | None
    plan: str
    created_at: datetime
    webhook_secret: str = Field(
        description="Signing secret for webhooks (Standard Webhooks, HMAC-SHA256)"
    )
