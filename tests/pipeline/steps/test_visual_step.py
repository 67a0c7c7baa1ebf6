"""The visual step on recorded clips (ground truth in tests/data/README.md) and on synthetic
clips with known cuts, rotation and burned-in captions."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import pytest

from clipapi.pipeline.step import StepContext, StepOutput, StepTimeout
from clipapi.pipeline.steps.visual import VisualStep
from clipapi.schemas.result import VisualAnalysis
from clipapi.signals.visual_text import character_error_rate, similarity
from conftest import MEDIA_DIR, make_captions, make_media, media_step_context

VISUAL = "media_understanding.visual_analysis"
FPS = 30


@pytest.fixture(scope="module")
def analyse(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[Path], tuple[StepContext, StepOutput]]:
    """Run the step once per clip for the whole module."""
    done: dict[Path, tuple[StepContext, StepOutput]] = {}

    def run(path: Path) -> tuple[StepContext, StepOutput]:
        if path not in done:
            ctx = media_step_context(path, tmp_path_factory.mktemp("visual"))
            done[path] = (ctx, VisualStep().run(ctx))
        return done[path]

    return run


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("visual-clips")
    return {
        "cuts": make_media.make_clip(
            folder / "cuts.mp4", width=320, height=180, duration_s=3.0, cuts=(1.0, 2.0)
        ),
        "rotated": make_media.make_clip(
            folder / "rotated.mp4", width=320, height=180, duration_s=1.0, rotation=90
        ),
        "captions": make_captions.make_caption_clip(folder / "captions.mp4"),
        # The middle shot lasts 0.3 s, between two of the 2 fps samples.
        "short_shot": make_media.make_clip(
            folder / "short-shot.mp4", width=320, height=180, duration_s=2.0, cuts=(1.1, 1.4)
        ),
    }


def _analysis(output: StepOutput) -> dict[str, Any]:
    analysis: dict[str, Any] = output.fields[VISUAL]
    VisualAnalysis.model_validate(analysis)  # the schema's exact fields and ranges
    return analysis


def _jpeg(ctx: StepContext, n: int) -> np.ndarray[Any, Any]:
    local = ctx.storage.local_path(ctx.blob_key("keyframes", f"{n}.jpg"))
    assert local is not None
    image = cv2.imread(str(local))
    assert image is not None
    return image


def test_face_to_camera_static_single_take(analyse: Callable[..., Any]) -> None:
    ctx, output = analyse(MEDIA_DIR / "asl_thanks.mkv")
    analysis = _analysis(output)
    assert analysis["shot_count"] == 1
    assert output.signals["cut_times"] == []
    assert analysis["faces"]["presence_ratio"] == 1.0
    assert analysis["faces"]["max_faces"] == 1
    assert analysis["faces"]["face_to_camera_ratio"] >= 0.75
    assert analysis["camera_motion"]["dominant"] == "static"
    assert {"face-to-camera", "static-shot", "single-shot"} <= set(analysis["motifs"])
    assert analysis["cinematography"].startswith("Static camera, single shot")
    assert output.signals["first_frame_face"] is True
    assert output.signals["first_last_similarity"] > 0.8
    assert analysis["keyframes"][0] == {
        "frame_index": 0,
        "t": 0.0,
        "image_url": None,
        "shot_index": 0,
    }
    assert _jpeg(ctx, 0).shape[:2] == (480, 640)
    quality = analysis["quality"]
    assert 0.2 < quality["brightness"] < 0.8
    assert quality["letterboxing"] == 0.0
    assert output.model_versions["faces"] == "yunet-2023mar"
    assert output.warnings == []


def test_ocr_reads_the_printed_sweatshirt(analyse: Callable[..., Any]) -> None:
    _, output = analyse(MEDIA_DIR / "asl_again.mkv")
    texts = [item["text"] for item in _analysis(output)["on_screen_text"]]
    # A stylised logo, partly hidden by signing hands: close, not exact.
    assert any(similarity("MISFITS", text) >= 0.6 for text in texts), texts
    assert output.signals["first_frame_text"] is True
    assert output.model_versions["ocr"].startswith("rapidocr-")


def test_turning_head_gif(analyse: Callable[..., Any]) -> None:
    _, output = analyse(MEDIA_DIR / "head-pose-face-female.gif")
    analysis = _analysis(output)
    assert analysis["shot_count"] == 1
    assert analysis["faces"]["max_faces"] == 1
    assert analysis["faces"]["presence_ratio"] >= 0.75
    assert analysis["on_screen_text"] == []


def test_car_park_has_no_faces_and_a_still_camera(analyse: Callable[..., Any]) -> None:
    _, output = analyse(MEDIA_DIR / "car-park-6s.mp4")
    analysis = _analysis(output)
    assert analysis["shot_count"] == 1
    assert analysis["faces"]["presence_ratio"] == 0.0
    assert analysis["faces"]["max_faces"] == 0
    assert analysis["camera_motion"]["dominant"] == "static"
    assert "no-faces" in analysis["motifs"]
    assert len(output.signals["motion_per_s"]) == 6
    # A car drives in during the last second: more motion there than at the start.
    assert output.signals["motion_per_s"][-1] > 5 * output.signals["motion_per_s"][0]


def test_cuts_are_found_to_the_frame(
    analyse: Callable[..., Any], synthetic: dict[str, Path]
) -> None:
    ctx, output = analyse(synthetic["cuts"])
    analysis = _analysis(output)
    cuts = output.signals["cut_times"]
    assert len(cuts) == 2
    for found, truth in zip(cuts, make_media.CUT_TIMES_S, strict=True):
        assert abs(found - truth) <= 1 / FPS + 1e-6
    assert [(s["index"], s["start"], s["end"]) for s in analysis["shots"]] == [
        (0, 0.0, cuts[0]),
        (1, cuts[0], cuts[1]),
        (2, cuts[1], 3.0),
    ]
    assert analysis["cuts_per_minute"] == 40.0
    assert "fast-cuts" in analysis["motifs"]
    shots_with_keyframes = {k["shot_index"] for k in analysis["keyframes"]}
    assert shots_with_keyframes == {0, 1, 2}
    for n, keyframe in enumerate(analysis["keyframes"]):
        shot = analysis["shots"][keyframe["shot_index"]]
        assert shot["start"] <= keyframe["t"] < shot["end"]
        assert _jpeg(ctx, n).shape[:2] == (180, 320)
    # Bars with no corners: the camera's motion cannot be told, and the step says so.
    assert analysis["camera_motion"] is None
    assert any("camera motion not measured" in w for w in output.warnings)


def _with_frames_removed(source: Path, spans: list[tuple[int, int]], path: Path) -> Path:
    """`source`'s frames in `spans` (first, end) one after another: a jump cut at each join."""
    with av.open(str(source)) as container:
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    kept = [frames[i] for first, end in spans for i in range(first, end)]
    height, width = kept[0].shape[:2]
    return Path(
        make_captions._encode(path, lambda index: kept[index], len(kept), width, height, FPS)
    )


