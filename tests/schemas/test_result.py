"""The AnalysisResult models accept the reference's wire format and keep its field types."""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from clipapi.schemas import (
    SCORE_NAMES,
    AnalysisResult,
    CreatorIntelligence,
    GrowthIntelligence,
    MediaUnderstanding,
    Processing,
    Scores,
    null_sections,
)
from clipapi.schemas.result import RetentionPoint

# The JSON blocks of the public reference's "Response Schema" section, verbatim.
REFERENCE_LAYER_1 = """
{
  "content_overview": {
    "title": "How I Grew 100K in 30 Days",
    "summary": "Creator shares a step-by-step growth strategy...",
    "category": "Educational",
    "format": "talking_head_with_broll"
  },
  "transcript": {
    "full_text": "So today I want to show you...",
    "segments": [
      {"start": 0.0, "end": 3.2, "speaker": "A", "text": "...", "confidence": 0.97}
    ],
    "language": "en",
    "word_count": 342
  },
  "visual_analysis": {
    "keyframes": [
      {"frame_index": 0, "t": 0.0, "image_url": "https://..."}
    ],
    "cinematography": "handheld, close-up dominant",
    "motifs": ["face-to-camera", "text-overlay"]
  },
  "audio_analysis": {
    "speech": {"language": "en", "speech_rate_wpm_est": 162},
    "music": {"track_title": "Aesthetic — Tollan Kim", "present": true, "bpm_estimate": 124}
  },
  "entities": {
    "people": ["@creator_handle"],
    "brands": ["Nike"],
    "topics": ["social media growth", "content strategy"],
    "hashtags": ["#growthhack", "#tiktoktips"]
  }
}
"""

REFERENCE_LAYER_2 = """
{
  "hook_analysis": {
    "score": 82,
    "hook_type": "curiosity_gap",
    "primary_hook": "Opens with a 'what if' question...",
    "suggestions": ["Add pattern interrupt in first 0.5s"]
  },
  "retention_analysis": {
    "retention_score": 74,
    "drop_risk_moments": [
      {"timestamp": 6.1, "severity": "minor", "reason": "Scene transition"}
    ],
    "pacing": "fast"
  },
  "story_structure": {
    "logline": "Creator reveals an algorithm hack...",
    "beats": ["hook", "problem", "solution", "proof", "cta"]
  }
}
"""

REFERENCE_LAYER_3 = """
{
  "virality_model": {
    "score": 67,
    "predicted_view_range": {"low": 5000, "expected": 15000, "high": 80000},
    "factors": ["strong hook", "trending topic"],
    "completion_pressure": 0.72
  },
  "platform_fit": {
    "platform": "tiktok",
    "algorithm_alignment": 0.81,
    "share_probability": 0.34,
    "loopability": 0.45
  },
  "trend_alignment": {
    "uses_trending_audio": true,
    "trend_category": "creator_economy",
    "cycle_stage": "growth"
  },
  "predicted_retention_curve": [
    {"t": 0, "retention": 1.0},
    {"t": 5, "retention": 0.82},
    {"t": 15, "retention": 0.61},
    {"t": 30, "retention": 0.48}
  ]
}
"""

REFERENCE_SCORES = {
    "hook_strength": 82,
    "retention_design": 74,
    "visual_clarity": 70,
    "audio_clarity": 88,
    "cta_effectiveness": 40,
    "educational_value": 65,
    "overall_creator_clarity": 72,
    "confidence_overall": 90,
}


def _span(start: float, end: float) -> dict[str, float]:
    return {"start": start, "end": end}


_FACTOR = {"factor": "time_to_first_word", "effect": -4.5, "value": 1.2, "t": 1.2}

