"""Server-Sent Events at fan-out: S concurrent subscribers on one API process.

A `clipapi serve` process (one in-process worker) runs A short analyses one after another
while S subscribers, spread evenly over them, hold the reference's credential-free stream
open. For every event a subscriber receives live (recorded after its stream opened; replays
of older events are left out), the lag is receive time minus the event row's `created_at`.
Prints p50/p95/max lag, events lost (a stream that ended without every event of its
analysis) and the API process's peak RSS, on the embedded defaults (SQLite, in-memory nudges)
and on PostgreSQL + Redis (nudges over Redis pub/sub).

    .venv/bin/python bench/sse.py                                # 500 subscribers, both
    .venv/bin/python bench/sse.py --subscribers 200 --backends sqlite
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import httpx
import sqlalchemy as sa
from throughput import _account, _answers, _free_port, _wait, percentile, serve_media

from clipapi.migrate import upgrade
from clipapi.models import AnalysisEvent

CLIP = "asl_thanks.mkv"
PRESET = "meta_only"


@dataclass
class Figures:
    backend: str
    subscribers: int
    live_events: int
    lost: int
    lag_p50_ms: float
    lag_p95_ms: float
    lag_max_ms: float
    api_peak_rss_mb: float


async def _subscribe(
    client: httpx.AsyncClient, url: str, received: list[tuple[int, float]], opened: list[float]
) -> bool:
    """Follow one stream to pipeline_done; True when it ended properly."""
    async with client.stream("GET", url) as response:
        if response.status_code != 200:
            return False
        opened.append(time.time())  # this stream's own start: earlier events are replays
        event_id = 0
        async for line in response.aiter_lines():
            if line.startswith("id:"):
                event_id = int(line[3:].strip())
            elif line.startswith("event:") and line[6:].strip() == "pipeline_done":
                received.append((event_id, time.time()))
                return True
            elif line.startswith("data:"):
                received.append((event_id, time.time()))
    return False


async def _fan_out(urls: list[str]) -> tuple[list[list[tuple[int, float]]], list[float], int]:
    limits = httpx.Limits(max_connections=len(urls) + 10, max_keepalive_connections=0)
    async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(120, connect=60)) as client:
        streams: list[list[tuple[int, float]]] = [[] for _ in urls]
        opened: list[list[float]] = [[] for _ in urls]
        ended = await asyncio.gather(
            *(_subscribe(client, url, streams[n], opened[n]) for n, url in enumerate(urls))
        )
    return streams, [o[0] if o else float("inf") for o in opened], sum(1 for ok in ended if not ok)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_once(args: argparse.Namespace, backend: str, media_url: str) -> Figures:
    root = Path(tempfile.mkdtemp(prefix="clipapi-bench-sse-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLIPAPI_")}
    env.update(
        CLIPAPI_DATA_DIR=str(root / "data"),
        CLIPAPI_SECRET_KEY="bench-" + "x" * 40,
        CLIPAPI_ALLOW_HOSTS="127.0.0.1",
        CLIPAPI_WORKERS="1",
        # Every subscriber comes from this one address: its window must not be the limit.
        CLIPAPI_ANONYMOUS_REQUESTS_PER_MINUTE="1000000",
    )
    admin = None
    name = f"clipapi_bench_sse_{os.getpid()}"
    if backend == "postgres":
        import redis

        redis_url = f"{args.redis}/{args.redis_db}"
        redis.Redis.from_url(redis_url).flushdb()
        admin = sa.create_engine(f"{args.postgres}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        db_url = f"{args.postgres}/{name}"
        env.update(CLIPAPI_DATABASE_URL=db_url, CLIPAPI_REDIS_URL=redis_url)
    else:
        db_url = f"sqlite:///{root / 'data' / 'clipapi.db'}"
        env.update(CLIPAPI_DATABASE_URL=db_url)
    (root / "data").mkdir(parents=True)
    upgrade(db_url)
    port = _free_port()
    api = f"http://127.0.0.1:{port}"
    log = (root / "api.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "clipapi", "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait(lambda: _answers(api), 60, "the API")
        key = _account(api, db_url)
        headers = {"Authorization": f"Bearer {key}"}
        body = {"video_url": f"{media_url}/{CLIP}", "pipeline_preset": PRESET}
        ids = [
            httpx.post(f"{api}/v1/analyses", headers=headers, json=body).json()["analysis_id"]
            for _ in range(args.analyses)
        ]
        urls = [f"{api}/v1/analyses/{ids[n % len(ids)]}/stream" for n in range(args.subscribers)]
        streams, opened, lost = asyncio.run(_fan_out(urls))
        engine = sa.create_engine(db_url)
        with engine.connect() as conn:
            created = {
                row_id: at.replace(tzinfo=UTC).timestamp()
                for row_id, at in conn.execute(
                    sa.select(AnalysisEvent.id, AnalysisEvent.created_at)
                )
            }
        engine.dispose()
        lags = [
            (at - created[event_id]) * 1000
            for stream, started in zip(streams, opened, strict=True)
            for event_id, at in stream
            if event_id in created and created[event_id] > started
        ]
        rss = _peak_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(30)
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return Figures(
        backend,
        args.subscribers,
        len(lags),
        lost,
        percentile(lags, 0.5) if lags else float("nan"),
        percentile(lags, 0.95) if lags else float("nan"),
        max(lags) if lags else float("nan"),
        rss,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=500)
    parser.add_argument("--analyses", type=int, default=20)
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379")
    parser.add_argument("--redis-db", type=int, default=13)
    args = parser.parse_args()

    server, media_url = serve_media()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{args.subscribers} subscribers over {args.analyses} x {CLIP} ({PRESET}); "
        f"{os.cpu_count()} CPU cores, load average {load}"
    )
    print(
        f"{'backend':>9} {'subs':>5} {'live events':>11} {'lost':>5} {'lag p50':>9} "
        f"{'lag p95':>9} {'lag max':>9} {'API peak RSS':>13}"
    )
    for backend in args.backends:
        f = run_once(args, backend, media_url)
        print(
            f"{f.backend:>9} {f.subscribers:>5} {f.live_events:>11} {f.lost:>5} "
            f"{f.lag_p50_ms:>7.0f}ms {f.lag_p95_ms:>7.0f}ms {f.lag_max_ms:>7.0f}ms "
            f"{f.api_peak_rss_mb:>10.0f} MB"
        )
    server.shutdown()


if __name__ == "__main__":
    main()