@pytest.mark.parametrize(
    ("name", "spans"),
    [
        ("asl_help.mkv", [(0, 18), (28, 45), (52, 58)]),
        ("asl_thanks.mkv", [(0, 20), (35, 51)]),
    ],
)
def test_frames_removed_from_a_recording_are_jump_cuts(
    name: str, spans: list[tuple[int, int]], tmp_path: Path
) -> None:
    clip = _with_frames_removed(MEDIA_DIR / name, spans, tmp_path / "jumps.mp4")
    output = VisualStep().run(media_step_context(clip, tmp_path))
    analysis = _analysis(output)
    joins = np.cumsum([end - first for first, end in spans])[:-1] / FPS
    assert output.signals["cut_times"] == pytest.approx(list(joins), abs=1e-3)
    assert output.signals["cut_kinds"] == ["jump"] * len(joins)
    assert [s["kind"] for s in analysis["shots"]] == [None] + ["jump"] * len(joins)
    duration = sum(end - first for first, end in spans) / FPS
    assert analysis["cuts_per_minute"] == pytest.approx(len(joins) * 60 / duration, abs=0.1)


def test_a_recording_without_frames_removed_has_no_jump(analyse: Callable[..., Any]) -> None:
    _, output = analyse(MEDIA_DIR / "asl_help.mkv")
    assert output.signals["cut_times"] == []
    assert [s["kind"] for s in _analysis(output)["shots"]] == [None]


