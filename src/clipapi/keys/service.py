"""API keys: ve_live_ + 32 base62 characters, stored only as SHA-256."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from clipapi.accounts.deps import KEY_PREFIX, KEY_RANDOM_LEN, hash_key
from clipapi.errors import NotFound
from clipapi.kit import ids
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models import ApiKey

MAX_ACTIVE_KEYS = 50


def create(db: sessionmaker[Session], user_id: str, name: str | None) -> tuple[ApiKey, str]:
    plaintext = KEY_PREFIX + ids.random_base62(KEY_RANDOM_LEN)
    with transaction(db) as session:
        row = ApiKey(
            id=ids.key_id(),
            user_id=user_id,
            name=name,
            key_hash=hash_key(plaintext),
            prefix=KEY_PREFIX,
            last4=plaintext[-4:],
            created_at=utcnow(),
        )
        session.add(row)
    return row, plaintext


def active(db: sessionmaker[Session], user_id: str) -> list[ApiKey]:
    with db() as session:
        return list(
            session.scalars(
                select(ApiKey)
                .where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None))
                .order_by(ApiKey.created_at.desc())
            )
        )


def revoke(db: sessionmaker[Session], user_id: str, key_id: str) -> None:
    with transaction(db) as session:
        row = session.scalar(
            select(ApiKey).where(
                ApiKey.id == key_id, ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None)
            )
        )
        if row is None:
            raise NotFound("API key not found")
        row.revoked_at = utcnow()
