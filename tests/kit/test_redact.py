from __future__ import annotations

import logging

import pytest

from clipapi.kit import redact

KEY = "ve_live_" + "A1b2" * 8


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (f"/v1/analyses?api_key={KEY}", "/v1/analyses?api_key=[redacted]"),
        (
            "/api/v1/analyses/job_1/stream?token=1767225600.abcDEF&after=3",
            "/api/v1/analyses/job_1/stream?token=[redacted]&after=3",
        ),
        (f"/v1/keys?x=1&API_KEY={KEY}", "/v1/keys?x=1&API_KEY=[redacted]"),
        (f"/v1/analyses/{KEY}", "/v1/analyses/[redacted]"),
        ("/v1/analyses?status=queued", "/v1/analyses?status=queued"),
    ],
)
def test_credentials_in_paths_are_masked(path: str, expected: str) -> None:
    assert redact.redact(path) == expected


def test_the_access_log_never_holds_a_key(caplog: pytest.LogCaptureFixture) -> None:
    redact.install()
    redact.install()  # a second app in the same process adds no second filter
    access = logging.getLogger("uvicorn.access")
    assert sum(isinstance(f, redact.RedactCredentials) for f in access.filters) == 1

    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        access.info(
            '%s - "%s %s HTTP/%s" %d',
            "127.0.0.1:5555",
            "GET",
            f"/v1/analyses?api_key={KEY}",
            "1.1",
            401,
        )

    assert KEY not in caplog.text
    assert "api_key=[redacted]" in caplog.text
