from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from clipapi.accounts import repository, service
from clipapi.accounts.deps import StateDep, UserAuth, client_address
from clipapi.accounts.schemas import (
    LoginRequest,
    MeResponse,
    SignupRequest,
    SignupResponse,
    TokenResponse,
)
from clipapi.accounts.security import issue_jwt
from clipapi.errors import NotFound
from clipapi.openapi import documented

router = APIRouter(prefix="/auth", tags=["accounts"])


@router.post("/signup", status_code=201, response_model=SignupResponse, responses=documented(409))
async def signup(body: SignupRequest, request: Request, state: StateDep) -> SignupResponse:
    """Create a dashboard account on the free plan; returns a login token."""
    limit = state.limiter.hit(
        "signup", client_address(request), state.settings.login_attempts_per_minute
    )
    request.state.rate_limit_headers = limit.headers()
    user = await run_in_threadpool(service.signup, state.db, body.email, body.password, body.name)
    token = issue_jwt(state.settings.effective_secret_key, user.id, state.settings.jwt_ttl_s)
    return SignupResponse(
        id=user.id, email=user.email, name=user.name, plan=user.plan, access_token=token
    )


@router.post("/login", response_model=TokenResponse, responses=documented(401))
async def login(body: LoginRequest, request: Request, state: StateDep) -> TokenResponse:
    """Exchange email and password for a JWT (HS256)."""
    # Two windows: one per client address, one per account, so neither a single client nor
    # a distributed guesser gets more than a handful of tries a minute.
    per_minute = state.settings.login_attempts_per_minute
    limit = state.limiter.hit("login-ip", client_address(request), per_minute)
    request.state.rate_limit_headers = limit.headers()
    state.limiter.hit("login-email", body.email.lower(), per_minute)
    token = await run_in_threadpool(
        service.login,
        state.db,
        state.settings.effective_secret_key,
        body.email,
        body.password,
        state.settings.jwt_ttl_s,
    )
    return TokenResponse(access_token=token, expires_in=state.settings.jwt_ttl_s)


@router.get("/me", response_model=MeResponse)
def me(state: StateDep, principal: UserAuth) -> MeResponse:
    """The account behind the token or key, with its webhook signing secret."""
    with state.db() as session:
        user = repository.get(session, principal.user_id)
    if user is None:
        raise NotFound("Account not found")
    return MeResponse(
        id=user.id,
        email=user.email,
        name=user.name,
        plan=user.plan,
        created_at=user.created_at,
        webhook_secret=user.webhook_secret,
    )
