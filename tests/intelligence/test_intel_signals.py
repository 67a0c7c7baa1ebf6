"""from_outputs: the one reader of step output keys, over the steps' typed outputs."""

from __future__ import annotations

from intel_samples import step_outputs

from clipapi.intelligence.signals import Line
from clipapi.pipeline.layer_inputs import INPUT_STEPS, from_outputs
from clipapi.pipeline.step import StepOutput


def test_every_input_is_read_from_its_steps_documented_keys() -> None:
    s = from_outputs(step_outputs())

    assert s.missing == frozenset()
    assert (s.platform, s.follower_count, s.hashtags) == (
        "tiktok",
        20000,
        ("budgeting", "moneytok"),
    )
    assert (s.duration_s, s.width, s.height, s.has_audio) == (28.0, 1080, 1920, True)
    assert s.words is not None
    assert s.words[0].start == 0.3
    assert s.words[0].text == "Why"
    assert s.sentences is not None
    assert s.sentences[-1].text == "Follow for more money tips."
    assert s.asr_confidence == 0.9
    assert s.silences == ((24.6, 25.9),)
    assert s.rms_db is not None
    assert len(s.rms_db) == 56
    assert (s.integrated_lufs, s.clipping_ratio, s.music_present) == (-14.2, 0.0, False)
    assert s.catalog_track is None
    assert s.cut_times == (2.0, 6.4, 13.4, 19.9)
    assert s.motion_per_s is not None
    assert s.motion_per_s[-1] is None  # an unmeasured second keeps its place
    assert s.on_screen_text == (Line(0.0, 2.5, "Why you're broke"),)
    assert (s.sharpness, s.face_presence_ratio, s.first_last_similarity) == (250.0, 0.9, 0.7)
    assert (s.content_format, s.category, s.sentiment_score) == (
        "talking_head_with_broll",
        "Finance",
        0.3,
    )
    assert s.keywords == ("expense", "subscriptions", "payday")


def test_a_section_set_whole_or_in_parts_reads_the_same() -> None:
    parts = step_outputs()
    whole = step_outputs()
    prefix = "media_understanding.audio_analysis."
    whole["audio_analysis"].fields = {
        "media_understanding.audio_analysis": {
            key.removeprefix(prefix): value for key, value in parts["audio_analysis"].fields.items()
        }
    }

    assert from_outputs(whole) == from_outputs(parts)
    assert from_outputs(parts).speech_ratio == 0.85


def test_missing_steps_are_named_and_their_signals_are_unmeasured() -> None:
    outputs = step_outputs()
    for name in ("transcription", "audio_analysis", "visual_analysis", "media_understanding"):
        del outputs[name]
    s = from_outputs(outputs)

    assert s.missing == frozenset(
        {"transcription", "audio_analysis", "visual_analysis", "media_understanding"}
    )
    assert s.words is None
    assert s.has_speech is None
    assert s.silences is None
    assert s.cut_times is None
    assert s.on_screen_text is None
    assert s.sharpness is None
    assert from_outputs({}).missing == frozenset(INPUT_STEPS)


def test_no_audio_track_means_no_speech_was_measured() -> None:
    outputs = step_outputs()
    outputs["probe"].signals["has_audio"] = False
    outputs["transcription"] = StepOutput(warnings=["no audio track: transcript not measured"])
    s = from_outputs(outputs)

    assert s.has_speech is False
    assert s.words == ()


def test_unmeasurable_numbers_read_as_not_measured() -> None:
    outputs = step_outputs()
    outputs["audio_analysis"].signals["rms_db"] = [-20.0, None, float("-inf")]
    outputs["visual_analysis"].signals["cut_times"] = [3.0, 1.0, float("nan")]
    outputs["visual_analysis"].signals["first_last_similarity"] = float("nan")
    s = from_outputs(outputs)

    assert s.rms_db == (-20.0, -100.0, -100.0)
    assert s.cut_times == (1.0, 3.0)
    assert s.first_last_similarity is None


def test_signals_read_back_from_checkpoints_are_the_same() -> None:
    outputs = step_outputs()
    restored = {k: StepOutput.from_json(v.to_json()) for k, v in outputs.items()}

    assert from_outputs(restored) == from_outputs(outputs)


def test_without_a_spoken_language_the_layers_read_the_one_of_the_videos_words() -> None:
    outputs = step_outputs()
    outputs["transcription"].fields["media_understanding.transcript"]["language"] = None
    outputs["media_understanding"].fields["media_understanding.content_overview"]["language"] = "it"
    assert from_outputs(outputs).language == "it"
    assert from_outputs(step_outputs()).language == "en"  # the speech's, where it has one
