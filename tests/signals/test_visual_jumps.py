"""Jump cuts on hand-made frames: a speaker-like figure that sways, then jumps (frames removed),
against camera moves, a caption changing and a scene cut, which must not read as jumps."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from visual_frames import camera_path, texture, view

from clipapi.signals.visual_jumps import JumpWatch, broad_change, detect_jumps
from clipapi.signals.visual_shots import detect_cuts, frame_scores

FPS = 30.0
WIDTH, HEIGHT = 270, 480  # a 9:16 picture at the size the jump test reads
THUMB = (36, 64)
ROOM = texture(WIDTH, HEIGHT, 3, blob=24)


def _speaker(x: float, y: float, scale: float, caption: str = "") -> NDArray[np.uint8]:
    """A head and shoulders in front of a textured wall, with an optional caption."""
    picture = ROOM.copy()
    centre = (round(x), round(y))
    shoulders = (round(95 * scale), round(60 * scale))
    body_centre = (centre[0], centre[1] + round(110 * scale))
    cv2.ellipse(picture, body_centre, shoulders, 0, 180, 360, (60, 40, 150), -1)
    cv2.ellipse(
        picture, centre, (round(42 * scale), round(55 * scale)), 0, 0, 360, (90, 140, 200), -1
    )
    for side in (-1, 1):  # eyes
        eye = (centre[0] + side * round(16 * scale), centre[1] - round(10 * scale))
        cv2.circle(picture, eye, max(2, round(5 * scale)), (40, 30, 30), -1)
    cv2.ellipse(
        picture,
        (centre[0], centre[1] + round(25 * scale)),
        (round(14 * scale), 4),
        0,
        0,
        180,
        (50, 50, 120),
        2,
    )
    if caption:  # bold white words with a dark outline, as short-form captions are
        for colour, thickness in (((0, 0, 0), 9), ((255, 255, 255), 4)):
            for row, word in enumerate(caption.split()):
                origin = (25, 330 + 50 * row)
                font = cv2.FONT_HERSHEY_SIMPLEX
                cv2.putText(picture, word, origin, font, 1.5, colour, thickness, cv2.LINE_AA)
    return picture


def _talking(frames: int, start: int = 0, **shift: float) -> list[NDArray[np.uint8]]:
    """A speaker swaying gently, as people do while talking; `shift` moves or scales them."""
    result = []
    for i in range(start, start + frames):
        t = i / FPS
        x = WIDTH / 2 + 6 * math.sin(2 * math.pi * 0.4 * t) + shift.get("dx", 0.0)
        y = 200 + 3 * math.sin(2 * math.pi * 0.7 * t) + shift.get("dy", 0.0)
        result.append(_speaker(x, y, shift.get("scale", 1.0)))
    return result


def _analyse(pictures: list[NDArray[np.uint8]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(hard cuts, jump cuts) as the visual step finds them: thumbnails, then the watch."""
    watch = JumpWatch()
    thumbs: list[NDArray[np.uint8]] = []
    for index, picture in enumerate(pictures):
        thumb = np.asarray(cv2.resize(picture, THUMB, interpolation=cv2.INTER_AREA), np.uint8)
        plain = float(np.abs(thumb.astype(np.int16) - thumbs[-1]).mean()) if thumbs else 0.0
        gray = np.asarray(cv2.cvtColor(picture, cv2.COLOR_BGR2GRAY), np.uint8)
        watch.push(index, plain, lambda gray=gray: gray)
        thumbs.append(thumb)
    stack = np.stack(thumbs)
    scores = frame_scores(stack)
    times = [i / FPS for i in range(len(pictures))]
    cuts = detect_cuts(scores, times).cut_indices
    return cuts, detect_jumps(scores, times, stack, watch.finish(), cuts)


@pytest.mark.parametrize(
    "shift",
    [{"dx": 30.0}, {"dx": -20.0, "dy": 10.0}, {"scale": 1.15}, {"dy": 25.0}],
    ids=["sideways", "diagonal", "closer", "down"],
)
def test_a_speaker_who_jumps_is_a_jump_cut_on_the_first_new_frame(shift: dict[str, float]) -> None:
    pictures = _talking(40) + _talking(40, start=70, **shift)
    cuts, jumps = _analyse(pictures)
    assert cuts == ()
    assert jumps == (40,)


def test_frames_removed_with_the_speaker_in_place_are_found_from_the_sway() -> None:
    # Two seconds removed: only the sway's phase jumps, a few pixels.
    pictures = _talking(40) + _talking(40, start=100, dx=8.0)
    assert _analyse(pictures)[1] == (40,)


def test_a_speaker_moving_on_the_last_frame_is_not_a_jump() -> None:
    # Nothing after it tells a jump from the start of a movement.
    pictures = _talking(40) + _talking(1, start=70, dx=30.0)
    assert _analyse(pictures) == ((), ())


def test_a_speaker_swaying_without_a_cut_has_no_jump() -> None:
    assert _analyse(_talking(120)) == ((), ())


def test_a_caption_changing_on_a_still_speaker_is_not_a_jump() -> None:
    first = [_speaker(WIDTH / 2, 200, 1.0, "HELLO THERE") for _ in range(30)]
    second = [_speaker(WIDTH / 2, 200, 1.0, "WATCH THIS") for _ in range(30)]
    assert _analyse(first + second) == ((), ())


@pytest.mark.parametrize(
    ("kind", "step"), [("pan", 4.0), ("tilt", 4.0), ("zoom", 1.0), ("shake", 1.0), ("shake", 2.0)]
)
def test_camera_moves_are_not_jumps(kind: str, step: float) -> None:
    scene = texture(900, 1400, 21, blob=30)
    path = camera_path(kind, 90, FPS, seed=7)
    pictures = [
        view(scene, 450 + cx * step, 700 + cy * step, scale, (WIDTH, HEIGHT))
        for cx, cy, scale in path
    ]
    assert _analyse(pictures)[1] == ()


def test_a_scene_cut_is_hard_not_a_jump() -> None:
    other = [view(texture(400, 700, 9), 200, 350, 1.0, (WIDTH, HEIGHT))] * 40
    cuts, jumps = _analyse(_talking(40) + other)
    assert cuts == (40,)
    assert jumps == ()


def test_broad_change_leaves_out_letters() -> None:
    still = _speaker(WIDTH / 2, 200, 1.0, "HELLO THERE")
    recaptioned = _speaker(WIDTH / 2, 200, 1.0, "WATCH THIS")
    moved = _speaker(WIDTH / 2 + 30, 200, 1.0, "HELLO THERE")
    gray = [
        np.asarray(cv2.cvtColor(p, cv2.COLOR_BGR2GRAY), np.uint8)
        for p in (still, recaptioned, moved)
    ]
    assert broad_change(gray[0], gray[0]) == 0.0
    assert broad_change(gray[0], gray[1]) < 0.002
    assert broad_change(gray[0], gray[2]) > 0.02
