from __future__ import annotations

import time
import warnings

import jwt
import pytest
from fastapi.testclient import TestClient

from conftest import Account, new_account

SECRET = "test-secret-" + "x" * 40


def test_signup_returns_token_and_free_plan(client: TestClient) -> None:
    response = client.post(
        "/v1/auth/signup",
        json={"email": "Ada@Example.com", "password": "correct-horse", "name": "Ada"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ada@example.com"
    assert body["plan"] == "free"
    assert body["id"].startswith("usr_")
    me = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["webhook_secret"].startswith("whsec_")


def test_signup_twice_is_409(client: TestClient) -> None:
    payload = {"email": "twice@example.com", "password": "correct-horse"}
    assert client.post("/v1/auth/signup", json=payload).status_code == 201
    again = client.post("/v1/auth/signup", json={**payload, "email": "TWICE@example.com"})
    assert again.status_code == 409
    assert again.json() == {"detail": "Email already registered"}


def test_mass_assignment_is_ignored(client: TestClient) -> None:
    response = client.post(
        "/v1/auth/signup",
        json={
            "email": "m@example.com",
            "password": "correct-horse",
            "plan": "enterprise",
            "id": "usr_admin",
            "disabled": False,
        },
    )
    assert response.status_code == 201
    assert response.json()["plan"] == "free"
    assert response.json()["id"] != "usr_admin"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"email": "not-an-email", "password": "correct-horse"},
        {"email": "a@b.co", "password": "short"},
    ],
)
def test_bad_signup_is_400_with_detail(client: TestClient, payload: dict[str, str]) -> None:
    response = client.post("/v1/auth/signup", json=payload)
    assert response.status_code == 400
    assert isinstance(response.json()["detail"], str)


def test_login_same_error_for_unknown_email_and_wrong_password(
    client: TestClient, account: Account
) -> None:
    ok = client.post("/v1/auth/login", json={"email": account.email, "password": "correct-horse"})
    assert ok.status_code == 200
    assert ok.json()["token_type"] == "bearer"
    wrong = client.post("/v1/auth/login", json={"email": account.email, "password": "nope-nope"})
    unknown = client.post("/v1/auth/login", json={"email": "ghost@example.com", "password": "x"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Invalid email or password"}


def test_login_brute_force_is_rate_limited(client: TestClient, account: Account) -> None:
    codes = [
        client.post(
            "/v1/auth/login", json={"email": account.email, "password": "guess"}
        ).status_code
        for _ in range(12)
    ]
    assert codes[:10] == [401] * 10
    assert codes[10] == 429
    limited = client.post("/v1/auth/login", json={"email": account.email, "password": "guess"})
    assert int(limited.headers["Retry-After"]) >= 1


def _forge(claims: dict[str, object], key: str = SECRET, alg: str = "HS256") -> str:
    with warnings.catch_warnings():  # a short key for HS512 is the point of that case
        warnings.simplefilter("ignore")
        return jwt.encode(claims, key, algorithm=alg)


@pytest.mark.parametrize(
    "make_token",
    [
        lambda sub: _forge(
            {"sub": sub, "iat": 1, "exp": int(time.time()) + 60, "typ": "access"},
            "wrong-key-" + "y" * 40,
        ),
        lambda sub: _forge({"sub": sub, "iat": 1, "typ": "access"}),  # no exp
        lambda sub: _forge({"sub": sub, "iat": 1, "exp": int(time.time()) - 5, "typ": "access"}),
        lambda sub: jwt.encode(
            {"sub": sub, "iat": 1, "exp": int(time.time()) + 60, "typ": "access"},
            None,
            algorithm="none",
        ),
        lambda sub: _forge(
            {"sub": sub, "iat": 1, "exp": int(time.time()) + 60, "typ": "access"}, SECRET, "HS512"
        ),
        lambda sub: "not.a.jwt",
    ],
    ids=["wrong-key", "no-exp", "expired", "alg-none", "hs512", "garbage"],
)
def test_forged_jwts_are_401(client: TestClient, account: Account, make_token: object) -> None:
    me = client.get("/v1/auth/me", headers=account.jwt_headers).json()
    token = make_token(me["id"])  # type: ignore[operator]
    response = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "detail" in response.json()


def test_second_account_is_independent(client: TestClient, account: Account) -> None:
    other = new_account(client)
    assert other.key != account.key
