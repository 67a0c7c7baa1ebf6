"""Runs one analysis: claims it, executes the preset's steps as a DAG (ready steps side by
side), records events and checkpoints, and ends it exactly once."""

from __future__ import annotations

import logging
import shutil
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.errors import MediaError
from clipapi.events import service as events
from clipapi.infra.netguard import HostPolicy
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.assemble import assemble
from clipapi.pipeline.registry import steps_for_preset
from clipapi.pipeline.step import JobRequest, Step, StepContext, StepOutput, StepTimeout
from clipapi.storage.base import BlobStore
from clipapi.usage import service as usage
from clipapi.webhooks import service as webhooks

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    code: str
    message: str


class PipelineFailed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class PipelineRunner:
    def __init__(
        self,
        db: sessionmaker[Session],
        storage: BlobStore,
        settings: Settings,
        policy: HostPolicy,
    ) -> None:
        self.db = db
        self.storage = storage
        self.settings = settings
        self.policy = policy

    # -- lifecycle -------------------------------------------------------------------------

    def run(self, analysis_id: str) -> None:
        claimed = self._claim(analysis_id)
        if claimed is None:
            return
        request, attempt = claimed
        workdir = self.settings.work_dir / analysis_id
        workdir.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        try:
            outputs = self._execute(request, workdir, started + self.settings.analysis_timeout_s)
            self._complete(request, attempt, outputs, started)
        except PipelineFailed as exc:
            self._fail(analysis_id, attempt, exc.failure)
        except Exception:
            log.exception("analysis %s crashed", analysis_id)
            self._fail(analysis_id, attempt, Failure("internal_error", "Analysis failed"))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _claim(self, analysis_id: str) -> tuple[JobRequest, int] | None:
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
            attempt = row.attempts
            request = JobRequest(
                analysis_id=row.id,
                preset=row.preset,
                source_kind=row.source_kind,
                video_url=row.video_url,
                storage_path=row.storage_path,
                upload_key=row.upload_key,
                upload_filename=row.upload_filename,
                max_duration_s=row.max_duration_s,
            )
        if attempt > self.settings.max_attempts:
            self._fail(
                analysis_id,
                attempt,
                Failure("attempts_exhausted", f"Analysis was interrupted {attempt - 1} times"),
            )
            return None
        return request, attempt

    # -- steps -----------------------------------------------------------------------------

    def _execute(
        self, request: JobRequest, workdir: Path, deadline: float
    ) -> dict[str, StepOutput]:
        plan = steps_for_preset(request.preset)
        outputs = self._load_checkpoints(request.analysis_id)
        ctx = StepContext(
            request=request,
            settings=self.settings,
            storage=self.storage,
            policy=self.policy,
            workdir=workdir,
            deadline=deadline,
            outputs=outputs,
        )
        pending = [s for s in plan if s.name not in outputs]
        skipped: set[str] = set()
        total = len(plan)
        # Steps wait on threads, not CPU: native decoders and models release the GIL.
        pool = ThreadPoolExecutor(max_workers=max(1, len(pending)), thread_name_prefix="step")
        running: dict[Future[StepOutput], tuple[Step, float]] = {}
        try:
            while pending or running:
                for step in list(pending):
                    if any(n in skipped for n in step.needs):
                        pending.remove(step)
                        skipped.add(step.name)
                        self._step_skipped(request.analysis_id, step)
                        continue
                    if all(n in outputs for n in step.needs):
                        pending.remove(step)
                        self._step_started(request.analysis_id, step)
                        running[pool.submit(step.run, ctx)] = (step, time.monotonic())
                if not running:
                    break
                done, _ = wait(
                    running, timeout=max(0.0, ctx.remaining_s()), return_when=FIRST_COMPLETED
                )
                if not done:
                    names = ", ".join(s.name for s, _ in running.values())
                    raise PipelineFailed(
                        Failure(
                            "timeout",
                            f"Analysis exceeded {self.settings.analysis_timeout_s:.0f} s "
                            f"(still running: {names})",
                        )
                    )
                for future in done:
                    step, t0 = running.pop(future)
                    duration_ms = int((time.monotonic() - t0) * 1000)
                    try:
                        output = future.result()
                    except Exception as exc:
                        failure = self._classify(step, exc)
                        self._step_failed(request.analysis_id, step, failure, duration_ms)
                        if step.critical or failure.code in ("timeout", "duration_exceeded"):
                            raise PipelineFailed(failure) from exc
                        skipped.add(step.name)
                        continue
                    outputs[step.name] = output
                    self._step_done(
                        request.analysis_id, step, output, duration_ms, len(outputs) / total
                    )
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        return outputs

    @staticmethod
    def _classify(step: Step, exc: BaseException) -> Failure:
        if isinstance(exc, MediaError):
            return Failure(exc.code, exc.message)
        if isinstance(exc, StepTimeout):
            return Failure("timeout", f"Step {step.name} ran past the analysis deadline")
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

    def _step_started(self, analysis_id: str, step: Step) -> None:
        with transaction(self.db) as session:
            session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id)
                .values(current_step=step.name, heartbeat_at=utcnow())
            )
            events.record(
                session, analysis_id, "step_start", {"step": step.name, "job_id": analysis_id}
            )

    def _step_done(
        self, analysis_id: str, step: Step, output: StepOutput, duration_ms: int, progress: float
    ) -> None:
        with transaction(self.db) as session:
            session.merge(
                StepCheckpoint(
                    analysis_id=analysis_id,
                    step=step.name,
                    status="done",
                    duration_ms=duration_ms,
                    output=output.to_json(),
                )
            )
            session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id)
                .values(progress=round(progress, 3), heartbeat_at=utcnow())
            )
            events.record(
                session,
                analysis_id,
                "step_done",
                {"step": step.name, "duration_ms": duration_ms, "job_id": analysis_id},
            )

    def _step_failed(
        self, analysis_id: str, step: Step, failure: Failure, duration_ms: int
    ) -> None:
        with transaction(self.db) as session:
            session.merge(
                StepCheckpoint(
                    analysis_id=analysis_id,
                    step=step.name,
                    status="failed",
                    duration_ms=duration_ms,
                    output={"error": {"code": failure.code, "message": failure.message}},
                )
            )
            events.record(
                session,
                analysis_id,
                "step_failed",
                {
                    "step": step.name,
                    "job_id": analysis_id,
                    "duration_ms": duration_ms,
                    "error": failure.message,
                    "code": failure.code,
                },
            )

    def _step_skipped(self, analysis_id: str, step: Step) -> None:
        with transaction(self.db) as session:
            session.merge(
                StepCheckpoint(
                    analysis_id=analysis_id,
                    step=step.name,
                    status="skipped",
                    duration_ms=0,
                    output=None,
                )
            )

    # -- endings ---------------------------------------------------------------------------

    def _complete(
        self, request: JobRequest, attempt: int, outputs: dict[str, StepOutput], started: float
    ) -> None:
        with transaction(self.db) as session:
            row = session.get_one(Analysis, request.analysis_id)
            checkpoints = list(
                session.scalars(
                    select(StepCheckpoint).where(StepCheckpoint.analysis_id == request.analysis_id)
                )
            )
            result = assemble(row, checkpoints, outputs, steps_for_preset(request.preset))
            changed = session.execute(
                update(Analysis)
                .where(
                    Analysis.id == request.analysis_id,
                    Analysis.status == "processing",
                    Analysis.attempts == attempt,
                )
                .values(
                    status="completed",
                    result=result,
                    progress=1.0,
                    current_step=None,
                    completed_at=utcnow(),
                )
            )
            if changed.rowcount != 1:  # type: ignore[attr-defined]
                log.warning("analysis %s was ended elsewhere; result dropped", request.analysis_id)
                return
            events.record(
                session,
                request.analysis_id,
                "pipeline_done",
                {
                    "analysis_id": request.analysis_id,
                    "duration_ms": int((time.monotonic() - started) * 1000),
                },
            )
            webhooks.schedule(session, row, "analysis.completed")

    def _fail(self, analysis_id: str, attempt: int, failure: Failure) -> None:
        with transaction(self.db) as session:
            changed = session.execute(
                update(Analysis)
                .where(
                    Analysis.id == analysis_id,
                    Analysis.status.in_(("processing", "queued")),
                    Analysis.attempts == attempt,
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
                return
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


def recover(db: sessionmaker[Session]) -> list[str]:
    """At start-up: analyses a crashed process left queued or processing go back in the queue
    (resuming from their checkpoints); the attempt cap ends those that keep crashing."""
    with transaction(db) as session:
        session.execute(
            update(Analysis).where(Analysis.status == "processing").values(status="queued")
        )
        return list(
            session.scalars(
                select(Analysis.id).where(Analysis.status == "queued").order_by(Analysis.created_at)
            )
        )
