"""The client's exceptions: every error status and broken connection has a type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from clipapi.schemas.api import AnalysisFailed


class ClipapiError(Exception):
    """The API answered with an error status: `status` is the HTTP code, `detail` its text."""

    def __init__(self, status: int, detail: str, body: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.body: dict[str, Any] = dict(body or {})


class ClipapiConnectionError(ClipapiError):
    """The server could not be reached or the connection broke; `status` is 0."""

    def __init__(self, detail: str) -> None:
        super().__init__(0, detail)


class AnalysisTimeout(ClipapiError):
    """Waiting for an analysis ran out of time; the analysis itself may still finish."""

    def __init__(self, analysis_id: str, detail: str = "Analysis timed out") -> None:
        super().__init__(504, detail, {"detail": detail, "analysis_id": analysis_id})
        self.analysis_id = analysis_id


class AnalysisFailedError(Exception):
    """The analysis ran and failed; `failure.error` has the stable code and the message."""

    def __init__(self, failure: AnalysisFailed) -> None:
        super().__init__(
            f"{failure.analysis_id} failed: {failure.error.code}: {failure.error.message}"
        )
        self.failure = failure


def error_from(response: httpx.Response) -> ClipapiError:
    """The typed error of an error response; its JSON `detail` when there is one."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {"detail": response.text[:500] or response.reason_phrase}
    detail = str(body.get("detail") or response.reason_phrase)
    if response.status_code == 504 and isinstance(body.get("analysis_id"), str):
        return AnalysisTimeout(body["analysis_id"], detail)
    return ClipapiError(response.status_code, detail, body)
