"""The reference's JavaScript example, for real: a page on another origin opens the progress
stream with a bare EventSource (no credentials, no headers) and sees the pipeline end."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from conftest import LiveServer, MediaServer

PAGE = """<!doctype html>
<title>someone else's site</title>
<script>
  window.received = [];
  const es = new EventSource(%(url)s);
  for (const type of ["step_start", "step_done", "step_failed", "pipeline_done"]) {
    es.addEventListener(type, (e) => {
      window.received.push(JSON.parse(e.data));
      if (type === "pipeline_done") { es.close(); window.ended = true; }
    });
  }
  es.onerror = () => { window.failed = es.readyState; };
</script>
"""


def test_a_bare_eventsource_on_another_origin_follows_progress(
    browser: Any, live_server: LiveServer, media_server: MediaServer
) -> None:
    token = httpx.post(
        f"{live_server.url}/v1/auth/signup",
        json={"email": "js@example.com", "password": "correct-horse"},
    ).json()["access_token"]
    key = httpx.post(
        f"{live_server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"}
    ).json()["key"]
    created = httpx.post(
        f"{live_server.url}/v1/analyses",
        headers={"Authorization": f"Bearer {key}"},
        json={"video_url": f"{media_server}/asl_thanks.mkv", "pipeline_preset": "meta_only"},
    ).json()
    # The reference's literal form: /v1/analyses/{id}/stream, no token, no key.
    stream = f"{live_server.url}/v1/analyses/{created['analysis_id']}/stream"
    (media_server.root / "follow.html").write_text(PAGE % {"url": json.dumps(stream)})

    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{media_server}/follow.html")  # another port: another origin
    deadline = time.monotonic() + 30
    while not tab.evaluate("window.ended === true"):
        assert tab.evaluate("window.failed") is None, "the stream was refused"
        assert time.monotonic() < deadline, tab.evaluate("window.received")
        time.sleep(0.1)
    received = tab.evaluate("window.received")
    context.close()

    assert received[0] == {
        "event": "step_start",
        "step": "ingest",
        "job_id": created["analysis_id"],
    }
    assert {e["step"] for e in received if e["event"] == "step_done"} == {
        "ingest",
        "probe",
        "keyframes",
    }
    assert received[-1]["event"] == "pipeline_done"
    assert received[-1]["analysis_id"] == created["analysis_id"]
