"""Every change of state of an analysis row and of its step checkpoints: here, and for a step
running on another worker, in routed.py.

    queued --claim--> processing --complete--> completed
      ^                 |  |
      |                 |  +--fail--> failed (quota refunded once)
      +--take over / release / recover--+
    submit (charged) --> queued --withdraw--> (gone, refunded)
    any --delete--> (gone, refunded unless it ended)

A claim counts an attempt; the run that made it holds the analysis as a `Run` and every
write it makes afterwards is guarded by `held_by(run)`: the row must still be `processing`
under that attempt. A run that finds the guard false was deleted, ended or taken over
elsewhere and stops (`Superseded`) without writing anything more.

The quota is given back through `refund_once` only: a compare-and-set on `charged`, so a
delete racing a failing run refunds once (decision record 0001).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from clipapi.events import service as events
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, StepCheckpoint
from clipapi.schemas.api import (
    PipelineDoneEvent,
    PipelineFailedEvent,
    StepDoneEvent,
    StepFailedEvent,
    StepStartEvent,
)
from clipapi.usage import service as usage
from clipapi.usage.plans import Plan
from clipapi.webhooks import service as webhooks

QUEUED = "queued"
PROCESSING = "processing"
COMPLETED = "completed"
FAILED = "failed"
TERMINAL = frozenset({COMPLETED, FAILED})

# Checkpoint statuses: a step's outcome (`done`, `failed`, `skipped`), and those of a step
# running on another worker (`dispatched`, `running`, then `done`, or `error` until the
# runner records the failure as `failed`).
DONE = "done"
STEP_FAILED = "failed"
SKIPPED = "skipped"
DISPATCHED = "dispatched"
RUNNING = "running"
ERROR = "error"

# A run heartbeats at least this often, and so notices within that time that its analysis
# was deleted or taken over, however long a step takes.
HEARTBEAT_S = 10.0
# Three missed heartbeats: long enough that a live worker on a busy machine keeps its claim
# (and to absorb a few seconds of clock skew between machines), short enough to resume soon.
LEASE_S = 3 * HEARTBEAT_S


class Superseded(Exception):
    """The analysis was deleted, or ended or claimed again elsewhere: this run stops without
    writing anything more."""


@dataclass(frozen=True)
class Run:
    """One run's hold on an analysis: the attempt its claim counted."""

    analysis_id: str
    attempt: int


def held_by(run: Run) -> ColumnElement[bool]:
    """The guard on every write of a run: the analysis is still this run's."""
    return and_(
        Analysis.id == run.analysis_id,
        Analysis.status == PROCESSING,
        Analysis.attempts == run.attempt,
    )


def _changed(result: Any) -> bool:
    return bool(result.rowcount == 1)


def submit(session: Session, analysis_id: str, user_id: str, plan: Plan, **fields: Any) -> Analysis:
    """A new analysis, queued and charged to this month's quota (QuotaExceeded when it is
    spent); the caller sends it to the queue once this transaction committed."""
    now = utcnow()
    period = usage.charge(session, user_id, plan, now)
    row = Analysis(
        id=analysis_id,
        user_id=user_id,
        status=QUEUED,
        max_duration_s=plan.max_duration_s,
        charged=True,
        charge_period=period,
        created_at=now,
        **fields,
    )
    session.add(row)
    return row


# -- a run ----------------------------------------------------------------------------------


def claim(db: sessionmaker[Session], analysis_id: str) -> tuple[Run, Analysis] | None:
    """queued → processing, counting the attempt; a redelivered or duplicate job finds
    nothing to claim (None)."""
    with transaction(db) as session:
        result = session.execute(
            update(Analysis)
            .where(Analysis.id == analysis_id, Analysis.status == QUEUED)
            .values(status=PROCESSING, attempts=Analysis.attempts + 1, heartbeat_at=utcnow())
        )
        if not _changed(result):
            return None
        row = session.get_one(Analysis, analysis_id)
        if row.started_at is None:
            row.started_at = utcnow()
        return Run(analysis_id, row.attempts), row


def _touch(session: Session, run: Run, **values: Any) -> None:
    """Heartbeat, with `values`, under the guard; Superseded when the run lost the row."""
    result = session.execute(
        update(Analysis).where(held_by(run)).values(heartbeat_at=utcnow(), **values)
    )
    if not _changed(result):
        raise Superseded(run.analysis_id)


def beat(session: Session, run: Run) -> bool:
    """Heartbeat within `session`; False when the run no longer holds the analysis."""
    try:
        _touch(session, run)
    except Superseded:
        return False
    return True


