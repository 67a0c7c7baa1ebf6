"""Short-lived HMAC tokens for URLs a browser opens without headers (SSE, keyframes)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time


def _mac(secret: str, purpose: str, subject: str, expires: int) -> str:
    msg = f"{purpose}\x00{subject}\x00{expires}".encode()
    digest = hmac.new(secret.encode(), msg, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def sign(secret: str, purpose: str, subject: str, ttl_s: int, now: float | None = None) -> str:
    expires = int((now if now is not None else time.time()) + ttl_s)
    return f"{expires}.{_mac(secret, purpose, subject, expires)}"


def verify(secret: str, purpose: str, subject: str, token: str, now: float | None = None) -> bool:
    expires_text, _, mac = token.partition(".")
    if not expires_text.isdigit() or not mac:
        return False
    expires = int(expires_text)
    if expires < (now if now is not None else time.time()):
        return False
    return hmac.compare_digest(mac, _mac(secret, purpose, subject, expires))
