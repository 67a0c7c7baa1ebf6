"""Why a step or an analysis failed: one classification of what a step raised, wherever it
ran, into the code and message a failed analysis reports."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.errors import AppError, ErrorCode
from clipapi.pipeline.step import StepLost, StepTimeout

# A non-critical step failing with these codes still ends the analysis.
FATAL_CODES = frozenset({ErrorCode.TIMEOUT, ErrorCode.DURATION_EXCEEDED})


@dataclass(frozen=True)
class Failure:
    code: str
    message: str

    @property
    def expected(self) -> bool:
        """A condition of the input or of the deployment, not a defect of the step."""
        return self.code != ErrorCode.STEP_ERROR


class PipelineFailed(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


def classify(step: str, exc: BaseException | None) -> Failure:
    """The failure a step's exception stands for: an expected condition carries its own code
    (AppError, StepTimeout, StepLost); anything else is a defect, `step_error`."""
    if isinstance(exc, AppError):
        return Failure(str(exc.code), exc.message)
    if isinstance(exc, StepTimeout):
        return Failure(str(StepTimeout.code), f"Step {step} ran past the analysis deadline")
    if isinstance(exc, StepLost):
        return Failure(str(StepLost.code), str(exc))
    return Failure(str(ErrorCode.STEP_ERROR), f"Step {step} failed")
