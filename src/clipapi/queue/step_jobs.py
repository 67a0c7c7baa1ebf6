"""What a routed step's task carries (`StepJob`, JSON), and a step's failure on the wire: the
remote worker encodes what its step raised, and the runner decodes it back into the
exception it would have caught locally, which the pipeline then classifies as usual."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clipapi.analyses.lifecycle import Run
from clipapi.errors import AppError, ErrorCode, MediaError
from clipapi.pipeline.registry import Registry
from clipapi.pipeline.step import Step, StepTimeout, uses_of


class RemoteStepError(Exception):
    """A routed step raised something unexpected on its worker (which logged the traceback);
    the runner records it as `step_error`, as it would a local exception."""

    code = ErrorCode.STEP_ERROR


@dataclass(frozen=True)
class StepJob:
    """The `clipapi.step` task's one argument, as JSON."""

    analysis_id: str
    step: str
    attempt: int
    dispatch: str
    queue: str
    outputs: dict[str, dict[str, Any]]
    remaining_s: float
    sent_at: float  # wall clock, to take the time spent queued off the remaining seconds

    @property
    def run(self) -> Run:
        """The runner's claim that sent the job: every write for it is guarded by it."""
        return Run(self.analysis_id, self.attempt)

    def to_payload(self) -> dict[str, Any]:
        return {
            "analysis_id": self.analysis_id,
            "step": self.step,
            "attempt": self.attempt,
            "dispatch": self.dispatch,
            "queue": self.queue,
            "outputs": self.outputs,
            "remaining_s": self.remaining_s,
            "sent_at": self.sent_at,
        }

    @classmethod
    def from_payload(cls, data: Mapping[str, Any]) -> StepJob:
        return cls(
            analysis_id=str(data["analysis_id"]),
            step=str(data["step"]),
            attempt=int(data["attempt"]),
            dispatch=str(data["dispatch"]),
            queue=str(data["queue"]),
            outputs={str(k): dict(v) for k, v in dict(data["outputs"]).items()},
            remaining_s=float(data["remaining_s"]),
            sent_at=float(data["sent_at"]),
        )


def encode_error(exc: BaseException) -> dict[str, str]:
    """What the runner needs to classify a remote failure as it would a local one."""
    if isinstance(exc, AppError):
        return {"kind": "app", "code": str(exc.code), "message": exc.message}
    if isinstance(exc, StepTimeout) or _is_soft_time_limit(exc):
        code = str(StepTimeout.code)
        return {"kind": "timeout", "code": code, "message": str(exc) or "deadline passed"}
    message = f"{type(exc).__name__}: {exc}"
    return {"kind": "error", "code": str(RemoteStepError.code), "message": message}


def decode_error(data: Mapping[str, Any]) -> Exception:
    kind = str(data.get("kind", "error"))
    message = str(data.get("message") or "step failed on its worker")
    if kind == "app":
        return MediaError(message, code=str(data.get("code") or ErrorCode.INVALID_INPUT))
    if kind == "timeout":
        return StepTimeout(message)
    return RemoteStepError(message)


def _is_soft_time_limit(exc: BaseException) -> bool:
    try:
        from celery.exceptions import SoftTimeLimitExceeded
    except ImportError:  # pragma: no cover - the scale extra brings celery
        return False
    return isinstance(exc, SoftTimeLimitExceeded)


def inputs_of(step: Step, registry: Registry) -> set[str]:
    """The steps whose outputs `step` may read: its needs and uses, and theirs (every step
    reads the ingest step's media key through ctx.media_path())."""
    found: set[str] = set()
    pending = [*step.needs, *uses_of(step)]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        parent = registry.steps.get(name)
        if parent is not None:
            pending.extend((*parent.needs, *uses_of(parent)))
    return found
