"""Runs one analysis: claims it, executes the preset's steps as a DAG (ready steps side by
side), records events and checkpoints, and ends it exactly once."""

from __future__ import annotations

import logging
import queue
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.errors import AppError
from clipapi.events import service as events
from clipapi.health.metrics import STEP_SECONDS
from clipapi.infra.netguard import HostPolicy
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.assemble import assemble
from clipapi.pipeline.executors import Finished, StepRouter, route_steps
from clipapi.pipeline.registry import REGISTRY, Registry, steps_for_preset
from clipapi.pipeline.step import (
    JobRequest,
    Step,
    StepContext,
    StepLost,
    StepOutput,
    StepTimeout,
    Superseded,
    uses_of,
)
from clipapi.storage.base import BlobStore
from clipapi.usage import service as usage
from clipapi.webhooks import service as webhooks

log = logging.getLogger(__name__)

# While steps run, the runner wakes this often to heartbeat, and so notices within that time
# that the analysis was deleted or taken over, however long the step takes.
HEARTBEAT_S = 10.0
# Ending an analysis is retried through short database outages (a dropped connection, a
# busy SQLite file): only a process that dies leaves a claimed analysis `processing`.
END_ATTEMPTS = 4
END_RETRY_DELAY_S = 0.5
# A non-critical step failing with these codes still ends the analysis.
FATAL_CODES = frozenset({"timeout", "duration_exceeded"})
# Error codes for expected input conditions that carry none of their own.
APP_ERROR_CODES = {413: "file_too_large", 400: "invalid_input"}


@dataclass(frozen=True)
class Failure:
    code: str
    message: str


class PipelineFailed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


@dataclass(frozen=True)
class Claim:
    request: JobRequest
    attempt: int

    @property
    def analysis_id(self) -> str:
        return self.request.analysis_id


def request_of(row: Analysis) -> JobRequest:
    return JobRequest(
        analysis_id=row.id,
        preset=row.preset,
        source_kind=row.source_kind,
        video_url=row.video_url,
        storage_path=row.storage_path,
        upload_key=row.upload_key,
        upload_filename=row.upload_filename,
        max_duration_s=row.max_duration_s,
    )


