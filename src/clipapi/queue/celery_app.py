"""Celery for the scale-out path: `CLIPAPI_QUEUE=celery`, `clipapi worker` processes.

One task, `clipapi.analyze(analysis_id)`, runs a whole analysis through the PipelineRunner,
on the queue `clipapi`. Steps routed to queues of their own (`CLIPAPI_STEP_QUEUES`) run as
a second task, `clipapi.step`, on the workers consuming those queues (step_routing.py).
The configuration is for long media jobs:

- late acks + reject on worker loss + prefetch 1: a message leaves the broker only when its
  analysis ended, and a worker reserves no more analyses than it has processes;
- soft/hard time limits just above the runner's own `analysis_timeout_s` deadline, so a
  child that ignores the deadline is ended (soft: an exception; hard: the process killed);
- a Redis visibility timeout well above the hard limit: a message is never redelivered
  while its analysis is still running;
- redelivery is safe anyway: the runner claims with a compare-and-set (queued →
  processing) and a row someone else holds is left alone, unless its heartbeat is older
  than the lease (takeover.py), which is how a `kill -9`ed worker's analysis resumes.

SIGTERM on `clipapi worker` is a cold shutdown (REMAP_SIGTERM=SIGQUIT, set by the CLI): the
children stop at once, each hands its analysis back (`queued`), and the unacked messages
return to the queue, so another worker resumes them from their checkpoints.
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from typing import TYPE_CHECKING, Any

from clipapi.config import ANALYSIS_QUEUE, Settings
from clipapi.queue.takeover import attempts_of, release, take_over_if_stale

if TYPE_CHECKING:
    from clipapi.queue.step_jobs import StepJob

log = logging.getLogger(__name__)

QUEUE = ANALYSIS_QUEUE
TASK_NAME = "clipapi.analyze"
STEP_TASK_NAME = "clipapi.step"  # step_routing.py
# A routed step's task limits, past the analysis deadline that the step itself checks.
STEP_SOFT_MARGIN_S = 10.0
STEP_HARD_MARGIN_S = 20.0
# The runner fails an analysis at analysis_timeout_s; Celery's limits are the backstop for a
# child that does not come back from a step (soft: SoftTimeLimitExceeded; hard: SIGKILL).
SOFT_LIMIT_MARGIN_S = 60.0
HARD_LIMIT_MARGIN_S = 30.0
# With late acks a message stays unacked for as long as its analysis runs (at most the hard
# limit). Redis redelivers unacked messages after the visibility timeout, so it must be
# longer than that by a wide margin; one hour at least, as Celery's default.
MIN_VISIBILITY_TIMEOUT_S = 3600.0
VISIBILITY_MARGIN = 2.0
BROKER_CONNECT_TIMEOUT_S = 2.0
# A submission waits at most ~1 s for an unreachable broker before it is refused with 503.
PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.25,
    "interval_max": 0.5,
}


def broker_url(settings: Settings) -> str:
    url = settings.broker_url or settings.redis_url
    if not url:
        raise ValueError("CLIPAPI_QUEUE=celery needs CLIPAPI_BROKER_URL (redis:// or amqp://)")
    return url


def time_limits(settings: Settings) -> tuple[float, float]:
    soft = settings.analysis_timeout_s + SOFT_LIMIT_MARGIN_S
    return soft, soft + HARD_LIMIT_MARGIN_S


def celery_config(settings: Settings) -> dict[str, Any]:
    soft, hard = time_limits(settings)
    visibility = max(MIN_VISIBILITY_TIMEOUT_S, hard * VISIBILITY_MARGIN)
    return {
        "broker_url": broker_url(settings),
        "broker_connection_retry_on_startup": True,
        "broker_connection_max_retries": None,  # a worker outlasts any broker outage
        "broker_connection_timeout": BROKER_CONNECT_TIMEOUT_S,
        "broker_transport_options": {
            "visibility_timeout": visibility,
            "socket_connect_timeout": BROKER_CONNECT_TIMEOUT_S,
            "socket_timeout": 10.0,
        },
        "task_publish_retry_policy": PUBLISH_RETRY_POLICY,
        "task_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,  # results live in the database, not in a result backend
        "task_default_queue": QUEUE,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": soft,
        "task_time_limit": hard,
        # A broker outage does not stop running analyses: they hold their claim in the
        # database and finish; the late ack goes out when the broker is back (or the message
        # is redelivered later and finds the analysis ended).
        # (Cancelling them would not help on Redis: their messages stay unacked there until
        # the visibility timeout, so the analyses would wait that long to resume.)
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "worker_hijack_root_logger": True,
        "worker_send_task_events": False,
        "enable_utc": True,
        "timezone": "UTC",
    }


def make_celery(settings: Settings) -> Any:
    """The Celery app for API processes (to send) and workers (to run)."""
    from celery import Celery

    app = Celery("clipapi", set_as_current=False)
    app.conf.update(celery_config(settings))

    def analyze(analysis_id: str) -> None:
        _process_context(settings).run(analysis_id)

    def step(task: Any, job: dict[str, Any]) -> dict[str, Any]:
        return _process_context(settings).run_step(job, worker=str(task.request.hostname))

    app.task(name=TASK_NAME)(analyze)
    app.task(name=STEP_TASK_NAME, bind=True)(step)
    return app


class StepSender:
    """Publishes routed steps' tasks on their queues (step_routing.py); the Celery app is
    built on first use, as most processes never route a step."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._app: Any = None
        self._lock = threading.Lock()

    def __call__(self, job: StepJob) -> None:
        with self._lock:
            if self._app is None:
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


