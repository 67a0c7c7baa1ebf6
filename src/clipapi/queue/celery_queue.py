"""The JobQueue for `CLIPAPI_QUEUE=celery`: API processes only send; `clipapi worker`
processes run the analyses."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses import lifecycle
from clipapi.config import Settings
from clipapi.errors import ServiceUnavailable
from clipapi.queue.celery_app import BROKER_CONNECT_TIMEOUT_S, QUEUE, TASK_NAME, make_celery
from clipapi.storage.base import BlobStore

log = logging.getLogger(__name__)


class CeleryQueue:
    def __init__(self, app: Any, withdraw: Callable[[str], bool]) -> None:
        self.app = app
        self._withdraw = withdraw

    @classmethod
    def from_settings(
        cls, settings: Settings, db: sessionmaker[Session], storage: BlobStore
    ) -> CeleryQueue:
        return cls(make_celery(settings), lambda analysis_id: withdraw(db, storage, analysis_id))

    def send(self, analysis_id: str) -> None:
        """Publish the job; raises when the broker cannot take it."""
        self.app.send_task(TASK_NAME, args=[analysis_id], queue=QUEUE)

    def enqueue(self, analysis_id: str) -> None:
        """Called after the analysis row was committed. A job the broker refuses is withdrawn
        (row deleted, quota refunded, blobs removed) and the caller gets 503: nothing is
        left charged without a job to run it."""
        try:
            self.send(analysis_id)
        except Exception as exc:
            log.warning("broker refused analysis %s: %s", analysis_id, exc)
            if self._withdraw(analysis_id):
                raise ServiceUnavailable(
                    "The job queue is unavailable; nothing was created. Try again shortly."
                ) from exc
            # A worker claimed it after all: the message got through before the error.

    def start(self) -> None:
        pass  # the workers are other processes

    def stop(self) -> None:
        pass

    def healthy(self) -> bool:
        """The broker answers within a couple of seconds."""
        try:
            with self.app.connection_for_write() as conn:
                conn.ensure_connection(max_retries=1, timeout=BROKER_CONNECT_TIMEOUT_S)
                conn.default_channel  # noqa: B018 - opening a channel talks to the broker
        except Exception as exc:
            log.warning("broker unavailable: %s", exc)
            return False
        return True


def withdraw(db: sessionmaker[Session], storage: BlobStore, analysis_id: str) -> bool:
    """Undo a submission whose job could not be queued; False when a worker holds it."""
    if not lifecycle.withdraw(db, analysis_id):
        return False
    storage.delete_prefix(f"analyses/{analysis_id}")
    return True
