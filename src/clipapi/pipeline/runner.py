"""Runs one analysis: claims it, executes the preset's steps as a DAG (ready steps side by
side), records events and checkpoints, and ends it exactly once."""

from __future__ import annotations

import logging
import queue
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses import lifecycle
from clipapi.analyses.lifecycle import HEARTBEAT_S, Run, Superseded
from clipapi.config import Settings
from clipapi.errors import ErrorCode
from clipapi.health.metrics import STEP_SECONDS
from clipapi.infra.netguard import HostPolicy
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.assemble import assemble
from clipapi.pipeline.contracts import ContractBroken, check_output
from clipapi.pipeline.executors import Finished, StepRouter
from clipapi.pipeline.failures import FATAL_CODES, Failure, PipelineFailed, classify
from clipapi.pipeline.registry import REGISTRY, Registry, steps_for_preset
from clipapi.pipeline.step import JobRequest, Step, StepContext, StepOutput, uses_of
from clipapi.storage.base import BlobStore
from clipapi.trends.service import read_catalog

log = logging.getLogger(__name__)

# Ending an analysis is retried through short database outages (a dropped connection, a
# busy SQLite file): only a process that dies leaves a claimed analysis `processing`.
END_ATTEMPTS = 4
END_RETRY_DELAY_S = 0.5


