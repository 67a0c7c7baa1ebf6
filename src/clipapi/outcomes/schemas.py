from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAX_RETENTION_POINTS = 1000


class RetentionSample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    t: float = Field(ge=0.0, le=86_400.0, description="Seconds into the video.")
    retention: float = Field(ge=0.0, le=1.0, description="Share of viewers still watching.")


class OutcomeCreate(BaseModel):
    """What a posted video actually did. Unknown fields are ignored."""

    model_config = ConfigDict(extra="ignore")

    views: int = Field(ge=0, le=10**12, strict=True)
    likes: int | None = Field(default=None, ge=0, le=10**12, strict=True)
    shares: int | None = Field(default=None, ge=0, le=10**12, strict=True)
    comments: int | None = Field(default=None, ge=0, le=10**12, strict=True)
    average_watch_time_s: float | None = Field(default=None, ge=0.0, le=86_400.0)
    retention: list[RetentionSample] | None = Field(
        default=None, max_length=MAX_RETENTION_POINTS, description="Audience retention points."
    )

    @field_validator("retention")
    @classmethod
    def _ordered(cls, points: list[RetentionSample] | None) -> list[RetentionSample] | None:
        if points is None:
            return None
        points = sorted(points, key=lambda p: p.t)
        if len({p.t for p in points}) != len(points):
            raise ValueError("retention has two points at the same t")
        return points


class OutcomeRead(BaseModel):
    analysis_id: str
    views: int
    likes: int | None
    shares: int | None
    comments: int | None
    average_watch_time_s: float | None
    retention: list[RetentionSample] | None
    recorded_at: datetime


class Metric(BaseModel):
    """One calibration figure; `value` is null, with `reason`, until enough outcomes exist."""

    value: float | None
    n: int = Field(description="Outcomes that could be compared.")
    reason: str | None = None


class Calibration(BaseModel):
    """How this account's predictions compare with the outcomes it reported."""

    count: int = Field(description="Outcomes recorded for completed analyses.")
    min_outcomes: int
    virality_spearman: Metric = Field(
        description="Spearman rank correlation of virality_model.score with real views."
    )
    view_range_coverage: Metric = Field(
        description="Share of outcomes whose views fell inside predicted_view_range."
    )
    retention_curve_mae: Metric = Field(
        description="Mean absolute error of predicted_retention_curve at the reported points."
    )
