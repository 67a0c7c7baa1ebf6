"""The analysis lifecycle as the API sees it: submit, read, list, delete."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from clipapi.accounts.deps import Principal
from clipapi.analyses import lifecycle, links, repository
from clipapi.errors import BadRequest, Conflict, NotFound
from clipapi.kit import ids
from clipapi.kit.db import transaction
from clipapi.models import Analysis
from clipapi.schemas.api import (
    AnalysisCreate,
    AnalysisFailed,
    AnalysisResponse,
    AnalysisStatus,
)
from clipapi.schemas.result import AnalysisResult, ErrorInfo
from clipapi.state import AppState

TERMINAL = lifecycle.TERMINAL
MAX_PAGE = 100


def _request_hash(body: AnalysisCreate) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_outbound(state: AppState, body: AnalysisCreate) -> None:
    """Refuse unsafe or unconfigured sources before anything is stored or fetched."""
    for url in (body.video_url, body.webhook_url):
        if url is not None:
            state.policy.check_url(url)
    if body.storage_path is not None:
        bucket = body.storage_path.removeprefix("s3://").partition("/")[0]
        if bucket not in state.settings.allowed_buckets:
            raise BadRequest(f"Bucket {bucket!r} is not one this server may read")


def create(
    state: AppState, principal: Principal, body: AnalysisCreate, idempotency_key: str | None
) -> tuple[Analysis, bool]:
    """Charge the quota and store the analysis; returns (analysis, newly_created).

    The caller enqueues only after this returned, i.e. after the commit.
    """
    check_outbound(state, body)
    request_hash = _request_hash(body)
    try:
        with transaction(state.db) as session:
            if idempotency_key:
                existing = repository.by_idempotency_key(
                    session, principal.user_id, idempotency_key
                )
                if existing is not None:
                    return _replay(existing, request_hash), False
            row = _new_row(
                session,
                principal,
                preset=body.pipeline_preset,
                source_kind="url" if body.video_url else "storage",
                video_url=body.video_url,
                storage_path=body.storage_path,
                external_id=body.external_id,
                webhook_url=body.webhook_url,
                idempotency_key=idempotency_key,
                request_hash=request_hash,
            )
    except IntegrityError:
        # The same Idempotency-Key raced in from another request; the winner's row stands.
        with state.db() as session:
            existing = repository.by_idempotency_key(
                session, principal.user_id, idempotency_key or ""
            )
        if existing is None:
            raise
        return _replay(existing, request_hash), False
    return row, True


def _replay(existing: Analysis, request_hash: str) -> Analysis:
    if existing.request_hash != request_hash:
        raise Conflict("Idempotency-Key was already used with a different request body")
    return existing


def _new_row(
    session: Session, principal: Principal, analysis_id: str | None = None, **fields: Any
) -> Analysis:
    return lifecycle.submit(
        session, analysis_id or ids.analysis_id(), principal.user_id, principal.plan, **fields
    )


def create_from_upload(
    state: AppState,
    principal: Principal,
    *,
    path: Path,
    filename: str,
    preset: str,
    external_id: str | None,
    webhook_url: str | None,
) -> Analysis:
    """Store a probed upload and its analysis together; the blob is removed if the row fails."""
    if webhook_url is not None:
        state.policy.check_url(webhook_url)
    analysis_id = ids.analysis_id()
    upload_key = f"analyses/{analysis_id}/upload/source{path.suffix or '.bin'}"
    state.storage.put_file(upload_key, path)
    try:
        with transaction(state.db) as session:
            row = _new_row(
                session,
                principal,
                analysis_id,
                preset=preset,
                source_kind="upload",
                upload_key=upload_key,
                upload_filename=filename[:255],
                external_id=external_id,
                webhook_url=webhook_url,
            )
    except BaseException:
        state.storage.delete_prefix(f"analyses/{analysis_id}")
        raise
    return row


def get_owned_or_404(session: Session, principal: Principal, analysis_id: str) -> Analysis:
    row = repository.get_owned(session, principal.user_id, analysis_id)
    if row is None:  # someone else's analysis looks exactly like a missing one
        raise NotFound("Analysis not found")
    return row


def render_model(
    state: AppState, row: Analysis, base_url: str, steps_running: list[str] | None = None
) -> AnalysisResponse:
    """The body of GET /v1/analyses/{id} (and of the webhook). While steps run side by side,
    `current_step` is the one that started first and is still running."""
    if row.status == "completed" and row.result is not None:
        return AnalysisResult.model_validate(
            links.with_signed_urls(
                row.result,
                secret=state.settings.effective_secret_key,
                base_url=base_url,
                storage=state.storage,
                ttl_s=state.settings.keyframe_url_ttl_s,
            )
        )
    if row.status == "failed":
        return AnalysisFailed(
            analysis_id=row.id,
            external_id=row.external_id,
            error=ErrorInfo(
                code=row.error_code or "internal_error",
                message=row.error_message or "The analysis failed",
            ),
        )
    running = steps_running or []
    return AnalysisStatus.model_validate(
        {
            "analysis_id": row.id,
            "status": "processing" if row.status == "processing" else "queued",
            "current_step": running[0] if running else row.current_step,
            "steps_running": running,
            "progress": row.progress,
            "external_id": row.external_id,
            "created_at": row.created_at,
        }
    )


def render(state: AppState, row: Analysis, base_url: str) -> dict[str, Any]:
    """render_model as JSON, for the webhook body and the command line."""
    body: dict[str, Any] = render_model(state, row, base_url).model_dump(mode="json")
    return body


def encode_cursor(row: Analysis) -> str:
    raw = f"{row.created_at.isoformat()}|{row.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created, _, analysis_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(created), analysis_id
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("Invalid cursor") from exc


def list_page(
    state: AppState,
    principal: Principal,
    *,
    status: str | None,
    external_id: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Analysis], str | None]:
    after = decode_cursor(cursor) if cursor else None
    with state.db() as session:
        rows = repository.page(
            session,
            principal.user_id,
            status=status,
            external_id=external_id,
            after=after,
            limit=limit + 1,
        )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(rows[-1]) if more and rows else None


def delete(state: AppState, principal: Principal, analysis_id: str) -> None:
    with transaction(state.db) as session:
        lifecycle.delete(session, get_owned_or_404(session, principal, analysis_id))
    state.storage.delete_prefix(f"analyses/{analysis_id}")
