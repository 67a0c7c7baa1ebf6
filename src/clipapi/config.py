"""One typed Settings object, read from CLIPAPI_* environment variables."""

from __future__ import annotations

import re
import secrets
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "secret_key"
MIN_SECRET_LEN = 32
# The Celery queue analyses are sent to; `clipapi worker` consumes it by default.
ANALYSIS_QUEUE = "clipapi"
_ROUTE_NAME = re.compile(r"[A-Za-z0-9_.:-]+")


def parse_step_queues(text: str) -> dict[str, str]:
    """`CLIPAPI_STEP_QUEUES`: "transcription=asr,visual_analysis=vision" ->
    {"transcription": "asr", "visual_analysis": "vision"}.

    Empty means every step runs inside the worker running its analysis. A step may not be
    routed to the analysis queue itself: a worker process waiting for its step there could
    be the only one that would take it.
    """
    routes: dict[str, str] = {}
    for item in text.split(","):
        if not item.strip():
            continue
        step, sep, queue = (part.strip() for part in item.partition("="))
        if not sep or not _ROUTE_NAME.fullmatch(step) or not _ROUTE_NAME.fullmatch(queue):
            raise ValueError(
                f"CLIPAPI_STEP_QUEUES: expected step=queue[,step=queue…], got {item.strip()!r}"
            )
        if step in routes:
            raise ValueError(f"CLIPAPI_STEP_QUEUES: step {step!r} is routed twice")
        if queue == ANALYSIS_QUEUE:
            raise ValueError(
                f"CLIPAPI_STEP_QUEUES: step {step!r} is routed to {ANALYSIS_QUEUE!r}, the "
                "analysis queue; give it a queue of its own"
            )
        routes[step] = queue
    return routes


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLIPAPI_", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    storage_url: str | None = None
    secret_key: str | None = None
    public_url: str | None = None
    allow_hosts: str = ""
    cors_origins: str = ""

    queue: str = "in_process"
    workers: int = Field(default=2, ge=1, le=64)
    broker_url: str | None = None
    redis_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_allowed_buckets: str = ""
    # step=queue pairs: those steps run as tasks on their own Celery queue (CLIPAPI_QUEUE=celery)
    step_queues: str = ""

    whisper_model_dir: Path | None = None  # any CTranslate2 Whisper folder; default: bundled base

    # The optional generative writer (title, summary, logline); off unless one is set.
    llm: Literal["", "off", "embedded"] = ""
    llm_url: str | None = None  # an OpenAI-compatible server: wins over `llm`
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=60.0, gt=0)
    llm_threads: int = Field(default=1, ge=1, le=64)

    analysis_timeout_s: float = Field(default=900.0, gt=0)
    max_attempts: int = Field(default=3, ge=1)
    max_upload_bytes: int = 500 * 1024 * 1024
    max_download_bytes: int = 500 * 1024 * 1024
    wait_timeout_s: float = Field(default=90.0, gt=0)
    jwt_ttl_s: int = 24 * 3600
    stream_token_ttl_s: int = 3600
    # "optional": progress streams open with no credential, as the reference's EventSource
    # example does (events carry no result data); "required": a key or stream token.
    stream_auth: Literal["optional", "required"] = "optional"
    keyframe_url_ttl_s: int = 7 * 24 * 3600
    sse_keepalive_s: float = 15.0
    webhook_max_attempts: int = Field(default=6, ge=1, le=50)
    webhook_backoff_s: float = Field(default=2.0, ge=0)
    webhook_timeout_s: float = Field(default=10.0, gt=0)
    login_attempts_per_minute: int = 10
    # Calls that carry no credential (signed links, open streams, failed logins) are limited
    # per client address; a dashboard report loads a keyframe image per shot.
    anonymous_requests_per_minute: int = Field(default=300, ge=1)

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    @field_validator("step_queues")
    @classmethod
    def _routes(cls, value: str) -> str:
        parse_step_queues(value)
        return value

    @property
    def step_routes(self) -> dict[str, str]:
        """Step name -> Celery queue, from CLIPAPI_STEP_QUEUES."""
        return parse_step_queues(self.step_queues)

    @cached_property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'clipapi.db'}"

    @cached_property
    def effective_storage_url(self) -> str:
        return self.storage_url or f"file://{self.data_dir / 'blobs'}"

    @cached_property
    def effective_secret_key(self) -> str:
        """The configured secret, else one generated once and kept in the data dir."""
        if self.secret_key:
            if len(self.secret_key) < MIN_SECRET_LEN:
                raise ValueError(f"CLIPAPI_SECRET_KEY must be at least {MIN_SECRET_LEN} characters")
            return self.secret_key
        path = self.data_dir / SECRET_FILE
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        generated = secrets.token_urlsafe(48)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(generated)
        tmp.chmod(0o600)
        try:
            # link() fails if another process won the race; then we read its secret.
            path.hardlink_to(tmp)
        except FileExistsError:
            pass
        finally:
            tmp.unlink(missing_ok=True)
        return path.read_text().strip()

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return frozenset(h.strip().lower() for h in self.allow_hosts.split(",") if h.strip())

    @property
    def allowed_buckets(self) -> frozenset[str]:
        return frozenset(b.strip() for b in self.s3_allowed_buckets.split(",") if b.strip())

    @property
    def cors_origin_list(self) -> list[str]:
        return [o.strip() for o in self.cors_origins.split(",") if o.strip()]

    @property
    def work_dir(self) -> Path:
        return self.data_dir / "work"
