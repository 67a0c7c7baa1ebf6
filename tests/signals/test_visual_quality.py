"""Picture quality on hand-made frames: blur, bars, exposure, colour."""

from __future__ import annotations

import cv2
import numpy as np
from visual_frames import texture

from clipapi.signals.visual_quality import (
    colorfulness,
    frame_quality,
    letterbox_bars,
    summarise_quality,
)


def test_blur_lowers_sharpness() -> None:
    sharp = texture(540, 960, 1, blob=4)
    blurred = cv2.GaussianBlur(sharp, (0, 0), 4)
    assert frame_quality(blurred).sharpness < frame_quality(sharp).sharpness / 10


def test_letterbox_bars_are_found_and_measured() -> None:
    frame = texture(540, 960, 2)
    frame[:120] = 0
    frame[-120:] = 0
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    bars = letterbox_bars(gray)
    assert (bars.top, bars.bottom, bars.left, bars.right) == (120, 120, 0, 0)
    assert bars.fraction == round(240 / 960, 4)
    quality = frame_quality(frame)
    assert quality.letterboxing == bars.fraction
    # Measured inside the bars: the bars do not darken the picture.
    assert abs(quality.brightness - frame_quality(frame[120:-120]).brightness) < 0.01


def test_pillarbox_bars_count_too() -> None:
    frame = texture(960, 540, 3)
    frame[:, :150] = 8
    frame[:, -150:] = 8
    assert letterbox_bars(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)).left == 150


def test_a_dark_band_on_one_side_only_is_not_letterboxing() -> None:
    frame = texture(540, 960, 4)
    frame[:200] = 0
    assert letterbox_bars(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)).fraction == 0.0


def test_a_black_frame_has_no_bars() -> None:
    assert letterbox_bars(np.zeros((100, 100), dtype=np.uint8)).fraction == 0.0


def test_exposure_contrast_and_colour() -> None:
    grey = np.full((100, 100, 3), 128, dtype=np.uint8)
    halves = np.zeros((100, 100, 3), dtype=np.uint8)
    halves[:, 50:] = 255
    quality = frame_quality(grey)
    assert abs(quality.brightness - 128 / 255) < 0.01
    assert quality.contrast == 0.0
    assert colorfulness(grey) == 0.0
    assert frame_quality(halves).contrast == 1.0
    assert colorfulness(texture(200, 200, 5)) > 30


def test_summary_takes_the_median_for_bars() -> None:
    plain = frame_quality(texture(200, 200, 6))
    boxed_frame = texture(200, 200, 6)
    boxed_frame[:30] = 0
    boxed_frame[-30:] = 0
    boxed = frame_quality(boxed_frame)
    summary = summarise_quality([plain, plain, boxed])
    assert summary is not None
    assert summary.letterboxing == 0.0
    assert summarise_quality([]) is None
