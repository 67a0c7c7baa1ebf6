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


@pytest.mark.parametrize("case", list(CASES))
def test_awkward_media_ends_cleanly(pipeline: Harness, tmp_path: Path, case: str) -> None:
    result = analyse(pipeline, CASES[case](tmp_path))
    if case == "audio_only":
        assert result["status"] == "failed"
        assert result["error"]["code"] == "invalid_media"
        return
    assert result["status"] == "completed", result
    warnings = " ".join(result["processing"]["warnings"])
    statuses = {s["name"]: s["status"] for s in result["processing"]["steps"]}
    assert statuses["probe"] == "done"
    assert statuses["visual_analysis"] == "done", result["processing"]["steps"]
    assert result["scores"] is not None
    understanding = result["media_understanding"]
    if case in ("no_audio_track", "huge_frame"):
        assert result["media"]["has_audio"] is False
        assert understanding["transcript"] is None
        assert "no audio track" in warnings
    if case == "digital_silence":
        assert understanding["audio_analysis"]["music"]["present"] is False
        assert understanding["transcript"]["word_count"] == 0
    if case == "rotated_phone":
        assert result["media"]["orientation"] == "portrait"
        assert result["media"]["rotation"] == 90
    if case == "variable_frame_rate":
        assert result["media"]["duration_s"] == pytest.approx(2.4, abs=0.15)
        assert understanding["visual_analysis"]["shot_count"] >= 1
