"""Throughput of the Celery path: N short clips submitted at once, run by 1 and then by 2
`clipapi worker` processes on this machine.

Prints, per worker count: completed analyses per minute, queue wait (submitted → claimed by
a worker) p50/p95, and whether anything was lost (not completed) or duplicated (more than one
claim, result event or charge).

    .venv/bin/python bench/throughput.py                      # 30 clips, 1 then 2 workers
    .venv/bin/python bench/throughput.py --clips 60 --workers 1 2 4

Needs PostgreSQL (a fresh database is created and dropped) and Redis (one database number,
flushed); blobs go to a temporary folder shared by the processes.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from clipapi.accounts.service import set_plan
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.migrate import upgrade

MEDIA = Path(__file__).resolve().parent.parent / "tests" / "data" / "media"
CLIP = "asl_thanks.mkv"
PRESET = "meta_only"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_media() -> tuple[ThreadingHTTPServer, str]:
    """tests/data/media on a loopback HTTP server, in a thread; (server, base URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(MEDIA)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


@dataclass
class Figures:
    workers: int
    clips: int
    completed: int
    per_minute: float
    wait_p50: float
    wait_p95: float
    duplicated: int
    wall_s: float


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_once(args: argparse.Namespace, workers: int, media_url: str) -> Figures:
    import redis

    redis_url = f"{args.redis}/{args.redis_db}"
    redis.Redis.from_url(redis_url).flushdb()
    name = f"clipapi_bench_{os.getpid()}_{workers}"
    admin = sa.create_engine(f"{args.postgres}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    db_url = f"{args.postgres}/{name}"
    upgrade(db_url)
    root = Path(tempfile.mkdtemp(prefix="clipapi-bench-"))
    port = _free_port()
    api = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIPAPI_")}
    env.update(
        CLIPAPI_QUEUE="celery",
        CLIPAPI_DATABASE_URL=db_url,
        CLIPAPI_REDIS_URL=redis_url,
        CLIPAPI_BROKER_URL=redis_url,
        CLIPAPI_STORAGE_URL=f"file://{root}/blobs",
        CLIPAPI_SECRET_KEY="bench-" + "x" * 40,
        CLIPAPI_ALLOW_HOSTS="127.0.0.1",
        CLIPAPI_PUBLIC_URL=api,
    )
    procs: list[subprocess.Popen[bytes]] = []

    def spawn(label: str, *argv: str) -> None:
        log = (root / f"{label}.log").open("wb")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "clipapi", *argv],
                env={**env, "CLIPAPI_DATA_DIR": str(root / label)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    try:
        spawn("api", "serve", "--port", str(port), "--no-migrate")
        for n in range(workers):
            spawn(f"worker-{n}", "worker", "--concurrency", "1")
        _wait(lambda: _answers(api), 60, "the API")
        _wait(
            lambda: all(
                " ready." in (root / f"worker-{n}.log").read_text(errors="replace")
                for n in range(workers)
            ),
            60,
            "the workers",
        )
        key = _account(api, db_url)
        headers = {"Authorization": f"Bearer {key}"}
        body = {"video_url": f"{media_url}/{CLIP}", "pipeline_preset": PRESET}
        started = time.monotonic()
        with ThreadPoolExecutor(10) as pool:
            created = list(
                pool.map(
                    lambda _: httpx.post(f"{api}/v1/analyses", headers=headers, json=body),
                    range(args.clips),
                )
            )
        assert all(r.status_code == 201 for r in created), [r.text for r in created]
        engine = sa.create_engine(db_url)
        _wait(lambda: _ended(engine) >= args.clips, args.timeout, f"{args.clips} analyses to end")
        wall = time.monotonic() - started
        return _figures(engine, workers, args.clips, wall)
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(30)
        sa.create_engine(db_url).dispose()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        redis.Redis.from_url(redis_url).flushdb()


def _answers(api: str) -> bool:
    try:
        return httpx.get(f"{api}/healthz").status_code == 200
    except httpx.TransportError:
        return False


def _account(api: str, db_url: str) -> str:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    token = httpx.post(
        f"{api}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
    ).json()["access_token"]
    engine = make_engine(db_url)
    set_plan(make_sessionmaker(engine), email, "enterprise")  # no quota, 200 requests/min
    engine.dispose()
    key: str = httpx.post(f"{api}/v1/keys", headers={"Authorization": f"Bearer {token}"}).json()[
        "key"
    ]
    return key


def _ended(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM analyses WHERE status IN ('completed', 'failed')")
            ).scalar_one()
        )


def _figures(engine: sa.Engine, workers: int, clips: int, wall: float) -> Figures:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT status, attempts, created_at, started_at, completed_at, "
                "(SELECT count(*) FROM analysis_events e WHERE e.analysis_id = a.id "
                " AND e.event = 'pipeline_done') AS done_events "
                "FROM analyses a"
            )
        ).all()
        charged = conn.execute(sa.text("SELECT coalesce(sum(used), 0) FROM usage_counters"))
        used = int(charged.scalar_one())
    engine.dispose()
    completed = [r for r in rows if r.status == "completed"]
    waits = [(r.started_at - r.created_at).total_seconds() for r in rows if r.started_at]
    first = min(r.created_at for r in rows)
    last = max(r.completed_at for r in completed)
    duplicated = sum(1 for r in rows if r.attempts != 1 or r.done_events != 1)
    duplicated += abs(used - len(rows))
    return Figures(
        workers=workers,
        clips=clips,
        completed=len(completed),
        per_minute=len(completed) / (last - first).total_seconds() * 60,
        wait_p50=statistics.median(waits),
        wait_p95=percentile(waits, 0.95),
        duplicated=duplicated,
        wall_s=wall,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clips", type=int, default=30)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()

    server, media_url = serve_media()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.clips} x {CLIP} ({PRESET}), submitted at once; "
        f"{os.cpu_count()} CPU cores, load average {load}"
    )
    print(
        f"{'workers':>7} {'completed':>9} {'per min':>8} {'wait p50':>9} {'wait p95':>9} "
        f"{'lost':>5} {'dup':>4} {'wall s':>7}"
    )
    for workers in args.workers:
        f = run_once(args, workers, media_url)
        print(
            f"{f.workers:>7} {f.completed:>9} {f.per_minute:>8.1f} {f.wait_p50:>8.1f}s "
            f"{f.wait_p95:>8.1f}s {f.clips - f.completed:>5} {f.duplicated:>4} {f.wall_s:>7.1f}"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
