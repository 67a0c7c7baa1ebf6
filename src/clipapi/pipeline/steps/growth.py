"""growth: layer 3 (virality, platform fit, trend alignment, predicted retention curve), from
the measured signals and the creator step's layer.

The trend catalog is the operator's `trends` table, or the shipped default file while that
table is empty; it is read once per analysis through the step context, which the process
running the step gives a reader of its own database.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from clipapi.intelligence.layers import GROWTH_METHODS, GrowthLayer, growth_layer
from clipapi.pipeline.contracts import CreatorSignals
from clipapi.pipeline.layer_inputs import from_outputs
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.pipeline.steps.creator import section
from clipapi.schemas.result import PlatformFit, TrendAlignment, ViralityModel
from clipapi.trends.service import Catalog

PREFIX = "growth_intelligence"
NULL_REASONS = {
    "virality_model": "neither the hook nor the retention design was measured",
    "platform_fit": "neither the duration nor the frame size is known",
    "trend_alignment": "no text, hashtags or audio to match against the trend catalog",
    "predicted_retention_curve": "no duration, hook or retention analysis",
}


class GrowthStep:
    name = "growth_intelligence"
    needs: tuple[str, ...] = ("creator_intelligence",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        catalog = ctx.trend_catalog()
        creator = CreatorSignals.needed(ctx.outputs).layer
        layer = growth_layer(from_outputs(ctx.outputs), creator, catalog.entries)
        return growth_output(layer, catalog)


def growth_output(layer: GrowthLayer, catalog: Catalog) -> StepOutput:
    values: dict[str, Any] = {
        "virality_model": None
        if layer.virality is None
        else section(ViralityModel, layer.virality),
        "platform_fit": None
        if layer.platform_fit is None
        else section(PlatformFit, layer.platform_fit),
        # Each match also names what matched (`matched`); the schema keeps it once it has
        # the field, and ignores it until then.
        "trend_alignment": None if layer.trends is None else section(TrendAlignment, layer.trends),
        "predicted_retention_curve": None
        if layer.curve is None
        else [asdict(point) for point in layer.curve],
    }
    warnings = list(catalog.warnings)
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            warnings.append(f"{PREFIX}.{name} not measured: {NULL_REASONS[name]}")
        else:
            fields[f"{PREFIX}.{name}"] = value
    if layer.trends is not None and not layer.trends.matched_trends:
        warnings.append(
            f"{PREFIX}.trend_alignment: no entry of the trend catalog matched; trend_category "
            "and cycle_stage are null"
        )
    versions = {**GROWTH_METHODS, "trend_catalog": catalog.version}
    return StepOutput(fields=fields, warnings=warnings, model_versions=versions)
