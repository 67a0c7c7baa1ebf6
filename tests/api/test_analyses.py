from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clipapi.events import service as events
from clipapi.kit.db import transaction
from clipapi.models import Analysis
from clipapi.schemas.api import StepDoneEvent, StepStartEvent
from conftest import Account, MediaServer, app_state, make_settings, new_account, wait_until_ended


def submit(client: TestClient, account: Account, **body: Any) -> dict[str, Any]:
    response = client.post("/v1/analyses", headers=account.headers, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_direct_url_meta_only_end_to_end(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    created = submit(
        client,
        pro_account,
        video_url=f"{media_server}/car-park-6s.mp4",
        pipeline_preset="meta_only",
        external_id="crm-42",
    )
    assert created["analysis_id"].startswith("job_")
    assert created["status"] == "queued"
    assert created["external_id"] == "crm-42"
    assert created["stream_url"].startswith("/api/v1/analyses/")
    assert "token=" in created["stream_url"]

    result = wait_until_ended(client, pro_account, created["analysis_id"])
    assert result["status"] == "completed", result
    assert result["external_id"] == "crm-42"
    assert result["source"]["platform"] == "direct"
    media = result["media"]
    assert (media["width"], media["height"], media["aspect_ratio"]) == (768, 432, "16:9")
    assert media["has_audio"] is True
    assert 5.5 < media["duration_s"] < 6.5
    steps = {s["name"]: s["status"] for s in result["processing"]["steps"]}
    assert steps == {"ingest": "done", "probe": "done", "keyframes": "done"}
    assert any("transcript" in w for w in result["processing"]["warnings"])
    assert result["media_understanding"]["transcript"] is None

    keyframes = result["media_understanding"]["visual_analysis"]["keyframes"]
    assert keyframes[0]["t"] == 0.0
    image_url = keyframes[0]["image_url"]
    assert image_url.startswith("http://testserver/v1/analyses/")
    image = client.get(image_url.removeprefix("http://testserver"))
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/jpeg"
    assert image.content[:2] == b"\xff\xd8"
    tampered = client.get(image_url.removeprefix("http://testserver").replace("token=", "token=1"))
    assert tampered.status_code == 404


def test_in_progress_names_the_oldest_running_step(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    state = app_state(client)
    state.queue.enqueue = lambda analysis_id: None  # type: ignore[method-assign]
    created = submit(client, pro_account, video_url=f"{media_server}/asl_thanks.mkv")
    analysis_id = created["analysis_id"]
    url = f"/v1/analyses/{analysis_id}"

    queued = client.get(url, headers=pro_account.headers).json()
    assert queued["status"] == "queued"
    assert queued["current_step"] is None
    assert queued["steps_running"] == []

    def record(event: str, step: str) -> None:
        model = (
            StepStartEvent(step=step)
            if event == "step_start"
            else StepDoneEvent(step=step, duration_ms=5)
        )
        with transaction(state.db) as session:
            events.record(session, analysis_id, model)

    with transaction(state.db) as session:
        session.get(Analysis, analysis_id).status = "processing"  # type: ignore[union-attr]
    for event, step in [
        ("step_start", "ingest"),
        ("step_done", "ingest"),
        ("step_start", "probe"),
        ("step_done", "probe"),
        ("step_start", "audio_analysis"),
        ("step_start", "visual_analysis"),
        ("step_start", "transcription"),
        ("step_done", "audio_analysis"),
    ]:
        record(event, step)

    body = client.get(url, headers=pro_account.headers).json()
    assert body["status"] == "processing"
    assert body["current_step"] == "visual_analysis"
    assert body["steps_running"] == ["visual_analysis", "transcription"]
    assert set(body) >= {"analysis_id", "status", "current_step", "progress", "steps_running"}


def test_served_under_api_v1_too(client: TestClient, pro_account: Account) -> None:
    assert client.get("/api/v1/analyses", headers=pro_account.headers).status_code == 200
    assert client.get("/api/v1/usage", headers=pro_account.headers).status_code == 200


def test_other_accounts_analysis_is_404(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    created = submit(
        client, pro_account, video_url=f"{media_server}/asl_thanks.mkv", pipeline_preset="meta_only"
    )
    wait_until_ended(client, pro_account, created["analysis_id"])
    other = new_account(client, plan="pro")
    analysis_id = created["analysis_id"]
    for method, path in [
        ("GET", f"/v1/analyses/{analysis_id}"),
        ("DELETE", f"/v1/analyses/{analysis_id}"),
        ("GET", f"/v1/analyses/{analysis_id}/stream"),
        ("GET", f"/v1/analyses/{analysis_id}/webhooks"),
    ]:
        response = client.request(method, path, headers=other.headers)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json() == {"detail": "Analysis not found"}
    assert client.get(f"/v1/analyses/{analysis_id}", headers=pro_account.headers).status_code == 200


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "exactly one of video_url or storage_path"),
        ({"video_url": "https://a.example/v.mp4", "storage_path": "s3://b/k"}, "exactly one"),
        ({"video_url": "ftp://a.example/v.mp4"}, "video_url"),
        ({"video_url": "file:///etc/passwd"}, "video_url"),
        (
            {"video_url": "https://a.example/v.mp4", "pipeline_preset": "everything"},
            "pipeline_preset",
        ),
        ({"video_url": "https://a.example/v.mp4", "external_id": "x" * 300}, "external_id"),
        ({"storage_path": "bucket/key"}, "storage_path"),
        ({"storage_path": "s3://not-configured/key.mp4"}, "not-configured"),
        ({"video_url": "http://169.254.169.254/latest/meta-data"}, ""),
        ({"video_url": "http://10.0.0.7/v.mp4"}, ""),
        ({"video_url": "http://[::1]/v.mp4"}, ""),
        ({"video_url": "http://2130706433/v.mp4"}, ""),
        ({"video_url": "https://a.example/v.mp4", "webhook_url": "http://192.168.1.1/hook"}, ""),
    ],
)
def test_bad_submissions_are_400(tmp_path: Path, body: dict[str, Any], fragment: str) -> None:
    # A server without the loopback allowance: private targets must be refused.
    settings = make_settings(tmp_path, allow_hosts="")
    from clipapi.app import create_app

    with TestClient(create_app(settings)) as isolated:
        account = new_account(isolated, plan="pro")
        response = isolated.post("/v1/analyses", headers=account.headers, json=body)
        assert response.status_code == 400, response.text
        assert fragment.lower() in response.json()["detail"].lower()
        assert isolated.get("/v1/analyses", headers=account.headers).json()["data"] == []
        assert isolated.get("/v1/usage", headers=account.headers).json()["analyses_used"] == 0


def test_malformed_json_is_400(client: TestClient, pro_account: Account) -> None:
    response = client.post(
        "/v1/analyses",
        headers={**pro_account.headers, "Content-Type": "application/json"},
        content=b"{not json",
    )
    assert response.status_code == 400
    assert "detail" in response.json()


def test_list_pagination_and_filters(client: TestClient, media_server: str) -> None:
    account = new_account(client, plan="enterprise")
    ids = [
        submit(
            client,
            account,
            video_url=f"{media_server}/asl_thanks.mkv",
            pipeline_preset="meta_only",
            external_id=f"e{i}",
        )["analysis_id"]
        for i in range(5)
    ]
    for analysis_id in ids:
        wait_until_ended(client, account, analysis_id)
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/v1/analyses", headers=account.headers, params=params).json()
        seen += [item["analysis_id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == list(reversed(ids))  # newest first, nothing repeated or lost
    only = client.get("/v1/analyses", headers=account.headers, params={"external_id": "e3"}).json()
    assert [i["analysis_id"] for i in only["data"]] == [ids[3]]
    done = client.get(
        "/v1/analyses", headers=account.headers, params={"status": "completed"}
    ).json()
    assert len(done["data"]) == 5
    bad = client.get("/v1/analyses", headers=account.headers, params={"cursor": "%%%"})
    assert bad.status_code == 400
    bad_status = client.get("/v1/analyses", headers=account.headers, params={"status": "weird"})
    assert bad_status.status_code == 400


def test_delete_removes_artifacts(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    created = submit(
        client, pro_account, video_url=f"{media_server}/asl_thanks.mkv", pipeline_preset="meta_only"
    )
    wait_until_ended(client, pro_account, created["analysis_id"])
    blobs = app_state(client).settings.data_dir / "blobs" / "analyses" / created["analysis_id"]
    assert any(blobs.rglob("*.jpg"))
    response = client.delete(f"/v1/analyses/{created['analysis_id']}", headers=pro_account.headers)
    assert response.status_code == 204
    assert not blobs.exists()
    assert (
        client.get(
            f"/v1/analyses/{created['analysis_id']}", headers=pro_account.headers
        ).status_code
        == 404
    )


def test_idempotency_key(client: TestClient, pro_account: Account, media_server: str) -> None:
    body = {"video_url": f"{media_server}/asl_thanks.mkv", "pipeline_preset": "meta_only"}
    headers = {**pro_account.headers, "Idempotency-Key": "order-7"}
    first = client.post("/v1/analyses", headers=headers, json=body)
    second = client.post("/v1/analyses", headers=headers, json=body)
    assert first.status_code == 201
    assert second.status_code in (200, 201)
    assert first.json()["analysis_id"] == second.json()["analysis_id"]
    conflict = client.post("/v1/analyses", headers=headers, json={**body, "external_id": "changed"})
    assert conflict.status_code == 409
    assert client.get("/v1/usage", headers=pro_account.headers).json()["analyses_used"] == 1
    wait_until_ended(client, pro_account, first.json()["analysis_id"])


def test_wait_true_returns_the_result(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    response = client.post(
        "/v1/analyses?wait=true",
        headers=pro_account.headers,
        json={"video_url": f"{media_server}/asl_thanks.mkv", "pipeline_preset": "meta_only"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["media"]["width"] == 640


def test_wait_true_times_out_with_504(tmp_path: Path, media_server: str) -> None:
    from clipapi.app import create_app

    settings = make_settings(tmp_path, wait_timeout_s=0.3, workers=1)
    app = create_app(settings)
    app.state.clipapi.queue.enqueue = lambda analysis_id: None  # nobody works the queue
    with TestClient(app) as isolated:
        account = new_account(isolated, plan="pro")
        response = isolated.post(
            "/v1/analyses?wait=true",
            headers=account.headers,
            json={"video_url": f"{media_server}/asl_thanks.mkv"},
        )
        assert response.status_code == 504
        assert response.json()["detail"] == "Analysis timed out"
        assert response.json()["analysis_id"].startswith("job_")


def test_download_404_fails_the_analysis_and_refunds(
    client: TestClient, pro_account: Account, media_server: str
) -> None:
    created = submit(client, pro_account, video_url=f"{media_server}/missing.mp4")
    result = wait_until_ended(client, pro_account, created["analysis_id"])
    assert result["status"] == "failed"
    assert result["error"]["code"] == "download_failed"
    assert client.get("/v1/usage", headers=pro_account.headers).json()["analyses_used"] == 0


def test_url_longer_than_plan_fails_with_duration_exceeded(
    client: TestClient, account: Account, media_server: MediaServer, media_factory: Any
) -> None:
    media_factory.make_clip(
        media_server.root / "long.mp4", width=64, height=64, fps=1, duration_s=125, audio=False
    )
    created = submit(client, account, video_url=f"{media_server}/long.mp4")
    result = wait_until_ended(client, account, created["analysis_id"])
    assert result["status"] == "failed"
    assert result["error"]["code"] == "duration_exceeded"
    assert "120" in result["error"]["message"]
    usage = client.get("/v1/usage", headers=account.jwt_headers).json()
    assert usage["analyses_used"] == 0
