"""creator: layer 2 (hook, retention, story, call to action, clip suggestions) from the
measured signals; see clipapi.intelligence and docs/methods.md. The layer itself is this step's
signal (CreatorSignals): the growth and scores steps read it rather than computing it again."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel

from clipapi.intelligence.layers import CREATOR_METHODS, CreatorLayer, creator_layer
from clipapi.intelligence.signals import Signals
from clipapi.pipeline.contracts import CreatorSignals
from clipapi.pipeline.layer_inputs import from_outputs
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.schemas.result import (
    ClipSuggestion,
    Cta,
    HookAnalysis,
    RetentionAnalysis,
    StoryStructure,
)

PREFIX = "creator_intelligence"
INPUT_WARNINGS = {
    "transcription": "creator: no transcript; the spoken hook line, story and CTA come from "
    "on-screen text only",
    "audio_analysis": "creator: no audio analysis; silences, energy drops and loudness onset "
    "not measured",
    "visual_analysis": "creator: no visual analysis; cuts, faces, motion and on-screen text "
    "not measured",
}
NULL_REASONS = {
    "hook_analysis": "nothing about the opening was measured",
    "retention_analysis": "no timed signal (speech, silences, cuts, levels) was measured",
    "story_structure": "no speech or on-screen text to find beats in",
    "cta": "neither speech nor on-screen text was measured",
}


class CreatorStep:
    name = "creator_intelligence"
    needs: tuple[str, ...] = ("probe",)
    uses: tuple[str, ...] = (
        "ingest",
        "transcription",
        "audio_analysis",
        "visual_analysis",
        "media_understanding",
    )
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        signals = from_outputs(ctx.outputs)
        return creator_output(signals, creator_layer(signals))


def creator_output(s: Signals, layer: CreatorLayer) -> StepOutput:
    fields: dict[str, Any] = {}
    sections: dict[str, tuple[type[BaseModel], object | None]] = {
        "hook_analysis": (HookAnalysis, layer.hook),
        "retention_analysis": (RetentionAnalysis, layer.retention),
        "story_structure": (StoryStructure, layer.story),
        "cta": (Cta, layer.cta),
    }
    warnings = [text for name, text in INPUT_WARNINGS.items() if name in s.missing]
    for name, (model, value) in sections.items():
        if value is None:
            warnings.append(f"{PREFIX}.{name} not measured: {NULL_REASONS[name]}")
        else:
            fields[f"{PREFIX}.{name}"] = section(model, value)
    if layer.story is not None and layer.story.logline is None:
        warnings.append(
            f"{PREFIX}.story_structure.logline not written: the speech was not heard well "
            "enough to quote, and neither its opening nor its subject is known otherwise"
        )
    if layer.clips is not None:
        fields[f"{PREFIX}.clip_suggestions"] = [section(ClipSuggestion, c) for c in layer.clips]
    elif s.duration_s and s.duration_s > 30 and not s.sentences:
        warnings.append(f"{PREFIX}.clip_suggestions not measured: no sentences to cut at")
    return StepOutput(
        fields=fields,
        signals=CreatorSignals(layer=layer).model_dump(mode="json"),
        warnings=warnings,
        model_versions=dict(CREATOR_METHODS),
    )


def section(model: type[BaseModel], value: Any) -> dict[str, Any]:
    """A method's dataclass as its result section: validated, extra detail dropped."""
    data = asdict(value) if not isinstance(value, dict) else value
    dumped: dict[str, Any] = model.model_validate(data).model_dump(mode="json")
    return dumped
