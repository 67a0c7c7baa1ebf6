"""POST /v1/analyses/{id}/outcome and GET /v1/calibration, on generated outcomes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from scipy.stats import spearmanr
from sqlalchemy import select

from clipapi.app import create_app
from clipapi.kit import ids
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import Analysis, User
from clipapi.outcomes.endpoints import router as outcomes_router
from conftest import Account, app_state, make_settings, new_account

CURVE = [{"t": 0.0, "retention": 1.0}, {"t": 5.0, "retention": 0.8}, {"t": 10.0, "retention": 0.6}]


def _with_outcomes(app: FastAPI) -> FastAPI:
    # Until clipapi.api includes the router, mount it the way it will be (/v1 and /api/v1).
    if not any(getattr(r, "path", "") == "/v1/calibration" for r in app.routes):
        app.include_router(outcomes_router, prefix="/v1")
        app.include_router(outcomes_router, prefix="/api/v1", include_in_schema=False)
    return app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(_with_outcomes(create_app(make_settings(tmp_path)))) as test_client:
        yield test_client


def _analysis(
    client: TestClient,
    account: Account,
    *,
    score: int | None = 50,
    view_range: tuple[int, int] | None = (100, 10_000),
    curve: list[dict[str, float]] | None = CURVE,
    status: str = "completed",
) -> str:
    """An analysis of the account's, stored as if the pipeline had completed it."""
    db = app_state(client).db
    analysis_id = ids.analysis_id()
    growth: dict[str, Any] = {"predicted_retention_curve": curve}
    if score is not None:
        growth["virality_model"] = {
            "score": score,
            "predicted_view_range": None
            if view_range is None
            else {"low": view_range[0], "expected": view_range[0] * 5, "high": view_range[1]},
        }
    with transaction(db) as session:
        user = session.scalars(select(User).where(User.email == account.email)).one()
        session.add(
            Analysis(
                id=analysis_id,
                user_id=user.id,
                status=status,
                source_kind="upload",
                upload_key="k",
                created_at=utcnow(),
                result={"analysis_id": analysis_id, "growth_intelligence": growth}
                if status == "completed"
                else None,
            )
        )
    return analysis_id


def _post(client: TestClient, account: Account, analysis_id: str, body: Any) -> Any:
    return client.post(f"/v1/analyses/{analysis_id}/outcome", headers=account.headers, json=body)


