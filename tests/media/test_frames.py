"""The single decode pass: sampling grids, exact times, rotation, limits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clipapi.media.frames import FrameStream
from conftest import MEDIA_DIR, make_media


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("frames")
    return {
        "plain": make_media.make_clip(
            folder / "plain.mp4", width=320, height=180, duration_s=3.0, audio=False
        ),
        "rotated": make_media.make_clip(
            folder / "rotated.mp4", width=320, height=180, duration_s=0.5, rotation=90
        ),
    }


def test_every_frame_is_timed_and_the_grids_are_kept(clips: dict[str, Path]) -> None:
    frames = list(FrameStream(clips["plain"]))
    assert len(frames) == 90
    assert [f.t for f in frames[:3]] == pytest.approx([0.0, 1 / 30, 2 / 30])
    motion = [f.t for f in frames if f.motion_due]
    samples = [f.t for f in frames if f.sample_due]
    assert len(motion) == 30
    assert samples == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0, 2.5])
    assert frames[0].thumb.shape == (36, 64, 3)
    assert frames[0].gray().shape == (180, 320)
    assert frames[0].colour().shape == (180, 320, 3)  # never upscaled


def test_rotation_is_applied_clockwise(clips: dict[str, Path]) -> None:
    first = next(iter(FrameStream(clips["rotated"], rotation=90)))
    image = first.colour()
    assert image.shape == (320, 180, 3)
    assert first.gray().shape == (320, 180)
    # The coded picture's left bar is white and its right bar dark: turned clockwise, the
    # white bar is on top.
    assert image[:10].mean() > 200
    assert image[-10:].mean() < 60


def test_the_pass_stops_at_the_duration_limit(clips: dict[str, Path]) -> None:
    stream = FrameStream(clips["plain"], max_duration_s=1.0)
    frames = list(stream)
    assert stream.reached_limit
    assert frames[-1].t <= 1.0
    assert len(frames) == 31


def test_the_check_runs_for_every_frame(clips: dict[str, Path]) -> None:
    calls = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 5:
            raise TimeoutError

    with pytest.raises(TimeoutError):
        for _ in FrameStream(clips["plain"], check=check):
            pass
    assert len(calls) == 5


def test_a_gif_decodes_through_the_generic_path() -> None:
    frames = list(FrameStream(MEDIA_DIR / "head-pose-face-female.gif"))
    assert len(frames) == 23
    assert frames[0].thumb.shape == (36, 64, 3)
    assert frames[0].colour().shape == (270, 480, 3)
    assert np.all(np.diff([f.t for f in frames]) > 0)
