"""A nudge that wakes SSE tails when an event is written, on any process.

Events stay durable in the database; the bus only says "look again". Without Redis a tail
polls; with `CLIPAPI_REDIS_URL` every commit that recorded an event publishes the analysis
id, and each API process's subscriber wakes the tails following it. A lost nudge costs at
most one fallback poll interval, never an event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

CHANNEL = "clipapi:events"
# Key in Session.info where events.service.record() notes analyses with new events.
PENDING_KEY = "clipapi_event_nudges"
# While the publisher cannot reach Redis it stays quiet this long (tails keep polling).
PUBLISH_BACKOFF_S = 5.0
RECONNECT_DELAY_S = 1.0
SOCKET_TIMEOUT_S = 2.0


class Nudge:
    """One tail's wake-up flag. Clear it before reading the table, then wait on it: a nudge
    published in between is never missed."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self._loop = asyncio.get_running_loop()

    def clear(self) -> None:
        self._event.clear()

    def set_threadsafe(self) -> None:
        self._loop.call_soon_threadsafe(self._event.set)

    async def wait(self, at_most_s: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._event.wait(), at_most_s)


class EventBus(Protocol):
    poll_s: float  # how often a tail re-reads the table when no nudge arrives

    def attach(self, db: sessionmaker[Session]) -> None:
        """Publish after every commit of a session from `db` that recorded events."""
        ...

    def subscribe(self, analysis_id: str) -> contextlib.AbstractContextManager[Nudge]: ...
    def start(self) -> None: ...
    def stop(self) -> None: ...


class PollingBus:
    """No nudges: tails read the table every `poll_s`."""

    poll_s = 0.3

    def attach(self, db: sessionmaker[Session]) -> None:
        pass

    @contextlib.contextmanager
    def subscribe(self, analysis_id: str) -> Iterator[Nudge]:
        yield Nudge()

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


class _Tails:
    """The tails of this process waiting on each analysis, woken from any thread."""

    def __init__(self) -> None:
        self._waiters: dict[str, set[Nudge]] = {}
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def subscribe(self, analysis_id: str) -> Iterator[Nudge]:
        nudge = Nudge()
        with self._lock:
            self._waiters.setdefault(analysis_id, set()).add(nudge)
        try:
            yield nudge
        finally:
            with self._lock:
                waiters = self._waiters.get(analysis_id)
                if waiters is not None:
                    waiters.discard(nudge)
                    if not waiters:
                        del self._waiters[analysis_id]

    def _wake(self, data: Any) -> None:
        analysis_id = data.decode() if isinstance(data, bytes) else str(data)
        with self._lock:
            waiters = list(self._waiters.get(analysis_id, ()))
        for nudge in waiters:
            with contextlib.suppress(RuntimeError):  # its event loop already closed
                nudge.set_threadsafe()


class LocalEventBus(_Tails):
    """Nudges within one process: the embedded mode, where the in-process workers write the
    events this process's tails follow. Every write nudges, so a tail polls only as a safety
    net: 500 tails polling every 2 s were 250 database reads a second, most of a core
    (bench/sse.py)."""

    poll_s = 15.0

    def attach(self, db: sessionmaker[Session]) -> None:
        event.listen(db, "after_commit", self._after_commit)
        event.listen(db, "after_rollback", _forget)

    def _after_commit(self, session: Session) -> None:
        for analysis_id in session.info.pop(PENDING_KEY, None) or ():
            self._wake(analysis_id)

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass


class RedisEventBus(_Tails):
    """Redis pub/sub: publishers in workers and API processes, one subscriber thread per
    API process fanning nudges out to that process's tails."""

    # The nudge makes events prompt; the poll only covers nudges lost while Redis was away
    # (when publishing fails, rate limits answer 503 too).
    poll_s = 5.0

    def __init__(self, url: str) -> None:
        import redis

        super().__init__()
        self._redis = redis.Redis.from_url(
            url, socket_timeout=SOCKET_TIMEOUT_S, socket_connect_timeout=SOCKET_TIMEOUT_S
        )
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._quiet_until = 0.0

    # -- publishing ------------------------------------------------------------------------

    def attach(self, db: sessionmaker[Session]) -> None:
        event.listen(db, "after_commit", self._after_commit)
        event.listen(db, "after_rollback", _forget)

    def _after_commit(self, session: Session) -> None:
        pending: set[str] | None = session.info.pop(PENDING_KEY, None)
        for analysis_id in pending or ():
            self.publish(analysis_id)

    def publish(self, analysis_id: str) -> None:
        if time.monotonic() < self._quiet_until:
            return
        try:
            self._redis.publish(CHANNEL, analysis_id)
        except Exception as exc:  # the event is committed; tails will poll it up
            self._quiet_until = time.monotonic() + PUBLISH_BACKOFF_S
            log.warning("event nudge not published (%s); SSE tails fall back to polling", exc)

    # -- subscribing -----------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._listen, name="event-bus", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(SOCKET_TIMEOUT_S + 1)
            self._thread = None
        self._redis.close()

    def _listen(self) -> None:
        failing = False
        while not self._stop.is_set():
            try:
                pubsub = self._redis.pubsub()  # type: ignore[no-untyped-call, unused-ignore]
                with contextlib.closing(pubsub):
                    pubsub.subscribe(CHANNEL)
                    if failing:
                        log.info("event bus reconnected to Redis")
                        failing = False
                    while not self._stop.is_set():
                        message = pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                        if message is not None:
                            self._wake(message.get("data"))
            except Exception as exc:
                if not failing:
                    log.warning("event bus lost Redis (%s); retrying", exc)
                    failing = True
                self._stop.wait(RECONNECT_DELAY_S)


def _forget(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)


def note_event(session: Session, analysis_id: str) -> None:
    """Called where an event row is added: publish for it once the transaction commits."""
    session.info.setdefault(PENDING_KEY, set()).add(analysis_id)


def _polling(_url: str | None) -> EventBus:
    return PollingBus()


def _local(_url: str | None) -> EventBus:
    return LocalEventBus()


def _redis(url: str | None) -> EventBus:
    if not url:
        raise ValueError("the redis event bus needs CLIPAPI_REDIS_URL")
    return RedisEventBus(url)


BUSES: dict[str, Callable[[str | None], EventBus]] = {
    "polling": _polling,
    "local": _local,
    "redis": _redis,
}


def open_bus(redis_url: str | None, writers_in_process: bool = False) -> EventBus:
    """Redis when a Redis URL is configured; else in-process nudges when this process runs
    the analyses (the embedded mode); else polling."""
    if redis_url:
        return BUSES["redis"](redis_url)
    return BUSES["local" if writers_in_process else "polling"](redis_url)
