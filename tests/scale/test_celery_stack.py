"""Two API processes and two Celery worker processes on PostgreSQL, Redis and S3: the whole
flow across processes, a shared rate limit, SIGTERM and kill -9 of the worker running an
analysis."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from scale_stack import (
    INBOX_BUCKET,
    MEDIA_BUCKET,
    SCALE_REDIS_DB,
    SHARED_REDIS,
    Client,
    S3Server,
    Stack,
    WebhookReceiver,
    fresh_postgres_database,
    new_client,
    redis_client,
    running_s3_server,
    slow_media_server,
    stack_env,
    wait_for,
    wait_until_ended,
    webhook_receiver_server,
)

from clipapi.config import Settings
from clipapi.queue.celery_app import QUEUE, TASK_NAME, make_celery
from conftest import MEDIA_DIR

pytestmark = pytest.mark.slow
PRESET = "meta_only"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with running_s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture(scope="module")
def slow_media() -> Iterator[str]:
    with slow_media_server() as url:
        yield url


@pytest.fixture(scope="module")
def webhook_receiver() -> Iterator[WebhookReceiver]:
    with webhook_receiver_server() as receiver:
        yield receiver


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, s3_server: S3Server) -> Iterator[Stack]:
    redis_url = f"{SHARED_REDIS}/{SCALE_REDIS_DB}"
    redis = redis_client(redis_url)
    redis.flushdb()
    db_url, drop_database = fresh_postgres_database("stack")
    root = tmp_path_factory.mktemp("stack")
    env = stack_env(db_url=db_url, redis_url=redis_url, s3=s3_server, prefix="stack")
    stack = Stack(root, env, db_url)
    for _ in range(2):
        stack.start_api()
        stack.start_worker()
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()
        redis.flushdb()
        redis.close()
        drop_database()
        assert not stack.unexpected_tracebacks(), stack.logs()


@pytest.fixture(scope="module")
def db(stack: Stack) -> Iterator[sa.Engine]:
    engine = sa.create_engine(stack.db_url)
    yield engine
    engine.dispose()


def submit(api: str, client: Client, source: str, **fields: Any) -> str:
    created = httpx.post(
        f"{api}/v1/analyses",
        headers=client.headers,
        json={"video_url": source, "pipeline_preset": PRESET, **fields},
        timeout=15,
    )
    assert created.status_code == 201, created.text
    analysis_id: str = created.json()["analysis_id"]
    return analysis_id


def facts(db: sa.Engine, analysis_id: str) -> dict[str, Any]:
    """What exactly-once means, read from the database."""
    with db.connect() as conn:
        row = conn.execute(
            sa.text("SELECT status, attempts, error_code FROM analyses WHERE id = :id"),
            {"id": analysis_id},
        ).one()
        events = conn.execute(
            sa.text("SELECT event FROM analysis_events WHERE analysis_id = :id ORDER BY id"),
            {"id": analysis_id},
        ).scalars()
        deliveries = conn.execute(
            sa.text("SELECT id FROM webhook_deliveries WHERE analysis_id = :id"),
            {"id": analysis_id},
        ).scalars()
        return {
            "status": row.status,
            "attempts": row.attempts,
            "error_code": row.error_code,
            "events": list(events),
            "deliveries": list(deliveries),
        }


def used(api: str, client: Client) -> int:
    jwt = httpx.post(
        f"{api}/v1/auth/login", json={"email": client.email, "password": "correct-horse"}
    ).json()["access_token"]
    body = httpx.get(f"{api}/v1/usage", headers={"Authorization": f"Bearer {jwt}"}).json()
    return int(body["analyses_used"])


def test_flow_across_two_apis_and_two_workers(
    stack: Stack,
    db: sa.Engine,
    s3_server: S3Server,
    slow_media: str,
    webhook_receiver: WebhookReceiver,
) -> None:
    api1, api2 = (api.url or "" for api in stack.apis)
    client = new_client(api2, stack.db_url)
    # The source is read from an operator-allowed bucket with the server's own credentials.
    s3_server.client().upload_file(str(MEDIA_DIR / "asl_thanks.mkv"), INBOX_BUCKET, "in/a.mkv")
    created = httpx.post(
        f"{api2}/v1/analyses",
        headers=client.headers,
        json={
            "storage_path": f"s3://{INBOX_BUCKET}/in/a.mkv",
            "pipeline_preset": PRESET,
            "webhook_url": webhook_receiver.url,
        },
    )
    assert created.status_code == 201, created.text
    analysis_id = created.json()["analysis_id"]

    # SSE on the other API process: events written by a worker reach it through the nudge.
    arrivals: list[tuple[str, float]] = []
    stream_url = f"{api1}/v1/analyses/{analysis_id}/stream"
    with httpx.stream("GET", stream_url, headers=client.headers, timeout=60) as stream:
        assert stream.status_code == 200
        for line in stream.iter_lines():
            if line.startswith("event:"):
                arrivals.append((line.split(":", 1)[1].strip(), time.time()))
    names = [name for name, _ in arrivals]
    assert names[-1] == "pipeline_done", names
    assert "step_done" in names

    result = wait_until_ended(api1, client, analysis_id)
    assert result["status"] == "completed", result
    assert result["source"]["platform"] == "s3"
    assert result["source"]["storage_path"] == f"s3://{INBOX_BUCKET}/in/a.mkv"
    keyframes = result["media_understanding"]["visual_analysis"]["keyframes"]
    assert keyframes
    for keyframe in keyframes:
        assert keyframe["image_url"].startswith(s3_server.endpoint)  # presigned, not proxied
        image = httpx.get(keyframe["image_url"])
        assert image.status_code == 200
        assert image.content[:2] == b"\xff\xd8"
    assert any("/keyframes/" in key for key in s3_server.keys(MEDIA_BUCKET, "stack/"))

    # One webhook delivery, sent once, though both API processes run dispatchers.
    wait_for(lambda: bool(webhook_receiver.ids_for(analysis_id)), 30, "the webhook")
    time.sleep(1)
    assert len(webhook_receiver.ids_for(analysis_id)) == 1
    assert len(facts(db, analysis_id)["deliveries"]) == 1

    # Delete through either API removes every blob of the analysis from the bucket.
    assert (
        httpx.delete(f"{api2}/v1/analyses/{analysis_id}", headers=client.headers).status_code == 204
    )
    assert s3_server.keys(MEDIA_BUCKET, f"stack/analyses/{analysis_id}/") == []


def test_sse_events_arrive_promptly_through_the_redis_nudge(
    stack: Stack, db: sa.Engine, slow_media: str
) -> None:
    api1, api2 = (api.url or "" for api in stack.apis)
    client = new_client(api2, stack.db_url)
    analysis_id = submit(api2, client, f"{slow_media}/slow/2/asl_thanks.mkv")
    received: dict[int, float] = {}
    with httpx.stream(
        "GET", f"{api1}/v1/analyses/{analysis_id}/stream", headers=client.headers, timeout=60
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("id:"):
                received[int(line.split(":", 1)[1])] = time.time()
    with db.connect() as conn:
        written = dict(
            conn.execute(
                sa.text(
                    "SELECT id, extract(epoch from created_at) FROM analysis_events "
                    "WHERE analysis_id = :id"
                ),
                {"id": analysis_id},
            ).all()
        )
    # Events written while the stream was open arrive well within the 2 s fallback poll.
    lags = sorted(received[i] - float(written[i]) for i in received)
    assert lags[len(lags) // 2] < 0.5, lags


def test_rate_limit_is_shared_by_both_api_processes(stack: Stack) -> None:
    api1, api2 = (api.url or "" for api in stack.apis)
    client = new_client(api1, stack.db_url, plan="free")  # 5 requests a minute
    codes = [
        httpx.get(f"{api}/v1/analyses", headers=client.headers).status_code
        for api in (api1, api2, api1, api2, api1, api2)
    ]
    assert codes == [200, 200, 200, 200, 200, 429]


def test_sigterm_requeues_the_running_analysis(
    stack: Stack, db: sa.Engine, slow_media: str, webhook_receiver: WebhookReceiver
) -> None:
    api1, _ = (api.url or "" for api in stack.apis)
    client = new_client(api1, stack.db_url)
    started = time.monotonic()
    analysis_id = submit(
        api1, client, f"{slow_media}/slow/8/asl_thanks.mkv", webhook_url=webhook_receiver.url
    )
    worker, _child = stack.runner_of(analysis_id)
    # The task logs that it started just before its run claims the analysis; a SIGTERM in
    # between hands back nothing (the next worker's run is then the first attempt).
    wait_for(lambda: facts(db, analysis_id)["status"] == "processing", 30, "the claim")
    try:
        worker.process.send_signal(signal.SIGTERM)
        worker.process.wait(30)  # a cold shutdown: it does not wait for the analysis

        result = wait_until_ended(api1, client, analysis_id)
        assert result["status"] == "completed", result
        # Requeued at once: well before a lease would have run out.
        assert time.monotonic() - started < 25
        ended = facts(db, analysis_id)
        assert ended["attempts"] == 2
        assert ended["events"].count("pipeline_done") == 1
        wait_for(lambda: bool(webhook_receiver.ids_for(analysis_id)), 30, "the webhook")
        assert len(ended["deliveries"]) == 1
        assert used(api1, client) == 1
        assert "released for another worker" in worker.text()
    finally:
        # The tests after this one need two live workers, whatever happened here.
        if worker.alive():
            os.killpg(worker.process.pid, signal.SIGKILL)
            worker.process.wait(10)
        stack.workers.remove(worker)
        stack.start_worker()
        stack.wait_ready()


def test_kill_9_of_the_worker_running_an_analysis(
    stack: Stack, db: sa.Engine, slow_media: str, webhook_receiver: WebhookReceiver
) -> None:
    """Two analyses at once, one on each worker. The first worker loses the child running its
    analysis; the second loses everything (its process group, like a machine). Both
    analyses finish exactly once: one result, one charge, one webhook delivery id."""
    api1, api2 = (api.url or "" for api in stack.apis)
    client = new_client(api1, stack.db_url)
    ids = [
        submit(api, client, f"{slow_media}/slow/8/asl_thanks.mkv", webhook_url=webhook_receiver.url)
        for api in (api1, api2)
    ]
    runners = {analysis_id: stack.runner_of(analysis_id) for analysis_id in ids}
    assert len({worker.name for worker, _ in runners.values()}) == 2, "one analysis per worker"
    (child_worker, child_pid), (machine, _) = runners[ids[0]], runners[ids[1]]

    # A task logs that it started just before its run claims the analysis; a machine lost
    # before the claim leaves it queued, for the reaper's resend of queued analyses much later.
    def claimed() -> bool:
        return all(facts(db, a)["status"] == "processing" for a in ids)

    wait_for(claimed, 30, "both runs to claim their analysis")
    os.kill(child_pid, signal.SIGKILL)
    os.killpg(machine.process.pid, signal.SIGKILL)
    machine.process.wait(10)

    for analysis_id in ids:
        result = wait_until_ended(api2, client, analysis_id, timeout=120)
        assert result["status"] == "completed", result
        ended = facts(db, analysis_id)
        assert ended["attempts"] == 2, ended
        assert ended["events"].count("pipeline_done") == 1, ended
        assert len(ended["deliveries"]) == 1, ended
    wait_for(lambda: all(webhook_receiver.ids_for(a) for a in ids), 30, "the webhooks")
    time.sleep(1)
    for analysis_id in ids:
        assert len(webhook_receiver.ids_for(analysis_id)) == 1
    assert used(api1, client) == 2
    assert child_worker.alive()  # Celery replaced the lost child and carried on

    # The dead machine's message is still unacked in Redis; whenever it comes back (after
    # the visibility timeout), it finds the analysis ended and changes nothing.
    stack.workers.remove(machine)
    before, starts = facts(db, ids[1]), stack.starts(ids[1])
    app = make_celery(Settings(broker_url=stack.env["CLIPAPI_BROKER_URL"]))
    app.send_task(TASK_NAME, args=[ids[1]], queue=QUEUE)
    wait_for(lambda: stack.starts(ids[1]) > starts, 30, "the duplicate to be delivered")
    time.sleep(0.5)
    assert facts(db, ids[1]) == before
