"""Request, response and stream-event bodies of the analyses resource (SPEC §2)."""

from datetime import datetime
from typing import Annotated, Literal, Self
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clipapi.schemas.result import AnalysisResult, ErrorInfo, Preset

AnalysisState = Literal["queued", "processing", "completed", "failed"]
# The public step names (SPEC §2), as in the reference's SSE examples and `current_step`. The
# registry is injectable (tests run other steps), so fields stay strings that document these.
PUBLIC_STEPS = (
    "ingest",
    "probe",
    "audio_analysis",
    "transcription",
    "visual_analysis",
    "keyframes",
    "media_understanding",
    "creator_intelligence",
    "growth_intelligence",
    "scores",
)
StepName = Annotated[
    str, Field(description="A pipeline step: " + ", ".join(PUBLIC_STEPS), examples=["ingest"])
]


class _ApiModel(BaseModel):
    # Unknown request fields are ignored, never applied (SPEC §2).
    model_config = ConfigDict(extra="ignore")


def _http_url(value: str | None) -> str | None:
    if value is not None:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http:// or https:// URL")
    return value


class AnalysisOptions(_ApiModel):
    """What every submission may add to its video: the form fields of an upload."""

    pipeline_preset: Preset = "full"
    external_id: str | None = Field(
        default=None, max_length=255, description="Your own reference, returned as given."
    )
    webhook_url: str | None = Field(
        default=None,
        max_length=2048,
        description="URL that receives the full result JSON when the analysis ends.",
    )

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        return _http_url(value)


class UploadRequest(AnalysisOptions):
    """The multipart body of POST /v1/analyses/upload."""

    file: bytes = Field(
        json_schema_extra={"format": "binary"},
        description="The video: MP4, MOV, WebM or MKV, at most 500 MB.",
    )


class AnalysisCreate(AnalysisOptions):
    """Submit a video by URL or by storage path for analysis."""

    video_url: str | None = Field(
        default=None,
        min_length=1,
        max_length=2048,
        description="Public video URL: TikTok, Instagram, YouTube, or a direct video file.",
    )
    storage_path: str | None = Field(
        default=None,
        min_length=1,
        max_length=2048,
        description="Alternative to video_url: `s3://bucket/key`.",
    )

    @field_validator("video_url")
    @classmethod
    def _video_url(cls, value: str | None) -> str | None:
        return _http_url(value)

    @field_validator("storage_path")
    @classmethod
    def _s3_path(cls, value: str | None) -> str | None:
        if value is not None:
            bucket, _, key = value.removeprefix("s3://").partition("/")
            if not value.startswith("s3://") or not bucket or not key:
                raise ValueError("must have the form s3://bucket/key")
        return value

    @model_validator(mode="after")
    def _exactly_one_source(self) -> Self:
        if (self.video_url is None) == (self.storage_path is None):
            raise ValueError("Provide exactly one of video_url or storage_path")
        return self


class AnalysisCreated(_ApiModel):
    """An accepted submission, with where to follow its progress."""

    analysis_id: str
    status: AnalysisState
    stream_url: str = Field(
        description="Server-Sent Events path, relative to the API's base URL "
        "(`/api/v1/analyses/{id}/stream?token=…`); the token serves where streams need a "
        "credential."
    )
    external_id: str | None = None


class AnalysisStatus(_ApiModel):
    """A queued or running analysis."""

    analysis_id: str
    status: Literal["queued", "processing"]
    current_step: StepName | None = Field(
        default=None, description="The running step that started first (steps run side by side)."
    )
    steps_running: list[StepName] = Field(
        default_factory=list, description="Every step running now, in the order they started."
    )
    progress: float | None = Field(default=None, ge=0.0, le=1.0, description="0-1.")
    external_id: str | None = None
    created_at: datetime | None = None


class AnalysisFailed(_ApiModel):
    """An analysis that ended in failure."""

    analysis_id: str
    status: Literal["failed"] = "failed"
    external_id: str | None = None
    error: ErrorInfo


# GET /v1/analyses/{id}: which body depends on `status`.
AnalysisResponse = AnalysisStatus | AnalysisResult | AnalysisFailed


class ErrorResponse(_ApiModel):
    """Every error: a human-readable reason (a timed-out wait adds `analysis_id`)."""

    detail: str
    analysis_id: str | None = None


class AnalysisListItem(_ApiModel):
    """One analysis in a listing."""

    analysis_id: str
    status: AnalysisState
    external_id: str | None = None
    preset: Preset | None = None
    source_url: str | None = None
    created_at: datetime | None = None
    completed_at: datetime | None = None


class AnalysisList(_ApiModel):
    """A page of analyses, newest first."""

    data: list[AnalysisListItem]
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page."
    )


# --- Server-Sent Events: the `data:` payload of each event; `event` repeats the SSE type.
# A stream may be read without credentials (SPEC §2), so events carry progress only: names,
# ids, durations and error codes, never result data, URLs or messages.


class StepStartEvent(_ApiModel):
    """A pipeline step started."""

    event: Literal["step_start"] = "step_start"
    step: StepName
    job_id: str | None = None


class StepDoneEvent(_ApiModel):
    """A pipeline step finished."""

    event: Literal["step_done"] = "step_done"
    step: StepName
    duration_ms: int = Field(ge=0)
    job_id: str | None = None


class StepFailedEvent(_ApiModel):
    """A pipeline step failed; a non-critical step's failure leaves its fields null."""

    event: Literal["step_failed"] = "step_failed"
    step: StepName
    code: str = Field(description="Stable machine code, e.g. `step_error`, `timeout`.")
    duration_ms: int | None = Field(default=None, ge=0)
    job_id: str | None = None


class PipelineDoneEvent(_ApiModel):
    """The analysis completed; its result can be fetched."""

    event: Literal["pipeline_done"] = "pipeline_done"
    analysis_id: str
    duration_ms: int | None = Field(default=None, ge=0)


class PipelineFailedEvent(_ApiModel):
    """The analysis failed; GET the analysis for the error message."""

    event: Literal["pipeline_failed"] = "pipeline_failed"
    analysis_id: str
    code: str = Field(description="The analysis's `error.code`.")


PipelineEvent = Annotated[
    StepStartEvent | StepDoneEvent | StepFailedEvent | PipelineDoneEvent | PipelineFailedEvent,
    Field(discriminator="event"),
]