def _filmed(source: Path, path: Path, kind: str) -> Path:
    """`source` played forwards then backwards (no jump) as a camera would film it: panning,
    zooming in, held by hand, or fading out and in again."""
    with av.open(str(source)) as container:
        frames = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    height, width = frames[0].shape[:2]
    count = 2 * len(frames) - 2
    shake = np.random.default_rng(7).normal(0.0, 3.0, (count, 2)).cumsum(axis=0) * 0.5
    size = (320, 180)

    def frame(index: int) -> np.ndarray[Any, Any]:
        picture = frames[index if index < len(frames) else count - index]
        progress = index / count
        scale = 320 / (0.8 * width) * (1.0 + 0.4 * progress if kind == "zoom" else 1.0)
        x = width / 2 + (0.2 * width * (progress - 0.5) if kind == "pan" else 0.0)
        y = height / 2
        if kind == "shake":
            x, y = x + shake[index, 0], y + shake[index, 1]
        matrix = np.float32([[scale, 0, 160 - x * scale], [0, scale, 90 - y * scale]])
        shown = cv2.warpAffine(picture, matrix, size, borderMode=cv2.BORDER_REFLECT)
        if kind == "fade":
            shown = (shown * min(1.0, abs(2 * progress - 1) * 1.5)).astype(np.uint8)
        return np.asarray(shown, dtype=np.uint8)

    return Path(make_captions._encode(path, frame, count, *size, FPS))


@pytest.mark.parametrize("kind", ["pan", "zoom", "shake", "fade"])
def test_a_camera_filming_a_recording_makes_no_cut(kind: str, tmp_path: Path) -> None:
    clip = _filmed(MEDIA_DIR / "asl_thanks.mkv", tmp_path / f"{kind}.mp4", kind)
    output = VisualStep().run(media_step_context(clip, tmp_path))
    assert output.signals["cut_times"] == []


def test_a_shot_shorter_than_the_sampling_period_gets_a_keyframe(
    analyse: Callable[..., Any], synthetic: dict[str, Path]
) -> None:
    _, output = analyse(synthetic["short_shot"])
    analysis = _analysis(output)
    assert output.signals["cut_times"] == [1.1, 1.4]
    middle = [k for k in analysis["keyframes"] if k["shot_index"] == 1]
    assert len(middle) == 1
    assert 1.1 <= middle[0]["t"] < 1.4


def test_a_rotated_clip_comes_out_upright(
    analyse: Callable[..., Any], synthetic: dict[str, Path]
) -> None:
    ctx, output = analyse(synthetic["rotated"])
    assert _analysis(output)["keyframes"]
    height, width = _jpeg(ctx, 0).shape[:2]
    assert (width, height) == (180, 320)


def test_burned_in_captions_are_read_and_timed(
    analyse: Callable[..., Any], synthetic: dict[str, Path]
) -> None:
    _, output = analyse(synthetic["captions"])
    found = _analysis(output)["on_screen_text"]
    truth = make_captions.DEFAULT_CAPTIONS
    read = " ".join(item["text"] for item in found)
    assert character_error_rate(" ".join(text for _, _, text in truth), read) <= 0.10
    assert len(found) == len(truth)
    for item, (start, end, _) in zip(found, truth, strict=True):
        assert abs(item["start"] - start) <= 0.5
        assert abs(item["end"] - end) <= 0.5
    assert output.signals["first_frame_text"] is True
    assert output.signals["ocr_reads"] == len(truth)  # one read per caption, no more


def test_max_duration_cuts_the_pass_short(synthetic: dict[str, Path], tmp_path: Path) -> None:
    ctx = media_step_context(synthetic["cuts"], tmp_path, max_duration_s=1.5)
    output = VisualStep().run(ctx)
    assert output.signals["duration_s"] <= 1.55
    assert output.signals["cut_times"] == [1.0]
    assert any("first 1.5 s" in w for w in output.warnings)


def test_the_deadline_stops_the_pass(synthetic: dict[str, Path], tmp_path: Path) -> None:
    ctx = media_step_context(synthetic["cuts"], tmp_path)
    ctx.deadline = time.monotonic() - 1
    with pytest.raises(StepTimeout):
        VisualStep().run(ctx)


def test_importing_the_step_loads_no_model() -> None:
    code = (
        "import sys, clipapi.app, clipapi.pipeline.steps.visual;"
        "print(sorted(m for m in ('rapidocr', 'onnxruntime') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
