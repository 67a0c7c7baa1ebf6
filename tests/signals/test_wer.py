"""Word error rate on hand-made transcripts."""

from __future__ import annotations

import pytest

from clipapi.signals.wer import normalize_words, word_error_rate, word_errors

JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)


def test_case_and_punctuation_do_not_count() -> None:
    assert word_error_rate(JFK, JFK.upper().replace(",", "")) == 0.0
    assert normalize_words("Don't stop—now, 'please'!") == ["don't", "stop", "now", "please"]


def test_one_substitution_in_twenty_two_words() -> None:
    errors = word_errors(JFK, JFK.replace("Americans", "America"))
    assert (errors.substitutions, errors.deletions, errors.insertions) == (1, 0, 0)
    assert errors.reference_words == 22
    assert errors.rate == pytest.approx(1 / 22)


def test_deletions_and_insertions() -> None:
    errors = word_errors("a b c d", "a c d e f")
    assert (errors.substitutions, errors.deletions, errors.insertions) == (0, 1, 2)
    assert errors.rate == pytest.approx(3 / 4)


def test_empty_texts() -> None:
    assert word_error_rate("", "") == 0.0
    assert word_error_rate("", "hallucinated words") == 1.0
    assert word_error_rate("two words", "") == 1.0
