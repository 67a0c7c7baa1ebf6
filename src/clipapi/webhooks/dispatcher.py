"""Delivers due webhooks from the database: a few sender threads, so one slow receiver
cannot starve the others; every attempt is recorded."""

from __future__ import annotations

import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import httpx

from clipapi.analyses.service import render
from clipapi.infra.netguard import UnsafeURL, guarded_client
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, User, WebhookAttempt, WebhookDelivery
from clipapi.state import AppState
from clipapi.webhooks import repository, signing
from clipapi.webhooks.service import next_attempt

log = logging.getLogger(__name__)
POLL_S = 0.5
SENDERS = 4
# httpx applies the timeout to connect, write and read separately: a lease shorter than their
# sum could expire while a send is still running and let the message be sent twice.
LEASE_TIMEOUTS = 4


class WebhookDispatcher:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pool = ThreadPoolExecutor(SENDERS, thread_name_prefix="webhook")
        # Claim no more than there are idle senders: a claimed delivery waiting in the pool's
        # queue could outlive its lease and be claimed (and sent) a second time.
        self._idle = threading.Semaphore(SENDERS)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="webhook-dispatcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            slots = 0
            while slots < SENDERS and self._idle.acquire(blocking=False):
                slots += 1
            try:
                claimed = self.claim_due(slots) if slots else []
            except Exception:
                log.exception("webhook dispatcher could not read deliveries")
                claimed = []
            for _ in range(slots - len(claimed)):
                self._idle.release()
            for delivery_id in claimed:
                self._pool.submit(self._send, delivery_id)
            self._stop.wait(POLL_S)

    def _send(self, delivery_id: str) -> None:
        try:
            self.deliver(delivery_id)
        except Exception:  # its lease runs out and it is tried again
            log.exception("webhook delivery %s could not be attempted", delivery_id)
        finally:
            self._idle.release()

    def claim_due(self, limit: int = SENDERS) -> list[str]:
        """Lease due deliveries (push next_attempt_at past the send timeout) so that no two
        senders, in this process or another, take the same one."""
        now = utcnow()
        until = now + timedelta(seconds=self.state.settings.webhook_timeout_s * LEASE_TIMEOUTS)
        with transaction(self.state.db) as session:
            return [
                delivery_id
                for delivery_id, due_at in repository.due(session, now, limit)
                if repository.lease(session, delivery_id, due_at, until)
            ]

    def deliver(self, delivery_id: str) -> None:
        settings = self.state.settings
        with self.state.db() as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is None or delivery.state != "pending":
                return
            analysis = session.get(Analysis, delivery.analysis_id)
            user = session.get(User, analysis.user_id) if analysis else None
            if analysis is None or user is None:
                return
            body = json.dumps(
                render(self.state, analysis, self.state.base_url()), separators=(",", ":")
            )
            secret, url, attempt = user.webhook_secret, delivery.url, delivery.attempts + 1
        headers = signing.headers(secret, delivery_id, int(time.time()), body)
        status_code: int | None = None
        error: str | None = None
        started = time.monotonic()
        try:
            with (
                guarded_client(self.state.policy, timeout=settings.webhook_timeout_s) as client,
                # Only the status matters; the receiver's body is never read (nor buffered).
                client.stream("POST", url, content=body.encode(), headers=headers) as response,
            ):
                status_code = response.status_code
        except UnsafeURL as exc:
            error = exc.message
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        duration_ms = int((time.monotonic() - started) * 1000)
        self._record(delivery_id, attempt, status_code, error, duration_ms)

    def _record(
        self,
        delivery_id: str,
        attempt: int,
        status_code: int | None,
        error: str | None,
        duration_ms: int,
    ) -> None:
        """`attempt` counts within the current round (a replay starts a new one, with a fresh
        budget); the stored attempt number keeps counting across rounds."""
        settings = self.state.settings
        with transaction(self.state.db) as session:
            delivery = session.get(WebhookDelivery, delivery_id)
            if delivery is None:  # its analysis was deleted while we were sending
                return
            session.add(
                WebhookAttempt(
                    delivery_id=delivery_id,
                    attempt=repository.count_attempts(session, delivery_id) + 1,
                    status_code=status_code,
                    error=error,
                    duration_ms=duration_ms,
                )
            )
            delivery.attempts = attempt
            if status_code is not None and 200 <= status_code < 300:
                delivery.state = "delivered"
                delivery.delivered_at = utcnow()
                delivery.next_attempt_at = None
            elif status_code == 410:  # the receiver says it is gone for good
                delivery.state = "disabled"
                delivery.next_attempt_at = None
            elif attempt >= settings.webhook_max_attempts:
                delivery.state = "dead"
                delivery.next_attempt_at = None
            else:  # network errors, 3xx (never followed), 4xx, 5xx: try again later
                delivery.next_attempt_at = utcnow() + next_attempt(
                    settings.webhook_backoff_s, attempt
                )
