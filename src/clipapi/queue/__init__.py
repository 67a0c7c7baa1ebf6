"""Where analysis jobs run, chosen by `CLIPAPI_QUEUE`: `in_process` (a thread pool inside
`clipapi serve`) or `celery` (`clipapi worker` processes on a Redis or RabbitMQ broker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from clipapi.config import Settings
from clipapi.queue.base import JobQueue
from clipapi.queue.in_process import InProcessQueue

if TYPE_CHECKING:
    from clipapi.pipeline.runner import PipelineRunner


def _in_process(settings: Settings, runner: PipelineRunner) -> JobQueue:
    return InProcessQueue(runner.run, settings.workers)


def _celery(settings: Settings, runner: PipelineRunner) -> JobQueue:
    from clipapi.queue.celery_queue import CeleryQueue  # celery comes with the `scale` extra

    return CeleryQueue.from_settings(settings, runner.db, runner.storage)


QUEUES: dict[str, Callable[[Settings, PipelineRunner], JobQueue]] = {
    "in_process": _in_process,
    "celery": _celery,
}


def open_queue(settings: Settings, runner: PipelineRunner) -> JobQueue:
    if settings.queue not in QUEUES:
        raise ValueError(f"unknown CLIPAPI_QUEUE {settings.queue!r} (have: {', '.join(QUEUES)})")
    return QUEUES[settings.queue](settings, runner)


__all__ = ["QUEUES", "InProcessQueue", "JobQueue", "open_queue"]
