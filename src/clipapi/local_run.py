"""The server's own code in one process, without a server: SQLite and local blobs in a folder,
one unlimited account, the pipeline runner. `clipapi analyze`, `clipapi eval` and the
benchmarks all submit and run analyses through it, so they exercise the same services the API
does (sign-up, quota, upload storage) instead of writing rows by hand."""

from __future__ import annotations

import secrets
from pathlib import Path

from clipapi.accounts.deps import Principal
from clipapi.accounts.service import set_plan, signup
from clipapi.analyses import service as analyses
from clipapi.app import build_state
from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.migrate import upgrade
from clipapi.pipeline.runner import PipelineRunner
from clipapi.state import AppState
from clipapi.usage.plans import get_plan

LOCAL_EMAIL = "local@clipapi.invalid"


class LocalPipeline:
    def __init__(
        self,
        folder: Path,
        *,
        timeout_s: float,
        data_dir: Path | None = None,
        policy: HostPolicy | None = None,
    ) -> None:
        """`data_dir` holds the model cache (default: `folder`); `policy` replaces the
        outbound-address guard."""
        self.settings = Settings(
            data_dir=data_dir or folder,
            database_url=f"sqlite:///{folder / 'clipapi.db'}",
            storage_url=f"file://{folder / 'blobs'}",
            analysis_timeout_s=timeout_s,
            public_url=None,
            redis_url=None,  # rate limits of a shared deployment do not apply here
            step_queues="",  # every step runs here, whatever the deployment routes
        )
        upgrade(self.settings.effective_database_url)
        self.state: AppState = build_state(self.settings)
        if policy is not None:
            self.state.policy = policy
        user = signup(self.state.db, LOCAL_EMAIL, secrets.token_urlsafe(24), "local")
        set_plan(self.state.db, LOCAL_EMAIL, "enterprise")  # no quota or duration limit here
        self.principal = Principal(user.id, LOCAL_EMAIL, get_plan("enterprise"), None)
        self.runner = PipelineRunner(
            self.state.db, self.state.storage, self.settings, self.state.policy
        )

    def submit_file(self, path: Path, preset: str, external_id: str | None = None) -> str:
        """Store the file as an upload and create its analysis; returns the analysis id."""
        row = analyses.create_from_upload(
            self.state,
            self.principal,
            path=path,
            filename=path.name,
            preset=preset,
            external_id=external_id,
            webhook_url=None,
        )
        return row.id

    def close(self) -> None:
        self.state.engine.dispose()
