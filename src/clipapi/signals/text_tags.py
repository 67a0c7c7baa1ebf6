"""Hashtags and @mentions written in the caption, on screen or in the transcript.

A hashtag is `#` + word characters with at least one letter ("#1" is a rank, not a tag), not
glued to a preceding word ("C#", "&#39;"); a spoken "hashtag X" counts as "#x". A mention is
`@` + a handle not preceded by a word character or a dot (so e-mail addresses do not count).
Both come back lower-cased with their sign, in order of first appearance, without repeats.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_HASHTAG = re.compile(r"(?<![\w&#])#(\w*[^\W\d_]\w*)")
_SPOKEN_HASHTAG = re.compile(r"\bhashtag\s+([^\W\d_]\w*)", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@.])@(\w(?:[\w.]*\w)?)")


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def hashtags(texts: Sequence[str], known: Iterable[str] = (), spoken: str = "") -> list[str]:
    """`known` (the platform's own tags) first, then tags found in `texts`, then spoken ones."""
    found = [f"#{tag.lstrip('#').lower()}" for tag in known if tag.lstrip("#")]
    for text in texts:
        found += [f"#{tag.lower()}" for tag in _HASHTAG.findall(text)]
    found += [f"#{tag.lower()}" for tag in _SPOKEN_HASHTAG.findall(spoken)]
    return _dedupe(found)


def mentions(texts: Sequence[str], known: Iterable[str] = ()) -> list[str]:
    """`known` (the platform's mentions) first, then handles found in `texts`."""
    found = [f"@{handle.lstrip('@').lower()}" for handle in known if handle.lstrip("@")]
    for text in texts:
        found += [f"@{handle.lower()}" for handle in _MENTION.findall(text)]
    return _dedupe(found)
