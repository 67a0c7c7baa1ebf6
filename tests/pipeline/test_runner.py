"""The runner on a real database, with fake steps: DAG order, concurrency, events,
checkpoints, step failures and the per-analysis timeout."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pipeline_fakes import FakeStep, Harness, names, raising, sleeping

from clipapi.errors import MediaError
from clipapi.health.metrics import REGISTRY
from clipapi.pipeline.step import StepContext, StepTimeout


@pytest.fixture
def pipeline(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    with Harness.open(tmp_path, database_url) as harness:
        yield harness


def _step_count(step: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "clipapi_step_seconds_count", {"step": step, "outcome": outcome}
    )
    return value or 0.0


def test_steps_run_in_dependency_order_and_siblings_side_by_side(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    # Run one after the other, b and c would each wait out the barrier and fail.
    both_running = threading.Barrier(2, timeout=5)
    progress_seen: list[float] = []

    def wait_for_sibling(ctx: StepContext) -> None:
        both_running.wait()
        time.sleep(0.05)

    def read_progress(ctx: StepContext) -> None:
        row = pipeline.analysis(analysis_id)
        assert row is not None
        progress_seen.append(row.progress)

    a = FakeStep(
        "a",
        critical=True,
        fields={"source": {"platform": "upload", "filename": "clip.mp4"}},
        signals={"duration_s": 12.5},
        model_versions={"a": "a.v1"},
    )
    b = FakeStep("b", ("a",), action=wait_for_sibling, fields={"media.width": 1080})
    c = FakeStep("c", ("a",), action=wait_for_sibling, fields={"media.height": 1920})
    d = FakeStep(
        "d", ("b", "c"), action=read_progress, fields={"media": {"duration_s": 12.5, "fps": 30.0}}
    )
    done_before = _step_count("b", "done")

    pipeline.runner(d, c, b, a).run(analysis_id)  # registry order is not dependency order

    row = pipeline.ended(analysis_id)
    assert row.status == "completed", row.error_message
    assert (row.progress, row.current_step, row.attempts) == (1.0, None, 1)
    assert [s.calls for s in (a, b, c, d)] == [1, 1, 1, 1]
    assert b.started[0] < c.ended[0]  # overlapped
    assert c.started[0] < b.ended[0]
    assert a.ended[0] <= min(b.started[0], c.started[0])
    assert d.started[0] >= max(b.ended[0], c.ended[0])
    assert b.seen == {"a": {"duration_s": 12.5}}
    assert progress_seen == [0.75]  # a, b and c of four were done when d started

    events = pipeline.events(analysis_id)
    order = names(events)
    assert order[:2] == ["step_start:a", "step_done:a"]
    assert sorted(order[2:4]) == ["step_start:b", "step_start:c"]
    assert sorted(order[4:6]) == ["step_done:b", "step_done:c"]
    assert order[6:] == ["step_start:d", "step_done:d", "pipeline_done"]
    assert all(e["duration_ms"] >= 0 for e in events if e["event"] != "step_start")
    durations = {e["step"]: e["duration_ms"] for e in events if e["event"] == "step_done"}
    assert durations["b"] >= 50
    assert events[-1]["analysis_id"] == analysis_id

    checkpoints = pipeline.checkpoints(analysis_id)
    assert {name: cp.status for name, cp in checkpoints.items()} == dict.fromkeys("abcd", "done")
    assert checkpoints["a"].output == a.output.to_json()
    assert checkpoints["b"].duration_ms == durations["b"]

    result = row.result
    assert result is not None
    assert result["status"] == "completed"
    assert result["source"]["filename"] == "clip.mp4"
    assert result["media"]["width"] == 1080  # dotted paths from b and c, and d's dict,
    assert result["media"]["height"] == 1920  # merge into one section
    assert result["media"]["fps"] == 30.0
    assert result["processing"]["model_versions"] == {"a": "a.v1"}
    assert [(s["name"], s["status"]) for s in result["processing"]["steps"]] == [
        ("a", "done"),
        ("c", "done"),  # siblings keep registry order
        ("b", "done"),
        ("d", "done"),
    ]
    assert _step_count("b", "done") == done_before + 1
    assert pipeline.used(analysis_id) == 1  # completed: the charge stands


@pytest.mark.expect_errors("^step b raised$")
def test_a_failed_optional_step_skips_its_dependants_and_the_analysis_completes(
    pipeline: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True, fields={"media.width": 640})
    b = FakeStep("b", ("a",), action=raising(RuntimeError("decoder fell over")))
    c = FakeStep("c", ("b",), fields={"media.height": 360})
    d = FakeStep("d", ("a",), warnings=("d measured little",), fields={"media.fps": 25.0})
    failed_before = _step_count("b", "failed")

    pipeline.runner(a, b, c, d).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert c.calls == 0
    assert d.calls == 1
    events = pipeline.events(analysis_id)
    failed = [e for e in events if e["event"] == "step_failed"]
    assert len(failed) == 1
    assert failed[0]["step"] == "b"
    assert failed[0]["code"] == "step_error"
    assert "step_start:c" not in names(events)
    assert names(events)[-1] == "pipeline_done"
    assert "step b raised" in caplog.text  # a crash in a step is a bug, logged with its trace

    checkpoints = pipeline.checkpoints(analysis_id)
    assert {n: cp.status for n, cp in checkpoints.items()} == {
        "a": "done",
        "b": "failed",
        "c": "skipped",
        "d": "done",
    }
    assert row.result is not None
    processing = row.result["processing"]
    assert [(s["name"], s["status"]) for s in processing["steps"]] == [
        ("a", "done"),
        ("b", "failed"),
        ("d", "done"),
        ("c", "skipped"),
    ]
    assert processing["steps"][1]["error"] == "Step b failed"
    warnings = processing["warnings"]
    assert "d measured little" in warnings
    assert any("step b failed" in w for w in warnings)
    assert any("step c skipped" in w for w in warnings)
    assert row.result["media"]["width"] == 640
    assert row.result["media"]["height"] is None  # c never ran
    assert _step_count("b", "failed") == failed_before + 1
    assert pipeline.used(analysis_id) == 1


@pytest.mark.parametrize("critical", [True, False])
def test_media_errors_fail_the_analysis_and_refund_it_once(
    pipeline: Harness, critical: bool
) -> None:
    # Two analyses counted this month: a double refund would show as 0.
    analysis_id = pipeline.new_analysis(used=2, webhook_url="https://hooks.example.com/in")
    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k"})
    probe = FakeStep(
        "probe",
        ("ingest",),
        critical=critical,
        action=raising(MediaError("Video is 20 min; the plan allows 10", "duration_exceeded")),
    )
    later = FakeStep("later", ("probe",))
    runner = pipeline.runner(ingest, probe, later)

    runner.run(analysis_id)
    runner.run(analysis_id)  # a redelivered job finds nothing to claim

    row = pipeline.ended(analysis_id)
    assert row.status == "failed"
    assert row.error_code == "duration_exceeded"
    assert row.error_message == "Video is 20 min; the plan allows 10"
    assert row.charged is False
    assert row.result is None
    assert pipeline.used(analysis_id) == 1
    assert later.calls == 0
    events = pipeline.events(analysis_id)
    assert names(events) == [
        "step_start:ingest",
        "step_done:ingest",
        "step_start:probe",
        "step_failed:probe",
        "pipeline_failed",
    ]
    assert events[-1]["error"] == {
        "code": "duration_exceeded",
        "message": "Video is 20 min; the plan allows 10",
    }
    assert pipeline.deliveries(analysis_id) == ["analysis.failed"]


def test_a_step_past_the_deadline_fails_the_analysis_without_waiting_for_it(
    pipeline: Harness,
) -> None:
    analysis_id = pipeline.new_analysis()
    gate = pipeline.gate()  # never opened by the test: the step would block for 10 s
    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k"})
    stuck = FakeStep("stuck", ("ingest",), action=gate.action)
    after = FakeStep("after", ("stuck",))

    t0 = time.monotonic()
    pipeline.runner(ingest, stuck, after, analysis_timeout_s=0.5).run(analysis_id)
    elapsed = time.monotonic() - t0

    assert elapsed < 3.0
    assert gate.entered.is_set()
    assert not stuck.ended  # still blocked: the runner did not wait for it
    row = pipeline.ended(analysis_id)
    assert row.status == "failed"
    assert row.error_code == "timeout"
    assert row.error_message is not None
    assert "0.5 s" in row.error_message
    assert "stuck" in row.error_message
    assert row.charged is False
    assert pipeline.used(analysis_id) == 0
    assert after.calls == 0
    assert names(pipeline.events(analysis_id))[-1] == "pipeline_failed"


def test_a_step_that_finds_the_deadline_passed_ends_the_analysis_as_timed_out(
    pipeline: Harness,
) -> None:
    analysis_id = pipeline.new_analysis()
    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k"})
    # What ctx.check_deadline() raises; even a step that is not critical ends the analysis.
    optional = FakeStep("optional", ("ingest",), action=raising(StepTimeout("deadline passed")))
    later = FakeStep("later", ("ingest",), action=sleeping(0.2))

    pipeline.runner(ingest, optional, later).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert (row.status, row.error_code) == ("failed", "timeout")
    assert row.error_message == "Step optional ran past the analysis deadline"
    failed = [e for e in pipeline.events(analysis_id) if e["event"] == "step_failed"]
    assert [(e["step"], e["code"]) for e in failed] == [("optional", "timeout")]
    assert pipeline.used(analysis_id) == 0


@pytest.mark.expect_errors(r"^step bad raised$")
def test_an_output_that_does_not_fit_the_contract_fails_its_step(
    pipeline: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    analysis_id = pipeline.new_analysis()
    bad = FakeStep("bad", critical=True, fields={"scores.hook_strength": "high"})

    pipeline.runner(bad).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert (row.status, row.error_code) == ("failed", "step_error")
    assert row.result is None
    assert pipeline.used(analysis_id) == 0
    assert "bad: 1 validation error for nullable[Scores]" in caplog.text
    assert names(pipeline.events(analysis_id))[-2:] == ["step_failed:bad", "pipeline_failed"]
    assert {k: c.status for k, c in pipeline.checkpoints(analysis_id).items()} == {"bad": "failed"}


@pytest.mark.expect_errors(r"^step transcription raised$")
def test_an_optional_step_whose_signals_do_not_fit_leaves_its_fields_null(
    pipeline: Harness,
) -> None:
    analysis_id = pipeline.new_analysis()
    ingest = FakeStep("ingest", critical=True, signals={"media_key": "k"})
    words = FakeStep(
        "transcription",
        ("ingest",),
        fields={"media_understanding.transcript.full_text": "hello"},
        signals={"words": [["not", "a", "word"]]},
    )

    pipeline.runner(ingest, words).run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert row.result is not None
    assert row.result["media_understanding"] is None
    statuses = {k: c.status for k, c in pipeline.checkpoints(analysis_id).items()}
    assert statuses == {"ingest": "done", "transcription": "failed"}


def test_an_analysis_with_nothing_left_to_run_completes(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()

    pipeline.runner().run(analysis_id)

    row = pipeline.ended(analysis_id)
    assert row.status == "completed"
    assert row.result is not None
    assert row.result["processing"]["steps"] == []
    assert names(pipeline.events(analysis_id)) == ["pipeline_done"]


def test_slow_siblings_overlap_in_wall_time(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    leaves = [FakeStep(f"leaf{n}", ("root",), action=sleeping(0.3)) for n in range(4)]

    pipeline.runner(FakeStep("root", critical=True), *leaves).run(analysis_id)

    # Side by side: every leaf starts before any has ended (read from the steps' own clocks,
    # not the run's wall time, which a busy machine stretches with the database writes).
    assert max(leaf.started[0] for leaf in leaves) < min(leaf.ended[0] for leaf in leaves)
    assert pipeline.ended(analysis_id).status == "completed"


@pytest.mark.expect_errors("^step broken raised$")
def test_a_step_waits_for_the_steps_it_uses_when_the_preset_runs_them(pipeline: Harness) -> None:
    analysis_id = pipeline.new_analysis()
    a = FakeStep("a", critical=True)
    slow = FakeStep("slow", ("a",), action=sleeping(0.3))
    broken = FakeStep("broken", ("a",), action=raising(RuntimeError("no")))
    reader = FakeStep("reader", ("a",))
    reader.uses = ("slow", "broken", "absent")  # type: ignore[attr-defined]

    pipeline.runner(a, slow, broken, reader).run(analysis_id)

    assert pipeline.ended(analysis_id).status == "completed"
    assert reader.calls == 1
    assert reader.started[0] >= slow.ended[0]  # waited for the slow sibling it uses
    # …but a failed one, or one outside the preset, does not hold it back.


def test_an_expected_input_error_keeps_its_own_code(pipeline: Harness) -> None:
    from clipapi.errors import PayloadTooLarge
    from clipapi.infra.netguard import UnsafeURL

    for exc, code in [(UnsafeURL("Refused"), "unsafe_url"), (PayloadTooLarge(), "file_too_large")]:
        analysis_id = pipeline.new_analysis()
        step = FakeStep("ingest", critical=True, action=raising(exc))
        pipeline.runner(step).run(analysis_id)
        row = pipeline.ended(analysis_id)
        assert (row.status, row.error_code) == ("failed", code)