COMPLETE_RESULT: dict[str, Any] = {
    "analysis_id": "job_a1b2c3d4e5f6",
    "status": "completed",
    "external_id": "campaign-42",
    "source": {
        "url": "https://www.tiktok.com/@creator/video/7234567890",
        "platform": "tiktok",
        "source_type": "platform_url",
        "video_id": "7234567890",
        "author": "creator",
        "author_name": "The Creator",
        "title": "How I Grew 100K in 30 Days",
        "description": "My plan #growthhack @brand",
        "hashtags": ["#growthhack"],
        "mentions": ["@brand"],
        "publish_date": "2025-03-01T12:00:00Z",
        "view_count": 120000,
        "like_count": 9000,
        "comment_count": 300,
        "share_count": 150,
        "follower_count": 50000,
        "duration_s": 31.5,
        "filename": None,
        "storage_path": None,
    },
    "media": {
        "duration_s": 31.5,
        "width": 1080,
        "height": 1920,
        "aspect_ratio": "9:16",
        "orientation": "portrait",
        "fps": 30.0,
        "rotation": 90,
        "has_audio": True,
        "codecs": {"video": "h264", "audio": "aac"},
        "bitrate": 2_500_000,
        "size_bytes": 9_845_000,
        "container": "mp4",
    },
    "scores": dict(REFERENCE_SCORES),
    "score_details": {name: {"factors": [_FACTOR], "method": "x.v1"} for name in SCORE_NAMES},
    "media_understanding": {
        "content_overview": {
            "title": "How I Grew 100K in 30 Days",
            "summary": "Creator shares a growth plan.",
            "category": "Educational",
            "category_score": 0.62,
            "format": "talking_head_with_broll",
            "language": "en",
        },
        "transcript": {
            "full_text": "What if you could grow faster?",
            "segments": [
                {
                    **_span(0.3, 2.1),
                    "speaker": "A",
                    "text": "What if you could grow faster?",
                    "confidence": 0.93,
                    "words": [{**_span(0.3, 0.5), "word": "What", "probability": 0.99}],
                }
            ],
            "language": "en",
            "language_probability": 0.98,
            "word_count": 6,
        },
        "visual_analysis": {
            "keyframes": [
                {"frame_index": 0, "t": 0.0, "image_url": "https://x/0.jpg", "shot_index": 0}
            ],
            "shots": [{"index": 0, **_span(0.0, 4.2), "camera_motion": "handheld", "kind": None}],
            "shot_count": 1,
            "cuts_per_minute": 11.4,
            "cinematography": "Handheld close-ups with quick cuts.",
            "camera_motion": {"dominant": "handheld", "shares": {"handheld": 0.8, "static": 0.2}},
            "motifs": ["face-to-camera"],
            "on_screen_text": [{**_span(0.0, 1.5), "text": "100K IN 30 DAYS", "confidence": 0.9}],
            "faces": {
                "presence_ratio": 0.85,
                "face_to_camera_ratio": 0.7,
                "max_faces": 1,
                "mean_face_area": 0.18,
            },
            "quality": {
                "brightness": 0.52,
                "contrast": 0.21,
                "sharpness": 143.0,
                "colorfulness": 38.5,
                "letterboxing": 0.0,
            },
        },
        "audio_analysis": {
            "speech": {
                "language": "en",
                "speech_rate_wpm_est": 162,
                "speech_ratio": 0.74,
                "speaker_count": 1,
                "longest_pause_s": 0.9,
                "spans": [_span(0.3, 30.8)],
            },
            "music": {
                "present": True,
                "track_title": "Aesthetic",
                "artist": "Tollan Kim",
                "bpm_estimate": 124,
                "confidence": 0.88,
                "music_ratio": 0.95,
                "spans": [_span(0.0, 31.5)],
            },
            "loudness": {"integrated_lufs": -14.2, "true_peak_dbfs": -1.1, "loudness_range": 6.3},
            "silence_ratio": 0.04,
            "clipping_ratio": 0.0,
        },
        "entities": {
            "people": ["@creator"],
            "organisations": ["TikTok"],
            "brands": ["Nike"],
            "places": ["Lisbon"],
            "topics": ["social media growth"],
            "keywords": ["followers"],
            "hashtags": ["#growthhack"],
            "mentions": ["@brand"],
        },
        "sentiment": {"label": "positive", "score": 0.6, "confidence": 0.8},
    },
    "creator_intelligence": {
        "hook_analysis": {
            "score": 82,
            "hook_type": "question",
            "primary_hook": "Opens with 'What if you could grow faster?'",
            "hook_window_s": 2.1,
            "signals": {
                "time_to_first_word_s": 0.3,
                "first_line": "What if you could grow faster?",
                "is_question": True,
                "has_number": False,
                "direct_address": True,
                "curiosity_gap": True,
                "bold_claim": False,
                "text_in_first_second": True,
                "face_in_first_frame": True,
                "cut_in_first_2s": False,
                "motion_in_first_2s": True,
                "loudness_onset_lu": 1.5,
                "hook_source": "both",
                "opening_text": "Grow faster",
                "text_flash": False,
                "hook_type_margin": 0.061,
                "hook_type_method": "e5",
            },
            "suggestions": ["Cut within the first 2 s"],
        },
        "retention_analysis": {
            "retention_score": 74,
            "drop_risk_moments": [
                {
                    "timestamp": 12.0,
                    "severity": "moderate",
                    "reason": "2.5 s of silence",
                    "kind": "silence",
                    "duration_s": 2.5,
                }
            ],
            "pacing": "fast",
        },
        "story_structure": {
            "logline": "A creator explains a growth plan.",
            "beats": ["hook", "cta"],
            "beat_spans": [{"beat": "hook", **_span(0.0, 2.1)}, {"beat": "cta", **_span(29, 31)}],
        },
        "cta": {
            "present": True,
            "type": "follow",
            "text": "follow for more",
            "timestamp": 29.4,
            "spoken": True,
            "shown": False,
        },
        "clip_suggestions": [
            {
                **_span(0.0, 20.0),
                "score": 70,
                "hook_score": 82,
                "opening_line": "What if you could grow faster?",
                "reasons": ["opens on a question"],
            }
        ],
    },
    "growth_intelligence": {
        "virality_model": {
            "score": 67,
            "predicted_view_range": {"low": 5000, "expected": 15000, "high": 80000},
            "view_range_basis": "creator_counts",
            "factors": ["strong hook"],
            "evidence": [_FACTOR],
            "completion_pressure": 0.72,
        },
        "platform_fit": {
            "platform": "tiktok",
            "duration_fit": 0.9,
            "aspect_ratio_fit": 1.0,
            "algorithm_alignment": 0.81,
            "share_probability": 0.34,
            "loopability": 0.45,
            "recommendations": ["End on the opening frame"],
        },
        "trend_alignment": {
            "uses_trending_audio": True,
            "trend_category": "creator_economy",
            "cycle_stage": "growth",
            "matched_trends": [
                {
                    "trend": "growth hacks",
                    "category": "creator_economy",
                    "cycle_stage": "growth",
                    "similarity": 0.71,
                    "matched": ["#tiktoktips", "content strategy"],
                }
            ],
        },
        "predicted_retention_curve": [{"t": 0, "retention": 1.0}, {"t": 5, "retention": 0.8}],
    },
    "processing": {
        "preset": "full",
        "steps": [{"name": "ingest", "status": "done", "duration_ms": 2340, "error": None}],
        "total_ms": 18000,
        "started_at": "2025-03-02T10:00:00Z",
        "completed_at": "2025-03-02T10:00:18Z",
        "model_versions": {"asr": "faster-whisper base", "hook": "hook.v1"},
        "warnings": [],
    },
    "error": None,
}


