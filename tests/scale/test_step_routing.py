"""Routing a step to its own queue (CLIPAPI_STEP_QUEUES), for real: an API process, a
`clipapi worker` on the analysis queue only and a `clipapi worker --queues q2` on q2 only,
on PostgreSQL, Redis and an S3 server (the routed step reads the media from the bucket, as
it would on another machine). Plus the setting's parser."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from scale_stack import (
    SHARED_REDIS,
    Client,
    S3Server,
    Stack,
    fresh_postgres_database,
    new_client,
    redis_client,
    running_s3_server,
    slow_media_server,
    stack_env,
    wait_until_ended,
)

from clipapi.cli import main
from clipapi.config import Settings, parse_step_queues
from clipapi.pipeline.executors import LOCAL, check_routes
from clipapi.pipeline.registry import REGISTRY
from clipapi.queue.step_routing import route_steps

# A Redis database of this module's own on the shared server (flushed before and after).
ROUTING_REDIS_DB = 12
ROUTED_STEP = "keyframes"  # meta_only: ingest and probe on the analysis worker, then this
Q2 = "q2"
DEADLINE_S = 12.0


# --- the setting ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "routes"),
    [
        ("", {}),
        ("  ", {}),
        ("transcription=asr", {"transcription": "asr"}),
        (
            " transcription = asr , visual_analysis=vision.gpu ,",
            {"transcription": "asr", "visual_analysis": "vision.gpu"},
        ),
        (
            "transcription=gpu,visual_analysis=gpu",
            {"transcription": "gpu", "visual_analysis": "gpu"},
        ),
    ],
)
def test_step_queues_parse_into_a_mapping(text: str, routes: dict[str, str]) -> None:
    assert parse_step_queues(text) == routes


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("transcription", "expected step=queue"),
        ("transcript=", "expected step=queue"),
        ("=asr", "expected step=queue"),
        ("transcript=a sr", "expected step=queue"),
        ("transcript=asr,transcript=gpu", "routed twice"),
        ("transcript=clipapi", "the analysis queue"),
    ],
)
def test_bad_step_queues_are_refused_with_the_reason(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_step_queues(text)
    with pytest.raises(ValueError, match=complaint):  # Settings() refuses it too
        Settings(step_queues=text)


def test_routes_name_known_steps_and_apply_only_with_celery(tmp_path: Any) -> None:
    with pytest.raises(ValueError, match="unknown steps: transcribe"):
        check_routes({"transcribe": "asr"}, REGISTRY)
    settings = Settings(data_dir=tmp_path, step_queues="transcription=asr,visual_analysis=gpu")
    assert settings.step_routes == {"transcription": "asr", "visual_analysis": "gpu"}
    unsent: list[object] = []
    local = route_steps(settings, None, REGISTRY, unsent.append)  # type: ignore[arg-type]
    assert local.executor_for("transcription") is LOCAL  # in_process: nowhere else to send it
    celery = route_steps(
        settings.model_copy(update={"queue": "celery"}),
        None,  # type: ignore[arg-type]
        REGISTRY,
        unsent.append,
    )
    assert celery.executor_for("transcription").where == "queue asr"
    assert celery.executor_for("visual_analysis").where == "queue gpu"
    assert celery.executor_for("probe") is LOCAL
    assert unsent == []  # building the routes sends nothing


def test_clipapi_worker_refuses_a_route_to_an_unknown_step(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REMAP_SIGTERM", "SIGQUIT")  # the command sets it; keep it test-local
    monkeypatch.setenv("CLIPAPI_BROKER_URL", "redis://127.0.0.1:1/0")  # never reached
    monkeypatch.setenv("CLIPAPI_STEP_QUEUES", "transcription=asr,transcribe=asr")
    result = CliRunner().invoke(main, ["worker", "--queues", "asr"])
    assert result.exit_code != 0
    assert "unknown steps: transcribe" in result.output
    monkeypatch.setenv("CLIPAPI_STEP_QUEUES", "transcript=clipapi")
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code != 0
    assert "the analysis queue" in result.output


# --- two workers, one queue each -----------------------------------------------------------


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with running_s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture(scope="module")
def media() -> Iterator[str]:
    with slow_media_server() as url:
        yield url


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory, s3_server: S3Server) -> Iterator[Stack]:
    redis_url = f"{SHARED_REDIS}/{ROUTING_REDIS_DB}"
    redis = redis_client(redis_url)
    redis.flushdb()
    db_url, drop_database = fresh_postgres_database("routing")
    env = stack_env(db_url=db_url, redis_url=redis_url, s3=s3_server, prefix="routing")
    env["CLIPAPI_STEP_QUEUES"] = f"{ROUTED_STEP}={Q2}"
    env["CLIPAPI_ANALYSIS_TIMEOUT_S"] = str(DEADLINE_S)
    stack = Stack(tmp_path_factory.mktemp("routing"), env, db_url)
    stack.start_api()
    stack.start_worker()  # the analysis queue, `clipapi`, only
    stack.start_worker(queues=Q2)
    try:
        stack.wait_ready()
        yield stack
    finally:
        stack.stop()
        redis.flushdb()
        redis.close()
        drop_database()
        assert not stack.unexpected_tracebacks(), stack.logs()


def submit(stack: Stack, client: Client, media: str) -> str:
    created = httpx.post(
        f"{stack.apis[0].url}/v1/analyses",
        headers=client.headers,
        json={"video_url": f"{media}/asl_thanks.mkv", "pipeline_preset": "meta_only"},
        timeout=15,
    )
    assert created.status_code == 201, created.text
    analysis_id: str = created.json()["analysis_id"]
    return analysis_id


def checkpoints(db_url: str, analysis_id: str) -> dict[str, tuple[str, dict[str, Any]]]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT step, status, output FROM step_checkpoints WHERE analysis_id = :a"),
                {"a": analysis_id},
            ).all()
    finally:
        engine.dispose()
    return {row.step: (row.status, row.output or {}) for row in rows}


@pytest.mark.slow
def test_the_routed_step_runs_on_the_q2_worker_only(stack: Stack, media: str) -> None:
    main, q2 = stack.workers
    api = stack.apis[0].url or ""
    client = new_client(api, stack.db_url)
    analysis_id = submit(stack, client, media)

    result = wait_until_ended(api, client, analysis_id, timeout=60)
    assert result["status"] == "completed", result
    keyframes = result["media_understanding"]["visual_analysis"]["keyframes"]
    assert keyframes
    image = httpx.get(keyframes[0]["image_url"])  # written to the bucket by the q2 worker
    assert image.content[:2] == b"\xff\xd8"

    # The analysis ran on the main worker; only its keyframes step ran on q2's, whose
    # name (clipapi-<pid of that `clipapi worker`>@host) and child process the checkpoint holds.
    assert stack.runner_of(analysis_id)[0] is main
    saved = checkpoints(stack.db_url, analysis_id)
    assert {step: status for step, (status, _) in saved.items()} == {
        "ingest": "done",
        "probe": "done",
        ROUTED_STEP: "done",
    }
    routed = saved[ROUTED_STEP][1]["routed"]
    assert routed["queue"] == Q2
    assert routed["worker"].startswith(f"clipapi-{q2.process.pid}@")
    assert routed["attempt"] == 1
    assert "routed" not in saved["probe"][1]
    line = f"analysis {analysis_id}: step {ROUTED_STEP} running in worker process {routed['pid']}"
    assert line in q2.text()
    assert f"step {ROUTED_STEP} running" not in main.text()
    assert f"analysis {analysis_id}: task started" not in q2.text()
    assert f"analysis {analysis_id}: step {ROUTED_STEP} sent to queue {Q2}" in main.text()


@pytest.mark.slow
def test_with_no_q2_worker_the_analysis_fails_at_its_deadline(stack: Stack, media: str) -> None:
    q2 = stack.workers[1]
    os.killpg(q2.process.pid, signal.SIGTERM)
    q2.process.wait(20)
    stack.workers.remove(q2)
    api = stack.apis[0].url or ""
    client = new_client(api, stack.db_url)

    started = time.monotonic()
    analysis_id = submit(stack, client, media)
    result = wait_until_ended(api, client, analysis_id, timeout=DEADLINE_S + 30)
    elapsed = time.monotonic() - started

    assert result["status"] == "failed", result
    assert result["error"]["code"] == "timeout"
    assert f"{ROUTED_STEP} on queue {Q2}" in result["error"]["message"]
    assert DEADLINE_S <= elapsed < DEADLINE_S + 10
    status, output = checkpoints(stack.db_url, analysis_id)[ROUTED_STEP]
    assert status == "dispatched"  # sent, never taken
    assert output["routed"]["queue"] == Q2
