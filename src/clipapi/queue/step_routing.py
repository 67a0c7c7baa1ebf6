"""Routed steps: one step of an analysis runs as a Celery task on a queue of its own
(`CLIPAPI_STEP_QUEUES="transcription=asr"`), so that only the workers started with
`clipapi worker --queues asr` (a GPU machine, say) run it.

- the runner side, `CeleryStepExecutor` (here): it marks the step's checkpoint row
  `dispatched` with a fresh dispatch id, sends the task `clipapi.step` with everything the
  step needs (analysis id, step name, the runner's attempt, the JSON outputs of the steps it
  reads, the seconds left before the analysis deadline), then polls that row until the
  remote worker wrote the outcome into it;
- the worker side, `run_routed_step` (step_worker.py): it takes the row (`running`, with
  its worker name and process id), rebuilds a StepContext (the request from the analysis
  row, the outputs from the message, a private temporary workdir, the blob store from its
  settings), runs the step while beating the row, and writes `done` with the StepOutput
  JSON, or `error` with a structured {kind, code, message} that the runner turns back into
  the exception it would have caught locally (step_jobs.py). Nothing is pickled and no
  result backend is needed: the database is the reply channel, as durable as every other
  checkpoint (a `done` row written after the analysis's worker died is reused when the
  analysis resumes).

Every write on either side is a compare-and-set on (analysis still `processing` under the
runner's attempt, checkpoint row still carrying this dispatch id), analyses/lifecycle/
routed.py, so a late, duplicated or superseded task changes nothing. The task goes out
through the `send` that the process's composition root passes in (celery_app.py): this
module never builds a Celery app. Bounds: the runner stops waiting at the analysis deadline
(`timeout`, naming the queue nobody took it from); the task carries matching Celery time
limits and expires at the deadline; a remote worker whose beats stop for LEASE_S (a lost
machine: its message would stay unacked in the broker for the visibility timeout) is given
up on and the step sent again, at most CLIPAPI_MAX_ATTEMPTS times, then the step fails with
`worker_lost`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses.lifecycle import (
    DISPATCHED,
    DONE,
    ERROR,
    LEASE_S,
    RUNNING,
    Superseded,
    routed,
)
from clipapi.analyses.lifecycle.routed import DispatchSeen
from clipapi.config import Settings
from clipapi.pipeline.executors import Finished, StepRouter, check_routes
from clipapi.pipeline.registry import Registry
from clipapi.pipeline.step import Step, StepContext, StepLost, StepOutput, StepTimeout
from clipapi.queue.step_jobs import RemoteStepError, StepJob, decode_error, inputs_of

log = logging.getLogger(__name__)

POLL_S = 0.5  # how often the runner reads the row it waits on
WAIT_PAST_DEADLINE_S = 1.0

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
        send: Callable[[StepJob], None],
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
        self._send = send

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
    ) -> DispatchSeen | None:
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
            dispatched = {"queue": job.queue, "dispatch": job.dispatch, "attempt": job.attempt}
            if not routed.dispatch(self.db, job.run, job.step, dispatched):
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
                return seen if isinstance(seen, DispatchSeen) else None
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
        """The row's outcome (DispatchSeen), None when superseded, or _LOST."""
        last: tuple[Any, ...] | None = None
        changed = time.monotonic()
        while True:
            try:
                seen = routed.read_dispatch(self.db, job.run, job.step, job.dispatch)
            except LookupError as exc:
                raise RemoteStepError(str(exc)) from exc
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


def route_steps(
    settings: Settings,
    db: sessionmaker[Session],
    registry: Registry,
    send: Callable[[StepJob], None],
) -> StepRouter:
    """Where each step of this process's analyses runs: the steps CLIPAPI_STEP_QUEUES routes
    go to their Celery queues through `send` when the queue is Celery; with the in-process
    queue there is no other machine to send them to, so they run here."""
    routes = settings.step_routes
    if not routes:
        return StepRouter({})
    check_routes(routes, registry)
    if settings.queue != "celery":
        log.warning("CLIPAPI_STEP_QUEUES is ignored with CLIPAPI_QUEUE=%s", settings.queue)
        return StepRouter({})
    executors = {
        queue_name: CeleryStepExecutor(queue_name, db, settings, registry, send=send)
        for queue_name in set(routes.values())
    }
    return StepRouter({step: executors[queue_name] for step, queue_name in routes.items()})
