"""Where a step runs: a thread of the process running its analysis, or a task on a Celery
queue of its own (`CLIPAPI_STEP_QUEUES`, so GPU or big-memory machines take only those steps).

The runner hands every ready step to the executor its router picks and waits for a
`Finished` on one queue, whichever executor ran it: the runner's DAG, events, checkpoints,
failure codes and deadline are the same for both.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from clipapi.config import Settings
from clipapi.pipeline.step import Step, StepContext

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from clipapi.pipeline.registry import Registry
    from clipapi.pipeline.step import StepOutput

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finished:
    """A step's end, as the runner receives it: its output or the exception it raised, and
    where it ran (None: in this process)."""

    step: Step
    seconds: float
    output: StepOutput | None = None
    error: BaseException | None = None
    where: dict[str, Any] | None = None


class StepExecutor(Protocol):
    @property
    def where(self) -> str | None:
        """Where its steps run, for messages ("queue asr"); None: this process."""
        ...

    def start(
        self, step: Step, ctx: StepContext, attempt: int, finished: queue.Queue[Finished]
    ) -> None:
        """Start the step and return at once; put exactly one Finished when it ends, with
        error=Superseded when the executor found the analysis deleted or claimed elsewhere
        meanwhile. `attempt` is the runner's claim on the analysis."""
        ...


class ThreadExecutor:
    """The step runs in a daemon thread of this process, reading the runner's context."""

    where: str | None = None

    def start(
        self, step: Step, ctx: StepContext, attempt: int, finished: queue.Queue[Finished]
    ) -> None:
        def work() -> None:
            t0 = time.monotonic()
            try:
                output = step.run(ctx)
            except BaseException as exc:  # handed to the runner, which classifies it
                finished.put(Finished(step, time.monotonic() - t0, error=exc))
            else:
                finished.put(Finished(step, time.monotonic() - t0, output=output))

        # Daemon threads, not a pool: a step that ignores its deadline is abandoned at the
        # timeout, and neither the runner nor the process's exit waits for it. Steps wait on
        # native decoders and models that release the GIL, so threads run them side by side.
        threading.Thread(target=work, name=f"step-{step.name}", daemon=True).start()


LOCAL = ThreadExecutor()


@dataclass(frozen=True)
class StepRouter:
    """The executor for each step: those named in `routes`, else `default`."""

    routes: Mapping[str, StepExecutor]
    default: StepExecutor = LOCAL

    def executor_for(self, step: str) -> StepExecutor:
        return self.routes.get(step, self.default)


def check_routes(routes: Mapping[str, str], registry: Registry) -> None:
    unknown = sorted(set(routes) - set(registry.steps))
    if unknown:
        raise ValueError(
            f"CLIPAPI_STEP_QUEUES names unknown steps: {', '.join(unknown)} "
            f"(have: {', '.join(registry.steps)})"
        )


def route_steps(settings: Settings, db: sessionmaker[Session], registry: Registry) -> StepRouter:
    """Routed steps (CLIPAPI_STEP_QUEUES) go to their Celery queues when the queue is Celery;
    with the in-process queue there is no other machine to send them to, so they run here."""
    routes = settings.step_routes
    if not routes:
        return StepRouter({})
    check_routes(routes, registry)
    if settings.queue != "celery":
        log.warning("CLIPAPI_STEP_QUEUES is ignored with CLIPAPI_QUEUE=%s", settings.queue)
        return StepRouter({})
    from clipapi.queue.step_routing import CeleryStepExecutor  # celery: the `scale` extra

    executors = {
        queue_name: CeleryStepExecutor(queue_name, db, settings, registry)
        for queue_name in set(routes.values())
    }
    return StepRouter({step: executors[queue_name] for step, queue_name in routes.items()})