def holds(session: Session, run: Run, *, lock: bool = False) -> Analysis | None:
    """The analysis row while `run` still holds it (locked for the transaction with
    `lock`), else None."""
    query = select(Analysis).where(held_by(run))
    return session.scalars(query.with_for_update() if lock else query).one_or_none()


def heartbeat(db: sessionmaker[Session], run: Run) -> None:
    with transaction(db) as session:
        _touch(session, run)


def checkpoint(
    session: Session,
    run: Run,
    step: str,
    status: str,
    duration_ms: int,
    output: dict[str, Any] | None,
) -> None:
    """Write the step's checkpoint row; callers hold the run (`beat` or a guarded write
    in the same transaction)."""
    session.merge(
        StepCheckpoint(
            analysis_id=run.analysis_id,
            step=step,
            status=status,
            duration_ms=duration_ms,
            output=output,
        )
    )


def step_started(db: sessionmaker[Session], run: Run, step: str) -> None:
    with transaction(db) as session:
        _touch(session, run, current_step=step)
        events.record(session, run.analysis_id, StepStartEvent(step=step, job_id=run.analysis_id))


def step_done(
    db: sessionmaker[Session],
    run: Run,
    step: str,
    *,
    duration_ms: int,
    output: dict[str, Any],
    progress: float,
) -> None:
    with transaction(db) as session:
        _touch(session, run, progress=round(progress, 3))
        checkpoint(session, run, step, DONE, duration_ms, output)
        events.record(
            session,
            run.analysis_id,
            StepDoneEvent(step=step, duration_ms=duration_ms, job_id=run.analysis_id),
        )


def step_failed(
    db: sessionmaker[Session], run: Run, step: str, *, code: str, message: str, duration_ms: int
) -> None:
    with transaction(db) as session:
        _touch(session, run)
        error = {"code": code, "message": message}
        checkpoint(session, run, step, STEP_FAILED, duration_ms, {"error": error})
        events.record(
            session,
            run.analysis_id,
            StepFailedEvent(step=step, code=code, duration_ms=duration_ms, job_id=run.analysis_id),
            error=message,
        )


def step_skipped(db: sessionmaker[Session], run: Run, step: str) -> None:
    with transaction(db) as session:
        _touch(session, run)
        checkpoint(session, run, step, SKIPPED, 0, None)


def done_outputs(db: sessionmaker[Session], analysis_id: str) -> dict[str, dict[str, Any]]:
    """The stored outputs of the steps that finished, by step name."""
    with db() as session:
        rows = session.scalars(
            select(StepCheckpoint).where(
                StepCheckpoint.analysis_id == analysis_id, StepCheckpoint.status == DONE
            )
        )
        return {row.step: dict(row.output or {}) for row in rows}


ResultOf = Callable[[Analysis, list[StepCheckpoint]], dict[str, Any]]


def complete(db: sessionmaker[Session], run: Run, result_of: ResultOf, duration_ms: int) -> None:
    """processing → completed with the result `result_of` assembles from the row and its
    checkpoints; Superseded when the run no longer holds the analysis."""
    with transaction(db) as session:
        row = holds(session, run, lock=True)
        if row is None:
            raise Superseded(run.analysis_id)
        checkpoints = list(
            session.scalars(
                select(StepCheckpoint).where(StepCheckpoint.analysis_id == run.analysis_id)
            )
        )
        _touch(
            session,
            run,
            status=COMPLETED,
            result=result_of(row, checkpoints),
            progress=1.0,
            current_step=None,
            completed_at=utcnow(),
        )
        events.record(
            session,
            run.analysis_id,
            PipelineDoneEvent(analysis_id=run.analysis_id, duration_ms=duration_ms),
        )
        webhooks.schedule(session, row, "analysis.completed")


def fail(db: sessionmaker[Session], run: Run, code: str, message: str) -> bool:
    """processing → failed, refunded once and announced; False when the run no longer held
    the analysis (deleted, which refunds, or ended elsewhere)."""
    with transaction(db) as session:
        result = session.execute(
            update(Analysis)
            .where(held_by(run))
            .values(
                status=FAILED,
                error_code=code,
                error_message=message,
                current_step=None,
                completed_at=utcnow(),
            )
        )
        if not _changed(result):
            return False
        # Only results are paid for: a failed analysis gives its quota back, once.
        refund_once(session, run.analysis_id)
        events.record(
            session,
            run.analysis_id,
            PipelineFailedEvent(analysis_id=run.analysis_id, code=code),
            error={"code": code, "message": message},
        )
        webhooks.schedule(session, session.get_one(Analysis, run.analysis_id), "analysis.failed")
        return True


