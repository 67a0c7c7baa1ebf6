from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clipapi.app import create_app
from conftest import MEDIA_DIR, Account, app_state, make_settings, new_account, wait_until_ended


def upload(client: TestClient, account: Account, path: Path, **fields: str) -> Any:
    with path.open("rb") as handle:
        return client.post(
            "/v1/analyses/upload",
            headers=account.headers,
            files={"file": (path.name, handle, "application/octet-stream")},
            data=fields,
        )


def uploads_left(client: TestClient) -> list[Path]:
    return list((app_state(client).settings.data_dir / "uploads").iterdir())


def test_upload_real_clip(client: TestClient, pro_account: Account) -> None:
    response = upload(
        client,
        pro_account,
        MEDIA_DIR / "asl_thanks.mkv",
        pipeline_preset="meta_only",
        external_id="up-1",
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["external_id"] == "up-1"
    result = wait_until_ended(client, pro_account, created["analysis_id"])
    assert result["status"] == "completed"
    assert result["source"]["platform"] == "upload"
    assert result["source"]["filename"] == "asl_thanks.mkv"
    assert result["media"]["container"] == "matroska"
    assert result["media"]["has_audio"] is False
    assert uploads_left(client) == []  # the spooled copy is gone once stored


@pytest.mark.parametrize("name", ["text", "empty", "truncated", "hls", "ffconcat"])
def test_non_video_uploads_are_400(
    client: TestClient, pro_account: Account, synthetic_media: dict[str, Path], name: str
) -> None:
    response = upload(client, pro_account, synthetic_media[name])
    assert response.status_code == 400, response.text
    assert response.json()["detail"]
    assert uploads_left(client) == []
    assert client.get("/v1/usage", headers=pro_account.headers).json()["analyses_used"] == 0


def test_upload_over_plan_duration_is_400_naming_the_limit(
    client: TestClient, account: Account, tmp_path: Path, media_factory: Any
) -> None:
    long_clip = media_factory.make_clip(
        tmp_path / "long.mp4", width=64, height=64, fps=1, duration_s=125, audio=False
    )
    response = upload(client, account, long_clip)
    assert response.status_code == 400
    assert "120 s" in response.json()["detail"]
    assert uploads_left(client) == []


def test_oversize_upload_is_413_and_nothing_is_kept(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, max_upload_bytes=100_000)
    with TestClient(create_app(settings)) as client:
        account = new_account(client, plan="pro")
        # Honest Content-Length: refused before reading.
        big = tmp_path / "big.mp4"
        big.write_bytes(b"\0" * 2_000_000)
        response = upload(client, account, big)
        assert response.status_code == 413

        # A chunked body without Content-Length: refused while reading.
        def body() -> Any:
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.mp4"\r\n\r\n'
            for _ in range(40):
                yield b"\0" * 10_000
            yield b"\r\n--b--\r\n"

        chunked = client.post(
            "/v1/analyses/upload",
            headers={**account.headers, "Content-Type": "multipart/form-data; boundary=b"},
            content=body(),
        )
        assert chunked.status_code == 413
        assert chunked.json()["detail"].startswith("Upload exceeds")
        assert uploads_left(client) == []


def test_hostile_multipart_is_fast_400(client: TestClient, pro_account: Account) -> None:
    many = client.post(
        "/v1/analyses/upload",
        headers=pro_account.headers,
        data={f"f{i}": "x" for i in range(2000)},
        files={"file": ("a.mp4", b"\0", "video/mp4")},
    )
    assert many.status_code == 400
    huge_field = client.post(
        "/v1/analyses/upload",
        headers=pro_account.headers,
        data={"external_id": "x" * 1_000_000},
        files={"file": ("a.mp4", b"\0", "video/mp4")},
    )
    assert huge_field.status_code == 400
    not_multipart = client.post(
        "/v1/analyses/upload",
        headers={**pro_account.headers, "Content-Type": "text/plain"},
        content=b"hi",
    )
    assert not_multipart.status_code == 400
    no_file = client.post(
        "/v1/analyses/upload",
        headers=pro_account.headers,
        data={"pipeline_preset": "full"},
        files={"other": ("x", b"y")},
    )
    assert no_file.status_code == 400
    bad_preset = upload(client, pro_account, MEDIA_DIR / "asl_thanks.mkv", pipeline_preset="all")
    assert bad_preset.status_code == 400
    assert uploads_left(client) == []


def test_upload_needs_a_key(client: TestClient) -> None:
    with (MEDIA_DIR / "asl_thanks.mkv").open("rb") as handle:
        response = client.post("/v1/analyses/upload", files={"file": ("a.mkv", handle)})
    assert response.status_code == 401


def test_a_full_disk_is_507_and_leaves_no_partial_file(
    client: TestClient, pro_account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from clipapi.analyses import upload as upload_module

    original = upload_module._Collector.on_part_data

    def disk_full(self: Any, data: bytes, start: int, end: int) -> None:
        if self._file is not None:  # the first write of the file fails
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self, data, start, end)

    monkeypatch.setattr(upload_module._Collector, "on_part_data", disk_full)
    response = upload(client, pro_account, MEDIA_DIR / "asl_thanks.mkv")
    assert response.status_code == 507
    assert response.json()["detail"]
    assert uploads_left(client) == []
    assert client.get("/v1/usage", headers=pro_account.headers).json()["analyses_used"] == 0
