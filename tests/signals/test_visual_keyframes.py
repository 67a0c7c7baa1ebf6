"""Keyframes: the first frame, then the sharpest sample of each shot."""

from __future__ import annotations

from clipapi.signals.visual_keyframes import KeyframeCandidate, choose_keyframes
from clipapi.signals.visual_shots import shots_from_cuts


def test_first_frame_then_sharpest_per_shot() -> None:
    candidates = [
        KeyframeCandidate(0, 0.0, 50.0),
        KeyframeCandidate(15, 0.5, 80.0),
        KeyframeCandidate(30, 1.0, 300.0),  # right on the cut: avoided
        KeyframeCandidate(33, 1.1, 120.0),
        KeyframeCandidate(45, 1.5, 90.0),
    ]
    shots = shots_from_cuts((1.0,), 2.0)
    choices = choose_keyframes(candidates, shots)
    assert [(candidates[c.candidate].frame_index, c.shot_index) for c in choices] == [
        (0, 0),
        (15, 0),
        (33, 1),
    ]


def test_the_first_frame_counts_once_when_it_is_the_sharpest() -> None:
    candidates = [KeyframeCandidate(0, 0.0, 90.0), KeyframeCandidate(15, 0.5, 10.0)]
    choices = choose_keyframes(candidates, shots_from_cuts((), 1.0), edge_margin_s=0.0)
    assert [c.candidate for c in choices] == [0]
    assert choose_keyframes([], shots_from_cuts((), 1.0)) == []
