from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from sse_starlette import EventSourceResponse, ServerSentEvent

from clipapi.accounts.deps import StateDep, api_key_principal, has_credentials
from clipapi.analyses import links
from clipapi.analyses.service import get_owned_or_404
from clipapi.errors import NotFound, Unauthorized
from clipapi.events import service as events
from clipapi.kit import signing
from clipapi.models import Analysis
from clipapi.openapi import event_stream_schema
from clipapi.state import AppState

router = APIRouter(tags=["analyses"])
# A stream closes after this long; EventSource reconnects with Last-Event-ID and loses nothing.
MAX_STREAM_LIFETIME_S = 30 * 60


def _authorise(state: AppState, request: Request, analysis_id: str, token: str | None) -> None:
    """A credential that is sent must be valid; none at all is enough unless the operator
    set CLIPAPI_STREAM_AUTH=required (the reference opens streams with a bare EventSource)."""
    if token:
        secret = state.settings.effective_secret_key
        if not signing.verify(secret, links.STREAM, analysis_id, token):
            raise Unauthorized("Invalid or expired stream token")
    elif has_credentials(request) or state.settings.stream_auth == "required":
        principal = api_key_principal(request, state)
        with state.db() as session:
            get_owned_or_404(session, principal, analysis_id)
        return
    with state.db() as session:
        if session.get(Analysis, analysis_id) is None:
            raise NotFound("Analysis not found")


def _last_id(header: str | None, query: int | None) -> int:
    if query is not None:
        return query
    return int(header) if header and header.strip().isdigit() else 0


# (event id, event type, the public JSON payload); None once the analysis is deleted.
Rows = list[tuple[int, str, str]] | None
# Reads in flight, by (event loop, analysis, last event id): the tails of one analysis woken by
# the same nudge share one database read instead of making one each.
_READS: dict[tuple[int, str, int], asyncio.Future[Rows]] = {}


async def _read_shared(state: AppState, analysis_id: str, last_id: int) -> Rows:
    key = (id(asyncio.get_running_loop()), analysis_id, last_id)
    read = _READS.get(key)
    if read is None:
        read = asyncio.ensure_future(run_in_threadpool(_fetch, state, analysis_id, last_id))
        _READS[key] = read
        read.add_done_callback(lambda _: _READS.pop(key, None))
    # A tail that joins a read begun before the newest commit still sees that commit's nudge
    # (cleared before joining), so it reads again: nothing is missed.
    return await asyncio.shield(read)


async def _tail(state: AppState, analysis_id: str, last_id: int) -> AsyncIterator[ServerSentEvent]:
    opened = time.monotonic()
    # Subscribed before the first read: an event committed after any read wakes the wait.
    with state.bus.subscribe(analysis_id) as nudge:
        while time.monotonic() - opened < MAX_STREAM_LIFETIME_S:
            nudge.clear()
            rows = await _read_shared(state, analysis_id, last_id)
            if rows is None:  # deleted while streaming
                return
            for row_id, event, payload in rows:
                last_id = row_id
                yield ServerSentEvent(data=payload, event=event, id=str(row_id))
                if event in events.TERMINAL_EVENTS:
                    return
            if not rows:
                await nudge.wait(state.bus.poll_s)


def _fetch(state: AppState, analysis_id: str, last_id: int) -> Rows:
    with state.db() as session:
        if session.get(Analysis, analysis_id) is None:
            return None
        return [
            (r.id, r.event, json.dumps(events.public(r.data)))
            for r in events.after(session, analysis_id, last_id)
        ]


@router.get(
    "/analyses/{analysis_id}/stream",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "`text/event-stream`: `event:` is the type, `data:` one of these "
            "JSON payloads, `id:` the position to resume from (Last-Event-ID).",
            "content": {"text/event-stream": {"schema": event_stream_schema()}},
        }
    },
    # No credential is needed unless CLIPAPI_STREAM_AUTH=required; one that is sent is checked.
    openapi_extra={"security": [{}, {"Bearer": []}, {"ApiKey": []}]},
)
async def stream_analysis(
    analysis_id: str,
    request: Request,
    state: StateDep,
    token: Annotated[str | None, Query(max_length=200)] = None,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID", max_length=40)] = None,
    after: Annotated[int | None, Query(ge=0, description="Resume after this event id")] = None,
) -> EventSourceResponse:
    """Server-Sent Events for the pipeline's progress; past events replay first."""
    await run_in_threadpool(_authorise, state, request, analysis_id, token)
    return EventSourceResponse(
        _tail(state, analysis_id, _last_id(last_event_id, after)),
        ping=state.settings.sse_keepalive_s,
        headers={"Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache"},
    )
