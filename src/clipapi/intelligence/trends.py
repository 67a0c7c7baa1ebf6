"""trends.v1: the video against the operator's trend catalog (hashtags, keywords, sounds) and
the music catalog's trending flag."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from clipapi.intelligence.signals import Signals
from clipapi.intelligence.text import contains_phrase, normalise

METHOD = "trends.v1"
CYCLE_STAGES = ("emerging", "growth", "peak", "decline")
# Evidence weights: a shared hashtag or the trend's sound is a deliberate signal; a keyword in
# the text is weaker, so two are needed. Similarity = weight sum / SATURATION, capped at 1.
HASHTAG_WEIGHT = 1.0
AUDIO_WEIGHT = 1.0
KEYWORD_WEIGHT = 0.5
SATURATION = 2.0
MIN_SIMILARITY = 0.5
MAX_MATCHES = 5
HASHTAG = re.compile(r"#(\w+)")


@dataclass(frozen=True)
class TrendEntry:
    """One catalog entry: what identifies the trend and where it is in its life cycle."""

    name: str
    cycle_stage: str
    category: str | None = None
    keywords: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    audio_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrendMatch:
    trend: str
    category: str | None
    cycle_stage: str
    similarity: float
    matched: tuple[str, ...]  # the hashtags, keywords and sounds that matched


@dataclass(frozen=True)
class Trends:
    uses_trending_audio: bool | None
    trend_category: str | None
    cycle_stage: str | None
    matched_trends: tuple[TrendMatch, ...]


def match_trends(s: Signals, catalog: Sequence[TrendEntry]) -> Trends | None:
    """None when the video offers nothing to match (no text, hashtags or audio measured)."""
    haystack = " ".join(
        t
        for t in (s.title, s.description, s.spoken_text, s.shown_text, *s.topics, *s.keywords)
        if t
    )
    tags = video_hashtags(s)
    sound = _sound_title(s)
    if not haystack and not tags and sound is None and "audio_analysis" in s.missing:
        return None
    matches = [m for entry in catalog if (m := _match(entry, haystack, tags, sound)) is not None]
    matches.sort(key=lambda m: (-m.similarity, CYCLE_STAGES.index(m.cycle_stage), m.trend))
    matches = matches[:MAX_MATCHES]
    top = matches[0] if matches else None
    return Trends(
        uses_trending_audio=_trending_audio(s, matches),
        trend_category=top.category if top else None,
        cycle_stage=top.cycle_stage if top else None,
        matched_trends=tuple(matches),
    )


def video_hashtags(s: Signals) -> frozenset[str]:
    """The platform's hashtags and any #tag written in the caption, spoken text or on screen."""
    written = " ".join(t for t in (s.description, s.title, s.shown_text) if t)
    tags = [*s.hashtags, *HASHTAG.findall(written)]
    return frozenset(_tag(t) for t in tags if _tag(t))


def _tag(tag: str) -> str:
    return normalise(tag).lstrip("#").replace(" ", "")


def _sound_title(s: Signals) -> str | None:
    if s.catalog_track is not None:
        return s.catalog_track.title
    return s.track_title


def _match(
    entry: TrendEntry, haystack: str, tags: frozenset[str], sound: str | None
) -> TrendMatch | None:
    matched: list[str] = []
    weight = 0.0
    for tag in entry.hashtags:
        if _tag(tag) in tags:
            matched.append("#" + _tag(tag))
            weight += HASHTAG_WEIGHT
    for keyword in entry.keywords:
        if contains_phrase(haystack, keyword):
            matched.append(keyword)
            weight += KEYWORD_WEIGHT
    if sound is not None:
        for title in entry.audio_titles:
            if contains_phrase(sound, title) or contains_phrase(title, sound):
                matched.append(f"sound: {title}")
                weight += AUDIO_WEIGHT
                break
    similarity = min(1.0, weight / SATURATION)
    if similarity < MIN_SIMILARITY:
        return None
    return TrendMatch(
        entry.name, entry.category, entry.cycle_stage, round(similarity, 3), tuple(matched)
    )


def _trending_audio(s: Signals, matches: Sequence[TrendMatch]) -> bool | None:
    if any(m.startswith("sound: ") for match in matches for m in match.matched):
        return True
    if s.catalog_track is not None:
        return s.catalog_track.trending
    if "audio_analysis" in s.missing or (s.has_audio is None and s.music_present is None):
        return None
    return False  # no catalog track matched the soundtrack, or there is no music
