"""The faithfulness check: names, numbers and brands must come from the video, and the text
must stay near what it says."""

from __future__ import annotations

import json

from clipapi.inference import text_models
from clipapi.signals.text_entities import match_brands
from clipapi.signals.text_faithful import check, names, numbers, support
from clipapi.signals.text_generative import ANSWER_SCHEMA, VideoWords, generate, parse_answer

SOURCES = [
    "Today I'll show you how to make pasta carbonara in ten minutes.",
    "You need eggs, pecorino and guanciale from the shop on Via Roma.",
    "CARBONARA IN 10 MIN",
]


def brands(texts: list[str]) -> list[str]:
    return match_brands(texts, text_models.brand_lexicon())


def test_a_faithful_paraphrase_passes() -> None:
    verdict = check("Pasta carbonara in 10 minutes with guanciale", SOURCES, "en", brands)
    assert verdict.faithful, verdict.reasons


def test_numbers_match_written_either_way_and_invented_ones_fail() -> None:
    assert numbers("in ten minutes, 1,000 views, 2.5 kg") == {"10", "1000", "2.5"}
    assert check("Carbonara in ten minutes", ["CARBONARA IN 10 MIN"], "en").faithful
    verdict = check("Carbonara in 15 minutes", SOURCES, "en")
    assert not verdict.faithful
    assert verdict.reasons == ("numbers not in the video: 15",)


def test_an_invented_name_fails_and_a_sentences_first_word_is_not_a_name() -> None:
    assert names("Jamie Oliver's carbonara. Pasta is quick.", "en") == {"Jamie", "Oliver"}
    assert names("Wie du Geld sparst mit der Regel von BlackRock", "de") == {"BlackRock"}
    verdict = check("Nonna Maria's pasta carbonara in ten minutes", SOURCES, "en")
    assert verdict.reasons == ("names not in the video: Maria, Nonna",)
    assert check("The carbonara from the shop on Via Roma", SOURCES, "en").faithful


def test_an_invented_brand_fails() -> None:
    verdict = check("Carbonara with pasta from Walmart in ten minutes", SOURCES, "en", brands)
    assert not verdict.faithful
    assert any("brands not in the video: Walmart" in r for r in verdict.reasons)


def test_text_on_another_subject_fails_on_support_and_similarity() -> None:
    verdict = check("A review of a phone camera at night", SOURCES, "en", similarity=0.84)
    assert not verdict.faithful
    assert support("A review of a phone camera at night", "\n".join(SOURCES)) < 0.35
    assert any("too far from the video" in r for r in verdict.reasons)


def test_generate_keeps_each_field_on_its_own_merit() -> None:
    answer = {
        "title": "Carbonara in 10 minutes",
        "summary": "Nonna Maria makes carbonara with eggs, pecorino and guanciale.",
        "logline": "The video shows how to make pasta carbonara with eggs and guanciale.",
    }
    asked: list[dict[str, object]] = []

    def chat(messages: list[dict[str, str]], schema: dict[str, object]) -> str:
        asked.append({"messages": messages, "schema": schema})
        return json.dumps(answer)

    words = VideoWords("en", " ".join(SOURCES[:2]), (SOURCES[2],))
    result = generate(chat, words, lambda text: check(text, words.all, "en"))
    assert result.texts == {"title": answer["title"], "logline": answer["logline"]}
    assert result.warnings == [
        "writer: generated summary rejected (names not in the video: Maria, Nonna); "
        "default text kept"
    ]
    assert asked[0]["schema"] == ANSWER_SCHEMA
    assert "CARBONARA IN 10 MIN" in asked[0]["messages"][-1]["content"]  # type: ignore[index]


def test_a_chat_failure_or_a_non_json_answer_keeps_the_defaults() -> None:
    words = VideoWords("en", SOURCES[0])

    def broken(messages: list[dict[str, str]], schema: dict[str, object]) -> str:
        raise OSError("connection refused")

    result = generate(broken, words, lambda text: check(text, words.all, "en"))
    assert result.texts == {}
    assert "connection refused" in result.warnings[0]
    result = generate(lambda m, s: "Sure! Here is a title", words, lambda t: check(t, [], "en"))
    assert result.texts == {}
    assert "no JSON answer" in result.warnings[0]
    assert parse_answer('{"title": 3, "summary": " Two  spaces. "}') == {"summary": "Two spaces."}
