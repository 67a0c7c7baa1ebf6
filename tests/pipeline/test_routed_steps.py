"""Routed steps end to end inside one process, on both databases: the runner's Celery step
executor with its broker send replaced by a "remote worker" thread that receives the job as
JSON and runs the real worker half (run_routed_step). Covers the wire format, where the
step ran, error codes across the wire, the deadline with nobody on the queue, a lost worker
(re-sent, then given up within the attempt cap) and late tasks changing nothing.
(tests/scale/test_step_routing.py runs the same with real `clipapi worker` processes.)"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from pipeline_fakes import FakeStep, Harness, names, raising

from clipapi.analyses.lifecycle import RUNNING
from clipapi.analyses.lifecycle.routed import take_dispatch
from clipapi.errors import MediaError
from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.executors import StepRouter
from clipapi.pipeline.registry import Registry
from clipapi.pipeline.runner import PipelineRunner
from clipapi.pipeline.step import StepContext, StepTimeout
from clipapi.queue import step_worker
from clipapi.queue.step_jobs import StepJob
from clipapi.queue.step_routing import CeleryStepExecutor
from clipapi.queue.step_worker import run_routed_step

QUEUE = "q2"
WORKER = "fake-remote@test"


@pytest.fixture
def pipeline(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    with Harness.open(tmp_path, database_url) as harness:
        yield harness


class Remote:
    """Stands in for the broker and a `clipapi worker --queues q2`: each job arrives as JSON
    and runs in a thread of its own; `behave` may replace what the worker does with it."""

    def __init__(self, pipeline: Harness, registry: Registry) -> None:
        self.pipeline = pipeline
        self.registry = registry
        self.jobs: list[dict[str, Any]] = []
        self.results: list[dict[str, Any]] = []
        self.behave: Callable[[int, dict[str, Any]], bool] = lambda n, payload: True

    def send(self, job: StepJob) -> None:
        payload = json.loads(json.dumps(job.to_payload()))  # over the wire: JSON only
        self.jobs.append(payload)
        if self.behave(len(self.jobs), payload):
            threading.Thread(target=self.run, args=(payload,), daemon=True).start()

    def run(self, payload: dict[str, Any]) -> dict[str, Any]:
        result = run_routed_step(
            payload,
            db=self.pipeline.db,
            storage=self.pipeline.storage,
            settings=self.pipeline.settings,
            policy=HostPolicy(),
            worker=WORKER,
            registry=self.registry,
        )
        self.results.append(result)
        return result

    def die_after_taking(self, payload: dict[str, Any]) -> None:
        """A worker that takes the job and is then lost with its machine: no more beats."""
        job = StepJob.from_payload(payload)
        where = {"queue": job.queue, "dispatch": job.dispatch, "worker": "doomed@test", "pid": 1}
        assert take_dispatch(self.pipeline.db, job.run, job.step, job.dispatch, where) is not None


def routed_runner(
    pipeline: Harness,
    *steps: FakeStep,
    routed: tuple[str, ...] = ("b",),
    lease_s: float = 30.0,
    **settings: Any,
) -> tuple[PipelineRunner, Remote]:
    registry = Registry({s.name: s for s in steps}, {"full": frozenset(s.name for s in steps)})
    config = pipeline.settings.model_copy(update=settings)
    remote = Remote(pipeline, registry)
    executor = CeleryStepExecutor(
        QUEUE, pipeline.db, config, registry, send=remote.send, lease_s=lease_s, poll_s=0.02
    )
    router = StepRouter(dict.fromkeys(routed, executor))
    runner = PipelineRunner(
        pipeline.db, pipeline.storage, config, HostPolicy(), registry=registry, executors=router
    )
    return runner, remote


def test_a_routed_step_runs_on_the_remote_worker_with_its_inputs_as_json(
    pipeline: Harness,
) -> None:
    analysis_id = pipeline.new_analysis()
    seen_by_b: dict[str, Any] = {}

    def read_inputs(ctx: StepContext) -> None:
        seen_by_b.update(
            thread=threading.current_thread().name,
            ingest=ctx.signals("ingest"),
            workdir=ctx.workdir,
            remaining=ctx.remaining_s(),
        )

    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k/media.mp4"})
    a = FakeStep("a", ("ingest",), critical=True, signals={"duration_s": 12.5, "nested": [1, 2]})
    b = FakeStep(
        "b",
        ("a",),
        action=read_inputs,
        fields={"media.width": 1080},
        signals={"shots": 3},
        warnings=("b looked closely",),
        model_versions={"b": "b.v2"},
    )
    c = FakeStep("c", ("b",), fields={"media.height": 1920})
    runner, remote = routed_runner(pipeline, ingest, a, b, c, analysis_timeout_s=30)

    runner.run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed", row.error_message
    assert [s.calls for s in (ingest, a, b, c)] == [1, 1, 1, 1]
    # What b read came over the wire: its needs and theirs (the media key), nothing else.
    assert len(remote.jobs) == 1
    job = remote.jobs[0]
    assert (job["analysis_id"], job["step"], job["attempt"], job["queue"]) == (
        analysis_id,
        "b",
        1,
        QUEUE,
    )
    assert set(job["outputs"]) == {"ingest", "a"}
    assert 25 < job["remaining_s"] <= 30
    assert b.seen == {"a": {"duration_s": 12.5, "nested": [1, 2]}}
    assert seen_by_b["ingest"] == {"media_key": "k/media.mp4"}
    assert 25 < seen_by_b["remaining"] <= 30
    assert not Path(seen_by_b["workdir"]).exists()  # a private workdir, removed after
    assert c.seen == {"b": {"shots": 3}}  # b's output came back to the runner

    checkpoints = pipeline.checkpoints(analysis_id)
    assert {n: cp.status for n, cp in checkpoints.items()} == dict.fromkeys(
        ("ingest", "a", "b", "c"), "done"
    )
    stored = checkpoints["b"].output or {}
    assert stored["routed"] == {
        "queue": QUEUE,
        "dispatch": job["dispatch"],
        "attempt": 1,
        "worker": WORKER,
        "pid": os.getpid(),
    }
    assert {k: v for k, v in stored.items() if k != "routed"} == b.output.to_json()
    assert "routed" not in (checkpoints["c"].output or {})  # c ran here
    assert names(pipeline.events(analysis_id)) == [
        "step_start:ingest",
        "step_done:ingest",
        "step_start:a",
        "step_done:a",
        "step_start:b",
        "step_done:b",
        "step_start:c",
        "step_done:c",
        "pipeline_done",
    ]
    assert row.result is not None
    assert row.result["media"]["width"] == 1080
    assert "b looked closely" in row.result["processing"]["warnings"]
    assert row.result["processing"]["model_versions"] == {"b": "b.v2"}

    # The same task delivered again (a broker redelivery) finds its row settled: it does
    # not run the step and changes nothing.
    assert remote.run(job) == {"status": "superseded"}
    assert b.calls == 1
    assert pipeline.checkpoints(analysis_id)["b"].output == stored


@pytest.mark.parametrize(
    ("error", "critical", "status", "code", "message"),
    [
        (
            MediaError("No video stream", "invalid_media"),
            True,
            "failed",
            "invalid_media",
            "No video stream",
        ),
        (
            StepTimeout("deadline"),
            False,
            "failed",
            "timeout",
            "Step b ran past the analysis deadline",
        ),
        pytest.param(
            RuntimeError("model blew up"),
            False,
            "completed",
            "step_error",
            "Step b failed",
            # a defect, logged with its traceback where it ran and where it was recorded
            marks=pytest.mark.expect_errors(r"^analysis \w+: step b raised$", r"^step b raised$"),
        ),
    ],
)
def test_remote_failures_keep_the_codes_a_local_failure_has(
    pipeline: Harness,
    error: Exception,
    critical: bool,
    status: str,
    code: str,
    message: str,
) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",), critical=critical, action=raising(error))
    runner, _ = routed_runner(pipeline, a, b)

    runner.run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == status
    failed = [e for e in pipeline.events(analysis_id) if e["event"] == "step_failed"]
    assert [(e["step"], e["code"], e["error"]) for e in failed] == [("b", code, message)]
    checkpoint = pipeline.checkpoints(analysis_id)["b"]
    assert checkpoint.status == "failed"
    assert checkpoint.output == {"error": {"code": code, "message": message}}
    ended_with = (code, message) if status == "failed" else (None, None)
    assert (row.error_code, row.error_message) == ended_with


@pytest.mark.expect_errors("^step b raised$")
def test_a_step_the_broker_refuses_fails_like_a_crashed_step(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",))
    runner, remote = routed_runner(pipeline, a, b)

    def refuse(n: int, payload: dict[str, Any]) -> bool:
        raise ConnectionError("broker unreachable")

    remote.behave = refuse
    runner.run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    failed = [e for e in pipeline.events(analysis_id) if e["event"] == "step_failed"]
    assert [(e["step"], e["code"]) for e in failed] == [("b", "step_error")]
    assert b.calls == 0


def test_with_no_worker_on_the_queue_the_analysis_times_out_at_its_deadline(
    pipeline: Harness,
) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",))
    runner, remote = routed_runner(pipeline, a, b, analysis_timeout_s=1.0)
    remote.behave = lambda n, payload: False  # queued; nobody consumes the queue

    started = time.monotonic()
    runner.run(analysis_id)
    elapsed = time.monotonic() - started

    row = pipeline.ended(analysis_id)
    assert row.status == "failed"
    assert row.error_code == "timeout"
    assert row.error_message is not None
    assert "queue q2" in row.error_message
    assert 1.0 <= elapsed < 3.0
    assert b.calls == 0
    assert len(remote.jobs) == 1

    # Delivered after all, late: the analysis ended, so it neither runs nor writes.
    assert remote.run(remote.jobs[0]) == {"status": "superseded"}
    assert b.calls == 0
    assert pipeline.checkpoints(analysis_id)["b"].status == "dispatched"


def test_a_lost_worker_is_replaced_within_the_attempt_cap(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",), fields={"media.width": 720})
    runner, remote = routed_runner(pipeline, a, b, lease_s=0.3, max_attempts=2)

    def first_worker_dies(n: int, payload: dict[str, Any]) -> bool:
        if n == 1:
            remote.die_after_taking(payload)
            return False
        return True

    remote.behave = first_worker_dies
    runner.run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed", row.error_message
    assert len(remote.jobs) == 2
    assert remote.jobs[0]["dispatch"] != remote.jobs[1]["dispatch"]
    routed = (pipeline.checkpoints(analysis_id)["b"].output or {})["routed"]
    assert routed["dispatch"] == remote.jobs[1]["dispatch"]
    assert routed["worker"] == WORKER
    assert b.calls == 1

    # The lost worker's message, redelivered much later, is not wanted any more.
    assert remote.run(remote.jobs[0]) == {"status": "superseded"}
    assert b.calls == 1


@pytest.mark.parametrize("critical", [False, True])
def test_a_step_whose_workers_keep_getting_lost_fails_with_worker_lost(
    pipeline: Harness, critical: bool
) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",), critical=critical)
    runner, remote = routed_runner(pipeline, a, b, lease_s=0.2, max_attempts=2)

    def always_lost(n: int, payload: dict[str, Any]) -> bool:
        remote.die_after_taking(payload)
        return False

    remote.behave = always_lost
    runner.run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert len(remote.jobs) == 2  # the attempt cap
    message = "Step b lost its worker on queue q2 2 times"
    failed = [e for e in pipeline.events(analysis_id) if e["event"] == "step_failed"]
    assert [(e["code"], e["error"]) for e in failed] == [("worker_lost", message)]
    ended_with = ("failed", "worker_lost", message) if critical else ("completed", None, None)
    assert (row.status, row.error_code, row.error_message) == ended_with
    warnings = row.result["processing"]["warnings"] if row.result is not None else []
    assert any("step b failed" in w for w in warnings) is not critical


def test_a_remote_step_stops_when_its_analysis_is_deleted(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The remote worker's next beat finds the analysis gone and pulls the step's deadline
    in, so the step stops at its next check; the runner's wait ends as promptly."""
    monkeypatch.setattr(step_worker, "BEAT_S", 0.1)
    analysis_id = pipeline.new_analysis()
    stopped = threading.Event()

    def long_loop(ctx: StepContext) -> None:
        for _ in range(200):
            try:
                ctx.check_deadline()
            except StepTimeout:
                stopped.set()
                raise
            time.sleep(0.05)

    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",), action=long_loop)
    runner, remote = routed_runner(pipeline, a, b, analysis_timeout_s=30)
    thread = threading.Thread(target=runner.run, args=(analysis_id,), daemon=True)
    thread.start()
    wait_until(lambda: checkpoint_status(pipeline, analysis_id, "b") == RUNNING)

    pipeline.delete(analysis_id)

    assert stopped.wait(5), "the remote step kept running"
    thread.join(5)
    assert not thread.is_alive()
    assert pipeline.analysis(analysis_id) is None
    wait_until(lambda: remote.results == [{"status": "superseded", "duration_ms": ANY}])


def checkpoint_status(pipeline: Harness, analysis_id: str, step: str) -> str | None:
    checkpoint = pipeline.checkpoints(analysis_id).get(step)
    return checkpoint.status if checkpoint else None


def wait_until(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
