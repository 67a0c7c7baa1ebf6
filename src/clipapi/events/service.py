"""Durable progress events: written by the runner, tailed by the SSE endpoint."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clipapi.events.bus import note_event
from clipapi.models import AnalysisEvent

TERMINAL_EVENTS = frozenset({"pipeline_done", "pipeline_failed"})


def record(session: Session, analysis_id: str, event: str, data: dict[str, Any]) -> AnalysisEvent:
    row = AnalysisEvent(analysis_id=analysis_id, event=event, data={"event": event, **data})
    session.add(row)
    note_event(session, analysis_id)
    return row


def after(
    session: Session, analysis_id: str, last_id: int, limit: int = 500
) -> list[AnalysisEvent]:
    return list(
        session.scalars(
            select(AnalysisEvent)
            .where(AnalysisEvent.analysis_id == analysis_id, AnalysisEvent.id > last_id)
            .order_by(AnalysisEvent.id)
            .limit(limit)
        )
    )
