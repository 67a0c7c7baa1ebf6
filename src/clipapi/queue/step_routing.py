"""Routed steps: one step of an analysis runs as a Celery task on a queue of its own
(`CLIPAPI_STEP_QUEUES="transcription=asr"`), so that only the workers started with
`clipapi worker --queues asr` (a GPU machine, say) run it.

Both halves of the exchange live here:

- the runner side, `CeleryStepExecutor`: it marks the step's checkpoint row `dispatched`
  with a fresh dispatch id, sends the task `clipapi.step` with everything the step needs
  (analysis id, step name, the runner's attempt, the JSON outputs of the steps it reads, the
  seconds left before the analysis deadline), then polls that row until the remote worker
  wrote the outcome into it;
- the worker side, `run_routed_step`: it takes the row (`running`, with its worker name and
  process id), rebuilds a StepContext (the request from the analysis row, the outputs from
  the message, a private temporary workdir, the blob store from its settings), runs the step
  while beating the row, and writes `done` with the StepOutput JSON, or `error` with a
  structured {kind, code, message} that the runner turns back into the exception it would
  have caught locally (MediaError with its code, StepTimeout, or a generic step error).
  Nothing is pickled and no result backend is needed: the database is the reply channel,
  as durable as every other checkpoint (a `done` row written after the analysis's worker
  died is reused when the analysis resumes).

Every write on either side is a compare-and-set on (analysis still `processing` under the
runner's attempt, checkpoint row still carrying this dispatch id), so a late, duplicated or
superseded task changes nothing. Bounds: the runner stops waiting at the analysis deadline
(`timeout`, naming the queue nobody took it from); the task carries matching Celery time
limits and expires at the deadline; a remote worker whose beats stop for LEASE_S (a lost
machine: its message would stay unacked in the broker for the visibility timeout) is given
up on and the step sent again, at most CLIPAPI_MAX_ATTEMPTS times, then the step fails with
`worker_lost`.
"""

from __future__ import annotations

import logging
import os
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.errors import AppError, MediaError
from clipapi.infra.netguard import HostPolicy
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.executors import Finished
from clipapi.pipeline.registry import REGISTRY, Registry
from clipapi.pipeline.runner import APP_ERROR_CODES, HEARTBEAT_S, request_of
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
from clipapi.queue.celery_app import STEP_TASK_NAME
from clipapi.queue.takeover import LEASE_S
from clipapi.storage.base import BlobStore

log = logging.getLogger(__name__)

# Checkpoint statuses of a routed step in flight (then `done`, or `error` until the runner
# records the failure as `failed`).
DISPATCHED = "dispatched"
RUNNING = "running"
DONE = "done"
ERROR = "error"
POLL_S = 0.5  # how often the runner reads the row it waits on
WAIT_PAST_DEADLINE_S = 1.0
BEAT_S = HEARTBEAT_S  # how often the remote worker proves it is alive while the step runs
# The task's Celery limits, past the analysis deadline that the step itself checks.
STEP_SOFT_MARGIN_S = 10.0
STEP_HARD_MARGIN_S = 20.0


class RemoteStepError(Exception):
    """A routed step raised something unexpected on its worker (which logged the traceback);
    the runner records it as `step_error`, as it would a local exception."""


