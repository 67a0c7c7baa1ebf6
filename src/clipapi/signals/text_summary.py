"""Sentences and word counts of the video's text; the summary itself is the writer's
(signals/text_writer.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Under this many spoken words, the caption and on-screen text stand in for the speech.
MIN_SUMMARY_WORDS = 8

# Latin and CJK sentence ends (U+3002, U+FF01, U+FF1F), and line breaks.
_SENTENCE_END = re.compile("(?<=[.!?\u3002\uff01\uff1f\u2026])\\s+|\n+")


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
