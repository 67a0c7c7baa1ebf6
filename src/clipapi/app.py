"""create_app(settings) -> FastAPI: wiring only; behaviour lives in the feature folders."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from clipapi.accounts.deps import address_limit, has_credentials
from clipapi.api import build_router
from clipapi.config import Settings
from clipapi.errors import AppError, RateLimited
from clipapi.events.bus import open_bus
from clipapi.health.endpoints import router as health_router
from clipapi.health.metrics import HTTP_LATENCY, HTTP_REQUESTS
from clipapi.infra.netguard import HostPolicy
from clipapi.kit import redact
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.kit.ratelimit import RateLimiter
from clipapi.openapi import build_openapi
from clipapi.pipeline.registry import REGISTRY
from clipapi.pipeline.runner import PipelineRunner, recover
from clipapi.queue import open_queue
from clipapi.queue.celery_app import StepSender
from clipapi.queue.celery_queue import CeleryQueue
from clipapi.queue.step_routing import route_steps
from clipapi.queue.takeover import Reaper
from clipapi.state import AppState
from clipapi.storage import open_store
from clipapi.web.pages import router as web_router
from clipapi.webhooks.dispatcher import WebhookDispatcher

log = logging.getLogger(__name__)


def build_state(settings: Settings) -> AppState:
    engine = make_engine(settings.effective_database_url)
    (settings.data_dir / "uploads").mkdir(parents=True, exist_ok=True)
    db = make_sessionmaker(engine)
    storage = open_store(settings.effective_storage_url, settings.s3_endpoint_url)
    policy = HostPolicy(allow_hosts=settings.allowed_hosts)
    bus = open_bus(settings.redis_url, writers_in_process=settings.queue == "in_process")
    bus.attach(db)
    # Steps CLIPAPI_STEP_QUEUES routes run on their queues' workers (with CLIPAPI_QUEUE=celery;
    # the worker's own composition root is queue/celery_app.py).
    router = route_steps(settings, db, REGISTRY, StepSender(settings))
    runner = PipelineRunner(db, storage, settings, policy, executors=router)
    queue = open_queue(settings, runner)
    state = AppState(
        settings=settings,
        engine=engine,
        db=db,
        storage=storage,
        limiter=RateLimiter(_bounded_redis_url(settings.redis_url)),
        policy=policy,
        queue=queue,
        bus=bus,
    )
    state.background.append(WebhookDispatcher(state))
    state.background.append(bus)
    if isinstance(queue, CeleryQueue):
        # Workers are other processes, on other machines: resume what a dead one left.
        state.background.append(Reaper(db, queue.send))
    return state


def _bounded_redis_url(url: str | None) -> str | None:
    """Rate limits on Redis answer in bounded time: an unreachable Redis is a quick 503."""
    if not url or not url.startswith(("redis://", "rediss://")) or "socket_timeout" in url:
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}socket_timeout=2&socket_connect_timeout=2"


def create_app(settings: Settings | None = None, state: AppState | None = None) -> FastAPI:
    settings = settings or Settings()
    state = state or build_state(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[dict[str, Any]]:
        settings.effective_secret_key  # noqa: B018 - create and persist it before serving
        state.queue.start()
        if settings.queue == "in_process":
            # The only process running analyses: whatever is unfinished was left by its
            # previous life. (With Celery the reaper takes back analyses by lease instead.)
            for analysis_id in recover(state.db):
                state.queue.enqueue(analysis_id)
        for component in state.background:
            component.start()
        try:
            yield {"app": state}
        finally:
            for component in state.background:
                component.stop()
            state.queue.stop()
            state.engine.dispose()

    app = FastAPI(
        title="clipapi",
        version="0.1.0",
        summary="Video intelligence for short-form video: measured, explained, self-hosted.",
        lifespan=lifespan,
    )
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"],
        )
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    redact.install()
    app.state.clipapi = state  # for tools and tests; requests get it from the lifespan
    app.middleware("http")(_response_headers)
    _install_error_handlers(app)
    app.include_router(build_router())
    app.include_router(health_router)
    app.include_router(web_router)
    return app


def _is_api(path: str) -> bool:
    return path.startswith(("/v1/", "/api/v1/"))


async def _response_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Metrics, and X-RateLimit-* on every API response: a key's window when a key or login
    identified the caller, else the client address's window."""
    started = time.perf_counter()
    state: AppState = request.app.state.clipapi
    api = _is_api(request.url.path)
    if api and not has_credentials(request):
        try:
            request.state.rate_limit_headers = await run_in_threadpool(
                address_limit, request, state
            )
        except RateLimited as exc:
            return JSONResponse({"detail": exc.message}, status_code=429, headers=exc.headers)
        except _backend_errors() as exc:
            log.error("rate-limit backend unavailable: %s", type(exc).__name__)
            return JSONResponse({"detail": "Service temporarily unavailable"}, status_code=503)
    response = await call_next(request)
    headers: dict[str, str] | None = getattr(request.state, "rate_limit_headers", None)
    identified = headers is not None or "X-RateLimit-Limit" in response.headers
    if api and not identified:  # credentials that identified no one count against the address
        try:
            headers = await run_in_threadpool(address_limit, request, state)
        except RateLimited as exc:
            headers = {k: v for k, v in exc.headers.items() if k.startswith("X-RateLimit")}
        except _backend_errors():
            headers = {}
    for name, value in (headers or {}).items():
        response.headers.setdefault(name, value)
    route = request.scope.get("route")
    path = getattr(route, "path", "unmatched")
    HTTP_REQUESTS.labels(request.method, path, str(response.status_code)).inc()
    HTTP_LATENCY.labels(request.method, path).observe(time.perf_counter() - started)
    return response


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "header", "path")]
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc)}: {message}" if loc else message)
    return "; ".join(parts) or "Invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> JSONResponse:
        return JSONResponse(
            {"detail": exc.message, **exc.extra}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "Request failed"
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(OperationalError)
    async def database_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", type(exc.orig).__name__)
        return JSONResponse({"detail": "Service temporarily unavailable"}, status_code=503)

    async def backend_down(request: Request, exc: Exception) -> JSONResponse:
        log.error("backend unavailable: %s", type(exc).__name__)
        return JSONResponse({"detail": "Service temporarily unavailable"}, status_code=503)

    for backend_error in _backend_errors():
        app.add_exception_handler(backend_error, backend_down)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return JSONResponse({"detail": "Internal server error"}, status_code=500)


def _backend_errors() -> tuple[type[Exception], ...]:
    """Redis (rate limits) down is a 503 like the database being down, not a 500."""
    try:
        from redis.exceptions import RedisError
    except ImportError:  # no `scale` extra: no Redis in play
        return ()
    return (RedisError,)
