from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import ValidationError

from clipapi.accounts.deps import ApiKeyAuth, Principal, StateDep
from clipapi.analyses import links, service
from clipapi.analyses.upload import read_upload
from clipapi.errors import BadRequest, MediaError, NotFound, WaitTimedOut
from clipapi.events import service as events
from clipapi.kit import signing
from clipapi.media.probe import check_duration, probe
from clipapi.openapi import documented, schema_ref
from clipapi.schemas.api import (
    AnalysisCreate,
    AnalysisCreated,
    AnalysisList,
    AnalysisListItem,
    AnalysisOptions,
    AnalysisResponse,
    UploadRequest,
)
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
) -> AnalysisResponse:
    deadline = time.monotonic() + state.settings.wait_timeout_s
    while True:
        body = await run_in_threadpool(_read, state, request, principal, analysis_id)
        if body.status in service.TERMINAL:
            return body
        if time.monotonic() >= deadline:
            raise WaitTimedOut("Analysis timed out", extra={"analysis_id": analysis_id})
        await asyncio.sleep(WAIT_POLL_S)


def _read(
    state: AppState, request: Request, principal: Principal, analysis_id: str
) -> AnalysisResponse:
    with state.db() as session:
        row = service.get_owned_or_404(session, principal, analysis_id)
        running = events.running_steps(session, row.id) if row.status == "processing" else []
        return service.render_model(state, row, state.base_url(request), running)


@router.post(
    "",
    status_code=201,
    response_model=AnalysisCreated,
    responses={
        200: {
            "model": AnalysisResponse,
            "description": "With wait=true: the ended analysis; an Idempotency-Key replay of a "
            "submission that has started: its AnalysisCreated",
        },
        **documented(402, 409, 503, 504),
    },
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
        ended = await _wait_for_end(state, request, principal, row.id)
        return JSONResponse(ended.model_dump(mode="json"))
    response = _created(state, row.id, row.external_id)
    if not created:  # an idempotent replay describes the existing analysis
        return JSONResponse(
            response.model_dump(), status_code=200 if row.status != "queued" else 201
        )
    return response


@router.post(
    "/upload",
    status_code=201,
    response_model=AnalysisCreated,
    responses=documented(402, 413, 507),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"multipart/form-data": {"schema": schema_ref(UploadRequest)}},
        }
    },
)
async def upload_analysis(
    request: Request, state: StateDep, principal: ApiKeyAuth
) -> AnalysisCreated:
    """Upload a video file (MP4, MOV, WebM, MKV; at most 500 MB) as multipart `file`."""
    form = await read_upload(
        request, state.settings.data_dir / "uploads", state.settings.max_upload_bytes
    )
    try:
        try:  # the same rules as a JSON submission's; an empty field is an absent one
            options = AnalysisOptions.model_validate(
                {name: value for name, value in form.fields.items() if value}
            )
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from exc
        if form.path is None:
            raise BadRequest("Missing multipart field 'file'")
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
            preset=options.pipeline_preset,
            external_id=options.external_id,
            webhook_url=options.webhook_url,
        )
    finally:
        form.discard()
    await run_in_threadpool(state.queue.enqueue, row.id)
    return _created(state, row.id, row.external_id)


@router.get("/{analysis_id}", response_model=AnalysisResponse)
def get_analysis(
    analysis_id: str, request: Request, state: StateDep, principal: ApiKeyAuth
) -> AnalysisResponse:
    """Status while queued or processing; the full AnalysisResult when completed; the error
    when failed."""
    return _read(state, request, principal, analysis_id)


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
