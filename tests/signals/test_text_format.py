"""Format rules on hand-made signal sets (format-rules.v1)."""

from __future__ import annotations

import pytest

from clipapi.signals.text_format import (
    FormatSignals,
    classify_format,
    format_signals,
    span_coverage,
)

TALKING = {"speech_ratio": 0.9, "music_ratio": 0.0, "shot_count": 1, "cuts_per_minute": 0.0}


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        (FormatSignals(face_presence=0.95, text_coverage=0.1, **TALKING), "talking_head"),
        (
            FormatSignals(
                face_presence=0.55, speech_ratio=0.85, shot_count=8, cuts_per_minute=16.0
            ),
            "talking_head_with_broll",
        ),
        (FormatSignals(face_presence=0.5, text_coverage=0.0, **TALKING), "talking_head"),
        (
            FormatSignals(face_presence=0.05, speech_ratio=0.8, shot_count=9, text_coverage=0.2),
            "voiceover_broll",
        ),
        (
            FormatSignals(
                face_presence=0.0,
                speech_ratio=0.05,
                music_ratio=0.9,
                shot_count=6,
                cuts_per_minute=12.0,
                text_coverage=0.95,
                text_chars_mean=30.0,
            ),
            "text_slideshow",
        ),
        (
            FormatSignals(
                face_presence=0.0,
                speech_ratio=0.0,
                music_ratio=0.95,
                shot_count=14,
                cuts_per_minute=28.0,
                text_coverage=0.1,
            ),
            "music_montage",
        ),
        (
            FormatSignals(
                face_presence=0.0,
                speech_ratio=0.7,
                shot_count=1,
                cuts_per_minute=0.0,
                text_coverage=1.0,
                text_chars_mean=120.0,
                static_share=0.9,
            ),
            "screen_recording",
        ),
        (
            FormatSignals(face_presence=0.8, speech_ratio=0.8, speaker_count=2, shot_count=7),
            "skit",
        ),
        (
            FormatSignals(face_presence=0.9, speech_ratio=0.1, music_ratio=0.9, shot_count=1),
            "performance",
        ),
        (
            FormatSignals(face_presence=0.0, speech_ratio=0.0, music_ratio=0.0, shot_count=3),
            "b_roll",
        ),
        (FormatSignals(has_video=False, speech_ratio=0.9), "audio_only"),
    ],
)
def test_format_rules(signals: FormatSignals, expected: str) -> None:
    result = classify_format(signals)
    assert result.format == expected
    assert result.rule
    assert result.warning is None


def test_without_visual_measurements_the_format_is_unknown() -> None:
    result = classify_format(FormatSignals(has_video=True, speech_ratio=0.9, music_ratio=0.1))
    assert result.format is None
    assert result.warning is not None
    assert "visual" in result.warning


def test_without_a_speech_measurement_the_format_is_unknown() -> None:
    result = classify_format(FormatSignals(face_presence=0.9, shot_count=1))
    assert result.format is None
    assert result.warning is not None


def test_little_speech_without_music_measurement_is_unknown() -> None:
    result = classify_format(FormatSignals(face_presence=0.0, speech_ratio=0.0, shot_count=5))
    assert result.format is None


def test_span_coverage_merges_overlaps_and_clips_to_the_duration() -> None:
    assert span_coverage([(0, 4), (2, 6), (8, 12)], 10.0) == pytest.approx(0.8)
    assert span_coverage([], 10.0) == 0.0
    assert span_coverage([(0, 1)], 0.0) == 0.0


MEDIA = {"duration_s": 20.0, "width": 1080, "height": 1920}
VISUAL = {
    "shot_count": 3,
    "cuts_per_minute": 6.0,
    "faces": {"presence_ratio": 0.1},
    "on_screen_text": [],
    "camera_motion": {"dominant": "static", "shares": {"static": 0.7, "pan": 0.3}},
}


def test_signals_from_result_sections() -> None:
    audio = {"speech": {"speech_ratio": 0.6, "speaker_count": 1}, "music": {"music_ratio": 0.4}}
    ocr = [(0.0, 5.0, "Step one: open settings"), (5.0, 10.0, "Step two")]
    signals = format_signals(MEDIA, VISUAL, audio, on_screen_text=ocr)
    assert signals == FormatSignals(
        has_video=True,
        face_presence=0.1,
        speech_ratio=0.6,
        music_ratio=0.4,
        speaker_count=1,
        shot_count=3,
        cuts_per_minute=6.0,
        text_coverage=0.5,
        text_chars_mean=15.5,
        static_share=0.7,
    )
    assert classify_format(signals).format == "voiceover_broll"


def test_jump_cuts_trim_one_talking_head_and_do_not_make_it_broll() -> None:
    audio = {"speech": {"speech_ratio": 0.9, "speaker_count": 1}, "music": {"music_ratio": 0.0}}
    shots = [
        {"index": 0, "start": 0.0, "end": 4.0, "kind": None},
        {"index": 1, "start": 4.0, "end": 9.0, "kind": "jump"},
        {"index": 2, "start": 9.0, "end": 20.0, "kind": "jump"},
    ]
    visual = {**VISUAL, "shot_count": 3, "shots": shots, "faces": {"presence_ratio": 0.6}}
    signals = format_signals(MEDIA, visual, audio)
    assert signals.shot_count == 1
    assert classify_format(signals).format == "talking_head"
    shots[2]["kind"] = "hard"  # a real cut to other footage
    assert classify_format(format_signals(MEDIA, visual, audio)).format == (
        "talking_head_with_broll"
    )


def test_speech_ratio_falls_back_to_vad_spans_then_transcript_segments() -> None:
    from_spans = format_signals(MEDIA, VISUAL, None, speech_spans=[(0.0, 10.0)])
    assert from_spans.speech_ratio == 0.5
    segments = [{"start": 0.0, "end": 5.0, "text": "hi"}]
    assert format_signals(MEDIA, VISUAL, None, segments=segments).speech_ratio == 0.25
    # A transcript that ran and heard nothing measured no speech; no transcript measured nothing.
    assert format_signals(MEDIA, VISUAL, None, segments=[]).speech_ratio == 0.0
    assert format_signals(MEDIA, VISUAL, None).speech_ratio is None
    assert format_signals(MEDIA, None, None).text_coverage is None


def test_words_name_only_a_clear_screen_recording_and_never_fill_an_unknown_format() -> None:
    from clipapi.signals.text_format import FormatResult, decide_format

    narration = FormatResult("voiceover_broll", "speech over footage without a face")
    unknown = FormatResult(None, None, "format: needs visual measurements")
    talking = FormatResult("talking_head", "speech with a face in most frames")

    assert decide_format(narration, "screen_recording", 0.32).format == "screen_recording"
    assert decide_format(narration, "screen_recording", 0.16).format == "voiceover_broll"
    assert decide_format(unknown, "screen_recording", 0.4).format is None
    assert decide_format(talking, "screen_recording", 0.4).format == "talking_head"
    assert decide_format(talking, None, None) is talking
