"""The one router: every feature under /v1 and again under /api/v1."""

from __future__ import annotations

from fastapi import APIRouter

from clipapi.accounts.endpoints import router as accounts
from clipapi.analyses.endpoints import router as analyses
from clipapi.events.endpoints import router as events
from clipapi.keys.endpoints import router as keys
from clipapi.outcomes.endpoints import router as outcomes
from clipapi.usage.endpoints import router as usage
from clipapi.webhooks.endpoints import router as webhooks


def versioned_router() -> APIRouter:
    router = APIRouter()
    for feature in (accounts, keys, usage, analyses, events, webhooks, outcomes):
        router.include_router(feature)
    return router


def build_router() -> APIRouter:
    root = APIRouter()
    root.include_router(versioned_router(), prefix="/v1")
    # The reference's stream_url uses /api/v1; the same API lives there, kept out of the docs.
    root.include_router(versioned_router(), prefix="/api/v1", include_in_schema=False)
    return root
