"""The transitions of a step that runs on another worker (queue/step_routing.py): its
checkpoint row goes dispatched → running → done | error, every write a compare-and-set on
(the run still holds the analysis, the row still carries this dispatch id), so a late,
duplicated or superseded task changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses.lifecycle import (
    DISPATCHED,
    RUNNING,
    Run,
    beat,
    checkpoint,
    held_by,
    holds,
)
from clipapi.kit.db import transaction
from clipapi.models import Analysis, StepCheckpoint


def _routed(row: StepCheckpoint | None) -> dict[str, Any]:
    output = (row.output if row else None) or {}
    routed = output.get("routed")
    return dict(routed) if isinstance(routed, dict) else {}


def _dispatch_row(
    session: Session, run: Run, step: str, dispatch: str, statuses: tuple[str, ...]
) -> StepCheckpoint | None:
    """The step's checkpoint row, locked, while it is in one of `statuses` under this
    dispatch and the run still holds the analysis."""
    if holds(session, run, lock=True) is None:
        return None
    row = session.get(StepCheckpoint, (run.analysis_id, step), with_for_update=True)
    if row is None or row.status not in statuses:
        return None
    return row if _routed(row).get("dispatch") == dispatch else None


def dispatch(db: sessionmaker[Session], run: Run, step: str, routed: dict[str, Any]) -> bool:
    """The row a remote worker will answer in (`dispatched`, carrying `routed["dispatch"]`),
    under the run's claim; False when the analysis is no longer the run's."""
    with transaction(db) as session:
        if not beat(session, run):
            return False
        checkpoint(session, run, step, DISPATCHED, 0, {"routed": routed})
    return True


@dataclass(frozen=True)
class DispatchSeen:
    status: str
    routed: dict[str, Any]
    output: dict[str, Any]


def read_dispatch(
    db: sessionmaker[Session], run: Run, step: str, dispatch: str
) -> DispatchSeen | None:
    """The dispatched step's row as its runner waits on it; None when the run no longer
    holds the analysis; LookupError when the row no longer carries this dispatch (only the
    runner writes it between dispatch and outcome)."""
    with db() as session:
        if session.scalar(select(Analysis.id).where(held_by(run))) is None:
            return None
        row = session.get(StepCheckpoint, (run.analysis_id, step))
        if row is None or _routed(row).get("dispatch") != dispatch:
            # A deletion (or a new run) that committed between the two reads took the row
            # with the analysis: the run is superseded, nothing was overwritten.
            if session.scalar(select(Analysis.id).where(held_by(run))) is None:
                return None
            raise LookupError(f"the checkpoint row of step {step} was overwritten")
        return DispatchSeen(row.status, _routed(row), dict(row.output or {}))


def take_dispatch(
    db: sessionmaker[Session], run: Run, step: str, dispatch: str, where: dict[str, Any]
) -> Analysis | None:
    """dispatched (or running, for a redelivered task) → running, by the worker `where`
    names; returns the analysis row, or None when the dispatch is no longer wanted."""
    with transaction(db) as session:
        row = _dispatch_row(session, run, step, dispatch, (DISPATCHED, RUNNING))
        if row is None:
            return None
        beats = int(_routed(row).get("beat") or 0)
        row.status = RUNNING
        row.output = {"routed": {**where, "beat": beats + 1}}
        return session.get_one(Analysis, run.analysis_id)


def beat_dispatch(db: sessionmaker[Session], run: Run, step: str, dispatch: str) -> bool:
    """The remote worker is alive; False when the dispatch is no longer wanted."""
    with transaction(db) as session:
        row = _dispatch_row(session, run, step, dispatch, (RUNNING,))
        if row is None:
            return False
        routed = _routed(row)
        row.output = {"routed": {**routed, "beat": int(routed.get("beat") or 0) + 1}}
        return True


def record_dispatch(
    db: sessionmaker[Session],
    run: Run,
    step: str,
    dispatch: str,
    *,
    status: str,
    duration_ms: int,
    output: dict[str, Any],
) -> bool:
    """The remote outcome: `done` or `error`; False (nothing written) when the dispatch is no
    longer wanted."""
    with transaction(db) as session:
        row = _dispatch_row(session, run, step, dispatch, (DISPATCHED, RUNNING))
        if row is None:
            return False
        row.status = status
        row.duration_ms = duration_ms
        row.output = output
        return True
