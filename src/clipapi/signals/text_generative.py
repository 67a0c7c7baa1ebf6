"""The optional generative writer: a chat model proposes a title, a summary and a logline; each
is kept only when it has the right shape and passes the faithfulness check (text_faithful),
otherwise the default writer's text stays and a warning says why.

The model sees the transcript, the on-screen text and the platform's title and description,
nothing else; it answers in JSON under `ANSWER_SCHEMA` at temperature 0. It never writes
labels, beats or scores.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from clipapi.signals.text_faithful import Verdict
from clipapi.signals.text_summary import split_sentences
from clipapi.signals.text_writer import MAX_TITLE_WORDS

FIELDS = ("title", "summary", "logline")
MAX_PROMPT_CHARS = 6000  # ~1,500 tokens: a short video's words, and a bounded prompt
MAX_SUMMARY_SENTENCES = 2

ANSWER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 90},
        "summary": {"type": "string", "maxLength": 400},
        "logline": {"type": "string", "maxLength": 240},
    },
    "required": list(FIELDS),
    "additionalProperties": False,
}

SYSTEM_PROMPT = (
    "You write the title, summary and logline of a short social video, in the language of "
    "the video. Use only facts from the sources given; never add a name, number or brand "
    "they do not contain. title: a headline of at most 10 words, in sentence case. "
    "summary: one or two "
    "complete sentences on what the video does and for whom. logline: one sentence on what "
    "happens in the video. Answer with JSON only."
)

Chat = Callable[[list[dict[str, str]], dict[str, Any]], str]


@dataclass(frozen=True)
class VideoWords:
    """The sources the model sees and its answer is checked against."""

    language: str | None
    transcript: str
    on_screen: tuple[str, ...] = ()
    platform: tuple[str, ...] = ()  # title, description

    @property
    def all(self) -> list[str]:
        return [t for t in (self.transcript, *self.on_screen, *self.platform) if t]


@dataclass
class Generated:
    texts: dict[str, str] = field(default_factory=dict)  # the fields that passed
    warnings: list[str] = field(default_factory=list)


def messages(words: VideoWords) -> list[dict[str, str]]:
    parts = [f"Language: {words.language or 'unknown'}"]
    if words.platform:
        parts.append("Platform title and description:\n" + "\n".join(words.platform))
    if words.on_screen:
        parts.append("On-screen text:\n" + "\n".join(words.on_screen))
    if words.transcript:
        parts.append("Transcript:\n" + words.transcript)
    prompt = "\n\n".join(parts)[:MAX_PROMPT_CHARS]
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": prompt}]


def parse_answer(content: str) -> dict[str, str] | None:
    """The answer's fields as stripped strings; None when it is not the JSON asked for."""
    try:
        data = json.loads(content)
    except (TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: " ".join(data[key].split()) for key in FIELDS if isinstance(data.get(key), str)}


def shape_problem(name: str, text: str) -> str | None:
    """Why `text` cannot stand as field `name`, or None when its shape is right."""
    if not text:
        return "empty"
    if name == "title":
        if len(text.split()) > MAX_TITLE_WORDS:
            return f"more than {MAX_TITLE_WORDS} words"
        if text.endswith(("…", "...")):
            return "ends in an ellipsis"
        return None
    if not text.endswith((".", "!", "?")) or text.endswith(("…", "...")):
        return "does not end in a complete sentence"
    if name == "summary" and len(split_sentences(text)) > MAX_SUMMARY_SENTENCES:
        return f"more than {MAX_SUMMARY_SENTENCES} sentences"
    return None


def generate(
    chat: Chat,
    words: VideoWords,
    check: Callable[[str], Verdict],
) -> Generated:
    """Ask `chat` once and keep each field that has the right shape and passes `check`.
    `chat` raises OSError (network, timeout) or RuntimeError (model) on failure."""
    result = Generated()
    if not words.all:
        return result
    try:
        content = chat(messages(words), ANSWER_SCHEMA)
    except (OSError, RuntimeError, TimeoutError) as exc:
        result.warnings.append(f"writer: generative writer failed ({exc}); default text kept")
        return result
    answer = parse_answer(content)
    if answer is None:
        result.warnings.append("writer: generative writer gave no JSON answer; default text kept")
        return result
    for name in FIELDS:
        text = answer.get(name, "")
        if name == "title":
            text = text.strip("\"'\u201c\u201d ").rstrip(".")
        problem = shape_problem(name, text)
        verdict = check(text) if problem is None else Verdict(False, (problem,))
        if verdict.faithful:
            result.texts[name] = text
        else:
            result.warnings.append(
                f"writer: generated {name} rejected ({'; '.join(verdict.reasons)}); "
                "default text kept"
            )
    return result
