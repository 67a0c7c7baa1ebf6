"""Overall sentiment from VADER (English only).

VADER scores one sentence at a time (its compound polarity, -1..1); a long text's compound
saturates towards ±1, so the score is the mean of the sentences' compounds. The label uses
VADER's standard thresholds: positive at ≥ 0.05, negative at ≤ -0.05, neutral between.
Confidence is the share of sentences whose own label agrees with the overall one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

Label = Literal["positive", "neutral", "negative"]

POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05
MIN_SENTIMENT_WORDS = 3


@dataclass(frozen=True)
class SentimentResult:
    label: Label | None
    score: float | None
    confidence: float | None
    warning: str | None = None


def label_for(compound: float) -> Label:
    if compound >= POSITIVE_AT:
        return "positive"
    if compound <= NEGATIVE_AT:
        return "negative"
    return "neutral"


def sentiment(sentences: Sequence[str], compound: Callable[[str], float]) -> SentimentResult:
    """Mean VADER compound over `sentences`, its label and the sentences' agreement."""
    scored = [compound(s) for s in sentences if s.strip()]
    if sum(len(s.split()) for s in sentences) < MIN_SENTIMENT_WORDS or not scored:
        return SentimentResult(None, None, None, "sentiment: too little text")
    score = sum(scored) / len(scored)
    label = label_for(score)
    agreement = sum(label_for(s) == label for s in scored) / len(scored)
    return SentimentResult(label, round(score, 4), round(agreement, 3))
