"""Hard cuts on hand-made thumbnail sequences: exact frames, nothing on camera moves."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from visual_frames import camera_path, texture, view

from clipapi.signals.visual_shots import (
    MAX_SHIFT,
    SCORE_CHUNK,
    cuts_per_minute,
    detect_cuts,
    frame_scores,
    shots_from_cuts,
    thumb_similarity,
)

FPS = 30.0
SIZE = (64, 36)


def _sequence(
    kind: str, frames: int, scene_seed: int, step: float = 1.0
) -> list[NDArray[np.uint8]]:
    scene = texture(256, 160, scene_seed, blob=6)
    path = camera_path(kind, frames, FPS, seed=scene_seed)
    # Thumbnail pixels: a 60 px/s pan at 320 px is 0.4 px per frame at 64 px; `step` scales it.
    return [
        view(scene, 128 + cx * step * 0.2, 80 + cy * step * 0.2, scale, SIZE)
        for cx, cy, scale in path
    ]


def _times(count: int) -> list[float]:
    return [i / FPS for i in range(count)]


def test_cuts_land_on_the_first_frame_of_each_new_shot() -> None:
    thumbs = _sequence("static", 30, 1) + _sequence("pan", 25, 2) + _sequence("shake", 35, 3)
    detection = detect_cuts(frame_scores(np.stack(thumbs)), _times(len(thumbs)))
    assert detection.cut_indices == (30, 55)
    assert detection.cut_times == (1.0, round(55 / FPS, 3))


@pytest.mark.parametrize(
    ("kind", "step"), [("pan", 1.0), ("pan", 8.0), ("tilt", 4.0), ("zoom", 1.0), ("shake", 1.0)]
)
def test_camera_moves_are_not_cuts(kind: str, step: float) -> None:
    thumbs = _sequence(kind, 60, 5, step=step)
    detection = detect_cuts(frame_scores(np.stack(thumbs)), _times(len(thumbs)))
    assert detection.cut_indices == ()


def test_a_one_frame_flash_is_not_two_shots() -> None:
    thumbs = _sequence("static", 40, 7)
    thumbs[20] = np.full_like(thumbs[20], 255)
    detection = detect_cuts(frame_scores(np.stack(thumbs)), _times(len(thumbs)))
    assert len(detection.cut_indices) <= 1


def test_a_static_picture_scores_zero() -> None:
    thumbs = _sequence("static", 10, 9)
    assert float(frame_scores(np.stack(thumbs)).max()) == 0.0


def _scores_by_definition(thumbs: NDArray[np.uint8]) -> NDArray[np.float64]:
    """Each frame's mean |dYCrCb| from the one before after the best shift, one pair at a time."""
    ycc = [cv2.cvtColor(t, cv2.COLOR_BGR2YCrCb).astype(np.int16) for t in thumbs]
    height, width = thumbs.shape[1:3]
    scores = [0.0]
    for before, after in itertools.pairwise(ycc):
        best = np.inf
        for dy in range(-MAX_SHIFT, MAX_SHIFT + 1):
            for dx in range(-MAX_SHIFT, MAX_SHIFT + 1):
                a = before[max(0, dy) : height + min(0, dy), max(0, dx) : width + min(0, dx)]
                b = after[max(0, -dy) : height + min(0, -dy), max(0, -dx) : width + min(0, -dx)]
                diff = float(np.abs(a - b).mean())
                best = min(best, diff * (1.0 + 0.02 * (abs(dx) + abs(dy))))
        scores.append(best)
    return np.array(scores)


@pytest.mark.parametrize("count", [2, 3, SCORE_CHUNK + 2])
def test_scores_are_the_mean_differences_exactly(count: int) -> None:
    rng = np.random.default_rng(count)
    thumbs = rng.integers(0, 256, (count, *SIZE, 3), dtype=np.uint8)
    thumbs[1::3] = thumbs[::3][: len(thumbs[1::3])]  # repeats, which score 0
    assert np.array_equal(frame_scores(thumbs), _scores_by_definition(thumbs))


def test_shots_cover_the_clip_between_cuts() -> None:
    shots = shots_from_cuts((1.0, 2.5), 4.0)
    assert [(s.index, s.start, s.end) for s in shots] == [
        (0, 0.0, 1.0),
        (1, 1.0, 2.5),
        (2, 2.5, 4.0),
    ]
    assert shots_from_cuts((), 3.0)[0].duration == 3.0
    assert cuts_per_minute(2, 30.0) == 4.0
    assert cuts_per_minute(0, 0.0) is None


def test_thumb_similarity_separates_same_and_different_pictures() -> None:
    a = texture(64, 36, 11)
    b = texture(64, 36, 12)
    assert thumb_similarity(a, a) == 1.0
    assert thumb_similarity(a, b) < 0.75


def test_a_cut_between_two_similar_shots_is_found() -> None:
    # Same room, new framing: only part of the picture changes, but all at once.
    room = texture(64, 36, 40)
    other = room.copy()
    other[8:30, 20:50] = texture(30, 22, 41)
    thumbs = [room] * 20 + [other] * 20
    detection = detect_cuts(frame_scores(np.stack(thumbs)), _times(len(thumbs)))
    assert detection.cut_indices == (20,)


def test_a_low_frame_rate_source_with_repeated_frames_has_no_cuts() -> None:
    # 12.5 fps motion stored at 30 fps: every change is followed by repeats of it.
    moving = _sequence("shake", 25, 42, step=2.0)
    thumbs = [moving[int(i * 12.5 / FPS)] for i in range(60)]
    detection = detect_cuts(frame_scores(np.stack(thumbs)), _times(len(thumbs)))
    assert detection.cut_indices == ()
