"""`clipapi analyze`: locally with no server, and through a live server; its exit codes."""

from __future__ import annotations

import json
import socket
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner, Result

from clipapi.accounts.service import set_plan
from clipapi.analyze_cli import EXIT_COMPLETED, EXIT_FAILED, EXIT_SERVER, EXIT_USAGE, analyze
from clipapi.cli import main
from clipapi.schemas.result import AnalysisResult
from conftest import MEDIA_DIR, LiveServer, MediaServer

CLIP = MEDIA_DIR / "asl_thanks.mkv"


def run(*args: str) -> Result:
    return CliRunner().invoke(analyze, list(args), catch_exceptions=False)


def server_key(server: LiveServer) -> str:
    email = f"cli-{uuid.uuid4().hex[:10]}@example.com"
    signup = httpx.post(
        f"{server.url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
    )
    set_plan(server.state.db, email, "pro")
    token = signup.json()["access_token"]
    key: str = httpx.post(
        f"{server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"}
    ).json()["key"]
    return key


def test_local_run_prints_the_result_json(tmp_path: Path) -> None:
    frames = tmp_path / "frames"
    result = run(str(CLIP), "--preset", "meta_only", "--keyframes-dir", str(frames))
    assert result.exit_code == EXIT_COMPLETED, result.stderr
    document = AnalysisResult.model_validate_json(result.stdout)
    assert document.status == "completed"
    assert document.media is not None
    assert (document.media.width, document.media.height) == (640, 480)
    assert document.source is not None
    assert document.source.filename == "asl_thanks.mkv"
    assert document.processing.preset == "meta_only"
    # Progress per step and a summary go to stderr, never into the JSON.
    for step in ("ingest", "probe", "keyframes"):
        assert step in result.stderr
    assert "completed" in result.stderr
    assert "not measured" in result.stderr
    visual = document.media_understanding.visual_analysis if document.media_understanding else None
    assert visual is not None
    assert visual.keyframes
    for keyframe in visual.keyframes:
        assert keyframe.image_url is not None
        assert Path(keyframe.image_url.removeprefix("file://")).read_bytes()[:2] == b"\xff\xd8"


def test_local_run_writes_out_and_stays_quiet(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    result = run(str(CLIP), "--preset", "meta_only", "--out", str(out), "--quiet")
    assert result.exit_code == EXIT_COMPLETED
    assert result.stdout == ""
    assert result.stderr == ""
    document = json.loads(out.read_text())
    assert document["status"] == "completed"
    keyframes = document["media_understanding"]["visual_analysis"]["keyframes"]
    assert all(k["image_url"] is None for k in keyframes)  # the JPEGs went with the temp dir


def test_local_run_of_a_failing_url_exits_1(media_server: MediaServer) -> None:
    result = run(f"{media_server}/missing.mp4", "--preset", "meta_only")
    assert result.exit_code == EXIT_FAILED
    document = json.loads(result.stdout)
    assert document["status"] == "failed"
    assert document["error"]["code"]
    assert "failed" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope.mp4"], "no such file"),
        ([str(CLIP), "--preset", "everything"], "Invalid value for '--preset'"),
        ([str(CLIP), "--server", "http://127.0.0.1:9"], "--server needs --api-key"),
        (["s3://bucket/clip.mp4"], "needs --server"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == EXIT_USAGE
    assert message in result.stderr


def test_a_file_that_is_not_a_video_is_a_usage_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("not a video")
    result = run(str(text))
    assert result.exit_code == EXIT_USAGE
    assert "notes.mp4" in result.stderr


def test_server_mode_uploads_and_follows_the_stream(live_server: LiveServer) -> None:
    key = server_key(live_server)
    result = run(str(CLIP), "--preset", "meta_only", "--server", live_server.url, "--api-key", key)
    assert result.exit_code == EXIT_COMPLETED, result.stderr
    document = AnalysisResult.model_validate_json(result.stdout)
    assert document.source is not None
    assert document.source.platform == "upload"
    assert "keyframes" in result.stderr
    assert "upload" in result.stderr
    # The same analysis, as the server holds it.
    served = httpx.get(
        f"{live_server.url}/v1/analyses/{document.analysis_id}", headers={"X-API-Key": key}
    ).json()
    # Keyframe links are signed when served, with an expiry counted from that second.
    assert unsigned(json.loads(result.stdout)) == unsigned(served)


def unsigned(document: Any) -> Any:
    """`document` with the signature of every signed link dropped."""
    if isinstance(document, dict):
        return {key: unsigned(value) for key, value in document.items()}
    if isinstance(document, list):
        return [unsigned(value) for value in document]
    if isinstance(document, str) and "?token=" in document:
        return document.split("?token=", 1)[0]
    return document


def test_server_mode_exit_codes(live_server: LiveServer, media_server: MediaServer) -> None:
    key = server_key(live_server)
    failed = run(
        f"{media_server}/missing.mp4",
        "--preset",
        "meta_only",
        "--server",
        live_server.url,
        "--api-key",
        key,
    )
    assert failed.exit_code == EXIT_FAILED
    assert json.loads(failed.stdout)["status"] == "failed"

    refused = run(str(CLIP), "--server", live_server.url, "--api-key", "ve_live_" + "x" * 32)
    assert refused.exit_code == EXIT_USAGE
    assert "401" in refused.stderr

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    unreachable = run(str(CLIP), "--server", f"http://127.0.0.1:{port}", "--api-key", key)
    assert unreachable.exit_code == EXIT_SERVER
    assert "network" in unreachable.stderr


def test_help_documents_every_command_and_the_exit_codes() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    for command, group in main.commands.items():
        assert command in top.output
        assert group.help, f"{command} has no help text"
    assert "analyze" in main.commands, "register: main.add_command(analyze) in clipapi.cli"
    own = runner.invoke(main, ["analyze", "--help"])
    assert "Exit codes:" in own.output
    assert "3  server or network error" in own.output
