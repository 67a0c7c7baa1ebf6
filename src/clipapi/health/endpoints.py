from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import func, select, text

from clipapi.accounts.deps import StateDep
from clipapi.health.metrics import ANALYSES_BY_STATUS, REGISTRY
from clipapi.models import Analysis

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/readyz", responses={503: {"description": "A dependency is down"}})
def readyz(state: StateDep) -> JSONResponse:
    """Readiness: database, blob storage and the job queue all answer."""
    checks: dict[str, Any] = {}
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    try:
        state.storage.check()
        checks["storage"] = "ok"
    except Exception:
        checks["storage"] = "unavailable"
    checks["queue"] = "ok" if state.queue.healthy() else "unavailable"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503
    )


@router.get("/metrics", response_class=PlainTextResponse)
def metrics(state: StateDep) -> Response:
    """Prometheus metrics."""
    try:
        with state.db() as session:
            counts = dict(
                session.execute(
                    select(Analysis.status, func.count()).group_by(Analysis.status)
                ).all()
            )
        for status in ("queued", "processing", "completed", "failed"):
            ANALYSES_BY_STATUS.labels(status).set(int(counts.get(status, 0)))
    except Exception:  # metrics must answer even while the database does not
        pass
    return Response(generate_latest(REGISTRY), media_type=CONTENT_TYPE_LATEST)
