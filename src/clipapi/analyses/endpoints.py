from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse

from clipapi.accounts.deps import ApiKeyAuth, Principal, StateDep
from clipapi.analyses import links, service
from clipapi.analyses.upload import read_upload
from clipapi.errors import BadRequest, MediaError, NotFound, WaitTimedOut
from clipapi.events import service as events
from clipapi.kit import signing
from clipapi.media.probe import check_duration, probe
from clipapi.pipeline.registry import PRESETS
from clipapi.schemas.api import AnalysisCreate, AnalysisCreated, AnalysisList, AnalysisListItem
from clipapi.schemas.result import AnalysisResult
from clipapi.state import AppState

router = APIRouter(prefix="/analyses", tags=["analyses"])
WAIT_POLL_S = 0.25


def _created(state: AppState, row_id: str, external_id: str | None) -> AnalysisCreated:
    url = links.stream_url(
        state.settings.effective_secret_key, row_id, state.settings.stream_token_ttl_s
    )
    return AnalysisCreated(
        analysis_id=row_id, status="queued", stream_url=url, external_id=external_id
    )


async def _wait_for_end(
    state: AppState, request: Request, principal: Principal, analysis_id: str
) -> dict[str, Any]:
    deadline = time.monotonic() + state.settings.wait_timeout_s
    while True:
        body = await run_in_threadpool(_read, state, request, principal, analysis_id)
        if body["status"] in service.TERMINAL:
            return body
        if time.monotonic() >= deadline:
            raise WaitTimedOut("Analysis timed out", extra={"analysis_id": analysis_id})
        await asyncio.sleep(WAIT_POLL_S)


def _read(
    state: AppState, request: Request, principal: Principal, analysis_id: str
) -> dict[str, Any]:
    with state.db() as session:
        row = service.get_owned_or_404(session, principal, analysis_id)
        running = events.running_steps(session, row.id) if row.status == "processing" else []
        return service.render(state, row, state.base_url(request), running)


@router.post(
    "",
    status_code=201,
    response_model=AnalysisCreated,
    responses={200: {"model": AnalysisResult, "description": "With wait=true: the ended analysis"}},
)
async def create_analysis(
    body: AnalysisCreate,
    request: Request,
    state: StateDep,
    principal: ApiKeyAuth,
    wait: bool = False,
    idempotency_key: Annotated[str | None, Header(max_length=255)] = None,
) -> Any:
    """Submit a video URL (or s3:// path) for asynchronous analysis."""
    row, created = await run_in_threadpool(service.create, state, principal, body, idempotency_key)
    if created:
        await run_in_threadpool(state.queue.enqueue, row.id)
    if wait:
        return JSONResponse(await _wait_for_end(state, request, principal, row.id))
    response = _created(state, row.id, row.external_id)
    if not created:  # an idempotent replay describes the existing analysis
        return JSONResponse(
            response.model_dump(), status_code=200 if row.status != "queued" else 201
        )
    return response


@router.post("/upload", status_code=201, response_model=AnalysisCreated)
async def upload_analysis(
    request: Request, state: StateDep, principal: ApiKeyAuth
) -> AnalysisCreated:
    """Upload a video file (MP4, MOV, WebM, MKV; at most 500 MB) as multipart `file`."""
    form = await read_upload(
        request, state.settings.data_dir / "uploads", state.settings.max_upload_bytes
    )
    try:
        preset = form.fields.get("pipeline_preset") or "full"
        if preset not in PRESETS:  # the registry's presets, as for JSON submissions
            raise BadRequest(f"pipeline_preset must be one of {', '.join(PRESETS)}")
        external_id = form.fields.get("external_id") or None
        if external_id is not None and len(external_id) > 255:
            raise BadRequest("external_id is longer than 255 characters")
        webhook_url = form.fields.get("webhook_url") or None
        assert form.path is not None
        facts = await run_in_threadpool(probe, form.path)
        try:
            check_duration(facts, principal.plan.max_duration_s)
        except MediaError as exc:
            raise BadRequest(exc.message) from exc
        row = await run_in_threadpool(
            service.create_from_upload,
            state,
            principal,
            path=form.path,
            filename=form.filename,
            preset=preset,
            external_id=external_id,
            webhook_url=webhook_url,
        )
    finally:
        form.discard()
    await run_in_threadpool(state.queue.enqueue, row.id)
    return _created(state, row.id, row.external_id)


@router.get(
    "/{analysis_id}",
    response_model=AnalysisResult,
    responses={202: {"description": "queued/processing"}},
)
def get_analysis(
    analysis_id: str, request: Request, state: StateDep, principal: ApiKeyAuth
) -> JSONResponse:
    """Status while queued or processing; the full AnalysisResult when completed."""
    return JSONResponse(_read(state, request, principal, analysis_id))


@router.get("", response_model=AnalysisList)
def list_analyses(
    state: StateDep,
    principal: ApiKeyAuth,
    status: Literal["queued", "processing", "completed", "failed"] | None = None,
    external_id: Annotated[str | None, Query(max_length=255)] = None,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=service.MAX_PAGE)] = 20,
) -> AnalysisList:
    """Your analyses, newest first; follow `next_cursor` for more."""
    rows, next_cursor = service.list_page(
        state, principal, status=status, external_id=external_id, cursor=cursor, limit=limit
    )
    items = [
        AnalysisListItem(
            analysis_id=r.id,
            status=r.status,
            external_id=r.external_id,
            preset=r.preset,
            source_url=r.video_url or r.storage_path or r.upload_filename,
            created_at=r.created_at,
            completed_at=r.completed_at,
        )
        for r in rows
    ]
    return AnalysisList(data=items, next_cursor=next_cursor)


@router.delete("/{analysis_id}", status_code=204)
def delete_analysis(analysis_id: str, state: StateDep, principal: ApiKeyAuth) -> Response:
    """Delete the analysis and every stored artifact (upload, media, keyframes)."""
    service.delete(state, principal, analysis_id)
    return Response(status_code=204)


@router.get("/{analysis_id}/keyframes/{n}.jpg", response_class=FileResponse)
def get_keyframe(analysis_id: str, n: int, state: StateDep, token: str = "") -> Response:
    """A keyframe image; the signed `image_url` of a result points here."""
    secret = state.settings.effective_secret_key
    if n < 0 or not signing.verify(secret, links.KEYFRAME, f"{analysis_id}/{n}", token):
        raise NotFound("Keyframe not found")
    key = links.keyframe_key(analysis_id, n)
    local = state.storage.local_path(key)
    if local is None:
        raise NotFound("Keyframe not found")
    return FileResponse(
        local, media_type="image/jpeg", headers={"Cache-Control": "private, max-age=3600"}
    )
