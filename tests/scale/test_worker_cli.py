"""`clipapi worker` refuses to start without a broker, saying which setting is missing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clipapi.cli import main


def test_worker_needs_a_broker_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REMAP_SIGTERM", "SIGQUIT")  # the command sets it; keep it test-local
    for name in ("CLIPAPI_BROKER_URL", "CLIPAPI_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, ["worker"])
    assert result.exit_code != 0
    assert "CLIPAPI_BROKER_URL" in result.output
