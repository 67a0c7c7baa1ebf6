"""The whole `full` pipeline on awkward inputs: each ends completed with honest nulls and
warnings, or failed with a clear code; never a crash or a hang."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from pipeline_fakes import Harness

from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.runner import PipelineRunner
from conftest import MEDIA_DIR, make_media


@pytest.fixture
def pipeline(tmp_path: Path) -> Iterator[Harness]:
    with Harness.open(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}") as harness:
        yield harness


def analyse(pipeline: Harness, media: Path) -> dict[str, Any]:
    analysis_id = pipeline.new_analysis()
    pipeline.storage.put_file(f"analyses/{analysis_id}/upload/source.mp4", media)
    settings = pipeline.settings.model_copy(update={"analysis_timeout_s": 240.0})
    PipelineRunner(pipeline.db, pipeline.storage, settings, HostPolicy()).run(analysis_id)
    row = pipeline.ended(analysis_id)
    if row.status == "failed":
        return {"status": "failed", "error": {"code": row.error_code, "message": row.error_message}}
    assert row.result is not None
    return dict(row.result)


def variable_frame_rate(path: Path) -> Path:
    """Frames 20 ms and 60 ms apart in turn: an average of 25 fps that no single rate fits."""
    with av.open(str(path), mode="w", format="mp4") as output:
        stream = output.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        pts = 0
        for index in range(60):
            image = np.full((240, 320, 3), (index * 4) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = pts, Fraction(1, 1000)
            output.mux(stream.encode(frame))
            pts += 20 if index % 2 else 60
        output.mux(stream.encode(None))
    return path


Maker = Callable[[Path], Path]
CASES: dict[str, Maker] = {
    "no_audio_track": lambda tmp: MEDIA_DIR / "asl_thanks.mkv",
    "digital_silence": lambda tmp: MEDIA_DIR / "car-park-6s.mp4",
    "one_second": lambda tmp: make_media.make_clip(tmp / "short.mp4", duration_s=1.0),
    "rotated_phone": lambda tmp: make_media.make_clip(
        tmp / "rotated.mp4", width=320, height=180, duration_s=2.0, rotation=90
    ),
    "variable_frame_rate": lambda tmp: variable_frame_rate(tmp / "vfr.mp4"),
    "huge_frame": lambda tmp: make_media.make_clip(
        tmp / "uhd.mp4", width=3840, height=2160, fps=4, duration_s=1.0, audio=False
    ),
    "audio_only": lambda tmp: MEDIA_DIR / "jfk.flac",
}


def _no_audio(result: dict[str, Any], warnings: str) -> None:
    assert result["media"]["has_audio"] is False
    assert result["media_understanding"]["transcript"] is None
    assert "no audio track" in warnings


def _digital_silence(result: dict[str, Any], warnings: str) -> None:
    understanding = result["media_understanding"]
    assert understanding["audio_analysis"]["music"]["present"] is False
    assert understanding["transcript"]["word_count"] == 0


def _rotated(result: dict[str, Any], warnings: str) -> None:
    assert result["media"]["orientation"] == "portrait"
    assert result["media"]["rotation"] == 90


def _variable_frame_rate(result: dict[str, Any], warnings: str) -> None:
    assert result["media"]["duration_s"] == pytest.approx(2.4, abs=0.15)
    assert result["media_understanding"]["visual_analysis"]["shot_count"] >= 1


def _nothing_more(result: dict[str, Any], warnings: str) -> None:
    """Ending completed, with the checks every case gets, is the point."""


# What each completed case shows beyond what every case shows.
COMPLETED: dict[str, Callable[[dict[str, Any], str], None]] = {
    "no_audio_track": _no_audio,
    "digital_silence": _digital_silence,
    "one_second": _nothing_more,
    "rotated_phone": _rotated,
    "variable_frame_rate": _variable_frame_rate,
    "huge_frame": _no_audio,
}


@pytest.mark.parametrize("case", list(COMPLETED))
def test_awkward_media_ends_cleanly(pipeline: Harness, tmp_path: Path, case: str) -> None:
    result = analyse(pipeline, CASES[case](tmp_path))
    assert result["status"] == "completed", result
    warnings = " ".join(result["processing"]["warnings"])
    statuses = {s["name"]: s["status"] for s in result["processing"]["steps"]}
    assert statuses["probe"] == "done"
    assert statuses["visual_analysis"] == "done", result["processing"]["steps"]
    assert result["scores"] is not None
    COMPLETED[case](result, warnings)


def test_audio_without_a_picture_fails_as_invalid_media(pipeline: Harness, tmp_path: Path) -> None:
    result = analyse(pipeline, CASES["audio_only"](tmp_path))
    assert result["status"] == "failed"
    assert result["error"]["code"] == "invalid_media"
