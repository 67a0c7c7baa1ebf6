"""A broker that refuses a job after its analysis row was committed: the submission is undone
(row deleted, charge refunded, blobs removed) and the client gets 503."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from scale_stack import free_port
from sqlalchemy import func, select

from clipapi.app import create_app
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, User
from clipapi.queue.celery_queue import CeleryQueue, withdraw
from clipapi.usage import service as usage
from conftest import MEDIA_DIR, Account, app_state, make_settings, new_account


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    # Nothing listens on this port: every publish fails, fast (connection refused).
    settings = make_settings(
        tmp_path,
        database_url,
        queue="celery",
        broker_url=f"redis://127.0.0.1:{free_port()}/0",
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def charged(client: TestClient, account: Account) -> tuple[int, int]:
    """(analyses stored, analyses charged this month) for the account."""
    with app_state(client).db() as session:
        user = session.scalars(select(User).where(User.email == account.email)).one()
        rows = session.scalar(
            select(func.count()).select_from(Analysis).where(Analysis.user_id == user.id)
        )
        return int(rows or 0), usage.used(session, user.id, utcnow())


def test_url_submission_is_withdrawn_when_the_broker_refuses_it(client: TestClient) -> None:
    account = new_account(client)
    response = client.post(
        "/v1/analyses",
        headers=account.headers,
        json={"video_url": "http://127.0.0.1/a.mp4", "pipeline_preset": "meta_only"},
    )
    assert response.status_code == 503
    assert set(response.json()) == {"detail"}
    assert charged(client, account) == (0, 0)
    assert client.get("/readyz").json()["checks"]["queue"] == "unavailable"


def test_upload_is_withdrawn_with_its_blob(client: TestClient) -> None:
    account = new_account(client)
    with (MEDIA_DIR / "asl_thanks.mkv").open("rb") as handle:
        response = client.post(
            "/v1/analyses/upload",
            headers=account.headers,
            files={"file": ("clip.mkv", handle, "video/x-matroska")},
            data={"pipeline_preset": "meta_only"},
        )
    assert response.status_code == 503
    assert charged(client, account) == (0, 0)
    blobs = app_state(client).settings.data_dir / "blobs" / "analyses"
    assert not blobs.exists() or not any(p.is_file() for p in blobs.rglob("*"))


def test_a_job_a_worker_already_claimed_is_not_withdrawn(client: TestClient) -> None:
    account = new_account(client)
    state = app_state(client)
    assert isinstance(state.queue, CeleryQueue)
    with transaction(state.db) as session:
        user = session.scalars(select(User).where(User.email == account.email)).one()
        session.add(
            Analysis(
                id="job_000000000001",
                user_id=user.id,
                status="processing",
                source_kind="url",
                video_url="http://127.0.0.1/a.mp4",
                created_at=utcnow(),
            )
        )
    assert withdraw(state.db, state.storage, "job_000000000001") is False
    state.queue.enqueue("job_000000000001")  # the publish failed, but the job is running
    with state.db() as session:
        assert session.get(Analysis, "job_000000000001") is not None
