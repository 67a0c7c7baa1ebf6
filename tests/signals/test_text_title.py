"""Titles: the platform's, else a keyphrase in title case, else the first sentence."""

from __future__ import annotations

from clipapi.signals.text_title import make_title, title_case


def test_the_platform_title_wins_without_trailing_tags() -> None:
    title = make_title("How I grew 100K in 30 days #growth @me", ["other phrase"], "First.")
    assert (title.text, title.source) == ("How I grew 100K in 30 days", "platform")


def test_a_title_of_only_tags_falls_back_to_the_keyphrase() -> None:
    title = make_title("#fyp #viral", ["pasta", "perfect pasta carbonara"], "Hi.")
    assert (title.text, title.source) == ("Perfect Pasta Carbonara", "keyphrase")


def test_single_word_keyphrases_fall_back_to_the_first_sentence() -> None:
    long_sentence = "So today I want to talk about something that changed my whole life forever"
    title = make_title(None, ["life"], long_sentence + ".")
    assert title.source == "first_sentence"
    assert title.text is not None
    assert len(title.text) <= 80


def test_nothing_to_build_from() -> None:
    title = make_title(None, [], None)
    assert title.text is None
    assert title.warning is not None


def test_title_case_keeps_inner_capitals_and_small_words() -> None:
    assert (
        title_case("review of the new iPhone and TikTok") == "Review of the New iPhone and TikTok"
    )
