"""Fake steps, and a harness that runs the real PipelineRunner on a real database.

Not a conftest: a second conftest.py would shadow the `from conftest import …` of the
top-level one.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.events.service import public
from clipapi.infra.netguard import HostPolicy
from clipapi.kit import ids
from clipapi.kit.clock import period_of, utcnow
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.models import (
    Analysis,
    AnalysisEvent,
    StepCheckpoint,
    UsageCounter,
    User,
    WebhookDelivery,
)
from clipapi.pipeline.registry import Registry
from clipapi.pipeline.runner import PipelineRunner
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.schemas.api import PipelineEvent
from clipapi.storage.local import LocalBlobStore
from conftest import make_settings

Action = Callable[[StepContext], None]
EVENTS = TypeAdapter(PipelineEvent)
GATE_LIMIT_S = 10.0


class FakeStep:
    """Counts its calls and times them, runs `action` (which may block or raise), and
    returns fixed output."""

    def __init__(
        self,
        name: str,
        needs: tuple[str, ...] = (),
        *,
        critical: bool = False,
        action: Action | None = None,
        fields: dict[str, Any] | None = None,
        signals: dict[str, Any] | None = None,
        warnings: tuple[str, ...] = (),
        model_versions: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.needs = needs
        self.critical = critical
        self.action = action
        self.output = StepOutput(
            fields=fields or {},
            signals=signals or {},
            warnings=list(warnings),
            model_versions=model_versions or {},
        )
        self.calls = 0
        self.started: list[float] = []
        self.ended: list[float] = []
        self.seen: dict[str, dict[str, Any]] = {}  # the signals of its needs, as it read them
        self._lock = threading.Lock()

    def run(self, ctx: StepContext) -> StepOutput:
        with self._lock:
            self.calls += 1
            self.started.append(time.monotonic())
        self.seen = {need: dict(ctx.signals(need)) for need in self.needs}
        try:
            if self.action is not None:
                self.action(ctx)
        finally:
            self.ended.append(time.monotonic())
        return StepOutput.from_json(self.output.to_json())


def raising(exc: BaseException) -> Action:
    def action(ctx: StepContext) -> None:
        raise exc

    return action


def sleeping(seconds: float) -> Action:
    def action(ctx: StepContext) -> None:
        time.sleep(seconds)

    return action


@dataclass
class Gate:
    """Holds a step until the test opens it; `entered` is set once the step is waiting."""

    entered: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    def action(self, ctx: StepContext) -> None:
        self.entered.set()
        self.opened.wait(GATE_LIMIT_S)

    def open(self) -> None:
        self.opened.set()


@dataclass
class Harness:
    settings: Settings
    engine: Engine
    db: sessionmaker[Session]
    storage: LocalBlobStore
    gates: list[Gate] = field(default_factory=list)
    users: dict[str, str] = field(default_factory=dict)  # analysis id -> user id

    @classmethod
    @contextmanager
    def open(cls, tmp_path: Path, database_url: str) -> Iterator[Harness]:
        settings = make_settings(tmp_path, database_url=database_url)
        engine = make_engine(settings.effective_database_url)
        harness = cls(
            settings=settings,
            engine=engine,
            db=make_sessionmaker(engine),
            storage=LocalBlobStore(tmp_path / "blobs"),
        )
        try:
            yield harness
        finally:
            for gate in harness.gates:  # no step thread outlives its test
                gate.open()
            engine.dispose()

    def runner(
        self, *steps: FakeStep, db: sessionmaker[Session] | None = None, **settings: Any
    ) -> PipelineRunner:
        """A runner whose `full` preset is exactly these steps."""
        registry = Registry({s.name: s for s in steps}, {"full": frozenset(s.name for s in steps)})
        return PipelineRunner(
            db or self.db,
            self.storage,
            self.settings.model_copy(update=settings),
            HostPolicy(),
            registry=registry,
        )

    def gate(self) -> Gate:
        gate = Gate()
        self.gates.append(gate)
        return gate

    # -- rows ------------------------------------------------------------------------------

    def new_analysis(
        self,
        *,
        status: str = "queued",
        attempts: int = 0,
        used: int = 1,
        webhook_url: str | None = None,
    ) -> str:
        """A charged analysis of a new user whose month shows `used` analyses."""
        now = utcnow()
        user_id: str = ids.user_id()
        analysis_id: str = ids.analysis_id()
        with transaction(self.db) as session:
            session.add(
                User(
                    id=user_id,
                    email=f"{user_id}@example.com",
                    password_hash="-",
                    webhook_secret="whsec_test",
                )
            )
            session.flush()
            session.add(UsageCounter(user_id=user_id, period=period_of(now), used=used))
            session.add(
                Analysis(
                    id=analysis_id,
                    user_id=user_id,
                    status=status,
                    preset="full",
                    source_kind="upload",
                    upload_key=f"analyses/{analysis_id}/upload/source.mp4",
                    upload_filename="clip.mp4",
                    webhook_url=webhook_url,
                    attempts=attempts,
                    charged=True,
                    charge_period=period_of(now),
                    created_at=now,
                    started_at=now if status != "queued" else None,
                    heartbeat_at=now if status == "processing" else None,
                )
            )
        self.users[analysis_id] = user_id
        return analysis_id

    def add_checkpoint(self, analysis_id: str, step: str, output: StepOutput) -> None:
        with transaction(self.db) as session:
            session.add(
                StepCheckpoint(
                    analysis_id=analysis_id,
                    step=step,
                    status="done",
                    duration_ms=5,
                    output=output.to_json(),
                )
            )

    def delete(self, analysis_id: str) -> None:
        with transaction(self.db) as session:
            session.delete(session.get_one(Analysis, analysis_id))

    def analysis(self, analysis_id: str) -> Analysis | None:
        with self.db() as session:
            return session.get(Analysis, analysis_id)

    def ended(self, analysis_id: str) -> Analysis:
        row = self.analysis(analysis_id)
        assert row is not None
        assert row.status in ("completed", "failed"), row.status
        return row

    def events(self, analysis_id: str) -> list[dict[str, Any]]:
        """Event payloads in the order they were recorded; each must serve as an SSE event."""
        with self.db() as session:
            rows = session.scalars(
                select(AnalysisEvent)
                .where(AnalysisEvent.analysis_id == analysis_id)
                .order_by(AnalysisEvent.id)
            )
            payloads = [row.data for row in rows]
        for payload in payloads:
            EVENTS.validate_python(public(payload))
        return payloads

    def checkpoints(self, analysis_id: str) -> dict[str, StepCheckpoint]:
        with self.db() as session:
            rows = session.scalars(
                select(StepCheckpoint).where(StepCheckpoint.analysis_id == analysis_id)
            )
            return {row.step: row for row in rows}

    def deliveries(self, analysis_id: str) -> list[str]:
        with self.db() as session:
            return list(
                session.scalars(
                    select(WebhookDelivery.event_type).where(
                        WebhookDelivery.analysis_id == analysis_id
                    )
                )
            )

    def used(self, analysis_id: str) -> int:
        with self.db() as session:
            value = session.scalar(
                select(UsageCounter.used).where(UsageCounter.user_id == self.users[analysis_id])
            )
        return int(value or 0)


def names(events: list[dict[str, Any]]) -> list[str]:
    return [f"{e['event']}:{e['step']}" if "step" in e else e["event"] for e in events]
