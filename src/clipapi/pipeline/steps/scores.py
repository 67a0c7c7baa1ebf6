"""scores: the eight 0-100 scores and `score_details`, which explains each of them, from the
measured signals and the creator step's layer."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from clipapi.intelligence.layers import SCORE_METHODS, score_layer
from clipapi.intelligence.scores import ScoreDetail, ScoreSet
from clipapi.pipeline.contracts import CreatorSignals
from clipapi.pipeline.layer_inputs import from_outputs
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.schemas.result import SCORE_NAMES

NULL_REASONS = {
    "hook_strength": "the opening was not measured",
    "retention_design": "no timed signal was measured",
    "visual_clarity": "picture quality was not measured",
    "audio_clarity": "no audio track, or its levels were not measured",
    "cta_effectiveness": "neither speech nor on-screen text was measured",
    "educational_value": "no speech or on-screen text to measure information density",
    "overall_creator_clarity": "none of the execution scores was measured",
    "confidence_overall": "",
}


class ScoresStep:
    name = "scores"
    needs: tuple[str, ...] = ("creator_intelligence",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        creator = CreatorSignals.needed(ctx.outputs).layer
        return scores_output(score_layer(from_outputs(ctx.outputs), creator))


def scores_output(result: ScoreSet) -> StepOutput:
    scores: dict[str, int | None] = {}
    details: dict[str, Any] = {}
    warnings = []
    for name in SCORE_NAMES:
        detail: ScoreDetail | None = getattr(result, name)
        if detail is None:
            scores[name] = None
            warnings.append(f"scores.{name} not measured: {NULL_REASONS[name]}")
            continue
        scores[name] = detail.score
        details[name] = {"factors": [asdict(f) for f in detail.factors], "method": detail.method}
    return StepOutput(
        fields={"scores": scores, "score_details": details},
        warnings=warnings,
        model_versions=dict(SCORE_METHODS),
    )
