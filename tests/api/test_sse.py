from __future__ import annotations

import json
from typing import Any

import httpx

from conftest import LiveServer, MediaServer

EVENT_ORDER = ["step_start", "step_done"]


def signup_pro(server: LiveServer) -> tuple[str, dict[str, str]]:
    from clipapi.accounts.service import set_plan

    email = "sse@example.com"
    token = httpx.post(
        f"{server.url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
    ).json()["access_token"]
    set_plan(server.state.db, email, "pro")
    key = httpx.post(f"{server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"}).json()[
        "key"
    ]
    return key, {"Authorization": f"Bearer {key}"}


def read_events(response: httpx.Response) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    for line in response.iter_lines():
        if line.startswith(":"):
            continue
        if not line:
            if current:
                events.append(current)
                current = {}
            continue
        field, _, value = line.partition(":")
        current[field] = value.strip()
    if current:
        events.append(current)
    return events


def submit_meta_only(
    server: LiveServer, headers: dict[str, str], media_server: MediaServer
) -> dict[str, Any]:
    created: dict[str, Any] = httpx.post(
        f"{server.url}/v1/analyses",
        headers=headers,
        json={"video_url": f"{media_server}/asl_thanks.mkv", "pipeline_preset": "meta_only"},
    ).json()
    return created


def test_stream_with_signed_token_replays_and_ends(
    live_server: LiveServer, media_server: MediaServer
) -> None:
    _, headers = signup_pro(live_server)
    created = submit_meta_only(live_server, headers, media_server)
    assert created["stream_url"].startswith(f"/api/v1/analyses/{created['analysis_id']}/stream")
    stream_url = live_server.url + created["stream_url"]  # the reference's BASE + stream_url
    # A browser EventSource sends no headers: the token in the URL is the credential.
    with httpx.stream(
        "GET", stream_url, timeout=30, headers={"Origin": "https://customer.example"}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["access-control-allow-origin"] == "*"
        assert "gzip" not in response.headers.get("content-encoding", "")
        events = read_events(response)
    names = [e["event"] for e in events]
    assert names[-1] == "pipeline_done"
    assert names[:2] == ["step_start", "step_done"]
    ids = [int(e["id"]) for e in events]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    done = [json.loads(e["data"]) for e in events if e["event"] == "step_done"]
    assert {d["step"] for d in done} == {"ingest", "probe", "keyframes"}
    assert all(isinstance(d["duration_ms"], int) for d in done)
    final = json.loads(events[-1]["data"])
    assert final == {
        "event": "pipeline_done",
        "analysis_id": created["analysis_id"],
        "duration_ms": final["duration_ms"],
    }

    # A late subscriber resuming with Last-Event-ID gets exactly what came after.
    with httpx.stream(
        "GET", stream_url, headers={"Last-Event-ID": str(ids[2])}, timeout=30
    ) as response:
        resumed = read_events(response)
    assert [int(e["id"]) for e in resumed] == ids[3:]


def test_stream_auth(live_server: LiveServer, media_server: MediaServer) -> None:
    key, headers = signup_pro(live_server)
    created = submit_meta_only(live_server, headers, media_server)
    base = f"{live_server.url}/v1/analyses/{created['analysis_id']}/stream"
    with httpx.stream("GET", base, headers={"X-API-Key": key}, timeout=30) as response:
        assert response.status_code == 200
        assert read_events(response)[-1]["event"] == "pipeline_done"
    # The reference's bare EventSource: no credential at all reads the progress events.
    with httpx.stream("GET", base, timeout=30) as response:
        assert response.status_code == 200
        assert read_events(response)[-1]["event"] == "pipeline_done"
    # A credential that is sent must be valid.
    assert httpx.get(base, params={"token": "9999999999.forged"}).status_code == 401
    assert httpx.get(base, headers={"X-API-Key": "ve_live_" + "x" * 32}).status_code == 401
    token = created["stream_url"].split("token=")[1]
    other = f"{live_server.url}/v1/analyses/job_000000000000/stream"
    assert httpx.get(other, params={"token": token}).status_code == 401
    assert httpx.get(other).status_code == 404


def test_stream_auth_required_by_the_operator(tmp_path: Any, media_server: MediaServer) -> None:
    from conftest import make_settings, run_live_server

    for server in run_live_server(make_settings(tmp_path, stream_auth="required")):
        _, headers = signup_pro(server)
        created = submit_meta_only(server, headers, media_server)
        bare = f"{server.url}/api/v1/analyses/{created['analysis_id']}/stream"
        refused = httpx.get(bare)
        assert refused.status_code == 401
        assert "detail" in refused.json()
        with httpx.stream("GET", server.url + created["stream_url"], timeout=30) as response:
            assert response.status_code == 200
            assert read_events(response)[-1]["event"] == "pipeline_done"


def test_keepalive_comment_while_waiting(tmp_path: Any, media_server: MediaServer) -> None:
    from conftest import make_settings, run_live_server

    settings = make_settings(tmp_path, sse_keepalive_s=0.2)
    for server in run_live_server(settings):
        server.state.queue.enqueue = lambda analysis_id: None  # type: ignore[method-assign]
        _, headers = signup_pro(server)
        created = submit_meta_only(server, headers, media_server)
        lines: list[str] = []
        with httpx.stream("GET", server.url + created["stream_url"], timeout=10) as response:
            for line in response.iter_lines():
                lines.append(line)
                if line.startswith(":"):
                    break
        assert any(line.startswith(":") for line in lines)
