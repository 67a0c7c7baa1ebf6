"""Who is calling: API keys on API routes, JWTs on dashboard routes, rate limited per caller."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from clipapi.accounts.security import decode_jwt
from clipapi.errors import Forbidden, Unauthorized
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.kit.ids import BASE62
from clipapi.models import ApiKey, User
from clipapi.state import AppState, get_state
from clipapi.usage.plans import Plan, get_plan

KEY_PREFIX = "ve_live_"
KEY_RANDOM_LEN = 32
DASHBOARD_REQUESTS_PER_MINUTE = 120
LAST_USED_RESOLUTION = timedelta(seconds=30)

StateDep = Annotated[AppState, Depends(get_state)]
# The two ways to send a credential, declared so the OpenAPI document names them; the
# headers are read (and malformed ones refused) below, not by these.
_BEARER = HTTPBearer(
    scheme_name="Bearer",
    description="An API key (`ve_live_…`) or, on dashboard routes, a login JWT.",
    auto_error=False,
)
_API_KEY = APIKeyHeader(
    name="X-API-Key", scheme_name="ApiKey", description="An API key.", auto_error=False
)
BearerDoc = Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]
ApiKeyDoc = Annotated[str | None, Depends(_API_KEY)]


@dataclass(frozen=True)
class Principal:
    user_id: str
    email: str
    plan: Plan
    key_id: str | None  # None when authenticated by a dashboard JWT


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def looks_like_key(token: str) -> bool:
    rest = token.removeprefix(KEY_PREFIX)
    return (
        token.startswith(KEY_PREFIX)
        and len(rest) == KEY_RANDOM_LEN
        and all(c in BASE62 for c in rest)
    )


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Malformed Authorization header; expected 'Bearer <token>'")
    return token.strip()


def _principal_from_key(state: AppState, key: str) -> Principal:
    if not looks_like_key(key):  # refused without touching the database
        raise Unauthorized("Invalid or expired API key")
    digest = hash_key(key)
    with transaction(state.db) as session:
        row = session.execute(
            select(ApiKey, User)
            .join(User, User.id == ApiKey.user_id)
            .where(ApiKey.key_hash == digest)
        ).first()
        if row is None:
            raise Unauthorized("Invalid or expired API key")
        api_key, user = row
        if api_key.revoked_at is not None:
            raise Unauthorized("Invalid or expired API key")
        if user.disabled:
            raise Forbidden("Account disabled")
        now = utcnow()
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
            api_key.last_used_at = now
        return Principal(user.id, user.email, get_plan(user.plan), api_key.id)


def _principal_from_jwt(state: AppState, token: str) -> Principal:
    user_id = decode_jwt(state.settings.effective_secret_key, token)
    with state.db() as session:
        user = session.get(User, user_id)
    if user is None:
        raise Unauthorized("Invalid token")
    if user.disabled:
        raise Forbidden("Account disabled")
    return Principal(user.id, user.email, get_plan(user.plan), None)


def _rate_limit(request: Request, state: AppState, principal: Principal) -> None:
    if principal.key_id is not None:
        limit_state = state.limiter.hit("key", principal.key_id, principal.plan.requests_per_minute)
    else:
        limit_state = state.limiter.hit("dash", principal.user_id, DASHBOARD_REQUESTS_PER_MINUTE)
    request.state.rate_limit_headers = limit_state.headers()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def address_limit(request: Request, state: AppState) -> dict[str, str]:
    """Count a call that no key or login identifies against its client address; raises
    RateLimited when the address's window is full."""
    per_minute = state.settings.anonymous_requests_per_minute
    return state.limiter.hit("address", client_address(request), per_minute).headers()


def has_credentials(request: Request) -> bool:
    return "authorization" in request.headers or "x-api-key" in request.headers


def api_key_principal(
    request: Request, state: StateDep, _bearer_doc: BearerDoc = None, _key_doc: ApiKeyDoc = None
) -> Principal:
    """API routes: an API key in `Authorization: Bearer` or `X-API-Key`; a JWT is refused."""
    token = request.headers.get("x-api-key") or _bearer(request)
    if not token:
        raise Unauthorized("Missing API key: send 'Authorization: Bearer ve_live_…'")
    principal = _principal_from_key(state, token.strip())
    _rate_limit(request, state, principal)
    return principal


def user_principal(
    request: Request, state: StateDep, _bearer_doc: BearerDoc = None, _key_doc: ApiKeyDoc = None
) -> Principal:
    """Dashboard routes: a login JWT, or an API key of the same account."""
    api_key = request.headers.get("x-api-key")
    token = api_key or _bearer(request)
    if not token:
        raise Unauthorized("Missing credentials")
    if api_key or token.startswith(KEY_PREFIX):
        principal = _principal_from_key(state, token)
    else:
        principal = _principal_from_jwt(state, token)
    _rate_limit(request, state, principal)
    return principal


def jwt_principal(request: Request, state: StateDep, _bearer_doc: BearerDoc = None) -> Principal:
    token = _bearer(request)
    if not token or token.startswith(KEY_PREFIX):
        raise Unauthorized("Log in: this route takes the JWT from /v1/auth/login")
    principal = _principal_from_jwt(state, token)
    _rate_limit(request, state, principal)
    return principal


ApiKeyAuth = Annotated[Principal, Depends(api_key_principal)]
UserAuth = Annotated[Principal, Depends(user_principal)]
JwtAuth = Annotated[Principal, Depends(jwt_principal)]
