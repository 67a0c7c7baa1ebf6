"""Sign-up, login and plan changes."""

from __future__ import annotations

import base64
import secrets

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clipapi.accounts import repository
from clipapi.accounts.security import hash_password, issue_jwt, verify_password
from clipapi.errors import Conflict, NotFound, Unauthorized
from clipapi.kit import ids
from clipapi.kit.db import transaction
from clipapi.models import User
from clipapi.usage.plans import DEFAULT_PLAN, PLANS


def new_webhook_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def signup(db: sessionmaker[Session], email: str, password: str, name: str | None) -> User:
    password_hash = hash_password(password)  # outside the transaction: it is slow on purpose
    try:
        with transaction(db) as session:
            if repository.get_by_email(session, email) is not None:
                raise Conflict("Email already registered")
            user = User(
                id=ids.user_id(),
                email=email.lower(),
                name=name,
                password_hash=password_hash,
                plan=DEFAULT_PLAN,
                webhook_secret=new_webhook_secret(),
            )
            session.add(user)
    except IntegrityError as exc:  # two sign-ups for one email raced
        raise Conflict("Email already registered") from exc
    return user


def login(db: sessionmaker[Session], secret: str, email: str, password: str, ttl_s: int) -> str:
    with db() as session:
        user = repository.get_by_email(session, email)
    # One message for an unknown email and a wrong password.
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthorized("Invalid email or password")
    if user.disabled:
        raise Unauthorized("Invalid email or password")
    return issue_jwt(secret, user.id, ttl_s)


def set_plan(db: sessionmaker[Session], email: str, plan: str) -> User:
    if plan not in PLANS:
        raise ValueError(f"unknown plan {plan!r}; choose one of {', '.join(PLANS)}")
    with transaction(db) as session:
        user = repository.get_by_email(session, email)
        if user is None:
            raise NotFound(f"No account with email {email}")
        user.plan = plan
    return user
