"""The dashboard in a real browser (Debian's Chromium driven by Playwright) against a live server.

Screenshots land in test-artifacts/web/; look at them after a change to the pages.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect
from pydantic import TypeAdapter

from clipapi.accounts.service import set_plan
from clipapi.schemas.api import PipelineEvent
from clipapi.schemas.result import AnalysisResult
from conftest import MEDIA_DIR, LiveServer, MediaServer

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
FIXTURE = Path(__file__).with_name("report_fixture.json")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "correct-horse"
EVENT: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh tab on the live server; any script error fails the test."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # An expected 4xx (a wrong password) is logged by the browser itself; those are not script
    # errors.
    tab.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()
    assert not errors, errors


def menu(tab: Any, name: str) -> Any:
    return tab.get_by_role("navigation", name="Main").get_by_role("link", name=name)


def screenshot(tab: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def eventually(check: Callable[[], object], timeout: float = 10.0) -> None:
    # The page's CSP refuses eval, so Playwright's wait_for_function cannot run there.
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.1)


def drop_file(tab: Any, selector: str, path: Path) -> None:
    """Drag a file from outside the browser onto an element, as a user would."""
    transfer = tab.evaluate_handle(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "video/x-matroska" }));
            return transfer;
        }""",
        [path.name, base64.b64encode(path.read_bytes()).decode()],
    )
    for event in ("dragenter", "dragover", "drop"):
        tab.dispatch_event(selector, event, {"dataTransfer": transfer})


def fits_the_width(tab: Any) -> bool:
    width: bool = tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return width


def sign_up(tab: Any, email: str) -> str:
    tab.goto("/")
    tab.get_by_role("link", name="Sign up for a free API key").click()
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password (at least 8 characters)").fill(PASSWORD)
    tab.get_by_role("button", name="Create account and API key").click()
    key: str = tab.get_by_test_id("new-key").inner_text()
    return key


def log_in(tab: Any, email: str, password: str = PASSWORD) -> None:
    tab.goto("/login")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Log in").click()


