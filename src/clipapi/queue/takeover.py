"""Taking back analyses whose worker went away, when many processes share one database.

A running analysis heartbeats (`heartbeat_at`) at least every lifecycle.HEARTBEAT_S. When a
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

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from clipapi.analyses import lifecycle
from clipapi.analyses.lifecycle import LEASE_S, attempts_of, release
from clipapi.kit.clock import utcnow
from clipapi.models import Analysis

__all__ = ["LEASE_S", "Reaper", "attempts_of", "reap", "release", "take_over_if_stale"]

log = logging.getLogger(__name__)

REAP_EVERY_S = 5.0
# A queued analysis whose message was lost (a broker restarted without persistence, a send
# that failed after its row was taken back) is sent again after this long. A duplicate is
# harmless: only one claim can succeed.
RESEND_QUEUED_AFTER_S = 600.0


def take_over_if_stale(
    db: sessionmaker[Session], analysis_id: str, lease_s: float = LEASE_S
) -> bool:
    """processing → queued when the heartbeat is older than the lease; True when taken."""
    taken = lifecycle.take_over_if_stale(db, analysis_id, lease_s)
    if taken:
        log.warning("analysis %s: heartbeat older than %g s; taken over", analysis_id, lease_s)
    return taken


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
    with db() as session:
        abandoned = list(
            session.scalars(
                select(Analysis.id)
                .where(
                    Analysis.status == lifecycle.PROCESSING,
                    or_(Analysis.heartbeat_at.is_(None), Analysis.heartbeat_at < stale),
                )
                .limit(limit)
            )
        )
        waiting = list(
            session.scalars(
                select(Analysis.id)
                .where(Analysis.status == lifecycle.QUEUED, lifecycle.last_sent() < overdue)
                .order_by(Analysis.created_at)
                .limit(limit)
            )
        )
    resend = [a for a in abandoned if take_over_if_stale(db, a, lease_s)]
    resend.extend(a for a in waiting if lifecycle.mark_resent(db, a, overdue))
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
        lifecycle.mark_unsent(self.db, analysis_id, long_ago)
