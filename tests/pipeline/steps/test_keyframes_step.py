"""The keyframes step (presets without the visual step): the first frame and evenly spaced
ones, from the visual pass's frame stream and JPEG encoding."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import pytest

from clipapi.pipeline.step import StepContext, StepTimeout
from clipapi.pipeline.steps.keyframes import MAX_SIDE, KeyframesStep
from conftest import MEDIA_DIR, make_media, media_step_context

KEYFRAMES = "media_understanding.visual_analysis.keyframes"


def _picture_size(ctx: StepContext, n: int) -> tuple[int, int]:
    local = ctx.storage.local_path(ctx.blob_key("keyframes", f"{n}.jpg"))
    assert local is not None
    image = cv2.imread(str(local))
    assert image is not None
    height, width = image.shape[:2]
    return width, height


def test_six_evenly_spaced_frames_in_container_time(tmp_path: Path) -> None:
    # This file's first frame is stamped 0.033 s; the step reports the container's times.
    ctx = media_step_context(MEDIA_DIR / "asl_again.mkv", tmp_path, preset="meta_only")
    output = KeyframesStep().run(ctx)
    keyframes = output.fields[KEYFRAMES]
    assert [(k["frame_index"], k["t"]) for k in keyframes] == [
        (0, 0.033),
        (12, 0.433),
        (25, 0.867),
        (38, 1.3),
        (51, 1.733),
        (64, 2.167),
    ]
    assert {k["shot_index"] for k in keyframes} == {None}
    assert {k["image_url"] for k in keyframes} == {None}
    assert output.model_versions == {"keyframes": "uniform.v1"}
    for n in range(len(keyframes)):
        width, height = _picture_size(ctx, n)
        assert width == MAX_SIDE
        assert abs(height - 405) <= 1  # 640x480 scaled to 540 wide


def test_a_rotated_clip_comes_out_upright(tmp_path: Path) -> None:
    clip = make_media.make_clip(
        tmp_path / "rotated.mp4", width=320, height=180, duration_s=1.0, rotation=90
    )
    ctx = media_step_context(clip, tmp_path, preset="meta_only")
    keyframes = KeyframesStep().run(ctx).fields[KEYFRAMES]
    assert keyframes[0]["t"] == 0.0
    assert len(keyframes) == 6
    assert _picture_size(ctx, 0) == (180, 320)


def test_the_deadline_stops_the_step(tmp_path: Path) -> None:
    ctx = media_step_context(MEDIA_DIR / "asl_again.mkv", tmp_path, preset="meta_only")
    ctx.deadline = time.monotonic() - 1
    with pytest.raises(StepTimeout):
        KeyframesStep().run(ctx)
