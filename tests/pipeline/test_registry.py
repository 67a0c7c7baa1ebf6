"""Presets as step plans: dependency order, and steps whose needs cannot be met."""

from __future__ import annotations

from typing import get_args

import pytest
from pipeline_fakes import FakeStep

from clipapi.errors import BadRequest
from clipapi.pipeline.registry import PRESETS, STEPS, Registry, steps_for_preset
from clipapi.schemas.result import Preset


def _registry(*steps: FakeStep, preset: frozenset[str] | None = None) -> Registry:
    wanted = preset if preset is not None else frozenset(s.name for s in steps)
    return Registry({s.name: s for s in steps}, {"full": wanted})


def _names(preset: str, registry: Registry | None = None) -> list[str]:
    plan = steps_for_preset(preset) if registry is None else steps_for_preset(preset, registry)
    return [step.name for step in plan]


def test_an_unknown_preset_is_a_bad_request() -> None:
    with pytest.raises(BadRequest, match="Unknown pipeline_preset 'everything'; use one of full"):
        steps_for_preset("everything")


def test_meta_only_probes_and_takes_keyframes() -> None:
    assert _names("meta_only") == ["ingest", "probe", "keyframes"]
    assert _names("audio_only")[:2] == ["ingest", "probe"]
    assert "keyframes" not in _names("audio_only")


def test_optional_inputs_come_first_when_the_preset_runs_them() -> None:
    reader = FakeStep("reader", ("probe",))
    reader.uses = ("extra",)  # type: ignore[attr-defined]
    registry = _registry(reader, FakeStep("probe"), FakeStep("extra", ("probe",)))
    assert _names("full", registry) == ["probe", "extra", "reader"]


def test_every_preset_is_one_the_result_contract_names() -> None:
    assert set(PRESETS) == set(get_args(Preset))


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_preset_runs_needs_before_the_steps_that_need_them(preset: str) -> None:
    placed: set[str] = set()
    for step in steps_for_preset(preset):
        assert set(step.needs) <= placed, step.name
        placed.add(step.name)
    assert placed == PRESETS[preset] & set(STEPS)


def test_dependency_order_wins_over_registry_order_and_siblings_keep_theirs() -> None:
    registry = _registry(
        FakeStep("scores", ("audio", "visual")),
        FakeStep("visual", ("probe",)),
        FakeStep("audio", ("probe",)),
        FakeStep("probe", ("ingest",)),
        FakeStep("ingest"),
    )

    assert _names("full", registry) == ["ingest", "probe", "visual", "audio", "scores"]


def test_a_step_whose_needs_are_outside_the_preset_is_left_out() -> None:
    registry = _registry(
        FakeStep("ingest"),
        FakeStep("probe", ("ingest",)),
        FakeStep("transcript", ("probe",)),
        FakeStep("hook", ("transcript",)),  # left out too: what it needs is left out
        FakeStep("keyframes", ("probe",)),
        preset=frozenset({"ingest", "probe", "hook", "keyframes"}),
    )

    assert _names("full", registry) == ["ingest", "probe", "keyframes"]


def test_steps_in_a_cycle_are_left_out() -> None:
    registry = _registry(FakeStep("ingest"), FakeStep("x", ("y",)), FakeStep("y", ("x",)))

    assert _names("full", registry) == ["ingest"]