@dataclass(frozen=True)
class StepJob:
    """The `clipapi.step` task's one argument, as JSON."""

    analysis_id: str
    step: str
    attempt: int
    dispatch: str
    queue: str
    outputs: dict[str, dict[str, Any]]
    remaining_s: float
    sent_at: float  # wall clock, to take the time spent queued off the remaining seconds

    def to_payload(self) -> dict[str, Any]:
        return {
            "analysis_id": self.analysis_id,
            "step": self.step,
            "attempt": self.attempt,
            "dispatch": self.dispatch,
            "queue": self.queue,
            "outputs": self.outputs,
            "remaining_s": self.remaining_s,
            "sent_at": self.sent_at,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> StepJob:
        return cls(
            analysis_id=str(data["analysis_id"]),
            step=str(data["step"]),
            attempt=int(data["attempt"]),
            dispatch=str(data["dispatch"]),
            queue=str(data["queue"]),
            outputs={str(k): dict(v) for k, v in dict(data["outputs"]).items()},
            remaining_s=float(data["remaining_s"]),
            sent_at=float(data["sent_at"]),
        )


# -- errors on the wire ---------------------------------------------------------------------


def encode_error(exc: BaseException) -> dict[str, str]:
    """What the runner needs to classify a remote failure as it would a local one."""
    if isinstance(exc, AppError):
        code = getattr(exc, "code", None) or APP_ERROR_CODES.get(exc.status_code, "invalid_input")
        return {"kind": "app", "code": str(code), "message": exc.message}
    if isinstance(exc, StepTimeout) or _is_soft_time_limit(exc):
        return {"kind": "timeout", "code": "timeout", "message": str(exc) or "deadline passed"}
    return {"kind": "error", "code": "step_error", "message": f"{type(exc).__name__}: {exc}"}


def decode_error(data: Mapping[str, Any]) -> Exception:
    kind = str(data.get("kind", "error"))
    message = str(data.get("message") or "step failed on its worker")
    if kind == "app":
        return MediaError(message, code=str(data.get("code") or "invalid_input"))
    if kind == "timeout":
        return StepTimeout(message)
    return RemoteStepError(message)


def _is_soft_time_limit(exc: BaseException) -> bool:
    try:
        from celery.exceptions import SoftTimeLimitExceeded
    except ImportError:  # pragma: no cover - the scale extra brings celery
        return False
    return isinstance(exc, SoftTimeLimitExceeded)


# -- the runner side ------------------------------------------------------------------------


def inputs_of(step: Step, registry: Registry) -> set[str]:
    """The steps whose outputs `step` may read: its needs and uses, and theirs (every step
    reads the ingest step's media key through ctx.media_path())."""
    found: set[str] = set()
    pending = [*step.needs, *uses_of(step)]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        parent = registry.steps.get(name)
        if parent is not None:
            pending.extend((*parent.needs, *uses_of(parent)))
    return found


@dataclass(frozen=True)
class _Seen:
    status: str
    routed: dict[str, Any]
    output: dict[str, Any]


_LOST = object()


class CeleryStepExecutor:
    """Runs the steps routed to one queue as `clipapi.step` tasks (see the module doc)."""

    def __init__(
        self,
        queue_name: str,
        db: sessionmaker[Session],
        settings: Settings,
        registry: Registry,
        *,
        send: Callable[[StepJob], None] | None = None,
        lease_s: float = LEASE_S,
        poll_s: float = POLL_S,
    ) -> None:
        self.queue_name = queue_name
        self.where = f"queue {queue_name}"
        self.db = db
        self.settings = settings
        self.registry = registry
        self.lease_s = lease_s
        self.poll_s = poll_s
        self._send = send or self._send_task
        self._app: Any = None
        self._app_lock = threading.Lock()

    def start(
        self, step: Step, ctx: StepContext, attempt: int, finished: queue.Queue[Finished]
    ) -> None:
        # The outputs are read now, in the runner's thread, which is the one that adds to them.
        outputs = {
            name: ctx.outputs[name].to_json()
            for name in sorted(inputs_of(step, self.registry))
            if name in ctx.outputs
        }
        threading.Thread(
            target=self._run,
            args=(step, ctx, attempt, outputs, finished),
            name=f"step-{step.name}@{self.queue_name}",
            daemon=True,
        ).start()

    def _run(
        self,
        step: Step,
        ctx: StepContext,
        attempt: int,
        outputs: dict[str, dict[str, Any]],
        finished: queue.Queue[Finished],
    ) -> None:
        t0 = time.monotonic()
        try:
            seen = self._dispatch_and_wait(step, ctx, attempt, outputs)
        except BaseException as exc:  # handed to the runner, which classifies it
            finished.put(Finished(step, time.monotonic() - t0, error=exc))
            return
        if seen is None:  # deleted, or no longer this run's
            finished.put(Finished(step, time.monotonic() - t0, error=Superseded(ctx.analysis_id)))
            return
        where = {k: v for k, v in seen.routed.items() if k != "beat"}
        seconds = time.monotonic() - t0
        if seen.status == DONE:
            output = StepOutput.from_json(seen.output)
            finished.put(Finished(step, seconds, output=output, where=where))
        else:
            error = decode_error(seen.output.get("error") or {})
            finished.put(Finished(step, seconds, error=error, where=where))

    def _dispatch_and_wait(
        self, step: Step, ctx: StepContext, attempt: int, outputs: dict[str, dict[str, Any]]
    ) -> _Seen | None:
        analysis_id = ctx.analysis_id
        tries = self.settings.max_attempts
        for n in range(1, tries + 1):
            remaining = ctx.remaining_s()
            if remaining <= 0:
                raise StepTimeout(f"Step {step.name} ran past the analysis deadline")
            job = StepJob(
                analysis_id=analysis_id,
                step=step.name,
                attempt=attempt,
                dispatch=uuid.uuid4().hex,
                queue=self.queue_name,
                outputs=outputs,
                remaining_s=remaining,
                sent_at=time.time(),
            )
            if not mark_dispatched(self.db, job):
                return None
            try:
                self._send(job)
            except Exception as exc:  # the broker is away: a step_error, as the runner logs
                log.warning(
                    "analysis %s: step %s could not be sent to queue %s: %s",
                    analysis_id,
                    step.name,
                    self.queue_name,
                    exc,
                )
                raise
            log.info(
                "analysis %s: step %s sent to queue %s (dispatch %s)",
                analysis_id,
                step.name,
                self.queue_name,
                job.dispatch,
            )
            seen = self._wait(job, ctx)
            if seen is not _LOST:
                return seen if isinstance(seen, _Seen) else None
            log.warning(
                "analysis %s: the worker running step %s stopped beating for %g s (%d of %d)",
                analysis_id,
                step.name,
                self.lease_s,
                n,
                tries,
            )
        raise StepLost(f"Step {step.name} lost its worker on queue {self.queue_name} {tries} times")

    def _wait(self, job: StepJob, ctx: StepContext) -> object:
        """The row's outcome (_Seen), None when superseded, or _LOST."""
        last: tuple[Any, ...] | None = None
        changed = time.monotonic()
        while True:
            seen = read_dispatch(self.db, job)
            if seen is None or seen.status in (DONE, ERROR):
                return seen
            marker = (seen.status, seen.routed.get("beat"), seen.routed.get("pid"))
            now = time.monotonic()
            if marker != last:
                last, changed = marker, now
            elif seen.status == RUNNING and now - changed > self.lease_s:
                return _LOST
            # The runner fails the analysis at the deadline itself (`timeout`, naming the
            # queue); this wait only has to end, and say why, shortly after.
            if ctx.remaining_s() <= -WAIT_PAST_DEADLINE_S:
                if seen.status == DISPATCHED:
                    reason = f"no worker took it from queue {job.queue}"
                else:
                    reason = f"still running on {seen.routed.get('worker')}"
                log.warning(
                    "analysis %s: step %s past the analysis deadline: %s",
                    job.analysis_id,
                    job.step,
                    reason,
                )
                raise StepTimeout(f"Step {job.step} past the analysis deadline: {reason}")
            time.sleep(self.poll_s)

    def _send_task(self, job: StepJob) -> None:
        with self._app_lock:
            if self._app is None:
                from clipapi.queue.celery_app import make_celery

                self._app = make_celery(self.settings)
        soft = job.remaining_s + STEP_SOFT_MARGIN_S
        self._app.send_task(
            STEP_TASK_NAME,
            kwargs={"job": job.to_payload()},
            queue=job.queue,
            # Not run at all once the analysis deadline passed while it was queued.
            expires=job.remaining_s,
            soft_time_limit=soft,
            time_limit=soft + STEP_HARD_MARGIN_S,
        )


def _owned(session: Session, job: StepJob, *, lock: bool = False) -> Analysis | None:
    """The analysis, while it is still `processing` under the attempt that sent the job."""
    row = session.get(Analysis, job.analysis_id, with_for_update=lock)
    if row is None or row.status != "processing" or row.attempts != job.attempt:
        return None
    return row


def _routed(checkpoint: StepCheckpoint | None) -> dict[str, Any]:
    output = (checkpoint.output if checkpoint else None) or {}
    routed = output.get("routed")
    return dict(routed) if isinstance(routed, dict) else {}


def _this_dispatch(checkpoint: StepCheckpoint | None, job: StepJob) -> bool:
    return checkpoint is not None and _routed(checkpoint).get("dispatch") == job.dispatch


def mark_dispatched(db: sessionmaker[Session], job: StepJob) -> bool:
    """The row the remote worker will answer in, under the runner's claim; False when the
    analysis is no longer this run's."""
    with transaction(db) as session:
        changed = session.execute(
            update(Analysis)
            .where(
                Analysis.id == job.analysis_id,
                Analysis.status == "processing",
                Analysis.attempts == job.attempt,
            )
            .values(heartbeat_at=utcnow())
        )
        if changed.rowcount != 1:  # type: ignore[attr-defined]
            return False
        session.merge(
            StepCheckpoint(
                analysis_id=job.analysis_id,
                step=job.step,
                status=DISPATCHED,
                duration_ms=0,
                output={
                    "routed": {"queue": job.queue, "dispatch": job.dispatch, "attempt": job.attempt}
                },
            )
        )
    return True


def read_dispatch(db: sessionmaker[Session], job: StepJob) -> _Seen | None:
    with db() as session:
        owner = session.execute(
            select(Analysis.status, Analysis.attempts).where(Analysis.id == job.analysis_id)
        ).one_or_none()
        if owner is None or tuple(owner) != ("processing", job.attempt):
            return None
        checkpoint = session.get(StepCheckpoint, (job.analysis_id, job.step))
        if checkpoint is None or not _this_dispatch(checkpoint, job):
            # Only this runner writes the row between dispatch and outcome.
            raise RemoteStepError(f"the checkpoint row of step {job.step} was overwritten")
        return _Seen(checkpoint.status, _routed(checkpoint), dict(checkpoint.output or {}))


# -- the worker side ------------------------------------------------------------------------


def run_routed_step(
    payload: Mapping[str, Any],
    *,
    db: sessionmaker[Session],
    storage: BlobStore,
    settings: Settings,
    policy: HostPolicy,
    worker: str,
    registry: Registry = REGISTRY,
) -> dict[str, Any]:
    """The `clipapi.step` task: run one step for a runner elsewhere and write its outcome
    into the step's checkpoint row. Returns a summary (for logs; nobody waits on it)."""
    job = StepJob.from_payload(payload)
    queued_s = min(max(0.0, time.time() - job.sent_at), job.remaining_s)
    deadline = time.monotonic() + job.remaining_s - queued_s
    where = {
        "queue": job.queue,
        "dispatch": job.dispatch,
        "attempt": job.attempt,
        "worker": worker,
        "pid": os.getpid(),
    }
    request = take_dispatch(db, job, where)
    if request is None:
        log.info(
            "analysis %s: step %s (dispatch %s) is no longer wanted; not run",
            job.analysis_id,
            job.step,
            job.dispatch,
        )
        return {"status": "superseded"}
    log.info(
        "analysis %s: step %s running in worker process %d (%s, queue %s)",
        job.analysis_id,
        job.step,
        os.getpid(),
        worker,
        job.queue,
    )
    settings.work_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(
        prefix=f"{job.analysis_id}-{job.step}-", dir=settings.work_dir
    ) as workdir:
        ctx = StepContext(
            request=request,
            settings=settings,
            storage=storage,
            policy=policy,
            workdir=Path(workdir),
            deadline=deadline,
            outputs={name: StepOutput.from_json(o) for name, o in job.outputs.items()},
        )
        beat = _Beat(db, job, ctx)
        beat.start()
        try:
            step = registry.steps.get(job.step)
            if step is None:
                raise LookupError(f"this worker has no step {job.step!r}")
            ctx.check_deadline()  # it may have waited in the queue until the deadline
            output = step.run(ctx)
        except Exception as exc:
            error = encode_error(exc)
            if error["kind"] == "error":
                log.error("analysis %s: step %s raised", job.analysis_id, job.step, exc_info=exc)
            status, stored = ERROR, {"error": error, "routed": where}
        else:
            status, stored = DONE, {**output.to_json(), "routed": where}
        finally:
            beat.stop()
    duration_ms = int((time.monotonic() - t0) * 1000)
    kept = _record(db, job, status, duration_ms, stored)
    log.info(
        "analysis %s: step %s %s in %d ms%s",
        job.analysis_id,
        job.step,
        status,
        duration_ms,
        "" if kept else " (no longer wanted; discarded)",
    )
    return {"status": status if kept else "superseded", "duration_ms": duration_ms}


def take_dispatch(
    db: sessionmaker[Session], job: StepJob, where: dict[str, Any]
) -> JobRequest | None:
    """dispatched (or running, for a redelivered task) -> running, with this worker's name."""
    with transaction(db) as session:
        row = _owned(session, job)
        if row is None:
            return None
        checkpoint = session.get(StepCheckpoint, (job.analysis_id, job.step), with_for_update=True)
        if checkpoint is None or checkpoint.status not in (DISPATCHED, RUNNING):
            return None
        if not _this_dispatch(checkpoint, job):
            return None
        beat = int(_routed(checkpoint).get("beat") or 0)
        checkpoint.status = RUNNING
        checkpoint.output = {"routed": {**where, "beat": beat + 1}}
        return request_of(row)


def _beat(db: sessionmaker[Session], job: StepJob) -> bool:
    with transaction(db) as session:
        if _owned(session, job) is None:
            return False
        checkpoint = session.get(StepCheckpoint, (job.analysis_id, job.step), with_for_update=True)
        if (
            checkpoint is None
            or checkpoint.status != RUNNING
            or not _this_dispatch(checkpoint, job)
        ):
            return False
        routed = _routed(checkpoint)
        checkpoint.output = {"routed": {**routed, "beat": int(routed.get("beat") or 0) + 1}}
        return True


def _record(
    db: sessionmaker[Session], job: StepJob, status: str, duration_ms: int, stored: dict[str, Any]
) -> bool:
    with transaction(db) as session:
        if _owned(session, job, lock=True) is None:
            return False
        checkpoint = session.get(StepCheckpoint, (job.analysis_id, job.step), with_for_update=True)
        if checkpoint is None or checkpoint.status not in (DISPATCHED, RUNNING):
            return False
        if not _this_dispatch(checkpoint, job):
            return False
        checkpoint.status = status
        checkpoint.duration_ms = duration_ms
        checkpoint.output = stored
        return True


class _Beat:
    """Beats the checkpoint row while the step runs; when the row is no longer this task's
    (the analysis ended, or the runner gave up on this dispatch), it pulls the step's
    deadline in, so that the step's next check_deadline() stops it."""

    def __init__(self, db: sessionmaker[Session], job: StepJob, ctx: StepContext) -> None:
        self.db = db
        self.job = job
        self.ctx = ctx
        self.every_s = BEAT_S
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="step-beat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                wanted = _beat(self.db, self.job)
            except Exception as exc:  # the database away for a moment: the next beat counts
                log.warning("step %s: beat failed: %s", self.job.step, exc)
                continue
            if not wanted:
                log.warning(
                    "analysis %s: step %s is no longer wanted; stopping it",
                    self.job.analysis_id,
                    self.job.step,
                )
                self.ctx.deadline = time.monotonic()
                return
