"""The runner across crashes, duplicates and deletions: resume from checkpoints, the attempt
cap, exactly-once claiming, and runs whose analysis went away under them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from pipeline_fakes import FakeStep, Harness, names, sleeping
from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from clipapi.kit.clock import utcnow
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.models import Analysis
from clipapi.pipeline import runner as runner_module
from clipapi.pipeline.failures import Failure
from clipapi.pipeline.runner import Claim, PipelineRunner, recover
from clipapi.pipeline.step import StepContext, StepOutput


@pytest.fixture
def pipeline(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    with Harness.open(tmp_path, database_url) as harness:
        yield harness


def _in_thread(target: Callable[[], None]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def guarded() -> None:
        try:
            target()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=guarded, daemon=True)
    thread.start()
    return thread, errors


def test_a_crashed_analysis_resumes_after_its_last_checkpoint(pipeline: Harness) -> None:
    # As a process that died during step b leaves it: processing, with a's output saved.
    analysis_id = pipeline.new_analysis(status="processing", attempts=1)
    pipeline.add_checkpoint(
        analysis_id,
        "a",
        StepOutput(fields={"media.width": 720}, signals={"media_key": "k"}),
    )
    a = FakeStep("a", critical=True)
    b = FakeStep("b", ("a",), fields={"media.height": 1280})

    assert recover(pipeline.db) == [analysis_id]
    row = pipeline.analysis(analysis_id)
    assert row is not None
    assert row.status == "queued"
    pipeline.runner(a, b).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert row.attempts == 2
    assert (a.calls, b.calls) == (0, 1)
    assert b.seen == {"a": {"media_key": "k"}}  # read from the checkpoint
    assert row.result is not None
    assert (row.result["media"]["width"], row.result["media"]["height"]) == (720, 1280)
    assert names(pipeline.events(analysis_id)) == ["step_start:b", "step_done:b", "pipeline_done"]


def test_a_checkpoint_that_no_longer_fits_its_contract_runs_again_with_its_readers(
    pipeline: Harness,
) -> None:
    # As an older version left it: probe done, but without a signal the probe contract holds.
    analysis_id = pipeline.new_analysis(status="processing", attempts=1)
    pipeline.add_checkpoint(analysis_id, "ingest", StepOutput(signals={"media_key": "k"}))
    pipeline.add_checkpoint(analysis_id, "probe", StepOutput(signals={"has_audio": "maybe"}))
    pipeline.add_checkpoint(analysis_id, "reader", StepOutput(fields={"media.fps": 25.0}))
    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k"})
    probe = FakeStep("probe", ("ingest",), signals={"has_audio": True, "width": 720})
    reader = FakeStep("reader", ("probe",), fields={"media.fps": 30.0})

    assert recover(pipeline.db) == [analysis_id]
    pipeline.runner(ingest, probe, reader).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert (ingest.calls, probe.calls, reader.calls) == (0, 1, 1)
    assert reader.seen == {"probe": {"has_audio": True, "width": 720}}
    assert row.result is not None
    assert row.result["media"]["fps"] == 30.0


def test_an_analysis_whose_steps_all_finished_just_completes(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis(status="processing", attempts=1)
    pipeline.add_checkpoint(analysis_id, "a", StepOutput(fields={"media.width": 720}))
    a = FakeStep("a", critical=True)

    recover(pipeline.db)
    pipeline.runner(a).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert a.calls == 0
    assert names(pipeline.events(analysis_id)) == ["pipeline_done"]


def test_an_analysis_that_keeps_crashing_fails_and_is_refunded(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis(
        status="processing", attempts=2, webhook_url="https://hooks.example.com/in"
    )
    a = FakeStep("a", critical=True)

    assert recover(pipeline.db) == [analysis_id]
    pipeline.runner(a, max_attempts=2).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert (row.status, row.error_code) == ("failed", "attempts_exhausted")
    assert row.error_message == "Analysis was interrupted 2 times"
    assert row.charged is False
    assert pipeline.used(analysis_id) == 0
    assert a.calls == 0
    assert names(pipeline.events(analysis_id)) == ["pipeline_failed"]
    assert pipeline.deliveries(analysis_id) == ["analysis.failed"]


def test_the_last_allowed_attempt_still_runs(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis(status="processing", attempts=1)
    a = FakeStep("a", critical=True)

    recover(pipeline.db)
    pipeline.runner(a, max_attempts=2).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert (row.status, row.attempts, a.calls) == ("completed", 2, 1)


def test_recover_with_stale_after_leaves_live_runs_alone(pipeline: Harness) -> None:
    live = pipeline.new_analysis(status="processing", attempts=1)
    stale = pipeline.new_analysis(status="processing", attempts=1)
    queued = pipeline.new_analysis()
    with transaction(pipeline.db) as session:
        session.execute(
            update(Analysis)
            .where(Analysis.id == stale)
            .values(heartbeat_at=utcnow() - timedelta(minutes=5))
        )

    requeued = recover(pipeline.db, stale_after=timedelta(minutes=1))

    assert sorted(requeued) == sorted([stale, queued])
    live_row = pipeline.analysis(live)
    assert live_row is not None
    assert live_row.status == "processing"


def test_two_workers_given_the_same_job_run_it_once(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis(webhook_url="https://hooks.example.com/in")
    a = FakeStep("a", critical=True, action=sleeping(0.05))
    b = FakeStep("b", ("a",), action=sleeping(0.05))
    # A second engine, as a second process would have.
    other_engine = make_engine(pipeline.settings.effective_database_url)
    runners = [pipeline.runner(a, b), pipeline.runner(a, b, db=make_sessionmaker(other_engine))]
    start = threading.Barrier(2, timeout=5)

    def worker(runner: PipelineRunner) -> Callable[[], None]:
        def go() -> None:
            start.wait()
            runner.run(analysis_id)

        return go

    try:
        threads = [_in_thread(worker(r)) for r in runners]
        for thread, _ in threads:
            thread.join(10)
    finally:
        other_engine.dispose()

    assert [errors for _, errors in threads] == [[], []]
    row = pipeline.ended(analysis_id)
    assert (row.status, row.attempts) == ("completed", 1)
    assert (a.calls, b.calls) == (1, 1)
    events = names(pipeline.events(analysis_id))
    assert events.count("pipeline_done") == 1
    assert events.count("step_start:a") == 1
    assert pipeline.deliveries(analysis_id) == ["analysis.completed"]
    assert pipeline.used(analysis_id) == 1


def test_an_analysis_deleted_between_steps_stops_the_run_quietly(
    pipeline: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    analysis_id = pipeline.new_analysis()
    gate = pipeline.gate()
    a = FakeStep("a", critical=True, action=gate.action)
    b = FakeStep("b", ("a",))
    runner = pipeline.runner(a, b)

    thread, errors = _in_thread(lambda: runner.run(analysis_id))
    assert gate.entered.wait(5)
    pipeline.delete(analysis_id)
    gate.open()
    thread.join(10)

    assert not thread.is_alive()
    assert errors == []
    assert pipeline.analysis(analysis_id) is None
    assert b.calls == 0
    assert pipeline.events(analysis_id) == []
    assert pipeline.checkpoints(analysis_id) == {}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_an_analysis_deleted_during_a_long_step_is_noticed_by_the_heartbeat(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "HEARTBEAT_S", 0.05)
    analysis_id = pipeline.new_analysis()
    gate = pipeline.gate()
    a = FakeStep("a", critical=True, action=gate.action)
    runner = pipeline.runner(a)

    thread, errors = _in_thread(lambda: runner.run(analysis_id))
    assert gate.entered.wait(5)
    pipeline.delete(analysis_id)
    thread.join(5)

    assert not thread.is_alive()  # returned while the step is still blocked
    assert not gate.opened.is_set()
    assert errors == []


def test_a_run_taken_over_elsewhere_drops_its_result(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    gate = pipeline.gate()
    a = FakeStep("a", critical=True, action=gate.action)
    b = FakeStep("b", ("a",))
    runner = pipeline.runner(a, b)

    thread, errors = _in_thread(lambda: runner.run(analysis_id))
    assert gate.entered.wait(5)
    with transaction(pipeline.db) as session:  # recovered and claimed by another worker
        session.execute(
            update(Analysis)
            .where(Analysis.id == analysis_id)
            .values(attempts=Analysis.attempts + 1)
        )
    gate.open()
    thread.join(10)

    assert errors == []
    row = pipeline.analysis(analysis_id)
    assert row is not None
    assert (row.status, row.result, row.attempts) == ("processing", None, 2)
    assert b.calls == 0
    assert names(pipeline.events(analysis_id)) == ["step_start:a"]


def test_marking_a_failure_is_retried_through_a_database_outage(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "END_RETRY_DELAY_S", 0.0)
    analysis_id = pipeline.new_analysis()
    runner = pipeline.runner(FakeStep("a", critical=True, action=_media_error))
    real_fail = runner._fail
    calls: list[str] = []

    def flaky_fail(claim: Claim, failure: Failure) -> None:
        calls.append(failure.code)
        if len(calls) == 1:
            raise OperationalError("UPDATE analyses", {}, Exception("connection reset"))
        real_fail(claim, failure)

    monkeypatch.setattr(runner, "_fail", flaky_fail)
    runner.run(analysis_id)

    assert calls == ["invalid_media", "invalid_media"]
    row = pipeline.ended(analysis_id)
    assert (row.status, row.error_code) == ("failed", "invalid_media")
    assert pipeline.used(analysis_id) == 0


@pytest.mark.expect_errors(r"^analysis \w+ could not be marked failed$")
def test_a_database_that_stays_down_does_not_crash_the_worker(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(runner_module, "END_RETRY_DELAY_S", 0.0)
    analysis_id = pipeline.new_analysis()
    runner = pipeline.runner(FakeStep("a", critical=True, action=_media_error))

    def down(claim: Claim, failure: Failure) -> None:
        raise OperationalError("UPDATE analyses", {}, Exception("connection refused"))

    monkeypatch.setattr(runner, "_fail", down)
    runner.run(analysis_id)  # returns: the queue's worker thread lives on

    assert f"analysis {analysis_id} could not be marked failed" in caplog.text
    # Left for recover() at the next start-up, which resumes or ends it.
    assert recover(pipeline.db) == [analysis_id]


def _media_error(ctx: StepContext) -> None:
    from clipapi.errors import MediaError

    raise MediaError("Not a video")


def test_a_shutdown_a_database_driver_hid_is_no_failure_of_the_analysis(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker's SIGTERM raises SystemExit wherever the process is; caught mid-commit, the
    driver may raise an error of its own while handling it. The analysis is not failed: the
    shutdown goes on, and the analysis stays claimed for the worker's release."""
    analysis_id = pipeline.new_analysis()
    runner = pipeline.runner(FakeStep("a", critical=True))

    def commit_interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise SystemExit(-253)
        except SystemExit:
            raise RuntimeError("This transaction is closed") from None

    monkeypatch.setattr(runner_module.lifecycle, "step_started", commit_interrupted)
    with pytest.raises(SystemExit):
        runner.run(analysis_id)

    row = pipeline.analysis(analysis_id)
    assert row is not None
    assert (row.status, row.error_code) == ("processing", None)
    # Any other error is the analysis's failure, as before.
    assert runner_module.process_ending(RuntimeError("boom")) is None
