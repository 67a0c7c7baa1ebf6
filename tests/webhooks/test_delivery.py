"""Webhook delivery end to end: a real analysis, the real dispatcher,
and a loopback receiver that records every request and answers from a script."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from clipapi.accounts.service import new_webhook_secret
from clipapi.app import create_app
from clipapi.models import Analysis, WebhookDelivery
from conftest import MEDIA_DIR, Account, app_state, make_settings, new_account

CLIP = "asl_thanks.mkv"
WEBHOOK_ID = re.compile(r"^msg_[0-9a-f]{24}$")
TOKEN = re.compile(r"token=[^&\"]+")
WAIT_S = 10.0


# --- the receiver ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    status: int = 200
    delay_s: float = 0.0
    location: str | None = None


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.monotonic() when the request arrived


class Receiver:
    """Records every request; answers each path from its script, then 200."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self._script: dict[str, list[Reply]] = {}
        self._changed = threading.Condition()
        self.released = threading.Event()  # ends every pending delay at teardown
        self.server = _QuietServer(("127.0.0.1", 0), _handler_for(self))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def script(self, path: str, *replies: Reply | int) -> None:
        with self._changed:
            self._script[path] = [r if isinstance(r, Reply) else Reply(r) for r in replies]

    def hits_on(self, path: str) -> list[Hit]:
        with self._changed:
            return [h for h in self.hits if h.path == path]

    def wait_for(self, path: str, count: int, timeout: float = WAIT_S) -> list[Hit]:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(hits := [h for h in self.hits if h.path == path]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"{path}: {len(hits)} of {count} requests arrived")
                self._changed.wait(left)
            return hits

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._changed:
            self.hits.append(Hit(handler.command, handler.path, headers, body, time.monotonic()))
            queued = self._script.get(handler.path)
            reply = queued.pop(0) if queued else Reply()
            self._changed.notify_all()
        if reply.delay_s:
            self.released.wait(reply.delay_s)
        handler.send_response(reply.status)
        if reply.location:
            handler.send_header("Location", reply.location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a sender that timed out hangs up on a slow reply: expected here


def _handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver.answer(self)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    recv = Receiver()
    thread = threading.Thread(target=recv.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield recv
    recv.released.set()
    recv.server.shutdown()
    recv.server.server_close()
    thread.join(5)


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """make_client(**settings overrides) -> a started app (workers and dispatcher running)."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = make_settings(tmp_path / f"app{len(clients)}", **overrides)
        test_client = TestClient(create_app(settings))
        test_client.__enter__()
        clients.append(test_client)
        return test_client

    yield make
    for test_client in reversed(clients):
        test_client.__exit__(None, None, None)


# --- helpers -----------------------------------------------------------------------------


def submit(
    client: TestClient, account: Account, video_url: str, webhook_url: str
) -> dict[str, Any]:
    response = client.post(
        "/v1/analyses",
        headers=account.headers,
        json={
            "video_url": video_url,
            "pipeline_preset": "meta_only",
            "external_id": "ext-1",
            "webhook_url": webhook_url,
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def deliveries(client: TestClient, account: Account, analysis_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/v1/analyses/{analysis_id}/webhooks", headers=account.headers)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def wait_for_state(
    client: TestClient, analysis_id: str, *states: str, attempts: int | None = None
) -> None:
    """Poll the database (not the rate-limited API) until the analysis's one delivery is in
    one of `states` (with `attempts` recorded, when given)."""
    db = app_state(client).db
    deadline = time.monotonic() + WAIT_S
    seen: tuple[str, int] | None = None
    while time.monotonic() < deadline:
        with db() as session:
            row = session.scalars(
                select(WebhookDelivery).where(WebhookDelivery.analysis_id == analysis_id)
            ).one_or_none()
            seen = (row.state, row.attempts) if row is not None else None
        if seen and seen[0] in states and (attempts is None or seen[1] == attempts):
            return
        time.sleep(0.02)
    raise AssertionError(f"delivery of {analysis_id} stayed at {seen}, wanted {states}")


def without_tokens(body: bytes | str) -> Any:
    """Signed keyframe links carry an expiry, so two renderings a second apart differ there."""
    text = body.decode() if isinstance(body, bytes) else body
    return json.loads(TOKEN.sub("token=…", text))


def secret_of(client: TestClient, account: Account) -> str:
    me = client.get("/v1/auth/me", headers=account.jwt_headers)
    assert me.status_code == 200, me.text
    secret: str = me.json()["webhook_secret"]
    return secret


def verify(secret: str, hit: Hit) -> Any:
    return Webhook(secret).verify(hit.body, hit.headers)


def status_codes(delivery: dict[str, Any]) -> list[int | None]:
    return [a["status_code"] for a in delivery["attempts"]]


# --- delivery ----------------------------------------------------------------------------


def test_completed_result_is_posted_signed(
    client: TestClient, media_server: str, receiver: Receiver
) -> None:
    account = new_account(client, plan="pro")
    created = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/hook"))
    (hit,) = receiver.wait_for("/hook", 1)

    analysis = client.get(f"/v1/analyses/{created['analysis_id']}", headers=account.headers)
    assert analysis.json()["status"] == "completed"
    assert without_tokens(hit.body) == without_tokens(analysis.text)
    assert hit.method == "POST"
    assert hit.headers["content-type"] == "application/json"
    assert WEBHOOK_ID.match(hit.headers["webhook-id"])
    assert abs(int(hit.headers["webhook-timestamp"]) - time.time()) < 60

    secret = secret_of(client, account)
    assert verify(secret, hit) == json.loads(hit.body)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(hit.body, hit.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(hit.body.replace(b"ext-1", b"ext-2"), hit.headers)

    wait_for_state(client, created["analysis_id"], "delivered")
    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert delivery["id"] == hit.headers["webhook-id"]
    assert delivery["event_type"] == "analysis.completed"
    assert delivery["url"] == receiver.url("/hook")
    assert status_codes(delivery) == [200]
    assert delivery["delivered_at"] is not None
    assert delivery["next_attempt_at"] is None


def test_failed_analysis_posts_its_error(
    client: TestClient, media_server: str, receiver: Receiver
) -> None:
    account = new_account(client, plan="pro")
    created = submit(client, account, f"{media_server}/missing.mkv", receiver.url("/hook"))
    (hit,) = receiver.wait_for("/hook", 1)

    body = verify(secret_of(client, account), hit)
    assert body["analysis_id"] == created["analysis_id"]
    assert body["status"] == "failed"
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == "download_failed"
    assert "404" in body["error"]["message"]
    analysis = client.get(f"/v1/analyses/{created['analysis_id']}", headers=account.headers)
    assert body == analysis.json()
    wait_for_state(client, created["analysis_id"], "delivered")
    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert delivery["event_type"] == "analysis.failed"


def test_5xx_is_retried_with_the_same_webhook_id(
    client: TestClient, media_server: str, receiver: Receiver
) -> None:
    account = new_account(client, plan="pro")
    receiver.script("/hook", 500, 500, 200)
    created = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/hook"))
    hits = receiver.wait_for("/hook", 3)
    wait_for_state(client, created["analysis_id"], "delivered", attempts=3)

    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert status_codes(delivery) == [500, 500, 200]
    assert [a["attempt"] for a in delivery["attempts"]] == [1, 2, 3]
    assert {h.headers["webhook-id"] for h in hits} == {delivery["id"]}
    secret = secret_of(client, account)
    assert all(verify(secret, h)["analysis_id"] == created["analysis_id"] for h in hits)
    assert hits[0].at < hits[1].at < hits[2].at
    assert len(receiver.hits_on("/hook")) == 3


def test_redirect_is_not_followed_and_is_retried(
    client: TestClient, media_server: str, receiver: Receiver
) -> None:
    account = new_account(client, plan="pro")
    receiver.script("/hook", Reply(302, location=receiver.url("/elsewhere")), 200)
    created = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/hook"))
    receiver.wait_for("/hook", 2)
    wait_for_state(client, created["analysis_id"], "delivered", attempts=2)

    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert status_codes(delivery) == [302, 200]
    assert receiver.hits_on("/elsewhere") == []


def test_410_disables_until_replayed(
    client: TestClient, media_server: str, receiver: Receiver
) -> None:
    account = new_account(client, plan="pro")
    receiver.script("/hook", 410)
    created = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/hook"))
    analysis_id = created["analysis_id"]
    (gone,) = receiver.wait_for("/hook", 1)
    wait_for_state(client, analysis_id, "disabled", attempts=1)
    (delivery,) = deliveries(client, account, analysis_id)
    assert status_codes(delivery) == [410]
    assert delivery["next_attempt_at"] is None

    replayed = client.post(f"/v1/analyses/{analysis_id}/webhooks/replay", headers=account.headers)
    assert replayed.status_code == 200, replayed.text
    assert replayed.json() == {"requeued": 1}
    back = receiver.wait_for("/hook", 2)[1]
    wait_for_state(client, analysis_id, "delivered")

    assert back.headers["webhook-id"] == gone.headers["webhook-id"]
    assert verify(secret_of(client, account), back)["status"] == "completed"
    (delivery,) = deliveries(client, account, analysis_id)
    assert delivery["state"] == "delivered"
    assert status_codes(delivery) == [410, 200]  # every attempt kept, in the order made
    assert [a["attempt"] for a in delivery["attempts"]] == [1, 2]
    again = client.post(f"/v1/analyses/{analysis_id}/webhooks/replay", headers=account.headers)
    assert again.json() == {"requeued": 0}  # a delivered message is not sent twice


def test_max_attempts_ends_dead_and_replay_starts_a_fresh_round(
    make_client: Callable[..., TestClient], media_server: str, receiver: Receiver
) -> None:
    client = make_client(webhook_max_attempts=2)
    account = new_account(client, plan="pro")
    receiver.script("/hook", 503, 503, 503, 200)
    created = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/hook"))
    receiver.wait_for("/hook", 2)
    wait_for_state(client, created["analysis_id"], "dead", attempts=2)

    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert delivery["state"] == "dead"
    assert status_codes(delivery) == [503, 503]
    assert delivery["next_attempt_at"] is None
    with app_state(client).db() as session:  # nothing left for the dispatcher to pick up
        row = session.get_one(WebhookDelivery, delivery["id"])
        assert row.state == "dead"
        assert row.next_attempt_at is None
    assert len(receiver.hits_on("/hook")) == 2

    stranger = new_account(client)
    path = f"/v1/analyses/{created['analysis_id']}/webhooks"
    assert client.post(f"{path}/replay", headers=stranger.headers).status_code == 404
    assert client.get(path, headers=stranger.headers).status_code == 404

    replayed = client.post(f"{path}/replay", headers=account.headers)
    assert replayed.json() == {"requeued": 1}
    # The third 503 does not kill it: a replay gets the whole budget again.
    receiver.wait_for("/hook", 4)
    wait_for_state(client, created["analysis_id"], "delivered", attempts=2)
    (delivery,) = deliveries(client, account, created["analysis_id"])
    assert status_codes(delivery) == [503, 503, 503, 200]
    assert [a["attempt"] for a in delivery["attempts"]] == [1, 2, 3, 4]
    assert {h.headers["webhook-id"] for h in receiver.hits_on("/hook")} == {delivery["id"]}


def test_slow_receiver_times_out_without_starving_others(
    make_client: Callable[..., TestClient], media_server: str, receiver: Receiver
) -> None:
    # The timeout must outlast one analysis plus one dispatcher poll, so that the fast
    # delivery provably happens while the slow one is still waiting for its answer.
    client = make_client(webhook_timeout_s=1.5, webhook_max_attempts=1)
    account = new_account(client, plan="pro")
    receiver.script("/slow", Reply(delay_s=30))
    slow = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/slow"))
    (slow_hit,) = receiver.wait_for("/slow", 1)

    fast = submit(client, account, f"{media_server}/{CLIP}", receiver.url("/fast"))
    (fast_hit,) = receiver.wait_for("/fast", 1)
    wait_for_state(client, fast["analysis_id"], "delivered")
    (slow_delivery,) = deliveries(client, account, slow["analysis_id"])
    assert slow_delivery["attempts"] == []  # still waiting on the slow receiver

    wait_for_state(client, slow["analysis_id"], "dead", attempts=1)
    (slow_delivery,) = deliveries(client, account, slow["analysis_id"])
    (attempt,) = slow_delivery["attempts"]
    assert attempt["status_code"] is None
    assert "Timeout" in attempt["error"]
    assert 1400 <= attempt["duration_ms"] < 10_000
    assert fast_hit.at - slow_hit.at < 1.5


# --- refused at submission ---------------------------------------------------------------


@pytest.mark.parametrize("webhook_url", ["http://10.0.0.1/hook", "http://169.254.169.254/x"])
def test_private_webhook_url_is_refused(
    client: TestClient, account: Account, media_server: str, webhook_url: str
) -> None:
    response = client.post(
        "/v1/analyses",
        headers=account.headers,
        json={"video_url": f"{media_server}/{CLIP}", "webhook_url": webhook_url},
    )
    assert response.status_code == 400, response.text
    assert "private" in response.json()["detail"]
    with app_state(client).db() as session:
        assert session.scalars(select(Analysis)).all() == []


def test_loopback_webhook_refused_unless_allowed(
    make_client: Callable[..., TestClient], media_server: str, receiver: Receiver
) -> None:
    client = make_client(allow_hosts="127.0.0.2")
    account = new_account(client)
    port = media_server.rsplit(":", 1)[1]
    # 127.0.0.2 is allowed, so only the webhook URL can be what is refused
    video_url = f"http://127.0.0.2:{port}/{CLIP}"
    response = client.post(
        "/v1/analyses",
        headers=account.headers,
        json={"video_url": video_url, "webhook_url": receiver.url("/hook")},
    )
    assert response.status_code == 400, response.text
    assert "private" in response.json()["detail"]

    upload = client.post(
        "/v1/analyses/upload",
        headers=account.headers,
        files={"file": (CLIP, (MEDIA_DIR / CLIP).read_bytes(), "video/x-matroska")},
        data={"pipeline_preset": "meta_only", "webhook_url": receiver.url("/hook")},
    )
    assert upload.status_code == 400, upload.text
    with app_state(client).db() as session:
        assert session.scalars(select(Analysis)).all() == []
        assert session.scalars(select(WebhookDelivery)).all() == []
    assert receiver.hits == []
