"""The trend catalog file format (`clipapi trends import FILE`; documented in docs/methods.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CycleStage = Literal["emerging", "growth", "peak", "decline"]


class TrendIn(BaseModel):
    """One trend: what identifies it in a video, and where it is in its life cycle."""

    # A misspelt key in a hand-edited catalog is an error, not a silently empty field.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=200)
    category: str | None = Field(default=None, max_length=100)
    cycle_stage: CycleStage
    keywords: list[str] = Field(default_factory=list, description="Whole-word phrases.")
    hashtags: list[str] = Field(default_factory=list, description="With or without `#`.")
    audio_titles: list[str] = Field(
        default_factory=list,
        description="Titles of the trend's sound, as the music catalog names them.",
    )

    @model_validator(mode="after")
    def _identifiable(self) -> TrendIn:
        self.keywords = [k for k in self.keywords if k.strip()]
        self.hashtags = [h.strip().lstrip("#") for h in self.hashtags if h.strip().lstrip("#")]
        self.audio_titles = [a for a in self.audio_titles if a.strip()]
        if not (self.keywords or self.hashtags or self.audio_titles):
            raise ValueError(f"trend {self.name!r} needs keywords, hashtags or audio_titles")
        return self


class TrendFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    version: str | None = None
    description: str | None = None
    trends: list[TrendIn]

    @model_validator(mode="after")
    def _unique_names(self) -> TrendFile:
        seen: set[str] = set()
        for trend in self.trends:
            key = trend.name.casefold()
            if key in seen:
                raise ValueError(f"trend {trend.name!r} is listed twice")
            seen.add(key)
        return self
