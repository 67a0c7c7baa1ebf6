"""Credentials never reach a log: keys and tokens in query strings are masked."""

from __future__ import annotations

import logging
import re

MASK = "[redacted]"
# `?api_key=` is a common mistake and `?token=` signs stream and keyframe links; a key pasted
# anywhere else in a URL is caught by its prefix.
_QUERY_SECRET = re.compile(r"(?i)([?&](?:api_key|apikey|key|token|access_token)=)[^&\s\"]*")
_KEY = re.compile(r"ve_live_[A-Za-z0-9]+")


def redact(text: str) -> str:
    return _KEY.sub(MASK, _QUERY_SECRET.sub(rf"\1{MASK}", text))


class RedactCredentials(logging.Filter):
    """Rewrites a record's message arguments (uvicorn's access log passes the path as one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install(logger_names: tuple[str, ...] = ("uvicorn.access", "uvicorn.error")) -> None:
    """Idempotent: one filter per logger however many apps a process creates."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCredentials) for f in logger.filters):
            logger.addFilter(RedactCredentials())