def _minimal(**sections: Any) -> dict[str, Any]:
    return {"analysis_id": "job_a1b2c3d4e5f6", "status": "completed", "processing": {}, **sections}


def _full_reference_result() -> dict[str, Any]:
    return _minimal(
        source={"url": "https://www.tiktok.com/@creator/video/7234567890", "platform": "tiktok"},
        media={"duration_s": 31.5, "aspect_ratio": "9:16"},
        scores=dict(REFERENCE_SCORES),
        media_understanding=json.loads(REFERENCE_LAYER_1),
        creator_intelligence=json.loads(REFERENCE_LAYER_2),
        growth_intelligence=json.loads(REFERENCE_LAYER_3),
    )


@pytest.mark.parametrize(
    ("model", "fragment"),
    [
        (MediaUnderstanding, REFERENCE_LAYER_1),
        (CreatorIntelligence, REFERENCE_LAYER_2),
        (GrowthIntelligence, REFERENCE_LAYER_3),
    ],
)
def test_reference_layer_examples_validate_and_round_trip(
    model: type[MediaUnderstanding | CreatorIntelligence | GrowthIntelligence], fragment: str
) -> None:
    parsed = model.model_validate_json(fragment)

    assert parsed.model_dump(mode="json", exclude_none=True) == json.loads(fragment)


def test_reference_example_keeps_its_field_types_on_the_wire() -> None:
    result = AnalysisResult.model_validate(_full_reference_result())
    wire = json.loads(result.model_dump_json())

    assert wire["scores"] == REFERENCE_SCORES
    assert all(type(value) is int for value in wire["scores"].values())
    creator = wire["creator_intelligence"]
    assert type(creator["hook_analysis"]["score"]) is int
    assert creator["story_structure"]["beats"] == ["hook", "problem", "solution", "proof", "cta"]
    growth = wire["growth_intelligence"]
    assert growth["virality_model"]["factors"] == ["strong hook", "trending topic"]
    assert growth["virality_model"]["predicted_view_range"] == {
        "low": 5000,
        "expected": 15000,
        "high": 80000,
    }
    assert type(growth["virality_model"]["score"]) is int
    speech = wire["media_understanding"]["audio_analysis"]["speech"]
    assert type(speech["speech_rate_wpm_est"]) is int
    assert wire["media_understanding"]["entities"]["people"] == ["@creator_handle"]


