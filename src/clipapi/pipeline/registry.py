"""Every pipeline step, and the presets as sets of step names.

A new step is a new module in `pipeline/steps/` plus one line in STEPS and in the presets
that run it.
"""

from __future__ import annotations

from clipapi.errors import BadRequest
from clipapi.pipeline.step import Step
from clipapi.pipeline.steps.ingest import IngestStep
from clipapi.pipeline.steps.keyframes import KeyframesStep
from clipapi.pipeline.steps.probe import ProbeStep

STEPS: dict[str, Step] = {step.name: step for step in (IngestStep(), ProbeStep(), KeyframesStep())}

PRESETS: dict[str, frozenset[str]] = {
    "full": frozenset(STEPS),
    "audio_only": frozenset({"ingest", "probe"}),
    "meta_only": frozenset({"ingest", "probe", "keyframes"}),
}


def steps_for_preset(preset: str) -> list[Step]:
    """The preset's steps in dependency order; a step whose needs are outside the preset
    is left out."""
    if preset not in PRESETS:
        raise BadRequest(f"Unknown pipeline_preset {preset!r}; use one of {', '.join(PRESETS)}")
    wanted = PRESETS[preset]
    ordered: list[Step] = []
    placed: set[str] = set()
    remaining = [STEPS[name] for name in STEPS if name in wanted]
    while remaining:
        ready = [s for s in remaining if all(n in placed for n in s.needs)]
        if not ready:  # needs outside the preset (or a cycle): those steps cannot run
            break
        for step in ready:
            ordered.append(step)
            placed.add(step.name)
            remaining.remove(step)
    return ordered
