"""The optional generative writer against a real OpenAI-compatible server on loopback: a
faithful answer is used and named in model_versions; an invented name, a wrong shape or a
timeout leave the default writer's text with a warning."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from chat_server import ChatServer, chat_server
from test_understanding_step import (
    COOKING_SENTENCES,
    OVERVIEW,
    STEP_OF,
    ingest,
    probe,
    transcript,
    visual,
)

from clipapi.config import Settings
from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
from clipapi.pipeline.steps.understanding import UnderstandingStep
from clipapi.schemas.result import ContentOverview
from clipapi.storage.local import LocalBlobStore

FAITHFUL = {
    "title": "Perfect pasta carbonara with guanciale and pecorino",
    "summary": "The video shows how to make pasta carbonara with guanciale, eggs and pecorino. "
    "The pan comes off the heat before the eggs go in.",
    "logline": "A cook fries guanciale, whisks eggs with pecorino and tosses the pasta.",
}


def run(tmp_path: Path, server: ChatServer, timeout_s: float = 20.0, **given: Any) -> StepOutput:
    outputs = {STEP_OF.get(name, name): output for name, output in given.items()}
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        secret_key="test-secret-" + "x" * 40,
        llm_url=server.url,
        llm_model="writer-test",
        llm_api_key="sk-local",
        llm_timeout_s=timeout_s,
    )
    ctx = StepContext(
        request=JobRequest("a1", "full", "upload", None, None, "k", "clip.mp4", None),
        settings=settings,
        storage=LocalBlobStore(tmp_path / "blobs"),
        policy=HostPolicy(frozenset()),
        workdir=tmp_path,
        deadline=time.monotonic() + 60,
        outputs=outputs,
    )
    return UnderstandingStep().run(ctx)


def cooking(tmp_path: Path, server: ChatServer, **kwargs: Any) -> StepOutput:
    return run(
        tmp_path,
        server,
        probe=probe(),
        transcript=transcript(COOKING_SENTENCES),
        visual=visual(ocr=[{"start": 0.0, "end": 3.0, "text": "CARBONARA", "confidence": 0.95}]),
        **kwargs,
    )


def test_a_faithful_answer_is_used_and_named(tmp_path: Path) -> None:
    with chat_server() as server:
        server.answer = FAITHFUL
        output = cooking(tmp_path, server)
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    assert overview.title == FAITHFUL["title"]
    assert overview.summary == FAITHFUL["summary"]
    assert output.signals["logline"] == FAITHFUL["logline"]
    model = "openai-compatible chat (writer-test)"
    assert {output.model_versions[k] for k in ("title", "summary", "logline")} == {model}
    assert not [w for w in output.warnings if w.startswith("writer:")]
    # What was asked: the video's words, JSON under a schema, temperature 0.
    request = server.requests[0]
    assert request["temperature"] == 0
    assert request["model"] == "writer-test"
    assert request["response_format"]["type"] == "json_schema"
    schema = request["response_format"]["json_schema"]["schema"]
    assert set(schema["required"]) == {"title", "summary", "logline"}
    assert "Gordon Ramsay" in request["messages"][-1]["content"]
    assert server.headers[0]["Authorization"] == "Bearer sk-local"


def test_an_invented_name_or_number_is_rejected_with_a_warning(tmp_path: Path) -> None:
    with chat_server() as server:
        server.answer = {
            **FAITHFUL,
            "title": "Jamie Oliver's pasta carbonara",
            "summary": "The video shows a carbonara that takes 7 minutes with guanciale.",
        }
        output = cooking(tmp_path, server)
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    assert overview.title != "Jamie Oliver's pasta carbonara"
    assert overview.title == "How to make the perfect pasta carbonara"
    assert overview.summary is not None
    assert "7" not in overview.summary
    assert output.model_versions["title"] == "writer.v1"
    assert output.model_versions["summary"] == "writer.v1"
    # The faithful logline still passes on its own.
    assert output.signals["logline"] == FAITHFUL["logline"]
    warnings = " ".join(output.warnings)
    assert "generated title rejected (names not in the video: Jamie, Oliver)" in warnings
    assert "generated summary rejected (numbers not in the video: 7" in warnings


def test_an_off_subject_or_misshapen_answer_is_rejected(tmp_path: Path) -> None:
    with chat_server() as server:
        server.answer = {
            "title": "An honest review of a new phone after two weeks of daily use",
            "summary": "The reviewer tests a phone camera in low light and finds the price high.",
            "logline": "Someone reviews a phone",
        }
        output = cooking(tmp_path, server)
    warnings = " ".join(output.warnings)
    assert "generated title rejected (more than 10 words)" in warnings
    assert "generated summary rejected (" in warnings
    assert "generated logline rejected (does not end in a complete sentence)" in warnings
    assert "logline" not in output.signals
    assert output.model_versions["summary"] == "writer.v1"


def test_a_server_that_does_not_answer_in_time_leaves_the_default_text(tmp_path: Path) -> None:
    with chat_server() as server:
        server.answer, server.delay_s = FAITHFUL, 30.0
        started = time.monotonic()
        output = cooking(tmp_path, server, timeout_s=0.5)
        elapsed = time.monotonic() - started
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    assert overview.title == "How to make the perfect pasta carbonara"
    assert any("no answer within 0.5 s" in w for w in output.warnings)
    assert output.model_versions["title"] == "writer.v1"
    assert elapsed < 25.0  # the step went on without waiting for the late answer


def test_without_a_configured_model_nothing_is_asked(tmp_path: Path) -> None:
    output = run_default(tmp_path)
    assert output.model_versions["title"] == "writer.v1"
    assert not [w for w in output.warnings if w.startswith("writer:")]


def run_default(tmp_path: Path) -> StepOutput:
    from test_understanding_step import run as run_plain

    return run_plain(
        tmp_path, ingest=ingest(), probe=probe(), transcript=transcript(COOKING_SENTENCES)
    )


def test_the_creators_own_title_stands(tmp_path: Path) -> None:
    with chat_server() as server:
        server.answer = FAITHFUL
        output = run(
            tmp_path,
            server,
            ingest=ingest(title="Carbonara like in Rome #pasta"),
            probe=probe(),
            transcript=transcript(COOKING_SENTENCES),
        )
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    assert overview.title == "Carbonara like in Rome"
    assert output.model_versions["title"] == "writer.v1"
    assert overview.summary == FAITHFUL["summary"]