def test_sign_up_keys_submit_and_report(
    page: Any, live_server: LiveServer, media_server: MediaServer
) -> None:
    email = f"web-{time.time_ns()}@example.com"
    key = sign_up(page, email)
    assert key.startswith("ve_live_")
    page.get_by_role("button", name="Copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == key
    screenshot(page, "01-signed-up")
    # Polling progress pages and reports spends requests; a paying user's limit keeps this
    # test about the pages rather than the free plan's 5 requests a minute.
    set_plan(live_server.state.db, email, "pro")

    # Keys: a second key is shown once, listed by prefix and last four, and revoked.
    page.get_by_role("link", name="Continue to the dashboard").click()
    menu(page, "API keys").click()
    page.get_by_label("Name").fill("ci runner")
    page.get_by_role("button", name="Create key").click()
    second = page.get_by_test_id("new-key").inner_text()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    assert f"ve_live_…{second[-4:]}" in rows.first.inner_text()
    assert second not in page.locator("table").inner_text()
    screenshot(page, "02-keys")
    page.get_by_role("button", name=f"Revoke key ci runner ending in {second[-4:]}").click()
    expect(rows).to_have_count(1)
    assert (
        httpx.get(f"{live_server.url}/v1/usage", headers={"X-API-Key": second}).status_code == 401
    )

    # A URL: live progress from the stream until done, then the report.
    menu(page, "Dashboard").click()
    page.get_by_label("Video URL").fill(f"{media_server}/car-park-6s.mp4")
    page.get_by_label("Pipeline").select_option("meta_only")
    page.get_by_role("button", name="Analyse").click()
    panel = page.locator(".progress-panel[data-state=done]")
    panel.wait_for(timeout=60_000)
    assert panel.locator("li[data-state=done]").count() >= 3
    assert page.locator("table.analyses .badge.completed").count() == 1
    screenshot(page, "03-progress-done")

    page.get_by_role("link", name="Open the report").click()
    report = page.locator(".report")
    report.wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "car-park-6s.mp4"
    images = page.locator("#keyframes img")
    assert images.count() == 6
    eventually(lambda: images.evaluate_all("all => all.every(i => i.complete && i.naturalWidth)"))
    # The growth step has not run: the chart says so instead of drawing a placeholder.
    assert "not measured" in page.get_by_test_id("retention-chart-empty").inner_text().lower()
    assert page.locator("#scores[data-measured=false]").count() == 1
    assert "meta_only" in page.locator("#processing .warnings").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download JSON").click()
    saved = json.loads(Path(download.value.path()).read_text())
    assert AnalysisResult.model_validate(saved).status == "completed"
    screenshot(page, "04-report-meta-only")
    page.set_viewport_size(PHONE)
    assert fits_the_width(page)
    screenshot(page, "05-report-phone")

    # A file: dragged onto the drop zone, uploaded with a progress bar, analysed.
    page.set_viewport_size(DESKTOP)
    menu(page, "Dashboard").click()
    drop_file(page, "[data-testid=drop-zone]", MEDIA_DIR / "asl_thanks.mkv")
    expect(page.locator(".drop .chosen")).to_contain_text("Selected: asl_thanks.mkv")
    page.get_by_label("Pipeline").select_option("meta_only")
    page.get_by_role("button", name="Analyse").click()
    page.locator(".progress-panel[data-state=done]").wait_for(timeout=60_000)
    assert page.locator(".upload progress").evaluate("bar => bar.value") == 1
    assert page.locator("table.analyses tbody tr").count() == 2
    page.set_viewport_size(PHONE)
    assert fits_the_width(page)
    screenshot(page, "06-dashboard-phone")


def serve_with_ranges(path: Path) -> Callable[[Any], None]:
    """A route handler that answers byte ranges, as video hosts do, so the video can seek (the
    test media server's SimpleHTTPRequestHandler cannot)."""
    data = path.read_bytes()

    def handle(route: Any) -> None:
        first, _, last = (
            route.request.headers.get("range", "bytes=0-").removeprefix("bytes=").partition("-")
        )
        start, end = int(first or 0), int(last) if last else len(data) - 1
        route.fulfill(
            status=206,
            body=data[start : end + 1],
            headers={
                "Content-Type": "video/mp4",
                "Accept-Ranges": "bytes",
                "Content-Range": f"bytes {start}-{end}/{len(data)}",
            },
        )

    return handle


def _submit(base: str, key: str, url: str) -> dict[str, Any]:
    headers = {"X-API-Key": key}
    created = httpx.post(
        f"{base}/v1/analyses",
        json={"video_url": url, "pipeline_preset": "meta_only"},
        headers=headers,
    )
    assert created.status_code == 201, created.text
    analysis_id = created.json()["analysis_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body: dict[str, Any] = httpx.get(
            f"{base}/v1/analyses/{analysis_id}", headers=headers
        ).json()
        if body["status"] in ("completed", "failed"):
            assert body["status"] == "completed", body
            return body
        time.sleep(0.2)
    raise AssertionError("analysis did not end")


def test_report_plots_the_curve_and_every_section(
    page: Any, live_server: LiveServer, media_server: MediaServer
) -> None:
    base = live_server.url
    email = f"report-{time.time_ns()}@example.com"
    signup = httpx.post(f"{base}/v1/auth/signup", json={"email": email, "password": PASSWORD})
    token = signup.json()["access_token"]
    set_plan(live_server.state.db, email, "pro")
    own_key = httpx.post(f"{base}/v1/keys", headers={"Authorization": f"Bearer {token}"}).json()
    video_url = f"{media_server}/car-park-6s.mp4"
    real = _submit(base, own_key["key"], video_url)

    # The analysis steps that fill scores, the curve and the rest land separately: the real
    # result, with its signed keyframes, is served filled in from a fixture that matches the
    # contract.
    filled = json.loads(FIXTURE.read_text())
    filled["analysis_id"] = real["analysis_id"]
    filled["source"]["url"] = video_url
    filled["media_understanding"]["visual_analysis"]["keyframes"] = real["media_understanding"][
        "visual_analysis"
    ]["keyframes"]
    AnalysisResult.model_validate(filled)
    page.route(
        f"**/v1/analyses/{real['analysis_id']}",
        lambda route: (
            route.fulfill(json=filled) if route.request.method == "GET" else route.continue_()
        ),
    )

    page.route(video_url, serve_with_ranges(MEDIA_DIR / "car-park-6s.mp4"))
    log_in(page, email, "wrong password")
    assert "Invalid email or password" in page.get_by_role("alert").first.inner_text()
    log_in(page, email)
    page.get_by_role("heading", name="Dashboard").wait_for()
    page.goto(f"/app/analyses/{real['analysis_id']}")
    chart = page.get_by_test_id("retention-chart")
    chart.locator("canvas").first.wait_for()
    markers = chart.locator(".drop-marker")
    assert markers.count() == 2
    plot = chart.locator(".u-over").bounding_box()
    for index in range(2):
        box = markers.nth(index).bounding_box()
        centre_x, centre_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert plot["x"] <= centre_x <= plot["x"] + plot["width"]
        assert plot["y"] <= centre_y <= plot["y"] + plot["height"]
    assert "Drop risk at 0:04.5, major" in (markers.nth(1).get_attribute("aria-label") or "")

    scores = page.locator("#scores [role=meter]")
    assert scores.count() == 7  # cta_effectiveness is null
    assert "not measured" in page.locator("#scores [data-score=cta_effectiveness]").inner_text()
    assert scores.first.get_attribute("aria-valuenow") == "62"
    page.get_by_text("Why 62: 3 factors").click()
    assert "motion in first 2s" in page.locator("#scores .factors").first.inner_text()

    assert "Places\nLisboa" in page.locator("#entities").inner_text()
    assert page.locator("#keyframes img").count() == 6
    assert page.locator("#shots .timeline li").count() == 3
    assert page.locator("#clips[data-measured=false]").count() == 1
    virality = page.locator("#virality").inner_text().lower()
    assert "1,200 (300 to 9,000)" in virality
    assert "trends\n\nnot measured" in virality  # trend_alignment is null
    assert "no trend catalog" in page.locator("#processing .warnings").inner_text()

    # Timestamps seek the video, which plays from its direct URL.
    page.get_by_role("button", name="Play from 0:03.9").click()
    # It plays from there, so the time moves on before it is read (further on a busy machine).
    assert 3.8 <= page.locator("video").evaluate("v => v.currentTime") < 4.9
    screenshot(page, "07-report-filled")
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(200)  # the chart follows its container's new width
    assert fits_the_width(page)
    assert chart.locator(".u-over").bounding_box()["width"] < PHONE["width"]
    screenshot(page, "08-report-filled-phone")

    # Logging out revokes the key the dashboard made for this tab, and only that one.
    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Sign up for a free API key").wait_for()

    def active_keys() -> list[str]:
        keys = httpx.get(f"{base}/v1/keys", headers={"Authorization": f"Bearer {token}"}).json()
        return [k["id"] for k in keys["data"]]

    deadline = time.monotonic() + 10  # the revocation request may still be in flight
    while active_keys() != [own_key["id"]] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert active_keys() == [own_key["id"]]


def test_report_page_follows_a_running_analysis(page: Any, live_server: LiveServer) -> None:
    """Opened from a link, with no signed stream_url in the tab: the page reads the stream
    with its key, shows each step live, and turns into the report when the analysis ends."""
    from clipapi.events import service as events
    from clipapi.kit.clock import utcnow
    from clipapi.kit.db import transaction
    from clipapi.models import Analysis, User

    email = f"live-{time.time_ns()}@example.com"
    httpx.post(f"{live_server.url}/v1/auth/signup", json={"email": email, "password": PASSWORD})
    set_plan(live_server.state.db, email, "pro")
    db = live_server.state.db
    # A row no worker will pick up: this test plays the runner's part, event by event.
    with transaction(db) as session:
        user = session.query(User).filter_by(email=email).one()
        row = Analysis(
            id=f"job_{time.time_ns() % 10**12:012d}",
            user_id=user.id,
            status="processing",
            preset="full",
            source_kind="url",
            video_url="https://example.com/talk.mp4",
            created_at=utcnow(),
        )
        session.add(row)
        analysis_id = row.id

    def emit(event: str, **data: Any) -> None:
        with transaction(db) as session:
            events.record(session, analysis_id, EVENT.validate_python({"event": event, **data}))

    log_in(page, email)
    page.get_by_role("heading", name="Dashboard").wait_for()
    expect(page.locator(f"tr[data-analysis={analysis_id}] .badge.processing")).to_have_count(1)
    page.get_by_role("link", name="example.com/talk.mp4").click()
    page.get_by_role("heading", name="Analysing…").wait_for()
    emit("step_start", step="ingest", job_id=analysis_id)
    expect(page.locator("li[data-step=ingest][data-state=running]")).to_have_count(1)
    emit("step_done", step="ingest", duration_ms=1200)
    emit("step_start", step="transcription")
    expect(page.locator("li[data-step=ingest][data-state=done]")).to_contain_text("1.2 s")
    expect(page.get_by_role("status").first).to_contain_text("Running: transcript")
    screenshot(page, "09-report-page-progress")

    filled = json.loads(FIXTURE.read_text())
    filled["analysis_id"] = analysis_id
    with transaction(db) as session:
        ended = session.get_one(Analysis, analysis_id)
        ended.status, ended.result, ended.completed_at = "completed", filled, utcnow()
    emit("step_done", step="transcription", duration_ms=900)
    emit("pipeline_done", analysis_id=analysis_id)
    page.get_by_role("heading", name="A car pulls into the car park").wait_for()
    assert page.get_by_test_id("retention-chart").locator("canvas").count() >= 1
    # Signed links to JPEGs this test never wrote: the gallery says so instead of broken icons.
    expect(page.locator("#keyframes .noimage")).to_have_count(2)
