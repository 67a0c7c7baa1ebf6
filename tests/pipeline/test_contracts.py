"""The steps' typed outputs and the one merge rule that reads their fields back."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import TypeAdapter

from clipapi.intelligence.layers import CreatorLayer, creator_layer
from clipapi.intelligence.signals import Line, Signals
from clipapi.pipeline.contracts import (
    ContractBroken,
    CreatorSignals,
    TranscriptSignals,
    check_output,
)
from clipapi.pipeline.merge import dig, field_at, merged_fields
from clipapi.pipeline.step import StepOutput


def test_a_section_set_in_parts_by_two_steps_reads_as_the_result_will_hold_it() -> None:
    outputs = {
        "audio_analysis": StepOutput(
            fields={
                "media_understanding.audio_analysis.speech": {"speech_ratio": 0.8},
                "media_understanding.audio_analysis.silence_ratio": 0.1,
            }
        ),
        "transcription": StepOutput(
            fields={"media_understanding.audio_analysis.speech": {"speaker_count": 2}}
        ),
    }
    path = "media_understanding.audio_analysis"

    assert field_at(outputs, path, ("audio_analysis", "transcription")) == {
        "speech": {"speech_ratio": 0.8, "speaker_count": 2},
        "silence_ratio": 0.1,
    }
    assert field_at(outputs, path + ".speech.speaker_count", ("audio_analysis",)) is None
    assert field_at(outputs, path, ("absent",)) is None


def test_a_later_step_replaces_plain_values_and_merges_dicts() -> None:
    first = StepOutput(fields={"media": {"width": 1, "codecs": {"video": "h264"}}})
    second = StepOutput(fields={"media.width": 2, "media.codecs": {"audio": "aac"}})

    assert merged_fields([first, second]) == {
        "media": {"width": 2, "codecs": {"video": "h264", "audio": "aac"}}
    }
    assert dig({"a": {"b": [1]}}, "a.b") == [1]
    assert dig({"a": [1]}, "a.b") is None


@pytest.mark.parametrize(
    ("step", "output"),
    [
        ("ingest", StepOutput(signals={})),
        ("probe", StepOutput(signals={"has_audio": "maybe"})),
        ("transcription", StepOutput(signals={"words": [["x"]]})),
        ("audio_analysis", StepOutput(signals={"catalog_track": {"artist": "no title"}})),
        ("media_understanding", StepOutput(signals={"meaning": {"hook": {"speech": {}}}})),
        ("creator_intelligence", StepOutput(signals={})),
        ("any", StepOutput(fields={"source.follower_count": -5})),
        ("any", StepOutput(fields={"scores": {"hook_strength": "85"}})),
        ("any", StepOutput(fields={"bogus.section": 1})),
    ],
)
def test_an_output_that_does_not_hold_its_contract_is_refused(
    step: str, output: StepOutput
) -> None:
    with pytest.raises(ContractBroken):
        check_output(step, output)


def test_signals_no_model_names_yet_are_kept() -> None:
    output = StepOutput(
        fields={"media_understanding.transcript.full_text": "hi"},
        signals={"words": [[0.0, 0.2, "hi", 0.9]], "new_measure": [1, 2]},
    )

    check_output("transcription", output)
    typed = output.signals_as(TranscriptSignals)

    assert typed.words == [(0.0, 0.2, "hi", 0.9)]
    assert typed.model_extra == {"new_measure": [1, 2]}
    assert StepOutput.from_json(output.to_json()).signals == output.signals


def test_the_creator_layer_reads_back_from_its_checkpoint_unchanged() -> None:
    lines = (Line(0.0, 2.0, "Why do budgets fail?"), Line(2.0, 5.0, "Follow for more."))
    signals = Signals(duration_s=5.0, sentences=lines, words=(), has_audio=True)
    layer = creator_layer(signals)
    stored: dict[str, Any] = StepOutput(
        signals=CreatorSignals(layer=layer).model_dump(mode="json")
    ).to_json()

    restored = {"creator_intelligence": StepOutput.from_json(stored)}
    check_output("creator_intelligence", restored["creator_intelligence"])

    assert CreatorSignals.needed(restored).layer == layer
    assert TypeAdapter(CreatorLayer).validate_python(stored["signals"]["layer"]) == layer
