"""The autouse check of conftest.py: an ERROR a test did not declare fails it."""

from __future__ import annotations

import logging

import pytest

from conftest import unexpected_errors

log = logging.getLogger("clipapi.tests.error_logs")


def _record(level: int, message: str) -> logging.LogRecord:
    return logging.LogRecord("clipapi.x", level, __file__, 1, message, None, None)


def test_only_undeclared_errors_count() -> None:
    records = [
        _record(logging.WARNING, "slow broker"),
        _record(logging.ERROR, "step b raised"),
        _record(logging.CRITICAL, "database unavailable: OperationalError"),
    ]
    assert unexpected_errors(records, []) == records[1:]
    assert unexpected_errors(records, [r"step \w+ raised"]) == records[2:]
    assert unexpected_errors(records, ["raised", "^database unavailable"]) == []


@pytest.mark.expect_errors("declared on purpose")
def test_a_declared_error_passes() -> None:
    log.error("an error declared on purpose")
