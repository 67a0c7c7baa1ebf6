"""Motifs and the cinematography sentence come only from measurements."""

from __future__ import annotations

from clipapi.signals.visual_motifs import VisualFacts, derive_motifs, describe_cinematography


def test_a_talking_head_single_take() -> None:
    facts = VisualFacts(
        duration_s=20.0,
        shot_count=1,
        cuts_per_minute=0.0,
        motion_shares={"static": 1.0},
        face_presence=1.0,
        face_to_camera=0.9,
        face_area=0.08,
        multi_face=0.0,
        text_coverage=0.0,
        letterboxing=0.0,
        brightness=0.5,
    )
    assert derive_motifs(facts) == ["face-to-camera", "close-up", "static-shot", "single-shot"]
    assert describe_cinematography(facts) == "Static camera, single shot, close-up face dominant."


def test_fast_cut_b_roll_with_captions() -> None:
    facts = VisualFacts(
        duration_s=30.0,
        shot_count=12,
        cuts_per_minute=22.0,
        motion_shares={"handheld": 0.6, "static": 0.4},
        face_presence=0.5,
        face_to_camera=0.45,
        face_area=0.03,
        shot_faces=[(10.0, 0.9), (10.0, 0.0), (10.0, 0.1)],
        text_coverage=0.7,
        letterboxing=0.12,
        brightness=0.2,
    )
    motifs = derive_motifs(facts)
    for expected in ("b-roll", "text-overlay", "handheld", "fast-cuts", "letterboxed", "low-light"):
        assert expected in motifs
    assert "face-to-camera" not in motifs
    sentence = describe_cinematography(facts)
    assert sentence is not None
    assert sentence.startswith("Mostly handheld camera (60 % of the time), 12 shots (22 cuts")
    assert "on-screen text 70 % of the time" in sentence


def test_nothing_measured_gives_nothing() -> None:
    facts = VisualFacts(duration_s=5.0)
    assert derive_motifs(facts) == []
    assert describe_cinematography(facts) is None
