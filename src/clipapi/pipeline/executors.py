"""Where a step runs: a thread of the process running its analysis, or elsewhere through
another executor (queue/step_routing.py sends steps to Celery queues of their own,
`CLIPAPI_STEP_QUEUES`, so GPU or big-memory machines take only those steps). The process
that builds the runner decides, and hands it the `StepRouter`.

The runner hands every ready step to the executor its router picks and waits for a
`Finished` on one queue, whichever executor ran it: the runner's DAG, events, checkpoints,
failure codes and deadline are the same for both.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from clipapi.pipeline.registry import Registry
from clipapi.pipeline.step import Step, StepContext, StepOutput


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
