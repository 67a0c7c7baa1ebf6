from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clipapi.models import ApiKey
from conftest import Account, app_state, new_account

KEY_FORMAT = re.compile(r"^ve_live_[A-Za-z0-9]{32}$")


def test_key_format_and_storage(client: TestClient, account: Account) -> None:
    assert KEY_FORMAT.match(account.key)
    with app_state(client).db() as session:
        stored = session.scalars(select(ApiKey)).all()
    assert len(stored) == 1
    assert stored[0].key_hash != account.key
    assert len(stored[0].key_hash) == 64
    assert account.key not in str([vars(k) for k in stored])


def test_list_shows_prefix_and_last4_never_the_key(client: TestClient, account: Account) -> None:
    listed = client.get("/v1/keys", headers=account.jwt_headers)
    assert listed.status_code == 200
    (item,) = listed.json()["data"]
    assert item["prefix"] == "ve_live_"
    assert item["last4"] == account.key[-4:]
    assert account.key not in listed.text


def test_both_auth_headers_work(client: TestClient, account: Account) -> None:
    bearer = client.get("/v1/analyses", headers={"Authorization": f"Bearer {account.key}"})
    header = client.get("/v1/analyses", headers={"X-API-Key": account.key})
    assert bearer.status_code == header.status_code == 200


def test_jwt_is_not_an_api_key(client: TestClient, account: Account) -> None:
    response = client.get("/v1/analyses", headers=account.jwt_headers)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "key",
    [
        "",
        "ve_live_short",
        "ve_test_" + "a" * 32,
        "ve_live_" + "a" * 31 + "!",
        "ve_live_" + "b" * 32,
    ],
)
def test_malformed_or_unknown_keys_are_401(client: TestClient, key: str) -> None:
    response = client.get("/v1/analyses", headers={"X-API-Key": key} if key else {})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_revocation_applies_to_the_next_request(client: TestClient, account: Account) -> None:
    assert client.get("/v1/analyses", headers=account.headers).status_code == 200
    (item,) = client.get("/v1/keys", headers=account.jwt_headers).json()["data"]
    assert client.delete(f"/v1/keys/{item['id']}", headers=account.jwt_headers).status_code == 204
    assert client.get("/v1/analyses", headers=account.headers).status_code == 401
    assert client.get("/v1/keys", headers=account.jwt_headers).json()["data"] == []


def test_cannot_revoke_another_accounts_key(client: TestClient, account: Account) -> None:
    other = new_account(client)
    (item,) = client.get("/v1/keys", headers=other.jwt_headers).json()["data"]
    assert client.delete(f"/v1/keys/{item['id']}", headers=account.jwt_headers).status_code == 404
    assert client.get("/v1/analyses", headers=other.headers).status_code == 200


def test_key_body_mass_assignment_ignored(client: TestClient, account: Account) -> None:
    created = client.post(
        "/v1/keys",
        headers=account.jwt_headers,
        json={"name": "ci", "user_id": "usr_x", "key": "ve_live_" + "c" * 32},
    )
    assert created.status_code == 201
    assert created.json()["key"] != "ve_live_" + "c" * 32
    assert created.json()["name"] == "ci"
