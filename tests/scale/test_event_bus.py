"""The Redis nudge: a commit that recorded an event wakes tails in another process (here:
another bus instance) at once; a rolled-back one wakes nobody."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from scale_stack import SCALE_REDIS_DB, SHARED_REDIS, redis_client
from sqlalchemy.orm import Session, sessionmaker

from clipapi.events import service as events
from clipapi.events.bus import (
    EventBus,
    LocalEventBus,
    PollingBus,
    RedisEventBus,
    open_bus,
)
from clipapi.kit.clock import utcnow
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.migrate import upgrade
from clipapi.models import Analysis, User
from clipapi.schemas.api import StepStartEvent

ANALYSIS = "job_0000000000aa"


@pytest.fixture
def redis_url() -> str:
    url = f"{SHARED_REDIS}/{SCALE_REDIS_DB}"
    redis_client(url).close()  # fails the test when Redis is not there
    return url


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = f"sqlite:///{tmp_path / 'bus.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with transaction(factory) as session:
        session.add(
            User(id="usr_bus", email="bus@example.com", password_hash="x", webhook_secret="w")
        )
        session.flush()
        session.add(
            Analysis(
                id=ANALYSIS,
                user_id="usr_bus",
                status="processing",
                source_kind="url",
                created_at=utcnow(),
            )
        )
    yield factory
    engine.dispose()


@pytest.fixture
def listener(redis_url: str) -> Iterator[RedisEventBus]:
    bus = RedisEventBus(redis_url)
    bus.start()
    time.sleep(0.3)  # subscribed
    yield bus
    bus.stop()


def test_without_redis_tails_poll() -> None:
    assert isinstance(open_bus(None), PollingBus)
    assert isinstance(open_bus(None, writers_in_process=True), LocalEventBus)


async def test_in_process_a_committed_event_wakes_the_tail_and_a_rollback_does_not(
    db: sessionmaker[Session],
) -> None:
    bus = LocalEventBus()  # the embedded mode: the runner writes in this process
    bus.attach(db)
    await _wakes_on_commit_only(bus, db)


async def test_a_committed_event_wakes_a_tail_on_another_bus(
    listener: RedisEventBus, redis_url: str, db: sessionmaker[Session]
) -> None:
    publisher = RedisEventBus(redis_url)  # as in a worker process
    publisher.attach(db)
    await _wakes_on_commit_only(listener, db)
    publisher.stop()


async def _wakes_on_commit_only(bus: EventBus, db: sessionmaker[Session]) -> None:
    """A committed event wakes the tail within a second; a rolled-back one wakes nobody."""
    with bus.subscribe(ANALYSIS) as nudge:
        nudge.clear()
        started = time.monotonic()
        await asyncio.to_thread(_record, db, commit=True)
        await nudge.wait(5)
        assert time.monotonic() - started < 1.0

        nudge.clear()
        started = time.monotonic()
        await asyncio.to_thread(_record, db, commit=False)
        await nudge.wait(0.5)
        assert time.monotonic() - started >= 0.5  # nothing was published for the rollback


def _record(db: sessionmaker[Session], *, commit: bool) -> None:
    class Abort(Exception):
        pass

    try:
        with transaction(db) as session:
            events.record(session, ANALYSIS, StepStartEvent(step="probe"))
            if not commit:
                raise Abort
    except Abort:
        pass
