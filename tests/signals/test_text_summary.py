"""Extractive summaries: the sentences nearest the embedding centroid, in original order."""

from __future__ import annotations

import numpy as np
from text_samples import COOKING, TECH_REVIEW

from clipapi.inference import text_models
from clipapi.signals.text_summary import extractive_summary, split_sentences, truncate


def test_sentences_split_on_final_punctuation_and_line_breaks() -> None:
    assert split_sentences("One here. Two there!  Three?\nFour") == [
        "One here.",
        "Two there!",
        "Three?",
        "Four",
    ]
    assert split_sentences("Version 2.5 is out. Yes") == ["Version 2.5 is out.", "Yes"]


def test_the_sentence_nearest_the_centroid_is_chosen() -> None:
    sentences = ["Hello there my friend.", "alpha words here now.", "beta words here now."]
    vectors = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]], dtype=np.float32)
    summary = extractive_summary(sentences, vectors)
    assert summary.sentence_indices == (1,)
    assert summary.text == "alpha words here now."


def test_two_sentences_for_a_longer_text_in_original_order() -> None:
    sentences = split_sentences(COOKING)
    summary = extractive_summary(sentences, text_models.embedder()(sentences))
    assert len(summary.sentence_indices) == 2
    assert list(summary.sentence_indices) == sorted(summary.sentence_indices)
    assert summary.text is not None
    assert all(sentences[i] in summary.text for i in summary.sentence_indices)
    assert "carbonara" in summary.text or "eggs" in summary.text


def test_a_short_text_gets_one_sentence() -> None:
    sentences = split_sentences(TECH_REVIEW)[:3]
    summary = extractive_summary(sentences, text_models.embedder()(sentences))
    assert len(summary.sentence_indices) == 1


def test_too_little_text_has_no_summary() -> None:
    summary = extractive_summary(["Hi guys."], np.ones((1, 2), dtype=np.float32))
    assert summary.text is None
    assert summary.warning is not None


def test_truncate_cuts_at_a_word_boundary() -> None:
    assert truncate("one two three four", 12) == "one two…"
    assert truncate("short", 12) == "short"
