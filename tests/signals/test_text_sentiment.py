"""Sentiment: the mean VADER compound of the sentences, labelled at the ±0.05 thresholds."""

from __future__ import annotations

from text_samples import COOKING, NEGATIVE, POSITIVE

from clipapi.inference import text_models
from clipapi.signals.text_sentiment import label_for, sentiment
from clipapi.signals.text_summary import split_sentences


def test_positive_and_negative_reviews() -> None:
    compound = text_models.sentiment_analyzer()
    positive = sentiment(split_sentences(POSITIVE), compound)
    negative = sentiment(split_sentences(NEGATIVE), compound)
    assert positive.label == "positive"
    assert positive.score is not None
    assert positive.score > 0.5
    assert negative.label == "negative"
    assert negative.score is not None
    assert negative.score < -0.3
    assert positive.confidence == 1.0


def test_an_instructional_text_is_not_negative() -> None:
    result = sentiment(split_sentences(COOKING), text_models.sentiment_analyzer())
    assert result.label in ("neutral", "positive")


def test_standard_thresholds() -> None:
    assert [label_for(x) for x in (0.05, 0.049, -0.049, -0.05)] == [
        "positive",
        "neutral",
        "neutral",
        "negative",
    ]


def test_confidence_is_the_share_of_agreeing_sentences() -> None:
    scores = {"good one.": 0.6, "bad one.": -0.1, "fine one.": 0.3, "ok one.": 0.0}
    result = sentiment(list(scores), scores.__getitem__)
    assert result.label == "positive"
    assert result.score == 0.2
    assert result.confidence == 0.5


def test_no_text_no_sentiment() -> None:
    result = sentiment(["Wow."], lambda text: 0.9)
    assert result.label is None
    assert result.warning is not None
