"""clipapi.client.Client against a live server: typed results, typed events, typed errors."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clipapi.accounts.service import set_plan
from clipapi.client import (
    AnalysisFailedError,
    AnalysisTimeout,
    Client,
    ClipapiConnectionError,
    ClipapiError,
)
from clipapi.schemas.api import (
    AnalysisCreated,
    AnalysisFailed,
    PipelineDoneEvent,
    StepDoneEvent,
    StepStartEvent,
)
from clipapi.schemas.result import AnalysisResult
from conftest import MEDIA_DIR, LiveServer, MediaServer


def live_key(server: LiveServer, plan: str = "pro") -> str:
    email = f"client-{uuid.uuid4().hex[:10]}@example.com"
    signup = httpx.post(
        f"{server.url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
    )
    assert signup.status_code == 201, signup.text
    set_plan(server.state.db, email, plan)
    token = signup.json()["access_token"]
    created = httpx.post(f"{server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"})
    key: str = created.json()["key"]
    return key


@pytest.fixture
def api(live_server: LiveServer) -> Iterator[Client]:
    with Client(live_server.url, live_key(live_server)) as client:
        yield client


def test_analyze_a_url_and_wait_for_the_typed_result(
    api: Client, media_server: MediaServer
) -> None:
    result = api.analyze(
        url=f"{media_server}/car-park-6s.mp4", preset="meta_only", external_id="post-17"
    )
    assert isinstance(result, AnalysisResult)
    assert result.status == "completed"
    assert result.external_id == "post-17"
    assert result.media is not None
    assert result.media.duration_s == pytest.approx(6.0, abs=0.1)
    assert result.media_understanding is not None
    visual = result.media_understanding.visual_analysis
    assert visual is not None
    assert visual.keyframes
    assert all(k.image_url and "token=" in k.image_url for k in visual.keyframes)
    assert [s.name for s in result.processing.steps] == ["ingest", "probe", "keyframes"]
    # The same document the server sends, fields the client does not model included.
    # Keyframe links are signed at each read (their expiry moves on), so compare without them.
    raw = AnalysisResult.model_validate(api.get_json(result.analysis_id)).model_dump()
    again = result.model_dump()
    for document in (raw, again):
        for keyframe in document["media_understanding"]["visual_analysis"]["keyframes"]:
            keyframe["image_url"] = keyframe["image_url"].split("?")[0]
    assert raw == again


def test_upload_then_stream_typed_events(api: Client) -> None:
    created = api.analyze(file=MEDIA_DIR / "asl_thanks.mkv", preset="meta_only", wait=False)
    assert isinstance(created, AnalysisCreated)
    assert created.status == "queued"
    events = list(api.stream(created, timeout=60))
    assert isinstance(events[0], StepStartEvent)
    assert events[0].step == "ingest"
    assert isinstance(events[-1], PipelineDoneEvent)
    done = [e for e in events if isinstance(e, StepDoneEvent)]
    assert {e.step for e in done} == {"ingest", "probe", "keyframes"}
    # A second reader, by id and with the key, gets the same events replayed.
    assert [e.event for e in api.stream(created.analysis_id)] == [e.event for e in events]
    result = api.get(created.analysis_id)
    assert isinstance(result, AnalysisResult)
    assert result.source is not None
    assert result.source.filename == "asl_thanks.mkv"


def test_an_expired_stream_token_falls_back_to_the_key(
    api: Client, media_server: MediaServer
) -> None:
    created = api.analyze(url=f"{media_server}/car-park-6s.mp4", preset="meta_only", wait=False)
    stale = created.model_copy(
        update={"stream_url": created.stream_url.split("?")[0] + "?token=expired"}
    )
    assert isinstance(list(api.stream(stale, timeout=60))[-1], PipelineDoneEvent)


def test_open_file_upload(api: Client) -> None:
    with (MEDIA_DIR / "asl_thanks.mkv").open("rb") as handle:
        result = api.analyze(file=handle, preset="meta_only", timeout=60)
    assert result.media is not None
    assert result.media.width == 640


def test_list_follows_cursor_pages_and_filters(api: Client, media_server: MediaServer) -> None:
    ids = [
        api.analyze(
            url=f"{media_server}/car-park-6s.mp4",
            preset="meta_only",
            external_id=f"batch-{n}",
            wait=False,
        ).analysis_id
        for n in range(3)
    ]
    listed = list(api.list(page_size=2))
    assert [item.analysis_id for item in listed] == ids[::-1]  # newest first, over two pages
    only = list(api.list(external_id="batch-1"))
    assert [item.analysis_id for item in only] == [ids[1]]
    for analysis_id in ids:
        api.wait(analysis_id, timeout=60)
    assert len(list(api.list(status="completed"))) == 3


def test_delete_then_get_is_a_typed_404(api: Client, media_server: MediaServer) -> None:
    result = api.analyze(url=f"{media_server}/car-park-6s.mp4", preset="meta_only", timeout=60)
    api.delete(result.analysis_id)
    with pytest.raises(ClipapiError) as raised:
        api.get(result.analysis_id)
    assert raised.value.status == 404
    assert raised.value.detail == "Analysis not found"


def test_a_failed_analysis_raises_with_its_code(api: Client, media_server: MediaServer) -> None:
    with pytest.raises(AnalysisFailedError) as raised:
        api.analyze(url=f"{media_server}/missing.mp4", preset="meta_only", timeout=60)
    failure = raised.value.failure
    assert failure.error.code
    assert failure.error.message
    assert isinstance(api.get(failure.analysis_id), AnalysisFailed)


def test_request_errors_are_typed(live_server: LiveServer, media_server: MediaServer) -> None:
    with Client(live_server.url, "ve_live_" + "x" * 32) as wrong_key:
        with pytest.raises(ClipapiError) as raised:
            wrong_key.usage()
        assert raised.value.status == 401
        assert raised.value.detail == "Invalid or expired API key"
    with Client(live_server.url, live_key(live_server)) as api:
        with pytest.raises(ClipapiError) as raised:
            api.analyze(url="ftp://example.com/clip.mp4", wait=False)
        assert raised.value.status == 400
        with pytest.raises(ValueError, match="exactly one"):
            api.analyze(wait=False)


def test_waiting_runs_out_as_a_typed_timeout(api: Client, media_server: MediaServer) -> None:
    with pytest.raises(AnalysisTimeout) as raised:
        api.analyze(url=f"{media_server}/car-park-6s.mp4", preset="meta_only", timeout=0.001)
    assert raised.value.status == 504
    assert raised.value.analysis_id.startswith("job_")
    api.wait(raised.value.analysis_id, timeout=60)  # the analysis itself carries on


def test_unreachable_server_is_a_connection_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket closes
    api = Client(f"http://127.0.0.1:{port}", "ve_live_" + "x" * 32)
    with api, pytest.raises(ClipapiConnectionError) as raised:
        api.usage()
    assert raised.value.status == 0


def test_rate_limited_reads_are_retried_after_retry_after() -> None:
    calls: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(time.monotonic())
        if len(calls) == 1:
            return httpx.Response(
                429, json={"detail": "Rate limit exceeded"}, headers={"Retry-After": "0"}
            )
        return httpx.Response(200, json={"plan": "free"})

    with Client("http://clipapi.test", "k", transport=httpx.MockTransport(handler)) as api:
        assert api.usage() == {"plan": "free"}
    assert len(calls) == 2

    def always_limited(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429, json={"detail": "Rate limit exceeded"}, headers={"Retry-After": "0"}
        )

    client = Client(
        "http://clipapi.test", "k", max_retries=1, transport=httpx.MockTransport(always_limited)
    )
    with client, pytest.raises(ClipapiError) as raised:
        client.usage()
    assert raised.value.status == 429


def test_upload_path_that_does_not_exist(api: Client, tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        api.analyze(file=tmp_path / "nope.mp4")
