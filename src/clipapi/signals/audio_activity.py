"""From a detector's raw event spans to the music and speech activity the result reports.

Music (method `music-spans.v1`): the detector's music and singing spans together, gaps up to
MUSIC_BRIDGE_S bridged (a drum pattern between hits, a breath in a song), then spans shorter
than MIN_MUSIC_SPAN_S dropped: the detector reads a moment of a steady tone or a voice's
harmonics as music (1.7 s inside the JFK speech), real music lasts. Clips under twice that
length use half their duration (at least MIN_SHORT_CLIP_MUSIC_S) instead.

Tempo is reported only where music carries the clip: at least TEMPO_MIN_MUSIC_S of it and
TEMPO_MIN_MUSIC_RATIO of the duration. A beat tracker finds a "tempo" in speech too.
"""

from __future__ import annotations

from collections.abc import Sequence

from clipapi.signals.audio_spans import (
    Span,
    bridge_gaps,
    drop_short,
    normalise_spans,
    subtract,
    total_s,
)

MUSIC_METHOD = "music-spans.v1"
MUSIC_BRIDGE_S = 1.0
MIN_MUSIC_SPAN_S = 3.0
MIN_SHORT_CLIP_MUSIC_S = 1.0
TEMPO_MIN_MUSIC_S = 5.0
TEMPO_MIN_MUSIC_RATIO = 0.3


def music_spans(music: Sequence[Span], singing: Sequence[Span], duration_s: float) -> list[Span]:
    joined = bridge_gaps(normalise_spans([*music, *singing], duration_s), MUSIC_BRIDGE_S)
    shortest = min(MIN_MUSIC_SPAN_S, max(MIN_SHORT_CLIP_MUSIC_S, duration_s / 2))
    return drop_short(joined, shortest)


def tempo_gate(music: Sequence[Span], duration_s: float) -> str | None:
    """Why the music is too little to give a tempo, or None when it is enough."""
    covered = total_s(music)
    share = covered / duration_s if duration_s > 0 else 0.0
    if covered >= TEMPO_MIN_MUSIC_S and share >= TEMPO_MIN_MUSIC_RATIO:
        return None
    return (
        f"music covers {covered:.1f} s ({share:.0%}) of the audio; a tempo needs "
        f"{TEMPO_MIN_MUSIC_S:g} s and {TEMPO_MIN_MUSIC_RATIO:.0%}"
    )


def voice_over_share(music: Sequence[Span], speech: Sequence[Span]) -> float:
    """Share of the music's time that speech plays over, 0-1 (0 without music)."""
    covered = total_s(music)
    if covered <= 0:
        return 0.0
    return 1.0 - total_s(subtract(music, speech)) / covered
