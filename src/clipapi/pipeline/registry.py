"""Every pipeline step, and the presets as sets of step names.

A new step is a new module in `pipeline/steps/` plus one line in STEPS and in the presets
that run it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clipapi.errors import BadRequest
from clipapi.pipeline.step import Step, uses_of
from clipapi.pipeline.steps.audio import AudioStep
from clipapi.pipeline.steps.creator import CreatorStep
from clipapi.pipeline.steps.growth import GrowthStep
from clipapi.pipeline.steps.ingest import IngestStep
from clipapi.pipeline.steps.keyframes import KeyframesStep
from clipapi.pipeline.steps.probe import ProbeStep
from clipapi.pipeline.steps.scores import ScoresStep
from clipapi.pipeline.steps.transcript import TranscriptStep
from clipapi.pipeline.steps.understanding import UnderstandingStep
from clipapi.pipeline.steps.visual import VisualStep

# Registry order is assembly order: a later step's fields refine an earlier one's.
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        IngestStep(),
        ProbeStep(),
        KeyframesStep(),
        AudioStep(),
        TranscriptStep(),
        VisualStep(),
        UnderstandingStep(),
        CreatorStep(),
        GrowthStep(),
        ScoresStep(),
    )
}

PRESETS: dict[str, frozenset[str]] = {
    # The visual step takes one keyframe per shot; the plain keyframes step is for meta_only.
    "full": frozenset(STEPS) - {"keyframes"},
    "audio_only": frozenset(
        {
            "ingest",
            "probe",
            "audio_analysis",
            "transcription",
            "media_understanding",
            "creator_intelligence",
            "growth_intelligence",
            "scores",
        }
    ),
    "meta_only": frozenset({"ingest", "probe", "keyframes"}),
}


@dataclass(frozen=True)
class Registry:
    """The steps a runner knows and the presets that select them; tests pass their own."""

    steps: Mapping[str, Step]
    presets: Mapping[str, frozenset[str]]


REGISTRY = Registry(STEPS, PRESETS)


def steps_for_preset(preset: str, registry: Registry = REGISTRY) -> list[Step]:
    """The preset's steps in dependency order; a step whose needs are outside the preset
    is left out."""
    if preset not in registry.presets:
        raise BadRequest(
            f"Unknown pipeline_preset {preset!r}; use one of {', '.join(registry.presets)}"
        )
    wanted = registry.presets[preset]
    ordered: list[Step] = []
    placed: set[str] = set()
    remaining = [step for name, step in registry.steps.items() if name in wanted]
    while remaining:
        ready = [
            s
            for s in remaining
            if all(n in placed for n in s.needs)
            and all(n in placed or n not in wanted for n in uses_of(s))
        ]
        if not ready:  # a cycle through optional inputs: order those by their needs alone
            ready = [s for s in remaining if all(n in placed for n in s.needs)]
        if not ready:  # needs outside the preset (or a cycle): those steps cannot run
            break
        for step in ready:
            ordered.append(step)
            placed.add(step.name)
            remaining.remove(step)
    return ordered
