"""Taking back analyses from dead workers by lease, on SQLite and PostgreSQL: only stale
claims, each exactly once, and the attempt cap as the dead-letter state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.kit import ids
from clipapi.kit.clock import period_of, utcnow
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.models import Analysis, UsageCounter, User
from clipapi.pipeline.runner import PipelineRunner
from clipapi.queue.takeover import LEASE_S, RESEND_QUEUED_AFTER_S, Reaper, reap, release
from clipapi.storage import LocalBlobStore
from conftest import make_settings


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return make_settings(tmp_path, database_url)


@pytest.fixture
def db(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings.effective_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def add_analysis(
    db: sessionmaker[Session],
    *,
    status: str,
    heartbeat_age_s: float | None = None,
    created_age_s: float = 0,
    attempts: int = 1,
) -> str:
    now = utcnow()
    user_id, analysis_id = ids.user_id(), ids.analysis_id()
    with transaction(db) as session:
        session.add(
            User(
                id=user_id,
                email=f"{user_id}@example.com",
                password_hash="-",
                webhook_secret="whsec_test",
            )
        )
        session.flush()
        session.add(UsageCounter(user_id=user_id, period=period_of(now), used=1))
        session.add(
            Analysis(
                id=analysis_id,
                user_id=user_id,
                status=status,
                source_kind="url",
                video_url="http://127.0.0.1/a.mp4",
                attempts=attempts,
                charged=True,
                charge_period=period_of(now),
                created_at=now - timedelta(seconds=created_age_s),
                heartbeat_at=(
                    None if heartbeat_age_s is None else now - timedelta(seconds=heartbeat_age_s)
                ),
            )
        )
    return analysis_id


def row(db: sessionmaker[Session], analysis_id: str) -> Analysis:
    with db() as session:
        return session.get_one(Analysis, analysis_id)


def test_only_stale_claims_are_taken_back_and_only_once(db: sessionmaker[Session]) -> None:
    dead = add_analysis(db, status="processing", heartbeat_age_s=LEASE_S + 5)
    alive = add_analysis(db, status="processing", heartbeat_age_s=1)
    waiting = add_analysis(db, status="queued", created_age_s=5)

    assert reap(db) == [dead]
    assert row(db, dead).status == "queued"
    assert row(db, alive).status == "processing"
    assert row(db, waiting).heartbeat_at is None
    assert reap(db) == []  # a second reaper (another API process) finds nothing


def test_a_queued_analysis_is_sent_again_after_the_resend_delay_once(
    db: sessionmaker[Session],
) -> None:
    lost = add_analysis(db, status="queued", created_age_s=RESEND_QUEUED_AFTER_S + 60)
    assert reap(db) == [lost]
    assert reap(db) == []


def test_a_send_that_fails_is_retried_next_round(db: sessionmaker[Session]) -> None:
    dead = add_analysis(db, status="processing", heartbeat_age_s=LEASE_S + 5)
    sent: list[str] = []

    def broker_down(analysis_id: str) -> None:
        raise ConnectionError("broker down")

    assert Reaper(db, broker_down).run_once() == []
    assert row(db, dead).status == "queued"
    assert Reaper(db, sent.append).run_once() == [dead]
    assert sent == [dead]


def test_the_attempt_cap_ends_a_crash_loop_as_a_visible_failure(
    db: sessionmaker[Session], settings: Settings, tmp_path: Path
) -> None:
    # Crashed during its last allowed attempt: taken back, then refused by the cap.
    doomed = add_analysis(
        db, status="processing", heartbeat_age_s=LEASE_S + 5, attempts=settings.max_attempts
    )
    assert reap(db) == [doomed]
    runner = PipelineRunner(db, LocalBlobStore(tmp_path / "blobs"), settings, HostPolicy())
    runner.run(doomed)
    ended = row(db, doomed)
    assert (ended.status, ended.error_code) == ("failed", "attempts_exhausted")
    assert ended.charged is False  # refunded


def test_a_shutting_down_worker_releases_only_a_claim_it_made(db: sessionmaker[Session]) -> None:
    held = add_analysis(db, status="processing", heartbeat_age_s=1, attempts=2)
    # A duplicate task that started while another worker held attempt 2 leaves it alone...
    assert release(db, held, attempts_before=2) is False
    assert row(db, held).status == "processing"
    # ...the task that made attempt 2 (it read 1 before claiming) hands it back.
    assert release(db, held, attempts_before=1) is True
    assert row(db, held).status == "queued"
