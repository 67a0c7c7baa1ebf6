"""Camera motion from hand-made grey frames at 320 px, at the step's rate and at 10 fps."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from visual_frames import camera_path, texture, view

from clipapi.pipeline.steps.visual import SAMPLING
from clipapi.signals.visual_motion import (
    PairMotion,
    classify_shot,
    pair_motion,
    summarise_motion,
)

FPS = 10.0
SIZE = (320, 180)


def _pairs(kind: str, frames: int = 16, fps: float = FPS) -> list[PairMotion]:
    scene = texture(1200, 800, 21, colour=False)
    shots = [
        view(scene, 600 + cx, 400 + cy, scale, SIZE)
        for cx, cy, scale in camera_path(kind, frames, fps, seed=4)
    ]
    return [pair_motion(a, b, 1 / fps) for a, b in itertools.pairwise(shots)]


@pytest.mark.parametrize("fps", [FPS, SAMPLING.motion_fps])
@pytest.mark.parametrize("kind", ["static", "pan", "tilt", "zoom", "shake"])
def test_each_camera_move_is_recognised(kind: str, fps: float) -> None:
    expected = "handheld" if kind == "shake" else kind
    assert classify_shot(_pairs(kind, fps=fps)).kind == expected


def test_pan_rate_is_the_picture_speed_in_frame_widths() -> None:
    motion = classify_shot(_pairs("pan"))
    # The camera moves right 60 px/s over a 320 px frame: the picture moves left.
    assert motion.pan_rate == pytest.approx(-60 / 320, rel=0.05)
    assert abs(motion.tilt_rate) < 0.01


def test_a_subject_moving_over_a_still_background_is_a_static_camera() -> None:
    background = texture(320, 180, 31, colour=False)
    subject = texture(80, 80, 32, colour=False)
    frames = []
    for i in range(12):
        frame = background.copy()
        x = 40 + 12 * i
        frame[50:130, x : x + 80] = subject
        frames.append(frame)
    pairs = [pair_motion(a, b, 0.1) for a, b in itertools.pairwise(frames)]
    assert classify_shot(pairs).kind == "static"


def test_a_flat_picture_cannot_be_measured() -> None:
    flat = np.full((180, 320), 128, dtype=np.uint8)
    pair = pair_motion(flat, flat, 0.1)
    assert not pair.valid
    assert classify_shot([pair, pair]).kind is None


def test_summary_shares_follow_shot_durations() -> None:
    summary = summarise_motion([("static", 6.0), ("pan", 2.0), (None, 5.0)])
    assert summary.dominant == "static"
    assert summary.shares == {"static": 0.75, "pan": 0.25}
    assert summarise_motion([(None, 1.0)]).dominant is None
