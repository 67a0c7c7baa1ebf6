"""Durable progress events: written by the runner, tailed by the SSE endpoint."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select
from sqlalchemy.orm import Session

from clipapi.events.bus import note_event
from clipapi.models import AnalysisEvent
from clipapi.schemas.api import PipelineEvent

TERMINAL_EVENTS = frozenset({"pipeline_done", "pipeline_failed"})
_EVENT: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


def public(data: dict[str, Any]) -> dict[str, Any]:
    """What a subscriber sees of a stored event: its model's fields, nothing more (stored
    rows may carry a failure's message, which only the authenticated GET shows)."""
    error = data.get("error")
    if "code" not in data and isinstance(error, dict):
        data = {**data, "code": error.get("code")}
    return _EVENT.validate_python(data).model_dump(mode="json", exclude_none=True)


def record(
    session: Session, analysis_id: str, event: PipelineEvent, **private: Any
) -> AnalysisEvent:
    """Store one event as its model, with `private` detail beside it (a failure's message)
    that `public` leaves out of the stream."""
    data = {**event.model_dump(mode="json", exclude_none=True), **private}
    row = AnalysisEvent(analysis_id=analysis_id, event=event.event, data=data)
    session.add(row)
    note_event(session, analysis_id)
    return row


def running_steps(session: Session, analysis_id: str) -> list[str]:
    """Steps started and not yet ended, in the order they started."""
    running: dict[str, None] = {}
    for event, data in session.execute(
        select(AnalysisEvent.event, AnalysisEvent.data)
        .where(
            AnalysisEvent.analysis_id == analysis_id,
            AnalysisEvent.event.in_(("step_start", "step_done", "step_failed")),
        )
        .order_by(AnalysisEvent.id)
    ):
        step = str(data.get("step"))
        if event == "step_start":
            running[step] = None
        else:
            running.pop(step, None)
    return list(running)


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
