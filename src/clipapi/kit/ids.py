"""Unguessable identifiers with a readable prefix."""

from __future__ import annotations

import secrets
import string

BASE62 = string.ascii_letters + string.digits


def new_id(prefix: str, hex_chars: int = 12) -> str:
    return f"{prefix}_{secrets.token_hex(hex_chars // 2)}"


def analysis_id() -> str:
    return new_id("job", 12)


def user_id() -> str:
    return new_id("usr", 16)


def key_id() -> str:
    return new_id("key", 16)


def random_base62(length: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(length))
