"""The step contract: a name, the steps it needs, and one method."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from clipapi.config import Settings
from clipapi.errors import ErrorCode
from clipapi.infra.netguard import HostPolicy
from clipapi.models import Analysis
from clipapi.storage.base import BlobStore
from clipapi.trends.service import Catalog, default_catalog

Contract = TypeVar("Contract", bound=BaseModel)


@dataclass
class StepOutput:
    """What a step measured. `fields` are dotted AnalysisResult paths (pipeline/merge.py);
    `signals` are measurements later steps read, held to the step's model in
    pipeline/contracts.py. Everything is JSON, so it checkpoints."""

    fields: dict[str, Any] = field(default_factory=dict)
    signals: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    model_versions: dict[str, str] = field(default_factory=dict)
    _typed: dict[type[BaseModel], BaseModel] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def signals_as(self, model: type[Contract]) -> Contract:
        """`signals` validated as `model` (pydantic.ValidationError when they do not fit);
        validated once per output, as the signals are not changed after the step ends."""
        typed = self._typed.get(model)
        if typed is None:
            typed = self._typed[model] = model.model_validate(self.signals)
        assert isinstance(typed, model)
        return typed

    def to_json(self) -> dict[str, Any]:
        return {
            "fields": self.fields,
            "signals": self.signals,
            "warnings": self.warnings,
            "model_versions": self.model_versions,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepOutput:
        return cls(
            fields=dict(data.get("fields") or {}),
            signals=dict(data.get("signals") or {}),
            warnings=list(data.get("warnings") or []),
            model_versions=dict(data.get("model_versions") or {}),
        )


@dataclass(frozen=True)
class JobRequest:
    """What the client asked for, as stored on the analysis row."""

    analysis_id: str
    preset: str
    source_kind: str  # url | storage | upload
    video_url: str | None
    storage_path: str | None
    upload_key: str | None
    upload_filename: str | None
    max_duration_s: float | None

    @classmethod
    def of(cls, row: Analysis) -> JobRequest:
        return cls(
            analysis_id=row.id,
            preset=row.preset,
            source_kind=row.source_kind,
            video_url=row.video_url,
            storage_path=row.storage_path,
            upload_key=row.upload_key,
            upload_filename=row.upload_filename,
            max_duration_s=row.max_duration_s,
        )


class StepTimeout(Exception):
    """The analysis ran past its deadline."""

    code = ErrorCode.TIMEOUT


class StepLost(Exception):
    """A routed step's worker went away as many times as the attempt cap allows."""

    code = ErrorCode.WORKER_LOST


@dataclass
class StepContext:
    request: JobRequest
    settings: Settings
    storage: BlobStore
    policy: HostPolicy
    workdir: Path
    deadline: float  # time.monotonic() value
    outputs: dict[str, StepOutput]
    # The trend catalog the growth step matches against, read through the database of the
    # process that runs the step; a context built without one matches the shipped file, as an
    # empty `trends` table does.
    trend_catalog: Callable[[], Catalog] = default_catalog

    @property
    def analysis_id(self) -> str:
        return self.request.analysis_id

    def blob_key(self, *parts: str) -> str:
        return "/".join(("analyses", self.analysis_id, *parts))

    def signals(self, step: str) -> dict[str, Any]:
        output = self.outputs.get(step)
        return output.signals if output else {}

    def remaining_s(self) -> float:
        return self.deadline - time.monotonic()

    def check_deadline(self) -> None:
        """Long loops call this so a runaway decode ends with the analysis."""
        if self.remaining_s() <= 0:
            raise StepTimeout("analysis deadline passed")

    def media_path(self) -> Path:
        """The ingested media as a local file (fetched from the blob store once)."""
        key = str(self.signals("ingest")["media_key"])
        local = self.storage.local_path(key)
        if local is not None:
            return local
        dest = self.workdir / ("media" + Path(key).suffix)
        if not dest.exists():
            self.storage.get_to_file(key, dest)
        return dest


class Step(Protocol):
    name: str
    needs: tuple[str, ...]
    critical: bool  # a critical step's failure fails the analysis; others leave nulls + warning

    def run(self, ctx: StepContext) -> StepOutput: ...


def uses_of(step: Step) -> tuple[str, ...]:
    """Optional inputs: a step may declare `uses`, steps it waits for when the preset runs
    them (and does without when it does not, or when they fail)."""
    return tuple(getattr(step, "uses", ()))
