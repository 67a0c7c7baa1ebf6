"""The OpenAPI document tells the truth: every operation, called with generated inputs on a
real server, answers with a status, content type, headers and body the document declares,
and never with a 5xx."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from clipapi.accounts.service import set_plan
from clipapi.app import create_app
from clipapi.config import Settings
from conftest import LiveServer, make_settings, run_live_server

# Generous windows for this account and address, so the run tests the API rather than the
# rate limiter (whose answers are still real, headers included).
HIGH_LIMIT = 100_000


def _generous(hit: Any, namespace: str, key: str, per_minute: int) -> Any:
    return hit(namespace, key, HIGH_LIMIT)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    tmp: Path = tmp_path_factory.mktemp("openapi")
    config = make_settings(tmp, wait_timeout_s=0.5, allow_hosts="127.0.0.1")
    for server in run_live_server(config):
        server.state.queue.enqueue = lambda analysis_id: None  # type: ignore[method-assign]
        limiter = server.state.limiter
        limiter.hit = partial(_generous, limiter.hit)  # type: ignore[method-assign]
        email = "schema@example.com"
        token = httpx.post(
            f"{server.url}/v1/auth/signup", json={"email": email, "password": "correct-horse"}
        ).json()["access_token"]
        set_plan(server.state.db, email, "enterprise")
        key = httpx.post(
            f"{server.url}/v1/keys", headers={"Authorization": f"Bearer {token}"}
        ).json()["key"]
        yield server, key


def _operation_labels() -> list[str]:
    """Every operation of the document, named at collection (no server needed to list them)."""
    document = create_app(Settings(secret_key="x" * 40)).openapi()
    return [
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    ]


@pytest.fixture(scope="module")
def served_schema(api: tuple[LiveServer, str]) -> Any:
    """The document as the running server serves it."""
    server, _ = api
    return schemathesis.openapi.from_url(f"{server.url}/openapi.json")


@pytest.mark.parametrize("label", _operation_labels())
def test_every_operation_answers_as_documented(
    label: str, api: tuple[LiveServer, str], served_schema: Any
) -> None:
    server, key = api
    method, path = label.split(" ", 1)
    operation = served_schema[path][method.lower()]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Any) -> None:
        case.call_and_validate(
            base_url=server.url,
            headers={"Authorization": f"Bearer {key}"},
            # Rules no JSON schema can state (exactly one source, a decodable video, a
            # deliverable email address) turn some schema-valid inputs into documented 400s.
            excluded_checks=[positive_data_acceptance],
        )

    answers_as_documented()