class PipelineRunner:
    def __init__(
        self,
        db: sessionmaker[Session],
        storage: BlobStore,
        settings: Settings,
        policy: HostPolicy,
        *,
        registry: Registry = REGISTRY,
        executors: StepRouter | None = None,
    ) -> None:
        self.db = db
        self.storage = storage
        self.settings = settings
        self.policy = policy
        self.registry = registry
        # Where each step runs: here, in a thread, unless CLIPAPI_STEP_QUEUES routes it.
        self.executors = executors or route_steps(settings, db, registry)

    # -- lifecycle -------------------------------------------------------------------------

    def run(self, analysis_id: str) -> None:
        claim = self._claim(analysis_id)
        if claim is None:
            return
        if claim.attempt > self.settings.max_attempts:
            interrupted = claim.attempt - 1
            self._end_failed(
                claim,
                Failure("attempts_exhausted", f"Analysis was interrupted {interrupted} times"),
            )
            return
        workdir = self.settings.work_dir / analysis_id
        started = time.monotonic()
        try:
            workdir.mkdir(parents=True, exist_ok=True)
            outputs = self._execute(claim, workdir, started + self.settings.analysis_timeout_s)
            self._retrying(lambda: self._complete(claim, outputs, started))
        except Superseded:
            log.info("analysis %s was deleted or ended elsewhere; run stopped", analysis_id)
        except PipelineFailed as exc:
            self._end_failed(claim, exc.failure)
        except Exception:
            log.exception("analysis %s crashed", analysis_id)
            self._end_failed(claim, Failure("internal_error", "Analysis failed"))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _claim(self, analysis_id: str) -> Claim | None:
        """queued → processing, once; a redelivered or duplicate job finds nothing to claim."""
        with transaction(self.db) as session:
            result = session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id, Analysis.status == "queued")
                .values(
                    status="processing",
                    attempts=Analysis.attempts + 1,
                    heartbeat_at=utcnow(),
                )
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None
            row = session.get_one(Analysis, analysis_id)
            if row.started_at is None:
                row.started_at = utcnow()
            return Claim(request_of(row), row.attempts)

    # -- steps -----------------------------------------------------------------------------

    def _execute(self, claim: Claim, workdir: Path, deadline: float) -> dict[str, StepOutput]:
        plan = steps_for_preset(claim.request.preset, self.registry)
        outputs = self._load_checkpoints(claim.analysis_id)
        ctx = StepContext(
            request=claim.request,
            settings=self.settings,
            storage=self.storage,
            policy=self.policy,
            workdir=workdir,
            deadline=deadline,
            outputs=outputs,
        )
        pending = [s for s in plan if s.name not in outputs]
        settled = len(plan) - len(pending)
        skipped: set[str] = set()
        planned = {s.name for s in plan}
        running: dict[str, float] = {}  # step name -> when it started
        finished: queue.Queue[Finished] = queue.Queue()
        while pending or running:
            for step in list(pending):  # plan order is dependency order: parents come first
                if any(n in skipped for n in step.needs):
                    pending.remove(step)
                    skipped.add(step.name)
                    settled += 1
                    self._step_skipped(claim, step)
                elif all(n in outputs for n in step.needs) and all(
                    n in outputs or n in skipped or n not in planned for n in uses_of(step)
                ):
                    pending.remove(step)
                    self._step_started(claim, step)
                    running[step.name] = time.monotonic()
                    self.executors.executor_for(step.name).start(step, ctx, claim.attempt, finished)
            if not running:
                break
            try:
                result = finished.get(timeout=max(0.0, min(ctx.remaining_s(), HEARTBEAT_S)))
            except queue.Empty:
                if ctx.remaining_s() > 0:
                    self._heartbeat(claim)
                    continue
                raise PipelineFailed(self._timed_out(running)) from None
            if isinstance(result.error, Superseded):  # an executor found out first
                raise result.error
            step = result.step
            del running[step.name]
            settled += 1
            duration_ms = int(result.seconds * 1000)
            if result.output is None:
                failure = self._classify(step, result.error)
                STEP_SECONDS.labels(step.name, "failed").observe(result.seconds)
                self._step_failed(claim, step, failure, duration_ms)
                if step.critical or failure.code in FATAL_CODES:
                    raise PipelineFailed(failure) from result.error
                skipped.add(step.name)
                continue
            STEP_SECONDS.labels(step.name, "done").observe(result.seconds)
            outputs[step.name] = result.output
            self._step_done(
                claim, step, result.output, duration_ms, settled / len(plan), result.where
            )
        return outputs

    def _timed_out(self, running: dict[str, float]) -> Failure:
        now = time.monotonic()
        still = []
        for name, t0 in running.items():
            STEP_SECONDS.labels(name, "timeout").observe(now - t0)
            where = self.executors.executor_for(name).where
            still.append(f"{name} on {where}" if where else name)
        return Failure(
            "timeout",
            f"Analysis exceeded {self.settings.analysis_timeout_s:g} s "
            f"(still running: {', '.join(still)})",
        )

    @staticmethod
    def _classify(step: Step, exc: BaseException | None) -> Failure:
        if isinstance(exc, AppError):  # an expected condition of the input: its own code
            code = getattr(exc, "code", None) or APP_ERROR_CODES.get(
                exc.status_code, "invalid_input"
            )
            return Failure(str(code), exc.message)
        if isinstance(exc, StepTimeout):
            return Failure("timeout", f"Step {step.name} ran past the analysis deadline")
        if isinstance(exc, StepLost):
            return Failure("worker_lost", str(exc))
        log.error("step %s raised", step.name, exc_info=exc)
        return Failure("step_error", f"Step {step.name} failed")

    def _load_checkpoints(self, analysis_id: str) -> dict[str, StepOutput]:
        with self.db() as session:
            rows = session.scalars(
                select(StepCheckpoint).where(
                    StepCheckpoint.analysis_id == analysis_id, StepCheckpoint.status == "done"
                )
            )
            return {row.step: StepOutput.from_json(row.output or {}) for row in rows}

    @staticmethod
    def _touch(session: Session, claim: Claim, **values: Any) -> None:
        """Heartbeat, and the guard on every write: the analysis must still be this run's."""
        changed = session.execute(
            update(Analysis)
            .where(
                Analysis.id == claim.analysis_id,
                Analysis.status == "processing",
                Analysis.attempts == claim.attempt,
            )
            .values(heartbeat_at=utcnow(), **values)
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            raise Superseded(claim.analysis_id)

    def _heartbeat(self, claim: Claim) -> None:
        with transaction(self.db) as session:
            self._touch(session, claim)

    def _step_started(self, claim: Claim, step: Step) -> None:
        with transaction(self.db) as session:
            self._touch(session, claim, current_step=step.name)
            events.record(
                session,
                claim.analysis_id,
                "step_start",
                {"step": step.name, "job_id": claim.analysis_id},
            )

    def _step_done(
        self,
        claim: Claim,
        step: Step,
        output: StepOutput,
        duration_ms: int,
        progress: float,
        where: dict[str, Any] | None = None,
    ) -> None:
        stored = output.to_json()
        if where is not None:  # a routed step: which queue, worker and process ran it
            stored["routed"] = where
        with transaction(self.db) as session:
            self._touch(session, claim, progress=round(progress, 3))
            self._checkpoint(session, claim, step, "done", duration_ms, stored)
            events.record(
                session,
                claim.analysis_id,
                "step_done",
                {"step": step.name, "duration_ms": duration_ms, "job_id": claim.analysis_id},
            )

    def _step_failed(self, claim: Claim, step: Step, failure: Failure, duration_ms: int) -> None:
        with transaction(self.db) as session:
            self._touch(session, claim)
            error = {"code": failure.code, "message": failure.message}
            self._checkpoint(session, claim, step, "failed", duration_ms, {"error": error})
            events.record(
                session,
                claim.analysis_id,
                "step_failed",
                {
                    "step": step.name,
                    "job_id": claim.analysis_id,
                    "duration_ms": duration_ms,
                    "error": failure.message,
                    "code": failure.code,
                },
            )

    def _step_skipped(self, claim: Claim, step: Step) -> None:
        with transaction(self.db) as session:
            self._touch(session, claim)
            self._checkpoint(session, claim, step, "skipped", 0, None)

    @staticmethod
    def _checkpoint(
        session: Session,
        claim: Claim,
        step: Step,
        status: str,
        duration_ms: int,
        output: dict[str, Any] | None,
    ) -> None:
        session.merge(
            StepCheckpoint(
                analysis_id=claim.analysis_id,
                step=step.name,
                status=status,
                duration_ms=duration_ms,
                output=output,
            )
        )

    # -- endings ---------------------------------------------------------------------------

    def _retrying(self, end: Callable[[], None]) -> None:
        for attempt in range(1, END_ATTEMPTS + 1):
            try:
                end()
                return
            except OperationalError:
                if attempt == END_ATTEMPTS:
                    raise
                log.warning("database unavailable while ending an analysis; retrying")
                time.sleep(END_RETRY_DELAY_S * 2 ** (attempt - 1))

    def _end_failed(self, claim: Claim, failure: Failure) -> None:
        try:
            self._retrying(lambda: self._fail(claim, failure))
        except Exception:
            # Nothing more this process can do; recover() re-queues it at the next start-up.
            log.exception("analysis %s could not be marked failed", claim.analysis_id)

    def _complete(self, claim: Claim, outputs: dict[str, StepOutput], started: float) -> None:
        with transaction(self.db) as session:
            row = session.get(Analysis, claim.analysis_id)
            if row is None or row.status != "processing" or row.attempts != claim.attempt:
                raise Superseded(claim.analysis_id)
            checkpoints = list(
                session.scalars(
                    select(StepCheckpoint).where(StepCheckpoint.analysis_id == claim.analysis_id)
                )
            )
            plan = steps_for_preset(claim.request.preset, self.registry)
            result = assemble(row, checkpoints, outputs, plan)
            self._touch(
                session,
                claim,
                status="completed",
                result=result,
                progress=1.0,
                current_step=None,
                completed_at=utcnow(),
            )
            events.record(
                session,
                claim.analysis_id,
                "pipeline_done",
                {
                    "analysis_id": claim.analysis_id,
                    "duration_ms": int((time.monotonic() - started) * 1000),
                },
            )
            webhooks.schedule(session, row, "analysis.completed")

    def _fail(self, claim: Claim, failure: Failure) -> None:
        analysis_id = claim.analysis_id
        with transaction(self.db) as session:
            changed = session.execute(
                update(Analysis)
                .where(
                    Analysis.id == analysis_id,
                    Analysis.status == "processing",
                    Analysis.attempts == claim.attempt,
                )
                .values(
                    status="failed",
                    error_code=failure.code,
                    error_message=failure.message,
                    current_step=None,
                    completed_at=utcnow(),
                )
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                return  # deleted (which refunds) or ended elsewhere
            row = session.get_one(Analysis, analysis_id)
            # Only results are paid for: a failed analysis gives its quota back, once.
            refunded = session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id, Analysis.charged.is_(True))
                .values(charged=False)
            )
            if refunded.rowcount == 1 and row.charge_period:  # type: ignore[attr-defined]
                usage.refund(session, row.user_id, row.charge_period)
            events.record(
                session,
                analysis_id,
                "pipeline_failed",
                {
                    "analysis_id": analysis_id,
                    "error": {"code": failure.code, "message": failure.message},
                },
            )
            webhooks.schedule(session, row, "analysis.failed")


def recover(db: sessionmaker[Session], stale_after: timedelta | None = None) -> list[str]:
    """At start-up: analyses a crashed process left queued or processing go back in the queue
    (resuming from their checkpoints); the attempt cap ends those that keep crashing.

    Where other processes may be running analyses, pass `stale_after` (several HEARTBEAT_S):
    only analyses whose heartbeat is older than that are taken back.
    """
    with transaction(db) as session:
        abandoned = update(Analysis).where(Analysis.status == "processing")
        if stale_after is not None:
            cutoff = utcnow() - stale_after
            abandoned = abandoned.where(
                or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < cutoff)
            )
        session.execute(abandoned.values(status="queued"))
        return list(
            session.scalars(
                select(Analysis.id).where(Analysis.status == "queued").order_by(Analysis.created_at)
            )
        )
