"""Shared fixtures: media (recorded and synthetic), databases, the app, accounts."""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clipapi.accounts.service import set_plan
from clipapi.app import create_app
from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.media.probe import probe
from clipapi.migrate import upgrade
from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
from clipapi.state import AppState
from clipapi.storage.local import LocalBlobStore

DATA_DIR = Path(__file__).resolve().parent / "data"
MEDIA_DIR = DATA_DIR / "media"


def unexpected_errors(
    records: list[logging.LogRecord], expected: list[str]
) -> list[logging.LogRecord]:
    """The ERROR (and worse) records whose message no `expected` pattern matches."""
    patterns = [re.compile(p) for p in expected]
    return [
        r
        for r in records
        if r.levelno >= logging.ERROR and not any(p.search(r.getMessage()) for p in patterns)
    ]


@pytest.fixture(autouse=True)
def no_unexpected_errors(
    request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> Iterator[None]:
    """Fails a test that logged an ERROR it did not declare: an error in the log is a defect
    unless the test provokes it on purpose, `@pytest.mark.expect_errors("pattern", ...)`."""
    yield
    expected = [str(p) for m in request.node.iter_markers("expect_errors") for p in m.args]
    records = [r for phase in ("setup", "call") for r in caplog.get_records(phase)]
    unexpected = unexpected_errors(records, expected)
    if unexpected:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"unexpected ERROR log records (declare them with expect_errors):\n{lines}")


def load_generator(stem: str) -> ModuleType:
    """A media generator script of tests/data (not a package), loaded by path once."""
    name = f"clipapi_tests_{stem}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, DATA_DIR / f"{stem}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_media = load_generator("make_media")
make_audio = load_generator("make_audio")
make_speech = load_generator("make_speech")
make_captions = load_generator("make_captions")


@pytest.fixture(scope="session")
def media_dir() -> Path:
    """Recorded clips with known ground truth (see tests/data/README.md)."""
    return MEDIA_DIR


@pytest.fixture(scope="session")
def media_factory() -> ModuleType:
    """The tests/data/make_media.py module, for clips a single test needs."""
    return make_media


@pytest.fixture(scope="session")
def synthetic_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every synthetic case from make_media.make_all, generated once per session."""
    clips: dict[str, Path] = make_media.make_all(tmp_path_factory.mktemp("synthetic-media"))
    return clips


@pytest.fixture
def make_clip(tmp_path: Path) -> Callable[..., Path]:
    """make_clip(name, **options) writes a synthetic clip into this test's tmp dir."""

    def make(name: str, **options: Any) -> Path:
        clip: Path = make_media.make_clip(tmp_path / name, **options)
        return clip

    return make


# --- the service -------------------------------------------------------------------------

POSTGRES_SERVER = os.environ.get(
    "CLIPAPI_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432"
)
TABLES = (
    "webhook_attempts",
    "webhook_deliveries",
    "step_checkpoints",
    "analysis_events",
    "outcomes",
    "analyses",
    "trends",
    "music_tracks",
    "usage_counters",
    "api_keys",
    "users",
)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, migrated to head."""
    import sqlalchemy as sa

    name = f"clipapi_test_{os.getpid()}"
    admin = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:  # the PostgreSQL tests must run, never skip
        pytest.fail(f"PostgreSQL at {POSTGRES_SERVER} is required: {exc}")
    url = f"{POSTGRES_SERVER}/{name}"
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs on both databases."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'clipapi.db'}"
        upgrade(url)
        return url
    url: str = request.getfixturevalue("postgres_database")
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE {', '.join(TABLES)} CASCADE"))
    engine.dispose()
    return url


def make_settings(tmp_path: Path, database_url: str | None = None, **overrides: Any) -> Settings:
    data_dir = tmp_path / "data"
    url = database_url or f"sqlite:///{data_dir / 'clipapi.db'}"
    values: dict[str, Any] = {
        "data_dir": data_dir,
        "database_url": url,
        "secret_key": "test-secret-" + "x" * 40,
        "allow_hosts": "127.0.0.1,localhost",
        "public_url": "http://testserver",
        "webhook_backoff_s": 0.05,
        "workers": 2,
    }
    values.update(overrides)
    settings = Settings(**values)
    upgrade(settings.effective_database_url)
    return settings


def media_step_context(
    media: Path,
    root: Path,
    *,
    preset: str = "full",
    settings: Settings | None = None,
    max_duration_s: float | None = None,
) -> StepContext:
    """A step's context over an uploaded file, with the ingest and probe outputs the media
    steps read, as the runner would hand it over."""
    root.mkdir(parents=True, exist_ok=True)
    storage = LocalBlobStore(root / "blobs")
    key = "analyses/a1/source" + media.suffix
    storage.put_file(key, media)
    workdir = root / "work"
    workdir.mkdir(exist_ok=True)
    return StepContext(
        request=JobRequest("a1", preset, "upload", None, None, key, media.name, max_duration_s),
        settings=settings or make_settings(root),
        storage=storage,
        policy=HostPolicy(frozenset()),
        workdir=workdir,
        deadline=time.monotonic() + 120,
        outputs={
            "ingest": StepOutput(signals={"media_key": key}),
            "probe": StepOutput(signals=probe(media).to_media()),
        },
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@dataclass
class Account:
    email: str
    token: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    @property
    def jwt_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def new_account(client: TestClient, plan: str = "free", email: str | None = None) -> Account:
    email = email or f"user-{uuid.uuid4().hex[:10]}@example.com"
    signup = client.post("/v1/auth/signup", json={"email": email, "password": "correct-horse"})
    assert signup.status_code == 201, signup.text
    token = signup.json()["access_token"]
    if plan != "free":  # plans change through the service, as `clipapi users set-plan` does
        set_plan(app_state(client).db, email, plan)
    created = client.post("/v1/keys", headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.text
    return Account(email, token, created.json()["key"])


def app_state(client: TestClient) -> AppState:
    state: AppState = client.app.state.clipapi  # type: ignore[attr-defined]
    return state


@pytest.fixture
def account(client: TestClient) -> Account:
    return new_account(client)


class MediaServer(str):
    """The server's base URL; `root` is the folder it serves (tests may add files)."""

    root: Path


@pytest.fixture(scope="session")
def media_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MediaServer]:
    """A loopback HTTP server for the recorded clips and this session's synthetic ones."""
    root = tmp_path_factory.mktemp("served")
    for clip in MEDIA_DIR.iterdir():
        if clip.is_file():
            shutil.copy(clip, root / clip.name)
    handler = partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = MediaServer(f"http://127.0.0.1:{server.server_address[1]}")
    url.root = root
    yield url
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def wait_until_ended(
    client: TestClient, account: Account, analysis_id: str, timeout: float = 30
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(
            f"/v1/analyses/{analysis_id}", headers=account.headers
        ).json()
        if body.get("status") in ("completed", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError(f"analysis {analysis_id} did not end in {timeout} s")


@pytest.fixture
def pro_account(client: TestClient) -> Account:
    """60 requests a minute: for tests that poll."""
    return new_account(client, plan="pro")


@dataclass
class LiveServer:
    url: str
    state: AppState


def run_live_server(settings: Settings) -> Iterator[LiveServer]:
    """The real app under uvicorn on a loopback port, in a thread."""
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.public_url = f"http://127.0.0.1:{port}"
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("live server did not start")
        time.sleep(0.02)
    yield LiveServer(settings.public_url, app.state.clipapi)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    yield from run_live_server(settings)


# --- a real browser (Debian's Chromium driven by Playwright) ---------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is required: scripts/test-services installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
