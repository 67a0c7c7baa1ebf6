"""Taking back analyses whose worker went away, when many processes share one database.

A running analysis heartbeats (`heartbeat_at`) at least every runner.HEARTBEAT_S. When a
worker dies (`kill -9`, a lost machine, a hard time limit), its row stays `processing` and
its heartbeat stops; once the heartbeat is older than LEASE_S the analysis is free to take:
a compare-and-set puts it back to `queued` and a new message is sent, and the runner's own
queued → processing claim (which counts the attempt) lets exactly one worker resume it from
its checkpoints. The runner's attempt cap ends a crash loop as `failed` /
`attempts_exhausted`, refunded and announced like any failure.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis
from clipapi.pipeline.runner import HEARTBEAT_S

log = logging.getLogger(__name__)

# Three missed heartbeats: long enough that a live worker on a busy machine keeps its claim
# (and to absorb a few seconds of clock skew between machines), short enough to resume soon.
LEASE_S = 3 * HEARTBEAT_S
REAP_EVERY_S = 5.0
# A queued analysis whose message was lost (a broker restarted without persistence, a send
# that failed after its row was taken back) is sent again after this long. A duplicate is
# harmless: only one claim can succeed.
RESEND_QUEUED_AFTER_S = 600.0


def take_over_if_stale(
    db: sessionmaker[Session], analysis_id: str, lease_s: float = LEASE_S
) -> bool:
    """processing → queued when the heartbeat is older than the lease; True when taken."""
    cutoff = utcnow() - timedelta(seconds=lease_s)
    with transaction(db) as session:
        changed = session.execute(
            update(Analysis)
            .where(
                Analysis.id == analysis_id,
                Analysis.status == "processing",
                or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < cutoff),
            )
            .values(status="queued", heartbeat_at=utcnow())
        )
        taken = bool(changed.rowcount == 1)  # type: ignore[attr-defined]
    if taken:
        log.warning("analysis %s: heartbeat older than %g s; taken over", analysis_id, lease_s)
    return taken


def attempts_of(db: sessionmaker[Session], analysis_id: str) -> int | None:
    with db() as session:
        return session.scalar(select(Analysis.attempts).where(Analysis.id == analysis_id))


def release(db: sessionmaker[Session], analysis_id: str, attempts_before: int) -> bool:
    """processing → queued now, by a process shutting down while it holds the claim: one made
    after `attempts_before` was read (a duplicate task never releases another's claim)."""
    with transaction(db) as session:
        changed = session.execute(
            update(Analysis)
            .where(
                Analysis.id == analysis_id,
                Analysis.status == "processing",
                Analysis.attempts > attempts_before,
            )
            .values(status="queued", heartbeat_at=utcnow())
        )
        return bool(changed.rowcount == 1)  # type: ignore[attr-defined]


def reap(
    db: sessionmaker[Session],
    *,
    lease_s: float = LEASE_S,
    resend_after_s: float = RESEND_QUEUED_AFTER_S,
    limit: int = 100,
) -> list[str]:
    """Analyses to send again: stale `processing` ones (taken back to `queued`) and `queued`
    ones waiting longer than `resend_after_s` since they were last sent. Every row is
    claimed by a compare-and-set, so several reapers never send the same one twice."""
    now = utcnow()
    stale = now - timedelta(seconds=lease_s)
    overdue = now - timedelta(seconds=resend_after_s)
    last_sent = func.coalesce(Analysis.heartbeat_at, Analysis.created_at)
    with db() as session:
        abandoned = list(
            session.scalars(
                select(Analysis.id)
                .where(
                    Analysis.status == "processing",
                    or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < stale),
                )
                .limit(limit)
            )
        )
        waiting = list(
            session.scalars(
                select(Analysis.id)
                .where(Analysis.status == "queued", last_sent < overdue)
                .order_by(Analysis.created_at)
                .limit(limit)
            )
        )
    resend = [a for a in abandoned if take_over_if_stale(db, a, lease_s)]
    for analysis_id in waiting:
        with transaction(db) as session:
            bumped = session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id, Analysis.status == "queued", last_sent < overdue)
                .values(heartbeat_at=now)
            )
            if bumped.rowcount == 1:  # type: ignore[attr-defined]
                resend.append(analysis_id)
    return resend


class Reaper:
    """A thread in each API process: every REAP_EVERY_S, re-send what `reap` finds."""

    def __init__(
        self,
        db: sessionmaker[Session],
        send: Callable[[str], None],
        *,
        every_s: float = REAP_EVERY_S,
        lease_s: float = LEASE_S,
    ) -> None:
        self.db = db
        self.send = send
        self.every_s = every_s
        self.lease_s = lease_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="reaper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.wait(self.every_s):
            try:
                self.run_once()
            except Exception as exc:  # database or broker away: try again next round
                log.warning("reaper round failed: %s", exc)

    def run_once(self) -> list[str]:
        sent = []
        for analysis_id in reap(self.db, lease_s=self.lease_s):
            try:
                self.send(analysis_id)
            except Exception as exc:
                # Left queued with no recent send: the next round after the resend delay
                # picks it up; mark it overdue now so that is the very next round.
                self._mark_unsent(analysis_id)
                log.warning("analysis %s could not be re-sent: %s", analysis_id, exc)
                continue
            log.info("analysis %s re-sent to the queue", analysis_id)
            sent.append(analysis_id)
        return sent

    def _mark_unsent(self, analysis_id: str) -> None:
        long_ago = utcnow() - timedelta(seconds=RESEND_QUEUED_AFTER_S * 2)
        with transaction(self.db) as session:
            session.execute(
                update(Analysis)
                .where(Analysis.id == analysis_id, Analysis.status == "queued")
                .values(heartbeat_at=long_ago)
            )