class _ProcessContext:
    """The worker's composition root: what a worker process needs to run analyses and
    routed steps; built in the process that uses it (after the fork), so no database
    connection or S3 socket is shared across processes."""

    def __init__(self, settings: Settings) -> None:
        # Imported here, in the worker's child processes: the parent that forks them stays
        # light (the pipeline brings the media decoders).
        from clipapi.events.bus import open_bus
        from clipapi.infra.netguard import HostPolicy
        from clipapi.kit.db import make_engine, make_sessionmaker
        from clipapi.pipeline.registry import REGISTRY
        from clipapi.pipeline.runner import PipelineRunner
        from clipapi.queue.step_routing import route_steps
        from clipapi.storage import open_store

        self.pid = os.getpid()
        self.engine = make_engine(settings.effective_database_url)
        self.db = make_sessionmaker(self.engine)
        bus = open_bus(settings.redis_url)
        bus.attach(self.db)  # publishing only: workers run no SSE tails
        self.settings = settings
        self.storage = open_store(settings.effective_storage_url, settings.s3_endpoint_url)
        self.policy = HostPolicy(allow_hosts=settings.allowed_hosts)
        router = route_steps(settings, self.db, REGISTRY, StepSender(settings))
        self.runner = PipelineRunner(self.db, self.storage, settings, self.policy, executors=router)

    def run(self, analysis_id: str) -> None:
        # A redelivered message for an analysis whose worker died: take it back once the
        # lease ran out. A live holder keeps it, and the runner's claim below then finds
        # nothing to do; the reaper re-sends it if that holder dies later.
        take_over_if_stale(self.db, analysis_id)
        attempts_before = attempts_of(self.db, analysis_id)
        if attempts_before is None:
            return  # deleted meanwhile
        log.info("analysis %s: task started in worker process %d", analysis_id, self.pid)
        try:
            self.runner.run(analysis_id)
        except SystemExit:
            # Celery's cold shutdown (SIGTERM on `clipapi worker`) ends children this way:
            # hand the analysis back so that the redelivered message can claim it at once.
            if release(self.db, analysis_id, attempts_before):
                log.warning("analysis %s: released for another worker (shutdown)", analysis_id)
            raise

    def run_step(self, job: dict[str, Any], *, worker: str) -> dict[str, Any]:
        """A step routed to this worker's queue, for an analysis running elsewhere. (On a
        cold shutdown its message goes back to the queue and another worker runs it.)"""
        from clipapi.queue.step_worker import run_routed_step

        return run_routed_step(
            job,
            db=self.db,
            storage=self.storage,
            settings=self.settings,
            policy=self.policy,
            worker=worker,
        )


_context: _ProcessContext | None = None


def _process_context(settings: Settings) -> _ProcessContext:
    global _context
    if _context is None or _context.pid != os.getpid():
        _context = _ProcessContext(settings)
    return _context


def run_worker(settings: Settings, *, queues: str, concurrency: int, loglevel: str) -> None:
    """`clipapi worker`: a Celery prefork worker consuming `queues` with `concurrency`
    processes (each loads its models once and runs one analysis at a time)."""
    from billiard.common import REMAP_SIGTERM
    from celery import signals

    if REMAP_SIGTERM != "SIGQUIT":  # billiard was imported before the CLI could set it
        log.warning("SIGTERM will wait for running analyses (REMAP_SIGTERM is not SIGQUIT)")
    signals.celeryd_after_setup.connect(_quiet_known_warning, weak=False)
    app = make_celery(settings)
    argv = [
        "worker",
        f"--queues={queues}",
        f"--concurrency={concurrency}",
        f"--loglevel={loglevel}",
        "--pool=prefork",
        # Unique per process so several workers may share a machine.
        f"--hostname=clipapi-{os.getpid()}@%h",
        # Gossip and mingle only chat between workers; startup is faster without them.
        "--without-gossip",
        "--without-mingle",
    ]
    app.worker_main(argv)


def _quiet_known_warning(**_: Any) -> None:
    """Celery warns on every broker reconnect that worker_cancel_long_running_tasks_on_
    connection_loss will default to True in Celery 6; it is set explicitly, on purpose.
    (Added after Celery's logging setup, which resets the warning filters.)"""
    from celery.exceptions import CPendingDeprecationWarning

    warnings.filterwarnings(
        "ignore",
        category=CPendingDeprecationWarning,
        message=r"(?s).*worker_cancel_long_running_tasks_on_connection_loss",
    )
