"""The AnalysisResult built from step outputs: dotted fields, processing, null sections."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pipeline_fakes import FakeStep

from clipapi.kit.clock import utcnow
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.assemble import assemble
from clipapi.pipeline.merge import set_path
from clipapi.pipeline.step import StepOutput
from clipapi.schemas.result import AnalysisResult


def _row() -> Analysis:
    now = utcnow()
    return Analysis(
        id="job_0123456789ab",
        preset="full",
        external_id="ext-1",
        created_at=now - timedelta(seconds=3),
        started_at=now - timedelta(seconds=2),
    )


def _checkpoint(step: str, status: str, ms: int, output: dict[str, Any] | None = None) -> Any:
    return StepCheckpoint(
        analysis_id="job_0123456789ab", step=step, status=status, duration_ms=ms, output=output
    )


def test_set_path_builds_parents_merges_dicts_and_replaces_the_rest() -> None:
    target: dict[str, Any] = {"media": {"width": 1}, "source": "not a section"}

    set_path(target, "media.codecs.video", "h264")
    set_path(target, "media", {"height": 2})
    set_path(target, "source.platform", "upload")
    set_path(target, "media.width", 3)

    assert target == {
        "media": {"width": 3, "height": 2, "codecs": {"video": "h264"}},
        "source": {"platform": "upload"},
    }


def test_assemble_merges_fields_collects_versions_and_warnings_and_names_what_is_null() -> None:
    ingest, probe, keyframes, transcript = (
        FakeStep("ingest"),
        FakeStep("probe", ("ingest",)),
        FakeStep("keyframes", ("probe",)),
        FakeStep("transcript", ("probe",)),
    )
    outputs = {
        "ingest": StepOutput(fields={"source": {"platform": "upload", "filename": "a.mp4"}}),
        "probe": StepOutput(
            fields={"media": {"width": 1080, "height": 1920}, "media.fps": 30.0},
            warnings=["no audio stream"],
            model_versions={"probe": "pyav-14"},
        ),
        "keyframes": StepOutput(
            fields={
                "media.width": 720,  # a later step refines an earlier one
                "media_understanding.visual_analysis.keyframes": [{"frame_index": 0, "t": 0.0}],
            },
            model_versions={"keyframes": "uniform.v1"},
        ),
    }
    checkpoints = [
        _checkpoint("ingest", "done", 10),
        _checkpoint("probe", "done", 20),
        _checkpoint("keyframes", "done", 30),
        _checkpoint(
            "transcript", "failed", 40, {"error": {"code": "step_error", "message": "boom"}}
        ),
    ]
    plan = [ingest, probe, keyframes, transcript]

    result = assemble(_row(), checkpoints, outputs, plan)

    AnalysisResult.model_validate(result)
    assert (result["analysis_id"], result["status"], result["external_id"]) == (
        "job_0123456789ab",
        "completed",
        "ext-1",
    )
    assert result["source"]["filename"] == "a.mp4"
    assert (result["media"]["width"], result["media"]["height"]) == (720, 1920)
    assert result["media"]["fps"] == 30.0
    keyframes_out = result["media_understanding"]["visual_analysis"]["keyframes"]
    assert [k["frame_index"] for k in keyframes_out] == [0]
    processing = result["processing"]
    assert processing["preset"] == "full"
    assert processing["model_versions"] == {"probe": "pyav-14", "keyframes": "uniform.v1"}
    assert processing["steps"] == [
        {"name": "ingest", "status": "done", "duration_ms": 10, "error": None},
        {"name": "probe", "status": "done", "duration_ms": 20, "error": None},
        {"name": "keyframes", "status": "done", "duration_ms": 30, "error": None},
        {"name": "transcript", "status": "failed", "duration_ms": 40, "error": "boom"},
    ]
    assert processing["total_ms"] >= 2000
    warnings = processing["warnings"]
    assert warnings[:2] == ["no audio stream", "step transcript failed; its fields are null"]
    assert warnings[-1].startswith("not measured by the full preset: scores, ")
    missing = warnings[-1].split(": ", 1)[1].split(", ")
    assert "media_understanding.transcript" in missing
    assert "creator_intelligence" in missing
    assert "growth_intelligence" in missing
    assert "media_understanding.visual_analysis" not in missing
    assert "source" not in missing
    assert "media" not in missing


def test_a_step_without_a_checkpoint_reads_as_skipped() -> None:
    step = FakeStep("visual")

    result = assemble(_row(), [], {}, [step])

    assert result["processing"]["steps"] == [
        {"name": "visual", "status": "skipped", "duration_ms": 0, "error": None}
    ]
    assert "step visual skipped; its fields are null" in result["processing"]["warnings"]
    assert result["source"] is None
