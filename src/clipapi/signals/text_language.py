"""Language of a text (caption, on-screen text), used when the transcript names none.

fastText's lite language-ID model guesses wildly on a word or two, so a text needs
`MIN_LANGID_LETTERS` letters and `MIN_LANGID_WORDS` words, and the guess needs
`MIN_LANGID_PROBABILITY`; otherwise the language is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

Identify = Callable[[str], tuple[str, float] | None]

MIN_LANGID_WORDS = 3
MIN_LANGID_LETTERS = 15
MIN_LANGID_PROBABILITY = 0.5

# Hashtags, mentions and URLs are not prose in any language.
_NOT_PROSE = re.compile(r"(?:https?://\S+|www\.\S+|[#@]\w+)")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class LanguageGuess:
    language: str | None  # ISO 639-1 code where fastText has one
    probability: float | None
    warning: str | None = None


def prose(text: str) -> str:
    """`text` without hashtags, mentions and URLs, whitespace collapsed."""
    return " ".join(_NOT_PROSE.sub(" ", text).split())


def detect_language(text: str, identify: Identify) -> LanguageGuess:
    """The language of `text`, or None with a reason when there is too little to tell."""
    cleaned = prose(text)
    words = _WORD.findall(cleaned)
    letters = sum(len(word) for word in words)
    if len(words) < MIN_LANGID_WORDS or letters < MIN_LANGID_LETTERS:
        return LanguageGuess(None, None, "language: too little text to identify the language")
    found = identify(cleaned)
    if found is None:
        return LanguageGuess(None, None, "language: the language identifier found nothing")
    code, probability = found
    if probability < MIN_LANGID_PROBABILITY:
        return LanguageGuess(
            None,
            round(probability, 3),
            f"language: best guess {code!r} at {probability:.2f} is below {MIN_LANGID_PROBABILITY}",
        )
    return LanguageGuess(code, round(probability, 3))
