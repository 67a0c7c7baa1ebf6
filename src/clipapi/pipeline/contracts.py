"""What each step hands the steps after it, as Pydantic models.

A step's `signals` (measurements later steps read) are JSON so they checkpoint; the model
named here for the step says what that JSON holds. The runner checks every output when its
step ends and every checkpoint when it loads: a checkpoint written by an older version that no
longer validates is run again rather than read. Its `fields` (AnalysisResult paths, merged by
pipeline/merge.py) are checked against the result's own section models.

Fields are optional where a step may leave them out (a preset, a missing stream); a signal no
model names yet is kept as it is (`extra="allow"`), so adding one needs no migration.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter, ValidationError

from clipapi.intelligence.layers import CreatorLayer
from clipapi.pipeline.merge import merged_fields
from clipapi.pipeline.step import StepOutput
from clipapi.schemas.result import AnalysisResult


def _finite_or_none(value: Any) -> Any:
    # A number a measurement could not take (NaN, ±inf) reads as not measured.
    return None if isinstance(value, float) and not math.isfinite(value) else value


Measure = Annotated[float | None, BeforeValidator(_finite_or_none)]
Span = tuple[float, float]


class StepSignals(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    step: ClassVar[str]

    @classmethod
    def of(cls, outputs: Mapping[str, StepOutput]) -> Self | None:
        """The step's signals as this model; None when the step did not run (or failed)."""
        output = outputs.get(cls.step)
        return None if output is None else output.signals_as(cls)

    @classmethod
    def needed(cls, outputs: Mapping[str, StepOutput]) -> Self:
        """For a step that `needs` this one: the runner starts it only once this output is
        there."""
        return outputs[cls.step].signals_as(cls)


class IngestSignals(StepSignals):
    step = "ingest"

    media_key: str


class ProbeSignals(StepSignals):
    """The `media` section as probed (every key of it is kept)."""

    step = "probe"

    duration_s: Measure = None
    width: int | None = None
    height: int | None = None
    fps: Measure = None
    has_audio: bool | None = None


class CatalogTrackSignal(BaseModel):
    id: str | None = None
    title: str
    artist: str | None = None
    trending: bool = False
    score: Measure = None
    offset_s: Measure = None


class AudioSignals(StepSignals):
    step = "audio_analysis"

    rms_db: list[Measure] | None = None
    rms_window_s: Measure = None
    silences: list[Span] | None = None
    longest_silence_s: Measure = None
    speech_segments: list[Span] | None = None  # None: voice activity not measured
    music_segments: list[Span] | None = None
    singing_segments: list[Span] | None = None
    beat_segments: list[Span] | None = None
    clipping_ratio: Measure = None
    tempo_bpm: Measure = None
    catalog_track: CatalogTrackSignal | None = None


class TimedSentence(BaseModel):
    start: float
    end: float | None = None
    text: str
    speaker: str | None = None


class TranscriptSignals(StepSignals):
    step = "transcription"

    words: list[tuple[float, float, str, Measure]] | None = None  # start, end, text, p
    sentences: list[TimedSentence] | None = None
    language: str | None = None
    speaker_count: int | None = None


class VisualSignals(StepSignals):
    step = "visual_analysis"

    duration_s: Measure = None
    cut_times: list[Measure] | None = None
    motion_per_s: list[Measure] | None = None  # None: a second not measured
    first_frame_face: bool | None = None
    first_frame_text: bool | None = None
    first_last_similarity: Measure = None


class OpeningSignal(BaseModel):
    """The words a channel opens with, and their zero-shot hook-type scores."""

    text: str
    start: Measure = None
    end: Measure = None
    scores: dict[str, float] | None = None
    heard: Measure = None  # spoken words: their mean word probability


class OpeningWordsSignal(BaseModel):
    speech: OpeningSignal | None = None
    text: OpeningSignal | None = None


class LabelEvidence(BaseModel):
    model_config = ConfigDict(extra="allow")

    label: str | None = None
    score: Measure = None
    margin: Measure = None
    runner_up: str | None = None


class MeaningSignal(BaseModel):
    """Zero-shot evidence for the creator layer (signals/text_meaning.py)."""

    hook: OpeningWordsSignal = OpeningWordsSignal()
    cta: dict[str, dict[str, float]] | None = None  # CTA-kind scores by `line_key` of a line
    category: LabelEvidence | None = None
    format: LabelEvidence | None = None


class UnderstandingSignals(StepSignals):
    step = "media_understanding"

    keyphrases: list[str] = []
    title_source: str | None = None
    meaning: MeaningSignal | None = None
    language: str | None = None
    format: str | None = None
    logline: str | None = None  # written and checked by the optional generative writer


class CreatorSignals(StepSignals):
    """The creator layer whole, so the growth and scores steps read it instead of
    recomputing it."""

    step = "creator_intelligence"

    layer: CreatorLayer


CONTRACTS: dict[str, type[StepSignals]] = {
    model.step: model
    for model in (
        IngestSignals,
        ProbeSignals,
        AudioSignals,
        TranscriptSignals,
        VisualSignals,
        UnderstandingSignals,
        CreatorSignals,
    )
}

_SECTIONS: dict[str, TypeAdapter[Any]] = {
    name: TypeAdapter(info.annotation)
    for name, info in AnalysisResult.model_fields.items()
    if name not in ("analysis_id", "status", "processing", "error") and info.annotation
}


class ContractBroken(ValueError):
    """A step output (fresh or from a checkpoint) that does not hold what its step promises."""


def check_output(step: str, output: StepOutput) -> None:
    """Validate a step's signals against its model and its fields against the result's
    sections; ContractBroken names the first thing that does not fit."""
    try:
        model = CONTRACTS.get(step)
        if model is not None:
            output.signals_as(model)
        for name, value in merged_fields([output]).items():
            section = _SECTIONS.get(name)
            if section is None:
                raise ContractBroken(f"{step} sets {name!r}, which is no result section")
            section.validate_python(value)
    except ValidationError as exc:
        raise ContractBroken(f"{step}: {exc}") from exc
