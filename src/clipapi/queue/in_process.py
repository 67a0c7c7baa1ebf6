"""A thread pool inside the API process (`clipapi serve` on one machine)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
_STOP = object()


class InProcessQueue:
    def __init__(self, handler: Callable[[str], None], workers: int) -> None:
        self._handler = handler
        self._workers = workers
        self._jobs: queue.Queue[object] = queue.Queue()
        self._threads: list[threading.Thread] = []

    def enqueue(self, analysis_id: str) -> None:
        self._jobs.put(analysis_id)

    def start(self) -> None:
        for n in range(self._workers):
            thread = threading.Thread(target=self._loop, name=f"clipapi-worker-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def healthy(self) -> bool:
        return bool(self._threads) and all(t.is_alive() for t in self._threads)

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            try:
                self._handler(str(job))
            except Exception:  # the runner records failures; this only keeps the thread alive
                log.exception("worker crashed on %s", job)
