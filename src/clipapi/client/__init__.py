"""A Python client for the clipapi HTTP API, typed with the server's own Pydantic models.

from clipapi.client import Client

with Client("http://127.0.0.1:8000", api_key="ve_live_…") as api:
    result = api.analyze(url="https://example.com/clip.mp4")
    print(result.scores)
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal, overload
from urllib.parse import parse_qs, urlsplit

import httpx
from pydantic import TypeAdapter

from clipapi.client.errors import (
    AnalysisFailedError,
    AnalysisTimeout,
    ClipapiConnectionError,
    ClipapiError,
    error_from,
)
from clipapi.client.sse import sse_messages
from clipapi.schemas.api import (
    AnalysisCreated,
    AnalysisFailed,
    AnalysisList,
    AnalysisListItem,
    AnalysisStatus,
    PipelineEvent,
)
from clipapi.schemas.result import AnalysisResult, Preset

__all__ = [
    "AnalysisFailedError",
    "AnalysisTimeout",
    "Client",
    "ClipapiConnectionError",
    "ClipapiError",
    "parse_analysis",
]

DEFAULT_WAIT_S = 900.0
_EVENTS: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)
_TERMINAL_EVENTS = frozenset({"pipeline_done", "pipeline_failed"})
# A 429 is retried after its Retry-After when that is at most this long; longer, it is raised.
_MAX_RETRY_AFTER_S = 65.0
# A stream that drops (server restart, the server's stream lifetime) is resumed this many times
# in a row before the client gives up.
_MAX_RECONNECTS = 5
_STREAM_READ_S = 60.0


def parse_analysis(body: Mapping[str, Any]) -> AnalysisResult | AnalysisStatus | AnalysisFailed:
    """The typed form of a GET /v1/analyses/{id} body, chosen by its status."""
    status = body.get("status")
    if status == "completed":
        return AnalysisResult.model_validate(body)
    if status == "failed":
        return AnalysisFailed.model_validate(body)
    return AnalysisStatus.model_validate(body)


class Client:
    """clipapi over HTTP with an API key; every method raises ClipapiError on an error status."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 60.0,
        max_retries: int = 2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {api_key}", "User-Agent": "clipapi-python"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- submitting ------------------------------------------------------------------------

    @overload
    def analyze(
        self,
        url: str | None = None,
        *,
        file: str | Path | IO[bytes] | None = None,
        storage_path: str | None = None,
        preset: Preset = "full",
        external_id: str | None = None,
        webhook_url: str | None = None,
        idempotency_key: str | None = None,
        wait: Literal[True] = True,
        timeout: float | None = DEFAULT_WAIT_S,
    ) -> AnalysisResult: ...

    @overload
    def analyze(
        self,
        url: str | None = None,
        *,
        file: str | Path | IO[bytes] | None = None,
        storage_path: str | None = None,
        preset: Preset = "full",
        external_id: str | None = None,
        webhook_url: str | None = None,
        idempotency_key: str | None = None,
        wait: Literal[False],
        timeout: float | None = DEFAULT_WAIT_S,
    ) -> AnalysisCreated: ...

    def analyze(
        self,
        url: str | None = None,
        *,
        file: str | Path | IO[bytes] | None = None,
        storage_path: str | None = None,
        preset: Preset = "full",
        external_id: str | None = None,
        webhook_url: str | None = None,
        idempotency_key: str | None = None,
        wait: bool = True,
        timeout: float | None = DEFAULT_WAIT_S,
    ) -> AnalysisResult | AnalysisCreated:
        """Submit a video by `url`, `file` (a path or an open binary file) or `storage_path`.

        With `wait` (the default) this follows the progress stream and returns the completed
        result, raising AnalysisFailedError if the analysis fails and AnalysisTimeout after
        `timeout` seconds (None waits as long as it takes). Without it, the accepted
        submission comes back at once.
        """
        if sum(x is not None for x in (url, file, storage_path)) != 1:
            raise ValueError("pass exactly one of url, file or storage_path")
        if file is not None:
            created = self._upload(file, preset, external_id, webhook_url)
        else:
            body = {
                "video_url": url,
                "storage_path": storage_path,
                "pipeline_preset": preset,
                "external_id": external_id,
                "webhook_url": webhook_url,
            }
            headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
            payload = {k: v for k, v in body.items() if v is not None}
            created = AnalysisCreated.model_validate(
                self._json("POST", "/v1/analyses", json=payload, headers=headers)
            )
        if not wait:
            return created
        return self.wait(created, timeout=timeout)

    def _upload(
        self,
        file: str | Path | IO[bytes],
        preset: str,
        external_id: str | None,
        webhook_url: str | None,
    ) -> AnalysisCreated:
        fields = {"pipeline_preset": preset, "external_id": external_id, "webhook_url": webhook_url}
        data = {k: v for k, v in fields.items() if v is not None}
        if isinstance(file, str | Path):
            path = Path(file)
            with path.open("rb") as handle:
                body = self._json(
                    "POST", "/v1/analyses/upload", data=data, files={"file": (path.name, handle)}
                )
        else:
            name = Path(str(getattr(file, "name", "upload.mp4"))).name
            body = self._json(
                "POST", "/v1/analyses/upload", data=data, files={"file": (name, file)}
            )
        return AnalysisCreated.model_validate(body)

    def wait(
        self, analysis: str | AnalysisCreated, *, timeout: float | None = DEFAULT_WAIT_S
    ) -> AnalysisResult:
        """Follow an analysis to its end and return the completed result."""
        for _ in self.stream(analysis, timeout=timeout):
            pass
        analysis_id = analysis if isinstance(analysis, str) else analysis.analysis_id
        outcome = self.get(analysis_id)
        if isinstance(outcome, AnalysisFailed):
            raise AnalysisFailedError(outcome)
        if isinstance(outcome, AnalysisStatus):  # the stream ended without a terminal event
            raise AnalysisTimeout(analysis_id, "The progress stream ended before the analysis")
        return outcome

    # -- reading ---------------------------------------------------------------------------

    def get(self, analysis_id: str) -> AnalysisResult | AnalysisStatus | AnalysisFailed:
        """The analysis: its status while running, the result when completed, or the failure."""
        return parse_analysis(self.get_json(analysis_id))

    def get_json(self, analysis_id: str) -> dict[str, Any]:
        """The analysis exactly as the server sent it, fields this client does not know
        included."""
        return self._json("GET", f"/v1/analyses/{analysis_id}")

    def delete(self, analysis_id: str) -> None:
        """Delete the analysis and every artifact stored for it."""
        self._request("DELETE", f"/v1/analyses/{analysis_id}")

    def usage(self) -> dict[str, Any]:
        """Plan, analyses used this month, quota and limits."""
        return self._json("GET", "/v1/usage")

    def stream(
        self, analysis: str | AnalysisCreated, *, after: int = 0, timeout: float | None = None
    ) -> Iterator[PipelineEvent]:
        """Progress events (past ones replayed first) until `pipeline_done` or
        `pipeline_failed`; a dropped connection resumes where it stopped.

        Pass the AnalysisCreated from `analyze(wait=False)` to use its signed stream URL,
        which does not count against the key's rate limit. After `timeout` seconds it raises
        AnalysisTimeout.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        if isinstance(analysis, str):
            return self._follow(analysis, {}, after, deadline)
        # stream_url is relative to the API's address; its token keeps working where the
        # operator requires a credential on streams (CLIPAPI_STREAM_AUTH=required).
        token = parse_qs(urlsplit(analysis.stream_url).query).get("token", [""])[0]
        params = {"token": token} if token else {}
        return self._follow(analysis.analysis_id, params, after, deadline)

    def _follow(
        self, analysis_id: str, params: dict[str, str], after: int, deadline: float | None
    ) -> Iterator[PipelineEvent]:
        last_id, failures = after, 0
        while True:
            received = False
            try:
                for event_id, event in self._read_stream(analysis_id, params, last_id, deadline):
                    last_id, received = event_id or last_id, True
                    yield event
                    if event.event in _TERMINAL_EVENTS:
                        return
            except ClipapiError as exc:
                if exc.status != 401 or not params:
                    raise
                params = {}  # the signed token expired (it lasts an hour): go on with the key
                continue
            except httpx.TransportError as exc:
                if deadline is not None and time.monotonic() >= deadline:
                    raise AnalysisTimeout(analysis_id) from exc
                if failures >= _MAX_RECONNECTS:
                    raise ClipapiConnectionError(f"{self.base_url}: stream broke: {exc}") from exc
            # The server closes a stream after a while: resume after the last event seen. A
            # stream that keeps closing with nothing new counts towards the reconnect limit.
            failures = 0 if received else failures + 1
            if failures > _MAX_RECONNECTS:
                raise ClipapiConnectionError("progress stream keeps closing without events")
            if failures:
                time.sleep(min(0.25 * 2.0**failures, 5.0))

    def _read_stream(
        self, analysis_id: str, params: dict[str, str], last_id: int, deadline: float | None
    ) -> Iterator[tuple[int | None, PipelineEvent]]:
        headers = {"Accept": "text/event-stream"}
        if last_id:
            headers["Last-Event-ID"] = str(last_id)
        # Keep-alive comments arrive every few seconds, so a read that waits a minute means
        # the connection is gone; a nearer deadline cuts the wait short.
        read_s = _STREAM_READ_S
        if deadline is not None:
            read_s = min(read_s, max(0.05, deadline - time.monotonic()))
        timeout = httpx.Timeout(30.0, read=read_s)
        path = f"/v1/analyses/{analysis_id}/stream"
        with self._http.stream(
            "GET", path, params=params, headers=headers, timeout=timeout
        ) as response:
            if response.status_code >= 400:
                response.read()
                raise error_from(response)
            for item in sse_messages(response.iter_lines()):
                if deadline is not None and time.monotonic() > deadline:
                    raise AnalysisTimeout(analysis_id)
                if item is not None:
                    yield item[0], _EVENTS.validate_python(item[1])

    # -- listing (last: the method named `list` shadows the builtin in this class body) -----

    def list(
        self,
        *,
        status: Literal["queued", "processing", "completed", "failed"] | None = None,
        external_id: str | None = None,
        page_size: int = 50,
    ) -> Iterator[AnalysisListItem]:
        """Every analysis of the account, newest first, fetching pages as it goes."""
        cursor: str | None = None
        while True:
            params: dict[str, str | int] = {"limit": page_size}
            for name, value in (
                ("status", status),
                ("external_id", external_id),
                ("cursor", cursor),
            ):
                if value is not None:
                    params[name] = value
            page = AnalysisList.model_validate(self._json("GET", "/v1/analyses", params=params))
            yield from page.data
            cursor = page.next_cursor
            if cursor is None:
                return

    # -- transport -------------------------------------------------------------------------

    def _json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = self._request(method, path, **kwargs)
        body: dict[str, Any] = response.json()
        return body

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        attempts = 0
        while True:
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError as exc:
                raise ClipapiConnectionError(f"{method} {self.base_url}{path}: {exc}") from exc
            retry_after = _retry_after(response)
            # Only a request the server refused outright (429) is safe to send again.
            if retry_after is not None and attempts < self.max_retries and _rewindable(kwargs):
                attempts += 1
                time.sleep(retry_after)
                continue
            if response.status_code >= 400:
                raise error_from(response)
            return response


def _rewindable(kwargs: Mapping[str, Any]) -> bool:
    files = kwargs.get("files") or {}
    for _, handle in files.values():
        if not hasattr(handle, "seek"):
            return False
        handle.seek(0)
    return True


def _retry_after(response: httpx.Response) -> float | None:
    if response.status_code != 429:
        return None
    try:
        seconds = float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None
    return seconds if 0 <= seconds <= _MAX_RETRY_AFTER_S else None