def _calibration(client: TestClient, account: Account) -> dict[str, Any]:
    response = client.get("/v1/calibration", headers=account.headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _generated(client: TestClient, account: Account) -> dict[str, Any]:
    """Ten outcomes: views mostly rise with the score, eight inside the predicted range, and
    reported retention 0.1 under the prediction at 5 s and on it at 10 s."""
    scores = [35, 42, 48, 55, 61, 66, 70, 74, 81, 88]
    views = [900, 400, 2_500, 3_000, 2_000, 8_000, 9_000, 7_500, 60_000, 90_000]
    for score, seen in zip(scores, views, strict=True):
        analysis_id = _analysis(client, account, score=score, view_range=(300, 20_000))
        retention = [{"t": 5.0, "retention": 0.7}, {"t": 10.0, "retention": 0.6}]
        response = _post(client, account, analysis_id, {"views": seen, "retention": retention})
        assert response.status_code == 201, response.text
    rho = float(spearmanr(scores, views).statistic)
    return {"n": len(scores), "spearman": rho, "coverage": 0.8, "mae": 0.05}


def test_generated_outcomes_give_the_calibration_figures(tmp_path: Path, database_url: str) -> None:
    settings = make_settings(tmp_path, database_url=database_url)
    with TestClient(_with_outcomes(create_app(settings))) as client:
        account = new_account(client, plan="enterprise")
        expected = _generated(client, account)
        body = _calibration(client, account)

    assert body["count"] == expected["n"]
    assert body["min_outcomes"] == 5
    assert body["virality_spearman"] == {
        "value": pytest.approx(expected["spearman"], abs=1e-4),
        "n": 10,
        "reason": None,
    }
    assert body["view_range_coverage"] == {"value": expected["coverage"], "n": 10, "reason": None}
    assert body["retention_curve_mae"] == {
        "value": pytest.approx(expected["mae"]),
        "n": 10,
        "reason": None,
    }


def test_figures_are_null_with_a_reason_until_enough_outcomes(client: TestClient) -> None:
    account = new_account(client, plan="enterprise")
    for views in (10, 20, 30, 40):
        _post(client, account, _analysis(client, account), {"views": views})
    body = _calibration(client, account)

    assert body["count"] == 4
    for name in ("virality_spearman", "view_range_coverage", "retention_curve_mae"):
        assert body[name]["value"] is None
        assert "at least 5 are needed" in body[name]["reason"]
    assert body["retention_curve_mae"]["n"] == 0  # no retention points were reported


def test_an_outcome_is_stored_and_a_later_report_replaces_it(client: TestClient) -> None:
    account = new_account(client, plan="enterprise")
    analysis_id = _analysis(client, account)
    first = _post(client, account, analysis_id, {"views": 100, "likes": 5, "unknown": "ignored"})
    second = _post(
        client,
        account,
        analysis_id,
        {
            "views": 2500,
            "likes": 90,
            "shares": 7,
            "comments": 12,
            "average_watch_time_s": 8.5,
            "retention": [{"t": 10, "retention": 0.4}, {"t": 3, "retention": 0.8}],
        },
    )

    assert first.status_code == 201
    assert first.json()["views"] == 100
    assert second.status_code == 201
    body = second.json()
    assert body["analysis_id"] == analysis_id
    assert (body["views"], body["likes"], body["shares"], body["comments"]) == (2500, 90, 7, 12)
    assert [p["t"] for p in body["retention"]] == [3.0, 10.0]  # kept in time order
    assert _calibration(client, account)["count"] == 1


def test_another_accounts_analysis_is_not_found(client: TestClient) -> None:
    owner = new_account(client, plan="enterprise")
    other = new_account(client, plan="enterprise")
    analysis_id = _analysis(client, owner)

    response = _post(client, other, analysis_id, {"views": 1})
    missing = _post(client, other, "job_000000000000", {"views": 1})

    assert response.status_code == 404
    assert response.json() == {"detail": "Analysis not found"}
    assert missing.status_code == 404
    assert _calibration(client, owner)["count"] == 0


def test_calibration_counts_only_the_callers_outcomes(client: TestClient) -> None:
    first = new_account(client, plan="enterprise")
    second = new_account(client, plan="enterprise")
    for _ in range(5):
        _post(client, first, _analysis(client, first), {"views": 10})

    assert _calibration(client, first)["count"] == 5
    assert _calibration(client, second)["count"] == 0
    dashboard = client.get("/v1/calibration", headers=first.jwt_headers)  # a login works too
    assert dashboard.status_code == 200
    assert dashboard.json()["count"] == 5


def test_an_unfinished_analysis_takes_no_outcome(client: TestClient) -> None:
    account = new_account(client, plan="enterprise")
    analysis_id = _analysis(client, account, status="processing")

    response = _post(client, account, analysis_id, {"views": 1})

    assert response.status_code == 409
    assert "completed" in response.json()["detail"]


BAD_BODIES: list[Any] = [
    {},
    {"likes": 3},
    {"views": -1},
    {"views": "100"},
    {"views": 1.5},
    {"views": 10, "likes": -2},
    {"views": 10, "average_watch_time_s": -1},
    {"views": 10, "retention": [{"t": 1, "retention": 1.5}]},
    {"views": 10, "retention": [{"t": -1, "retention": 0.5}]},
    {"views": 10, "retention": [{"t": 1, "retention": 0.5}, {"t": 1, "retention": 0.4}]},
    {"views": 10, "retention": "0.5"},
    [1, 2, 3],
]


def test_bad_bodies_are_refused_with_400_and_store_nothing(client: TestClient) -> None:
    account = new_account(client, plan="enterprise")
    analysis_id = _analysis(client, account)

    for body in BAD_BODIES:
        response = _post(client, account, analysis_id, body)
        assert response.status_code == 400, (body, response.text)
        assert isinstance(response.json()["detail"], str)
    assert _calibration(client, account)["count"] == 0


def test_a_body_that_is_not_json_is_400(client: TestClient) -> None:
    account = new_account(client, plan="enterprise")
    response = client.post(
        f"/v1/analyses/{_analysis(client, account)}/outcome",
        headers={**account.headers, "content-type": "application/json"},
        content=b"{views: 1",
    )

    assert response.status_code == 400


def test_both_endpoints_need_credentials(client: TestClient) -> None:
    assert client.get("/v1/calibration").status_code == 401
    assert client.post("/v1/analyses/job_x/outcome", json={"views": 1}).status_code == 401
