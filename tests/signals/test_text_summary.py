"""Sentences, and cutting text at a word boundary."""

from __future__ import annotations

from clipapi.signals.text_summary import split_sentences, truncate


def test_sentences_split_on_final_punctuation_and_line_breaks() -> None:
    assert split_sentences("One here. Two there!  Three?\nFour") == [
        "One here.",
        "Two there!",
        "Three?",
        "Four",
    ]
    assert split_sentences("Version 2.5 is out. Yes") == ["Version 2.5 is out.", "Yes"]


def test_truncate_cuts_at_a_word_boundary() -> None:
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("short", 12) == "short"
