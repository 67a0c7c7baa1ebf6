"""Redis (broker, rate limits, event nudges) goes away mid-run and comes back.

A redis-server of this test's own, on its own port: the shared one is never stopped."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from scale_stack import (
    PrivateRedis,
    Stack,
    free_port,
    fresh_postgres_database,
    new_client,
    slow_media_server,
    stack_env,
    wait_for,
    wait_until_ended,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def slow_media() -> Iterator[str]:
    with slow_media_server() as url:
        yield url


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    server = PrivateRedis(free_port(), tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, redis_server: PrivateRedis) -> Iterator[Stack]:
    db_url, drop_database = fresh_postgres_database("outage")
    root = tmp_path_factory.mktemp("outage")
    env = stack_env(
        db_url=db_url, redis_url=redis_server.url, s3=None, prefix="blobs", storage_dir=root
    )
    stack = Stack(root, env, db_url)
    stack.start_api()
    stack.start_worker()
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()
        drop_database()
        assert not stack.unexpected_tracebacks(), stack.logs()


def rows_and_usage(db_url: str, email: str) -> tuple[list[str], int]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            user_id = conn.execute(
                sa.text("SELECT id FROM users WHERE email = :e"), {"e": email}
            ).scalar_one()
            statuses = conn.execute(
                sa.text("SELECT status FROM analyses WHERE user_id = :u ORDER BY created_at"),
                {"u": user_id},
            ).scalars()
            used = conn.execute(
                sa.text("SELECT coalesce(sum(used), 0) FROM usage_counters WHERE user_id = :u"),
                {"u": user_id},
            ).scalar_one()
            return list(statuses), int(used)
    finally:
        engine.dispose()


def test_redis_outage_refuses_submissions_cleanly_and_recovers(
    stack: Stack, redis_server: PrivateRedis, slow_media: str
) -> None:
    api = stack.apis[0].url or ""
    client = new_client(api, stack.db_url)
    source = {"video_url": f"{slow_media}/slow/3/asl_thanks.mkv", "pipeline_preset": "meta_only"}
    running = httpx.post(f"{api}/v1/analyses", headers=client.headers, json=source)
    assert running.status_code == 201, running.text
    running_id = running.json()["analysis_id"]
    stack.runner_of(running_id)

    redis_server.stop()
    refused = httpx.post(f"{api}/v1/analyses", headers=client.headers, json=source, timeout=20)
    assert refused.status_code == 503
    assert set(refused.json()) == {"detail"}
    ready = httpx.get(f"{api}/readyz", timeout=20)
    assert ready.status_code == 503
    assert ready.json()["checks"]["queue"] == "unavailable"
    # Nothing half-made: only the analysis submitted before the outage exists and is charged.
    statuses, used = rows_and_usage(stack.db_url, client.email)
    assert len(statuses) == 1
    assert used == 1
    # The analysis already running holds its claim in the database and finishes meanwhile.
    wait_for(
        lambda: rows_and_usage(stack.db_url, client.email)[0] == ["completed"],
        60,
        "the running analysis to complete during the outage",
    )

    redis_server.start()
    recovered: list[httpx.Response] = []

    def accepts() -> bool:
        response = httpx.post(f"{api}/v1/analyses", headers=client.headers, json=source)
        if response.status_code == 503:
            return False
        recovered.append(response)
        return True

    wait_for(accepts, 30, "submissions to be accepted again", interval=0.5)
    assert recovered[0].status_code == 201, recovered[0].text
    after_id = recovered[0].json()["analysis_id"]
    # The worker reconnected to the broker; SSE on the API gets the new analysis's events.
    names: list[str] = []
    with httpx.stream(
        "GET", f"{api}/v1/analyses/{after_id}/stream", headers=client.headers, timeout=60
    ) as stream:
        names = [
            line.split(":", 1)[1].strip()
            for line in stream.iter_lines()
            if line.startswith("event:")
        ]
    assert names[-1] == "pipeline_done"
    assert wait_until_ended(api, client, after_id)["status"] == "completed"
    assert wait_until_ended(api, client, running_id)["status"] == "completed"
    assert rows_and_usage(stack.db_url, client.email) == (["completed", "completed"], 2)
    assert httpx.get(f"{api}/readyz").status_code == 200