def test_richer_sibling_fields_sit_beside_the_reference_fields() -> None:
    data = _full_reference_result()
    data["creator_intelligence"]["story_structure"]["beat_spans"] = [
        {"beat": "hook", "start": 0.0, "end": 2.8}
    ]
    data["growth_intelligence"]["virality_model"]["evidence"] = [
        {"factor": "time_to_first_word", "effect": 6.5, "value": 0.3, "t": 0.3}
    ]
    data["score_details"] = {
        "hook_strength": {
            "method": "hook.v1",
            "factors": [
                {"factor": "is_question", "effect": 8, "value": True, "t": 0.3},
                {"factor": "first_line", "effect": 0, "value": "What if...", "t": None},
            ],
        }
    }

    result = AnalysisResult.model_validate(data)

    assert result.creator_intelligence is not None
    assert result.creator_intelligence.story_structure is not None
    assert result.creator_intelligence.story_structure.beats == [
        "hook",
        "problem",
        "solution",
        "proof",
        "cta",
    ]
    assert result.score_details is not None
    assert result.score_details.hook_strength is not None
    factors = result.score_details.hook_strength.factors
    assert [f.value for f in factors] == [True, "What if..."]
    assert result.score_details.visual_clarity is None


def test_minimal_result_validates_and_serialises_with_nulls() -> None:
    result = AnalysisResult.model_validate(_minimal())
    wire = json.loads(result.model_dump_json())

    for section in (
        "external_id",
        "source",
        "media",
        "scores",
        "score_details",
        "media_understanding",
        "creator_intelligence",
        "growth_intelligence",
        "error",
    ):
        assert wire[section] is None
    assert wire["processing"]["warnings"] == []
    assert wire["processing"]["model_versions"] == {}


@pytest.mark.parametrize(
    ("given", "expected"),
    [("20250301", "2025-03-01T00:00:00Z"), ("2025-03-01T12:00:00Z", "2025-03-01T12:00:00Z")],
)
def test_publish_date_reads_compact_platform_dates(given: str, expected: str) -> None:
    result = AnalysisResult.model_validate(_minimal(source={"publish_date": given}))

    assert json.loads(result.model_dump_json())["source"]["publish_date"] == expected


def test_failed_result_carries_its_error() -> None:
    result = AnalysisResult.model_validate(
        {
            "analysis_id": "job_a1b2c3d4e5f6",
            "status": "failed",
            "processing": {"preset": "full", "steps": [{"name": "probe", "status": "failed"}]},
            "error": {"code": "duration_exceeded", "message": "Video is 301 s; plan allows 120 s"},
        }
    )

    assert result.error is not None
    assert result.error.code == "duration_exceeded"


@pytest.mark.parametrize("missing", ["analysis_id", "status", "processing"])
def test_structural_fields_are_required(missing: str) -> None:
    data = _minimal()
    del data[missing]

    with pytest.raises(ValidationError):
        AnalysisResult.model_validate(data)


def test_unknown_fields_in_stored_results_are_ignored() -> None:
    data = _minimal(scores={"hook_strength": 50, "future_score": 3}, renamed_section={})

    result = AnalysisResult.model_validate(data)

    assert result.scores == Scores(hook_strength=50)


@pytest.mark.parametrize("value", [101, -1, "85", 85.5, True])
def test_scores_are_integers_from_0_to_100(value: object) -> None:
    with pytest.raises(ValidationError):
        Scores.model_validate({"hook_strength": value})


def test_a_score_not_measured_is_null() -> None:
    assert Scores.model_validate({"hook_strength": None}).hook_strength is None


@pytest.mark.parametrize("value", ['"85"', "85.5", "101"])
def test_scores_refuse_non_integers_in_json(value: str) -> None:
    with pytest.raises(ValidationError):
        Scores.model_validate_json(f'{{"confidence_overall": {value}}}')


