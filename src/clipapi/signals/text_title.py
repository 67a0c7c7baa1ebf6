"""A title: the platform's, else one built from what is said.

1. The platform title, with trailing hashtags and @mentions removed and whitespace collapsed,
   when letters remain ("How I grew 100K #growth" → "How I grew 100K").
2. Else the best keyphrase of two or more words, in title case for English ("perfect pasta
   carbonara" → "Perfect Pasta Carbonara"; words with inner capitals such as "iPhone" are
   kept) and with a capital first letter in other languages ("Paella valenciana").
3. Else the first sentence, cut at a word boundary to `MAX_TITLE_CHARS`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from clipapi.signals.text_summary import truncate

MAX_TITLE_CHARS = 80
PLATFORM_TITLE_MAX_CHARS = 150

_TRAILING_TAGS = re.compile(r"(?:\s*[#@][\w.]+)+\s*$")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of"}
    | {"on", "or", "per", "the", "to", "vs", "via", "with"}
)


@dataclass(frozen=True)
class Title:
    text: str | None
    source: Literal["platform", "keyphrase", "first_sentence"] | None
    warning: str | None = None


def title_case(phrase: str) -> str:
    words = phrase.split()
    out = []
    for i, word in enumerate(words):
        if any(ch.isupper() for ch in word[1:]):
            out.append(word)  # iPhone, TikTok, AI
        elif i > 0 and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def make_title(
    platform_title: str | None,
    keyphrases: Sequence[str],
    first_sentence: str | None,
    language: str | None = "en",
) -> Title:
    if platform_title:
        cleaned = " ".join(_TRAILING_TAGS.sub("", platform_title).split())
        if re.search(r"[^\W\d_]", cleaned):
            return Title(truncate(cleaned, PLATFORM_TITLE_MAX_CHARS), "platform")
    for phrase in keyphrases:
        if len(phrase.split()) >= 2:
            text = title_case(phrase) if language == "en" else phrase[:1].upper() + phrase[1:]
            return Title(text, "keyphrase")
    if first_sentence and first_sentence.strip():
        return Title(truncate(first_sentence.strip(), MAX_TITLE_CHARS), "first_sentence")
    return Title(None, None, "title: no platform title and no speech or text to build one from")
