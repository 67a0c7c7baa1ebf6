"""Sentences, and an extractive summary: the sentences nearest the embedding centroid.

The centroid of a text's sentence embeddings is what the text is mostly about; the one or two
sentences closest to it (cosine) are its most representative, and they are returned in their
original order, verbatim, so a summary never says anything the video did not. Sentences under
`MIN_SENTENCE_WORDS` words ("Hi guys.") are not candidates while longer ones exist.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

MIN_SUMMARY_WORDS = 8
MIN_SENTENCE_WORDS = 4
# Up to this many sentences a single one summarises the text; beyond it, two.
ONE_SENTENCE_UP_TO = 4
MAX_SUMMARY_CHARS = 320

# Latin and CJK sentence ends (U+3002, U+FF01, U+FF1F), and line breaks.
_SENTENCE_END = re.compile("(?<=[.!?\u3002\uff01\uff1f\u2026])\\s+|\n+")


@dataclass(frozen=True)
class Summary:
    text: str | None
    sentence_indices: tuple[int, ...]
    warning: str | None = None


def split_sentences(text: str) -> list[str]:
    """Split on sentence-final punctuation and line breaks; empty pieces are dropped."""
    return [piece.strip() for piece in _SENTENCE_END.split(text) if piece and piece.strip()]


def word_count(texts: Sequence[str]) -> int:
    return sum(len(text.split()) for text in texts)


def truncate(text: str, max_chars: int) -> str:
    """Cut at a word boundary with an ellipsis when `text` is longer than `max_chars`."""
    if len(text) <= max_chars:
        return text
    cut = text[: max_chars - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def extractive_summary(sentences: Sequence[str], vectors: NDArray[np.float32]) -> Summary:
    """The 1-2 sentences nearest the centroid of `vectors` (one L2-normalised row each)."""
    if word_count(sentences) < MIN_SUMMARY_WORDS:
        return Summary(None, (), "summary: too little speech or text to summarise")
    if len(sentences) != len(vectors):
        raise ValueError("one vector per sentence")
    candidates = [
        i for i, sentence in enumerate(sentences) if len(sentence.split()) >= MIN_SENTENCE_WORDS
    ] or list(range(len(sentences)))
    centroid = vectors.mean(axis=0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    similarity = vectors[candidates] @ centroid
    keep = 1 if len(sentences) <= ONE_SENTENCE_UP_TO else 2
    chosen = sorted(candidates[i] for i in np.argsort(-similarity)[:keep])
    text = " ".join(sentences[i] for i in chosen)
    return Summary(truncate(text, MAX_SUMMARY_CHARS), tuple(chosen))
