"""A delete racing a failing run gives the quota back once (decision record 0001), on
PostgreSQL, where the two run in separate transactions side by side."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pipeline_fakes import FakeStep, Gate, Harness
from sqlalchemy.orm import Session

from clipapi.accounts.deps import Principal
from clipapi.analyses import service
from clipapi.errors import MediaError
from clipapi.models import Analysis
from clipapi.pipeline.step import StepContext
from clipapi.usage.plans import get_plan

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.parametrize("database_url", ["postgres"], indirect=True),
]


@pytest.fixture
def pipeline(database_url: str, tmp_path: Path) -> Iterator[Harness]:
    with Harness.open(tmp_path, database_url) as harness:
        yield harness


def _owner(pipeline: Harness, analysis_id: str) -> tuple[Any, Principal]:
    state = SimpleNamespace(db=pipeline.db, storage=pipeline.storage)
    principal = Principal(pipeline.users[analysis_id], "owner@example.com", get_plan("free"), None)
    return state, principal


def test_a_delete_that_read_the_row_before_the_run_failed_does_not_refund_again(
    pipeline: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst interleaving: the delete reads the analysis (processing, charged), then
    the run fails and refunds in its own committed transaction, then the delete goes on."""
    analysis_id = pipeline.new_analysis(used=2)
    gate = pipeline.gate()
    runner = pipeline.runner(FakeStep("a", critical=True, action=_held_then_failing(gate)))
    run = threading.Thread(target=runner.run, args=(analysis_id,), daemon=True)
    run.start()
    assert gate.entered.wait(5)
    read_first = service.get_owned_or_404

    def read_then_let_the_run_fail(
        session: Session, principal: Principal, analysis_id: str
    ) -> Analysis:
        row = read_first(session, principal, analysis_id)
        assert (row.status, row.charged) == ("processing", True)
        gate.open()  # the run fails and refunds, committed, before the delete goes on
        run.join(10)
        assert not run.is_alive()
        return row

    monkeypatch.setattr(service, "get_owned_or_404", read_then_let_the_run_fail)
    state, principal = _owner(pipeline, analysis_id)
    service.delete(state, principal, analysis_id)

    assert pipeline.analysis(analysis_id) is None
    assert pipeline.used(analysis_id) == 1  # one refund: the failure's


def test_deletes_racing_failing_runs_refund_each_analysis_once(pipeline: Harness) -> None:
    for _ in range(8):
        analysis_id = pipeline.new_analysis(used=2)
        gate = pipeline.gate()
        runner = pipeline.runner(FakeStep("a", critical=True, action=_held_then_failing(gate)))
        run = threading.Thread(target=runner.run, args=(analysis_id,), daemon=True)
        run.start()
        assert gate.entered.wait(5)
        state, principal = _owner(pipeline, analysis_id)
        start = threading.Barrier(2)
        delete = threading.Thread(
            target=_delete_at, args=(start, state, principal, analysis_id), daemon=True
        )
        delete.start()
        start.wait(5)
        gate.open()
        run.join(10)
        delete.join(10)

        assert not run.is_alive()
        assert not delete.is_alive()
        assert pipeline.analysis(analysis_id) is None
        assert pipeline.used(analysis_id) == 1


def _delete_at(
    start: threading.Barrier, state: Any, principal: Principal, analysis_id: str
) -> None:
    start.wait(5)
    service.delete(state, principal, analysis_id)


def _held_then_failing(gate: Gate) -> Callable[[StepContext], None]:
    """A step held at the gate that then finds the media unusable: the run fails."""

    def action(ctx: StepContext) -> None:
        gate.action(ctx)
        raise MediaError("Not a video")

    return action