# -- the quota ------------------------------------------------------------------------------


def refund_once(session: Session, analysis_id: str, *, unless_ended: bool = False) -> bool:
    """Give the analysis's charge back, at most once whoever asks: charged → not charged by
    compare-and-set. On PostgreSQL a second caller's UPDATE waits for the first's row lock
    and then finds `charged` false. `unless_ended`: not for a completed analysis (its
    result is what was paid for) nor a failed one (refunded when it failed)."""
    query = update(Analysis).where(Analysis.id == analysis_id, Analysis.charged.is_(True))
    if unless_ended:
        query = query.where(Analysis.status.not_in(TERMINAL))
    if not _changed(session.execute(query.values(charged=False))):
        return False
    user_id, period = session.execute(
        select(Analysis.user_id, Analysis.charge_period).where(Analysis.id == analysis_id)
    ).one()
    if period:
        usage.refund(session, user_id, period)
    return True


def delete(session: Session, row: Analysis) -> None:
    """Any state → gone; an analysis that had not ended gives its charge back. (A run still
    holding it finds it gone at its next write and stops.)"""
    refund_once(session, row.id, unless_ended=True)
    session.delete(row)


def withdraw(db: sessionmaker[Session], analysis_id: str) -> bool:
    """Undo a submission whose job could not be queued: queued → gone, refunded. False when
    a worker claimed it meanwhile."""
    with transaction(db) as session:
        row = session.get(Analysis, analysis_id, with_for_update=True)
        if row is None:
            return True
        if row.status != QUEUED:
            return False
        refund_once(session, analysis_id)
        session.delete(row)
    return True


# -- taking analyses back ---------------------------------------------------------------------


def recover(db: sessionmaker[Session], stale_after: timedelta | None = None) -> list[str]:
    """processing → queued for every analysis a crashed process left (only those whose
    heartbeat is older than `stale_after`, where other processes may be running some);
    returns every queued analysis, oldest first."""
    with transaction(db) as session:
        abandoned = update(Analysis).where(Analysis.status == PROCESSING)
        if stale_after is not None:
            cutoff = utcnow() - stale_after
            abandoned = abandoned.where(
                or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < cutoff)
            )
        session.execute(abandoned.values(status=QUEUED))
        return list(
            session.scalars(
                select(Analysis.id).where(Analysis.status == QUEUED).order_by(Analysis.created_at)
            )
        )


def take_over_if_stale(
    db: sessionmaker[Session], analysis_id: str, lease_s: float = LEASE_S
) -> bool:
    """processing → queued when the heartbeat is older than the lease; True when taken."""
    cutoff = utcnow() - timedelta(seconds=lease_s)
    with transaction(db) as session:
        return _changed(
            session.execute(
                update(Analysis)
                .where(
                    Analysis.id == analysis_id,
                    Analysis.status == PROCESSING,
                    or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < cutoff),
                )
                .values(status=QUEUED, heartbeat_at=utcnow())
            )
        )


def attempts_of(db: sessionmaker[Session], analysis_id: str) -> int | None:
    with db() as session:
        return session.scalar(select(Analysis.attempts).where(Analysis.id == analysis_id))


def release(db: sessionmaker[Session], analysis_id: str, attempts_before: int) -> bool:
    """processing → queued now, by a process shutting down while it holds the claim: one made
    after `attempts_before` was read (a duplicate task never releases another's claim)."""
    with transaction(db) as session:
        return _changed(
            session.execute(
                update(Analysis)
                .where(
                    Analysis.id == analysis_id,
                    Analysis.status == PROCESSING,
                    Analysis.attempts > attempts_before,
                )
                .values(status=QUEUED, heartbeat_at=utcnow())
            )
        )


def last_sent() -> ColumnElement[Any]:
    """When a queued analysis was last sent to the queue."""
    return func.coalesce(Analysis.heartbeat_at, Analysis.created_at)


def mark_resent(db: sessionmaker[Session], analysis_id: str, overdue: Any) -> bool:
    """A queued analysis last sent before `overdue` is this caller's to send again (a
    compare-and-set, so several reapers never send it twice)."""
    with transaction(db) as session:
        return _changed(
            session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id, Analysis.status == QUEUED, last_sent() < overdue)
                .values(heartbeat_at=utcnow())
            )
        )


def mark_unsent(db: sessionmaker[Session], analysis_id: str, long_ago: Any) -> None:
    """A queued analysis whose send failed is due again at the next look."""
    with transaction(db) as session:
        session.execute(
            update(Analysis)
            .where(Analysis.id == analysis_id, Analysis.status == QUEUED)
            .values(heartbeat_at=long_ago)
        )