@pytest.mark.parametrize(
    ("layer", "section", "field"),
    [
        ("creator_intelligence", "story_structure", "beats"),
        ("growth_intelligence", "virality_model", "factors"),
        ("media_understanding", "entities", "people"),
        ("media_understanding", "entities", "brands"),
        ("media_understanding", "entities", "topics"),
        ("media_understanding", "entities", "hashtags"),
    ],
)
def test_reference_string_lists_refuse_objects(layer: str, section: str, field: str) -> None:
    data = _minimal(**{layer: {section: {field: [{"beat": "hook", "start": 0, "end": 2}]}}})

    with pytest.raises(ValidationError):
        AnalysisResult.model_validate(data)


@pytest.mark.parametrize(
    ("layer", "section", "field"),
    [
        ("growth_intelligence", "platform_fit", "algorithm_alignment"),
        ("growth_intelligence", "platform_fit", "share_probability"),
        ("growth_intelligence", "platform_fit", "loopability"),
        ("growth_intelligence", "virality_model", "completion_pressure"),
    ],
)
def test_probabilities_stay_within_0_and_1(layer: str, section: str, field: str) -> None:
    with pytest.raises(ValidationError):
        AnalysisResult.model_validate(_minimal(**{layer: {section: {field: 1.5}}}))


def test_null_sections_names_every_null_section_of_an_empty_result() -> None:
    result = AnalysisResult(analysis_id="job_1", status="completed", processing=Processing())

    assert null_sections(result) == [
        "source",
        "media",
        "scores",
        "media_understanding",
        "creator_intelligence",
        "growth_intelligence",
    ]


def test_null_sections_descends_two_levels_and_into_scores() -> None:
    data = _full_reference_result()
    del data["scores"]["audio_clarity"]
    data["media_understanding"]["visual_analysis"]["faces"] = {"presence_ratio": 0.8}
    del data["creator_intelligence"]["story_structure"]

    missing = null_sections(AnalysisResult.model_validate(data))

    assert "scores.audio_clarity" in missing
    assert [p for p in missing if p.startswith("scores.")] == ["scores.audio_clarity"]
    assert "creator_intelligence.story_structure" in missing
    assert "creator_intelligence.cta" in missing
    assert "media_understanding.sentiment" in missing
    assert "media_understanding.audio_analysis.loudness" in missing
    assert "media_understanding.visual_analysis.quality" in missing
    assert "growth_intelligence.virality_model.evidence" not in missing  # a list, not a section
    assert "media_understanding.visual_analysis.faces" not in missing
    assert "media_understanding.visual_analysis.faces.max_faces" not in missing  # 3 levels
    assert "creator_intelligence.hook_analysis.signals" in missing
    assert not any(p.startswith(("source", "media.")) for p in missing)


def test_every_field_of_a_complete_result_round_trips() -> None:
    # Round-tripping proves no key here is silently dropped by extra="ignore".
    result = AnalysisResult.model_validate(COMPLETE_RESULT)

    assert result.model_dump(mode="json") == COMPLETE_RESULT
    assert null_sections(result) == []


async def test_openapi_document_builds_and_serves_the_result() -> None:
    app = FastAPI()

    @app.get("/v1/analyses/{analysis_id}")
    def get_analysis(analysis_id: str) -> AnalysisResult:
        return AnalysisResult(analysis_id=analysis_id, status="completed", processing=Processing())

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        document = (await client.get("/openapi.json")).json()
        served = (await client.get("/v1/analyses/job_a1b2c3d4e5f6")).json()

    schemas = document["components"]["schemas"]
    for name in ("AnalysisResult", "Scores", "ScoreDetails", "MediaUnderstanding", "Processing"):
        assert name in schemas
    hook_strength = schemas["Scores"]["properties"]["hook_strength"]["anyOf"][0]
    assert (hook_strength["type"], hook_strength["minimum"], hook_strength["maximum"]) == (
        "integer",
        0,
        100,
    )
    assert schemas["AnalysisResult"]["description"] == "The full analysis of one video."
    assert served["analysis_id"] == "job_a1b2c3d4e5f6"
    assert served["scores"] is None


def test_score_names_match_the_scores_model() -> None:
    assert tuple(Scores.model_fields) == SCORE_NAMES


def test_a_stored_curve_with_a_fractional_end_still_loads_in_whole_seconds() -> None:
    point = RetentionPoint.model_validate({"t": 61.3, "retention": 0.4})
    assert point.t == 61
    assert point.model_dump(mode="json") == {"t": 61, "retention": 0.4}
