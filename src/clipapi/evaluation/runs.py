"""Runs the real pipeline on corpus files, in this process: many analyses, models loaded once,
on a throw-away SQLite database and local blob store, exactly as a worker runs them."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

PRESET = "full"
ANALYSIS_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Outcome:
    """What the pipeline produced for one file."""

    status: str  # completed | failed
    result: dict[str, Any]
    signals: dict[str, dict[str, Any]]  # step name -> its signals (from the checkpoints)
    seconds: float
    error: str | None = None
    step_ms: dict[str, int] = field(default_factory=dict)  # step name -> its duration


class EvalPipeline:
    """Many analyses in one process (models load once), through `clipapi.local_run`."""

    def __init__(self, folder: Path, preset: str = PRESET) -> None:
        from clipapi.local_run import LocalPipeline

        self.preset = preset
        self.local = LocalPipeline(folder, timeout_s=ANALYSIS_TIMEOUT_S)
        self.db = self.local.state.db

    def analyse(self, path: Path) -> Outcome:
        from clipapi.models import Analysis, StepCheckpoint

        analysis_id = self.local.submit_file(path, self.preset)
        started = time.monotonic()
        self.local.runner.run(analysis_id)
        seconds = time.monotonic() - started
        with self.db() as session:
            row = session.get_one(Analysis, analysis_id)
            checkpoints = list(
                session.scalars(
                    select(StepCheckpoint).where(StepCheckpoint.analysis_id == analysis_id)
                )
            )
            step_ms = {c.step: c.duration_ms for c in checkpoints}
            signals = {
                c.step: dict((c.output or {}).get("signals") or {})
                for c in checkpoints
                if c.status == "done"
            }
            error = f"{row.error_code}: {row.error_message}" if row.error_code else None
            return Outcome(row.status, dict(row.result or {}), signals, seconds, error, step_ms)

    def close(self) -> None:
        self.local.close()


@contextmanager
def local_pipeline(preset: str = PRESET) -> Iterator[EvalPipeline]:
    with tempfile.TemporaryDirectory(prefix="clipapi-eval-") as tmp:
        pipeline = EvalPipeline(Path(tmp), preset)
        try:
            yield pipeline
        finally:
            pipeline.close()
