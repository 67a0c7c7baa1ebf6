from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from clipapi.accounts.service import set_plan
from clipapi.app import create_app
from clipapi.kit.clock import period_of, utcnow
from clipapi.models import UsageCounter
from clipapi.usage.plans import PLANS
from conftest import Account, MediaServer, make_settings, run_live_server


def test_rate_limit_headers_and_429(client: TestClient, account: Account) -> None:
    limit = PLANS["free"].requests_per_minute
    responses = [client.get("/v1/analyses", headers=account.headers) for _ in range(limit)]
    remaining = [int(r.headers["X-RateLimit-Remaining"]) for r in responses]
    assert all(r.status_code == 200 for r in responses)
    assert all(r.headers["X-RateLimit-Limit"] == str(limit) for r in responses)
    assert remaining == list(range(limit - 1, -1, -1))
    assert int(responses[0].headers["X-RateLimit-Reset"]) > time.time()
    limited = client.get("/v1/analyses", headers=account.headers)
    assert limited.status_code == 429
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert "Rate limit" in limited.json()["detail"]
    # Errors count and carry the headers too.
    missing = client.get("/v1/analyses/job_000000000000", headers=account.headers)
    assert missing.status_code == 429


RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def test_every_api_response_carries_rate_limit_headers(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, anonymous_requests_per_minute=6)
    with TestClient(create_app(settings)) as client:
        signup = client.post(
            "/v1/auth/signup", json={"email": "h@example.com", "password": "correct-horse"}
        )
        login = client.post(
            "/v1/auth/login", json={"email": "h@example.com", "password": "wrong-horse"}
        )
        no_key = client.get("/v1/analyses")
        bad_key = client.get("/v1/analyses", headers={"X-API-Key": "ve_live_" + "x" * 32})
        bad_bearer = client.get("/api/v1/usage", headers={"Authorization": "Basic abc"})
        open_stream = client.get("/v1/analyses/job_000000000000/stream")
        for response, status in [
            (signup, 201),
            (login, 401),
            (no_key, 401),
            (bad_key, 401),
            (bad_bearer, 401),
            (open_stream, 404),
        ]:
            assert response.status_code == status, response.text
            assert all(name in response.headers for name in RATE_HEADERS), response.headers
        # Sign-up and login show their own, stricter window per address.
        assert signup.headers["X-RateLimit-Limit"] == str(settings.login_attempts_per_minute)
        # Calls no key identifies share the address's window: four of six are used.
        assert no_key.headers["X-RateLimit-Limit"] == "6"
        assert open_stream.headers["X-RateLimit-Remaining"] == "0"
        flooded = client.get("/v1/analyses/job_000000000000/stream")
        assert flooded.status_code == 429
        assert "Rate limit" in flooded.json()["detail"]
        assert int(flooded.headers["Retry-After"]) >= 1
        assert client.get("/healthz").status_code == 200  # outside the API: not limited


def test_usage_reports_plan(client: TestClient, account: Account) -> None:
    usage = client.get("/v1/usage", headers=account.jwt_headers).json()
    assert usage == {
        "plan": "free",
        "period_start": usage["period_start"],
        "analyses_used": 0,
        "analyses_quota": 50,
        "requests_per_minute": 5,
        "max_duration_s": 120.0,
    }
    assert usage["period_start"].endswith("-01T00:00:00Z")


def test_quota_race_exactly_one_wins(
    tmp_path: Path, database_url: str, media_server: MediaServer
) -> None:
    """One analysis left, twenty concurrent submissions: exactly one 201, nineteen 402."""
    settings = make_settings(tmp_path, database_url=database_url)
    for server in run_live_server(settings):
        server.state.queue.enqueue = lambda analysis_id: None  # type: ignore[method-assign]
        email = "race@example.com"
        token = httpx.post(
            f"{server.url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
        ).json()["access_token"]
        set_plan(server.state.db, email, "pro")  # 60 requests/min: the race is about quota
        key = httpx.post(
            f"{server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"}
        ).json()["key"]
        me = httpx.get(
            f"{server.url}/v1/auth/me", headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert (
            httpx.get(f"{server.url}/v1/usage", headers={"X-API-Key": key}).json()["analyses_used"]
            == 0
        )
        with server.state.db.begin() as session:
            quota = PLANS["pro"].analyses_per_month
            assert quota is not None
            session.add(UsageCounter(user_id=me["id"], period=period_of(utcnow()), used=quota - 1))

        url = f"{server.url}/v1/analyses"

        def post(_: int, key: str = key, url: str = url) -> int:
            return httpx.post(
                url,
                headers={"X-API-Key": key},
                json={"video_url": f"{media_server}/asl_thanks.mkv"},
                timeout=30,
            ).status_code

        with ThreadPoolExecutor(20) as pool:
            codes = list(pool.map(post, range(20)))
        assert sorted(codes) == [201] + [402] * 19
        listed = httpx.get(f"{server.url}/v1/analyses", headers={"X-API-Key": key}).json()
        assert len(listed["data"]) == 1
