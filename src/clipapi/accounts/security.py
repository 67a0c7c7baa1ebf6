"""Password hashing (argon2id) and dashboard JWTs (HS256, pinned)."""

from __future__ import annotations

import time

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from clipapi.errors import Unauthorized

JWT_ALGORITHM = "HS256"
_hasher = PasswordHasher()  # argon2id with the library's current defaults
# Verified against when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = _hasher.hash("clipapi-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def issue_jwt(secret: str, user_id: str, ttl_s: int) -> str:
    now = int(time.time())
    claims = {"sub": user_id, "iat": now, "exp": now + ttl_s, "typ": "access"}
    return jwt.encode(claims, secret, algorithm=JWT_ALGORITHM)


def decode_jwt(secret: str, token: str) -> str:
    """Return the user id of a valid token; anything else is a 401."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub", "iat"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthorized("Token expired") from exc
    except jwt.PyJWTError as exc:
        raise Unauthorized("Invalid token") from exc
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        raise Unauthorized("Invalid token")
    return str(claims["sub"])
