"""The reference's walk-through against a real `clipapi serve` process, over HTTP."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from conftest import MEDIA_DIR, MediaServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clipapi(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clipapi", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    port = free_port()
    env = {
        **os.environ,
        "CLIPAPI_DATA_DIR": str(tmp_path / "data"),
        "CLIPAPI_ALLOW_HOSTS": "127.0.0.1",
        "CLIPAPI_WAIT_TIMEOUT_S": "20",
    }
    env.pop("CLIPAPI_DATABASE_URL", None)
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "clipapi", "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise AssertionError((tmp_path / "serve.log").read_text())
        time.sleep(0.1)
    yield base, env
    process.terminate()
    process.wait(10)
    log.close()
    server_log = (tmp_path / "serve.log").read_text()
    assert "Traceback" not in server_log, server_log
    assert "ve_live_" not in server_log  # keys sent in query strings are masked in the log
    assert not re.search(r"token=(?!\[redacted\])", server_log)


def test_reference_walkthrough(
    server: tuple[str, dict[str, str]], media_server: MediaServer
) -> None:
    base, env = server
    # 1. Get an API key: sign up, then create a key with the login token.
    signup = httpx.post(
        f"{base}/v1/auth/signup", json={"email": "me@example.com", "password": "correct-horse"}
    )
    assert signup.status_code == 201
    jwt_headers = {"Authorization": f"Bearer {signup.json()['access_token']}"}
    key = httpx.post(f"{base}/v1/keys", headers=jwt_headers).json()["key"]
    assert clipapi("users", "set-plan", "me@example.com", "pro", env=env).returncode == 0
    auth = {"Authorization": f"Bearer {key}"}
    # A key in the query string is not how the API takes it (401), and the log masks it.
    assert httpx.get(f"{base}/v1/analyses", params={"api_key": key}).status_code == 401

    # 2. Analyze a video by URL.
    created = httpx.post(
        f"{base}/v1/analyses", headers=auth, json={"video_url": f"{media_server}/car-park-6s.mp4"}
    )
    assert created.status_code == 201
    analysis_id = created.json()["analysis_id"]

    # Real-time streaming, as the reference's EventSource example consumes it.
    names: list[str] = []
    step_durations: list[int] = []
    with httpx.stream("GET", base + created.json()["stream_url"], timeout=60) as stream:
        event = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
                names.append(event)
            elif line.startswith("data:") and event == "step_done":
                step_durations.append(json.loads(line[5:])["duration_ms"])
    assert names[-1] == "pipeline_done"
    assert len(step_durations) == names.count("step_done") > 0
    assert min(step_durations) >= 0

    # 3. Poll for results.
    result = httpx.get(f"{base}/v1/analyses/{analysis_id}", headers={"X-API-Key": key}).json()
    assert result["status"] == "completed"
    assert result["media"]["aspect_ratio"] == "16:9"
    keyframe = httpx.get(
        result["media_understanding"]["visual_analysis"]["keyframes"][0]["image_url"]
    )
    assert keyframe.status_code == 200
    assert keyframe.content[:2] == b"\xff\xd8"

    # Upload a file.
    with (MEDIA_DIR / "asl_thanks.mkv").open("rb") as handle:
        uploaded = httpx.post(
            f"{base}/v1/analyses/upload",
            headers=auth,
            files={"file": ("asl_thanks.mkv", handle)},
            data={"pipeline_preset": "meta_only"},
        )
    assert uploaded.status_code == 201

    # Demo mode: wait for the result in the request.
    waited = httpx.post(
        f"{base}/v1/analyses?wait=true",
        headers=auth,
        json={"video_url": f"{media_server}/asl_thanks.mkv", "pipeline_preset": "meta_only"},
        timeout=60,
    )
    assert waited.status_code == 200
    assert waited.json()["status"] == "completed"

    # OpenAPI document and docs page.
    spec = httpx.get(f"{base}/openapi.json").json()
    assert "/v1/analyses" in spec["paths"]
    assert httpx.get(f"{base}/docs").status_code == 200
    assert httpx.get(f"{base}/signup").status_code == 200
    assert httpx.get(f"{base}/readyz").json()["status"] == "ok"
    assert "clipapi_http_requests_total" in httpx.get(f"{base}/metrics").text


def test_error_table(server: tuple[str, dict[str, str]], media_server: MediaServer) -> None:
    base, env = server
    signup = httpx.post(
        f"{base}/v1/auth/signup", json={"email": "err@example.com", "password": "correct-horse"}
    )
    user_id = signup.json()["id"]
    jwt_headers = {"Authorization": f"Bearer {signup.json()['access_token']}"}
    key = httpx.post(f"{base}/v1/keys", headers=jwt_headers).json()["key"]
    auth = {"X-API-Key": key}
    clipapi("users", "set-plan", "err@example.com", "pro", env=env)

    def expect(status: int, response: httpx.Response) -> None:
        assert response.status_code == status, response.text
        assert isinstance(response.json()["detail"], str)

    expect(400, httpx.post(f"{base}/v1/analyses", headers=auth, json={"pipeline_preset": "full"}))
    expect(401, httpx.get(f"{base}/v1/analyses"))
    expect(404, httpx.get(f"{base}/v1/analyses/job_0123456789ab", headers=auth))
    expect(
        409,
        httpx.post(
            f"{base}/v1/auth/signup", json={"email": "err@example.com", "password": "correct-horse"}
        ),
    )

    # 413: an honest Content-Length over 500 MB is refused before the body is read.
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            (
                "POST /v1/analyses/upload HTTP/1.1\r\n"
                f"Host: {host}\r\nX-API-Key: {key}\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\n"
                "Content-Length: 600000000\r\n\r\n"
            ).encode()
        )
        reply = sock.recv(4096).decode()
    assert reply.startswith("HTTP/1.1 413")

    # 504 (the demo wait running out) is provoked in tests/api/test_analyses.py.

    # 402 and 403 need the database in a given state, as an operator would leave it.
    database = Path(env["CLIPAPI_DATA_DIR"]) / "clipapi.db"
    with sqlite3.connect(database) as conn:
        period = time.strftime("%Y-%m", time.gmtime())
        conn.execute(
            "INSERT INTO usage_counters (user_id, period, used) VALUES (?, ?, 500)",
            (user_id, period),
        )
    expect(
        402,
        httpx.post(
            f"{base}/v1/analyses",
            headers=auth,
            json={"video_url": f"{media_server}/asl_thanks.mkv"},
        ),
    )
    with sqlite3.connect(database) as conn:
        conn.execute("UPDATE users SET disabled = 1 WHERE id = ?", (user_id,))
    expect(403, httpx.get(f"{base}/v1/analyses", headers=auth))

    # 429: past the plan's requests per minute (pro: 60).
    fresh = httpx.post(
        f"{base}/v1/auth/signup", json={"email": "rl@example.com", "password": "correct-horse"}
    )
    free_key = httpx.post(
        f"{base}/v1/keys", headers={"Authorization": f"Bearer {fresh.json()['access_token']}"}
    ).json()["key"]
    codes = [
        httpx.get(f"{base}/v1/analyses", headers={"X-API-Key": free_key}).status_code
        for _ in range(6)
    ]
    assert codes == [200] * 5 + [429]
