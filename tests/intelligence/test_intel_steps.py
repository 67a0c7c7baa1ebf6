"""The creator, growth and scores steps: their outputs fit the AnalysisResult contract (wire
types of the reference included), and they run in the real pipeline runner."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from intel_samples import step_outputs, talking_tutorial
from sqlalchemy import delete

from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.intelligence.layers import CreatorLayer
from clipapi.intelligence.story import BeatSpan, Story
from clipapi.intelligence.trends import TrendEntry
from clipapi.kit import ids
from clipapi.kit.clock import utcnow
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.models import Analysis, StepCheckpoint, User
from clipapi.models.trend import Trend
from clipapi.pipeline.assemble import assemble
from clipapi.pipeline.contracts import CreatorSignals
from clipapi.pipeline.layer_inputs import INPUT_STEPS
from clipapi.pipeline.registry import Registry, steps_for_preset
from clipapi.pipeline.runner import PipelineRunner
from clipapi.pipeline.step import JobRequest, Step, StepContext, StepOutput
from clipapi.pipeline.steps.creator import CreatorStep, creator_output
from clipapi.pipeline.steps.growth import GrowthStep
from clipapi.pipeline.steps.scores import ScoresStep
from clipapi.schemas.result import SCORE_NAMES
from clipapi.storage.local import LocalBlobStore
from clipapi.trends.service import Catalog
from conftest import make_settings

STEPS = (CreatorStep(), GrowthStep(), ScoresStep())


def _context(settings: Settings, outputs: dict[str, StepOutput], tmp_path: Path) -> StepContext:
    request = JobRequest("job_test", "full", "upload", None, None, "k", "clip.mp4", None)
    return StepContext(
        request=request,
        settings=settings,
        storage=LocalBlobStore(tmp_path / "blobs"),
        policy=HostPolicy(),
        workdir=tmp_path,
        deadline=1e12,
        outputs=outputs,
    )


def _run_all(settings: Settings, outputs: dict[str, StepOutput], tmp_path: Path) -> dict[str, Any]:
    """The three steps in order on the given inputs, as checkpointed, then the runner's own
    assembler over every step that ran (its timing fields left out, so two runs compare)."""
    ctx = _context(settings, dict(outputs), tmp_path)
    for step in STEPS:
        ctx.outputs[step.name] = StepOutput.from_json(step.run(ctx).to_json())
    plan = [step for step in steps_for_preset("full") if step.name in ctx.outputs]
    row = Analysis(id="job_test", preset="full", external_id=None, created_at=utcnow())
    done = [StepCheckpoint(step=step.name, status="done", duration_ms=0) for step in plan]
    result = assemble(row, done, ctx.outputs, plan)
    for timing in ("steps", "total_ms", "started_at", "completed_at"):
        result["processing"].pop(timing)
    return result


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path)


def test_the_steps_fill_layers_2_and_3_and_the_scores_with_reference_wire_types(
    settings: Settings, tmp_path: Path
) -> None:
    result = _run_all(settings, step_outputs(), tmp_path)

    scores = result["scores"]
    assert set(scores) == set(SCORE_NAMES)
    assert all(type(v) is int and 0 <= v <= 100 for v in scores.values())
    for name in SCORE_NAMES:
        detail = result["score_details"][name]
        assert detail["method"]
        assert all({"factor", "effect", "value", "t"} <= set(f) for f in detail["factors"])
    creator = result["creator_intelligence"]
    assert creator["hook_analysis"]["hook_type"] == "question"
    assert all(isinstance(b, str) for b in creator["story_structure"]["beats"])
    assert creator["story_structure"]["beat_spans"][0]["beat"] == "hook"
    assert creator["cta"] == {
        "present": True,
        "type": "follow",
        "text": "Follow for more money tips.",
        "timestamp": 26.0,
        "spoken": True,
        "shown": False,
    }
    assert creator["clip_suggestions"] is None  # 28 s: too short for clips
    growth = result["growth_intelligence"]
    virality = growth["virality_model"]
    assert all(isinstance(f, str) for f in virality["factors"])
    assert virality["view_range_basis"] == "creator_counts"  # 20,000 followers
    assert virality["evidence"]
    assert growth["platform_fit"]["platform"] == "tiktok"
    assert growth["trend_alignment"]["matched_trends"][0]["trend"] == "Personal finance tips"
    curve = growth["predicted_retention_curve"]
    assert curve[0] == {"t": 0.0, "retention": 1.0}
    versions = result["processing"]["model_versions"]
    assert versions["hook"] == "hook.v2"
    assert versions["virality"] == "virality.v1"
    assert versions["scores"] == "scores.v1"
    assert versions["trend_catalog"].startswith("default:")
    # Only what these inputs and the full preset never measure is null: clip suggestions
    # (another preset) and the visual step's camera motion (no visual input here).
    assert result["processing"]["warnings"] == [
        "not measured by the full preset: media_understanding.visual_analysis.camera_motion, "
        "creator_intelligence.clip_suggestions"
    ]


def test_missing_inputs_leave_nulls_with_warnings_and_lower_confidence(
    settings: Settings, tmp_path: Path
) -> None:
    full = _run_all(settings, step_outputs(), tmp_path)
    outputs = {k: v for k, v in step_outputs().items() if k in ("ingest", "probe")}
    bare = _run_all(settings, outputs, tmp_path)

    assert bare["creator_intelligence"] is None
    assert bare["scores"]["hook_strength"] is None
    assert bare["scores"]["confidence_overall"] < full["scores"]["confidence_overall"]
    assert bare["growth_intelligence"]["platform_fit"]["duration_fit"] == 1.0
    warnings = "\n".join(bare["processing"]["warnings"])
    assert "creator_intelligence.hook_analysis not measured" in warnings
    assert "scores.visual_clarity not measured" in warnings
    assert "growth_intelligence.virality_model not measured" in warnings


def test_a_longer_talk_gets_clip_suggestions_inside_the_bounds(
    settings: Settings, tmp_path: Path
) -> None:
    outputs = step_outputs()
    sentences = outputs["transcription"].signals["sentences"]
    # Three tellings of the tutorial back to back: 84 s with three strong openers.
    outputs["transcription"].signals["sentences"] = [
        {**s, "start": s["start"] + 28 * k, "end": s["end"] + 28 * k}
        for k in range(3)
        for s in sentences
    ]
    outputs["probe"].signals["duration_s"] = 84.0
    clips = _run_all(settings, outputs, tmp_path)["creator_intelligence"]["clip_suggestions"]

    assert clips
    for clip in clips:
        assert 15.0 <= clip["end"] - clip["start"] <= 60.0
        assert type(clip["hook_score"]) is int
        assert clip["opening_line"]
        assert clip["reasons"]
    starts = {s["start"] for s in outputs["transcription"].signals["sentences"]}
    assert all(clip["start"] in starts for clip in clips)
    spans = sorted((c["start"], c["end"]) for c in clips)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))


def test_growth_and_scores_read_the_creator_steps_layer_and_the_contexts_catalog(
    settings: Settings, tmp_path: Path
) -> None:
    ctx = _context(settings, step_outputs(), tmp_path)
    creator = CreatorStep().run(ctx)
    layer = CreatorSignals.needed({"creator_intelligence": creator}).layer
    assert layer.hook is not None
    # A layer the signals would not give: what the two steps report comes from it.
    without_hook = replace(layer, hook=None)
    ctx.outputs["creator_intelligence"] = StepOutput(
        signals=CreatorSignals(layer=without_hook).model_dump(mode="json")
    )
    entry = TrendEntry("Budget month", "peak", "finance", hashtags=("moneytok",))
    ctx.trend_catalog = lambda: Catalog((entry,), "database")

    growth = GrowthStep().run(ctx)
    scores = ScoresStep().run(ctx)

    assert scores.fields["scores"]["hook_strength"] is None
    alignment = growth.fields["growth_intelligence.trend_alignment"]
    assert [m["trend"] for m in alignment["matched_trends"]] == ["Budget month"]
    assert growth.model_versions["trend_catalog"] == Catalog((entry,), "database").version


def test_identical_inputs_give_identical_results(settings: Settings, tmp_path: Path) -> None:
    first = _run_all(settings, step_outputs(), tmp_path)
    second = _run_all(settings, step_outputs(), tmp_path)

    assert first == second


# --- in the runner, on both databases --------------------------------------------------------


class _Recorded:
    """An input step that reports a fixed output."""

    critical = False

    def __init__(self, name: str, output: StepOutput, needs: tuple[str, ...] = ()) -> None:
        self.name = name
        self.needs = needs
        self.output = output

    def run(self, ctx: StepContext) -> StepOutput:
        return StepOutput.from_json(self.output.to_json())


@pytest.fixture
def runner_settings(tmp_path: Path, database_url: str) -> Settings:
    settings = make_settings(tmp_path, database_url=database_url)
    engine = make_engine(database_url)
    with transaction(make_sessionmaker(engine)) as session:
        session.execute(delete(Trend))
    engine.dispose()
    return settings


def test_the_runner_runs_the_layers_after_their_inputs_and_reads_the_trend_table(
    runner_settings: Settings, tmp_path: Path
) -> None:
    engine = make_engine(runner_settings.effective_database_url)
    db = make_sessionmaker(engine)
    analysis_id = ids.analysis_id()
    with transaction(db) as session:
        user = User(
            id=ids.user_id(),
            email=f"{analysis_id}@example.com",
            password_hash="-",
            webhook_secret="w",
        )
        session.add(user)
        session.flush()
        session.add(
            Analysis(
                id=analysis_id,
                user_id=user.id,
                status="queued",
                source_kind="upload",
                upload_key="k",
                created_at=utcnow(),
            )
        )
        session.add(
            Trend(
                name="Operator trend",
                category="ops",
                cycle_stage="emerging",
                keywords=[],
                hashtags=["moneytok"],
                audio_titles=[],
            )
        )
    inputs = step_outputs()
    steps: list[Step] = [
        _Recorded(name, inputs[name], () if name == "ingest" else ("ingest",))
        for name in INPUT_STEPS
    ]
    steps += list(STEPS)
    registry = Registry({s.name: s for s in steps}, {"full": frozenset(s.name for s in steps)})
    runner = PipelineRunner(
        db, LocalBlobStore(tmp_path / "blobs"), runner_settings, HostPolicy(), registry=registry
    )
    try:
        runner.run(analysis_id)
        with db() as session:
            row = session.get_one(Analysis, analysis_id)
            status, result = row.status, row.result
    finally:
        engine.dispose()

    assert status == "completed"
    assert result is not None
    assert result["scores"]["hook_strength"] is not None
    trends = result["growth_intelligence"]["trend_alignment"]
    assert [m["trend"] for m in trends["matched_trends"]] == ["Operator trend"]
    assert trends["cycle_stage"] == "emerging"
    assert result["processing"]["model_versions"]["trend_catalog"].startswith("database:")
    assert [s["status"] for s in result["processing"]["steps"]] == ["done"] * 9


def test_a_story_without_a_logline_keeps_its_beats_and_says_why() -> None:
    story = Story(None, ("hook",), (BeatSpan("hook", 0.0, 3.0),))
    layer = CreatorLayer(None, None, story, None, None, None)
    output = creator_output(talking_tutorial(), layer)
    written = output.fields["creator_intelligence.story_structure"]
    assert written["logline"] is None
    assert written["beats"] == ["hook"]
    assert any("story_structure.logline not written" in w for w in output.warnings)