@dataclass(frozen=True)
class Claim:
    """What the runner holds while it runs an analysis: its claim, and the request."""

    run: Run
    request: JobRequest

    @property
    def analysis_id(self) -> str:
        return self.run.analysis_id

    @property
    def attempt(self) -> int:
        return self.run.attempt


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
        # Where each step runs: here, in a thread, unless the process that built this runner
        # routes steps elsewhere (queue/step_routing.py, CLIPAPI_STEP_QUEUES).
        self.executors = executors or StepRouter({})
        self.trend_catalog = partial(read_catalog, db)

    # -- lifecycle -------------------------------------------------------------------------

    def run(self, analysis_id: str) -> None:
        claim = self._claim(analysis_id)
        if claim is None:
            return
        if claim.attempt > self.settings.max_attempts:
            interrupted = claim.attempt - 1
            self._end_failed(
                claim,
                Failure(
                    ErrorCode.ATTEMPTS_EXHAUSTED, f"Analysis was interrupted {interrupted} times"
                ),
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
        except Exception as exc:
            ending = process_ending(exc)
            if ending is not None:
                # The process is shutting down (a worker's SIGTERM raises SystemExit wherever
                # the process is, and a database driver caught mid-commit may hide it behind
                # an error of its own): that is no failure of the analysis, which goes back to
                # the queue as a shutdown hands it back.
                raise ending from exc
            log.exception("analysis %s crashed", analysis_id)
            self._end_failed(claim, Failure(ErrorCode.INTERNAL_ERROR, "Analysis failed"))
        finally:
            shutil.rmtree(workdir, ignore_errors=True)

    def _claim(self, analysis_id: str) -> Claim | None:
        claimed = lifecycle.claim(self.db, analysis_id)
        if claimed is None:
            return None
        run, row = claimed
        return Claim(run, JobRequest.of(row))

    # -- steps -----------------------------------------------------------------------------

    def _execute(self, claim: Claim, workdir: Path, deadline: float) -> dict[str, StepOutput]:
        plan = steps_for_preset(claim.request.preset, self.registry)
        outputs = self._load_checkpoints(claim.analysis_id, plan)
        ctx = StepContext(
            request=claim.request,
            settings=self.settings,
            storage=self.storage,
            policy=self.policy,
            workdir=workdir,
            deadline=deadline,
            outputs=outputs,
            trend_catalog=self.trend_catalog,
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
                    lifecycle.step_skipped(self.db, claim.run, step.name)
                elif all(n in outputs for n in step.needs) and all(
                    n in outputs or n in skipped or n not in planned for n in uses_of(step)
                ):
                    pending.remove(step)
                    lifecycle.step_started(self.db, claim.run, step.name)
                    running[step.name] = time.monotonic()
                    self.executors.executor_for(step.name).start(step, ctx, claim.attempt, finished)
            if not running:
                break
            try:
                result = finished.get(timeout=max(0.0, min(ctx.remaining_s(), HEARTBEAT_S)))
            except queue.Empty:
                if ctx.remaining_s() > 0:
                    lifecycle.heartbeat(self.db, claim.run)
                    continue
                raise PipelineFailed(self._timed_out(running)) from None
            if isinstance(result.error, Superseded):  # an executor found out first
                raise result.error
            step = result.step
            del running[step.name]
            settled += 1
            duration_ms = int(result.seconds * 1000)
            output, error = result.output, result.error
            if output is not None:
                try:
                    check_output(step.name, output)
                except ContractBroken as exc:
                    output, error = None, exc
            if output is None:
                failure = classify(step.name, error)
                if not failure.expected:
                    log.error("step %s raised", step.name, exc_info=error)
                STEP_SECONDS.labels(step.name, "failed").observe(result.seconds)
                self._step_failed(claim, step, failure, duration_ms)
                if step.critical or failure.code in FATAL_CODES:
                    raise PipelineFailed(failure) from error
                skipped.add(step.name)
                continue
            STEP_SECONDS.labels(step.name, "done").observe(result.seconds)
            outputs[step.name] = output
            stored = output.to_json()
            if result.where is not None:  # a routed step: which queue, worker and process ran it
                stored["routed"] = result.where
            lifecycle.step_done(
                self.db,
                claim.run,
                step.name,
                duration_ms=duration_ms,
                output=stored,
                progress=settled / len(plan),
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
            ErrorCode.TIMEOUT,
            f"Analysis exceeded {self.settings.analysis_timeout_s:g} s "
            f"(still running: {', '.join(still)})",
        )

    def _load_checkpoints(self, analysis_id: str, plan: Sequence[Step]) -> dict[str, StepOutput]:
        """The finished steps' outputs. One that no longer holds its step's contract (written
        by an older version) is run again, and so is every step that read it."""
        stored = lifecycle.done_outputs(self.db, analysis_id)
        outputs: dict[str, StepOutput] = {}
        rerun: set[str] = set()
        for step in plan:  # dependency order: a step's inputs are settled before it
            if step.name not in stored:
                continue
            if rerun.intersection((*step.needs, *uses_of(step))):
                rerun.add(step.name)
                continue
            output = StepOutput.from_json(stored[step.name])
            try:
                check_output(step.name, output)
            except ContractBroken as exc:
                log.warning("analysis %s: step %s runs again: %s", analysis_id, step.name, exc)
                rerun.add(step.name)
                continue
            outputs[step.name] = output
        return outputs

    def _step_failed(self, claim: Claim, step: Step, failure: Failure, duration_ms: int) -> None:
        lifecycle.step_failed(
            self.db,
            claim.run,
            step.name,
            code=failure.code,
            message=failure.message,
            duration_ms=duration_ms,
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
        plan = steps_for_preset(claim.request.preset, self.registry)

        def result_of(row: Analysis, checkpoints: list[StepCheckpoint]) -> dict[str, Any]:
            return assemble(row, checkpoints, outputs, plan)

        duration_ms = int((time.monotonic() - started) * 1000)
        lifecycle.complete(self.db, claim.run, result_of, duration_ms)

    def _fail(self, claim: Claim, failure: Failure) -> None:
        lifecycle.fail(self.db, claim.run, failure.code, failure.message)


def recover(db: sessionmaker[Session], stale_after: timedelta | None = None) -> list[str]:
    """At start-up: analyses a crashed process left queued or processing go back in the queue
    (resuming from their checkpoints); the attempt cap ends those that keep crashing.

    Where other processes may be running analyses, pass `stale_after` (several HEARTBEAT_S):
    only analyses whose heartbeat is older than that are taken back.
    """
    return lifecycle.recover(db, stale_after)


def process_ending(exc: BaseException) -> BaseException | None:
    """The SystemExit or KeyboardInterrupt among the exceptions `exc` was raised while
    handling, if any (None: a failure of the analysis)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, SystemExit | KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None
