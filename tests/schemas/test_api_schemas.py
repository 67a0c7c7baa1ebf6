"""Bodies of the analyses resource: submission rules and the reference's response examples."""

import json

import pytest
from pydantic import TypeAdapter, ValidationError

from clipapi.events.service import public
from clipapi.pipeline.registry import STEPS
from clipapi.schemas import (
    AnalysisCreate,
    AnalysisCreated,
    AnalysisFailed,
    AnalysisList,
    AnalysisStatus,
    PipelineDoneEvent,
    PipelineEvent,
    PipelineFailedEvent,
    StepDoneEvent,
    StepStartEvent,
)
from clipapi.schemas.api import PUBLIC_STEPS

# The `data:` lines of the reference's "Real-time Streaming" example, verbatim.
REFERENCE_STREAM = [
    '{"event": "step_start", "step": "ingest", "job_id": "job_a1b2c3d4e5f6"}',
    '{"event": "step_done", "step": "ingest", "duration_ms": 2340}',
    '{"event": "step_start", "step": "audio_analysis"}',
    '{"event": "step_done", "step": "audio_analysis", "duration_ms": 4120}',
    '{"event": "pipeline_done", "analysis_id": "job_a1b2c3d4e5f6"}',
]

EVENTS: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


def test_reference_submission_is_accepted_with_defaults() -> None:
    body = AnalysisCreate.model_validate_json(
        '{"video_url": "https://www.tiktok.com/@creator/video/7234567890"}'
    )

    assert body.pipeline_preset == "full"
    assert body.storage_path is None


def test_storage_path_alone_is_accepted() -> None:
    body = AnalysisCreate.model_validate(
        {"storage_path": "s3://bucket/videos/a.mp4", "pipeline_preset": "meta_only"}
    )

    assert body.storage_path == "s3://bucket/videos/a.mp4"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"pipeline_preset": "full"},
        {"video_url": "https://example.com/a.mp4", "storage_path": "s3://bucket/a.mp4"},
    ],
)
def test_exactly_one_of_video_url_and_storage_path(body: dict[str, str]) -> None:
    with pytest.raises(ValidationError, match="exactly one of video_url or storage_path"):
        AnalysisCreate.model_validate(body)


@pytest.mark.parametrize(
    "body",
    [
        {"video_url": ""},
        {"video_url": "ftp://example.com/a.mp4"},
        {"video_url": "example.com/a.mp4"},
        {"video_url": "https://example.com/" + "a" * 2048},
        {"storage_path": "bucket/key"},
        {"storage_path": "s3://bucket"},
        {"storage_path": "s3:///key"},
        {"video_url": "https://example.com/a.mp4", "pipeline_preset": "fast"},
        {"video_url": "https://example.com/a.mp4", "external_id": "x" * 256},
        {"video_url": "https://example.com/a.mp4", "webhook_url": "file:///etc/passwd"},
        {"video_url": "https://example.com/a.mp4", "webhook_url": "https://h/" + "a" * 2048},
    ],
)
def test_bad_submissions_are_refused(body: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        AnalysisCreate.model_validate(body)


def test_unknown_submission_fields_are_ignored() -> None:
    body = AnalysisCreate.model_validate(
        {"video_url": "https://example.com/a.mp4", "owner_id": "someone-else"}
    )

    assert "owner_id" not in body.model_dump()


def test_reference_created_and_in_progress_examples_validate() -> None:
    created = AnalysisCreated.model_validate_json(
        '{"analysis_id": "job_a1b2c3d4e5f6", "status": "queued",'
        ' "stream_url": "/api/v1/analyses/job_a1b2c3d4e5f6/stream"}'
    )
    status = AnalysisStatus.model_validate_json(
        '{"analysis_id": "job_a1b2c3d4e5f6", "status": "processing",'
        ' "current_step": "visual_analysis"}'
    )

    assert created.external_id is None
    assert status.current_step == "visual_analysis"
    with pytest.raises(ValidationError):
        AnalysisStatus(analysis_id="job_1", status="processing", progress=1.5)


def test_failed_and_list_bodies() -> None:
    failed = AnalysisFailed.model_validate(
        {"analysis_id": "job_1", "error": {"code": "fetch_failed", "message": "404 from host"}}
    )
    page = AnalysisList.model_validate(
        {"data": [{"analysis_id": "job_1", "status": "completed", "preset": "full"}]}
    )

    assert failed.status == "failed"
    assert page.next_cursor is None
    assert page.data[0].completed_at is None


def test_reference_stream_payloads_parse_into_their_event_models() -> None:
    events = [EVENTS.validate_json(line) for line in REFERENCE_STREAM]

    assert [type(e) for e in events] == [
        StepStartEvent,
        StepDoneEvent,
        StepStartEvent,
        StepDoneEvent,
        PipelineDoneEvent,
    ]
    assert [json.loads(e.model_dump_json(exclude_none=True)) for e in events] == [
        json.loads(line) for line in REFERENCE_STREAM
    ]


def test_event_payloads_name_their_event() -> None:
    event = PipelineFailedEvent(analysis_id="job_1", code="timeout")

    assert json.loads(event.model_dump_json())["event"] == "pipeline_failed"
    with pytest.raises(ValidationError):
        EVENTS.validate_python({"event": "step_paused", "step": "ingest"})


def test_step_names_in_the_contract_are_the_registry_steps() -> None:
    assert set(PUBLIC_STEPS) == set(STEPS)


def test_stored_events_are_served_without_messages() -> None:
    stored_step = {
        "event": "step_failed",
        "step": "transcription",
        "job_id": "job_1",
        "duration_ms": 40,
        "error": "decoder said /srv/private/path.mp4 is broken",
        "code": "step_error",
    }
    stored_end = {
        "event": "pipeline_failed",
        "analysis_id": "job_1",
        "error": {"code": "invalid_media", "message": "not a video: /srv/x"},
    }

    assert public(stored_step) == {
        "event": "step_failed",
        "step": "transcription",
        "job_id": "job_1",
        "duration_ms": 40,
        "code": "step_error",
    }
    assert public(stored_end) == {
        "event": "pipeline_failed",
        "analysis_id": "job_1",
        "code": "invalid_media",
    }
