"""The worker side of a routed step (step_routing.py): the `clipapi.step` task takes the
step's checkpoint row, runs the step while beating the row, and writes its outcome there."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses.lifecycle import DONE, ERROR, HEARTBEAT_S, routed
from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.registry import REGISTRY, Registry
from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
from clipapi.queue.step_jobs import StepJob, encode_error
from clipapi.storage.base import BlobStore
from clipapi.trends.service import read_catalog

log = logging.getLogger(__name__)

BEAT_S = HEARTBEAT_S  # how often the remote worker proves it is alive while the step runs


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
    row = routed.take_dispatch(db, job.run, job.step, job.dispatch, where)
    if row is None:
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
            request=JobRequest.of(row),
            settings=settings,
            storage=storage,
            policy=policy,
            workdir=Path(workdir),
            deadline=deadline,
            outputs={name: StepOutput.from_json(o) for name, o in job.outputs.items()},
            trend_catalog=partial(read_catalog, db),
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
    kept = routed.record_dispatch(
        db, job.run, job.step, job.dispatch, status=status, duration_ms=duration_ms, output=stored
    )
    log.info(
        "analysis %s: step %s %s in %d ms%s",
        job.analysis_id,
        job.step,
        status,
        duration_ms,
        "" if kept else " (no longer wanted; discarded)",
    )
    return {"status": status if kept else "superseded", "duration_ms": duration_ms}


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
                wanted = routed.beat_dispatch(
                    self.db, self.job.run, self.job.step, self.job.dispatch
                )
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
