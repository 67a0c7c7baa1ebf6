"""Everything a request or a job needs, built once per process and yielded by the lifespan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.events.bus import EventBus, PollingBus
from clipapi.infra.netguard import HostPolicy
from clipapi.kit.ratelimit import RateLimiter
from clipapi.queue.base import JobQueue
from clipapi.storage.base import BlobStore


@dataclass
class AppState:
    settings: Settings
    engine: Engine
    db: sessionmaker[Session]
    storage: BlobStore
    limiter: RateLimiter
    policy: HostPolicy
    queue: JobQueue
    background: list[Any] = field(default_factory=list)  # threads with start()/stop()
    bus: EventBus = field(default_factory=PollingBus)  # wakes SSE tails on new events

    def base_url(self, request: Request | None = None) -> str:
        """Absolute links: CLIPAPI_PUBLIC_URL, else the address the client used."""
        if self.settings.public_url:
            return self.settings.public_url.rstrip("/")
        if request is not None:
            return str(request.base_url).rstrip("/")
        return "http://127.0.0.1:8000"


def get_state(request: Request) -> AppState:
    state: AppState = request.state.app
    return state
