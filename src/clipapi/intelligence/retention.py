"""retention.v1: moments that risk losing viewers, found from measured events, the pacing
against the format's norms, and the retention-design score."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from clipapi.intelligence.explain import Factor, factor, score_from
from clipapi.intelligence.signals import Signals
from clipapi.intelligence.story import Story

METHOD = "retention.v1"
BASE = 70.0
# Silences: from 1 s a pause reads as dead air on a short-form feed; 2.5 s is an exit.
SILENCE_MIN_S = 1.0
SILENCE_MODERATE_S = 1.5
SILENCE_MAJOR_S = 2.5
EDGE_S = 0.5  # silence touching the very start or end is a trim, not a mid-video lull
# Longest shot, in seconds, before a format's viewers expect something new on screen.
SHOT_LIMIT_S = {
    "talking_head": 15.0,
    "screen_recording": 15.0,
    "skit": 10.0,
    "talking_head_with_broll": 8.0,
    "text_slideshow": 6.0,
    "voiceover_broll": 6.0,
    "music_montage": 5.0,
}
DEFAULT_SHOT_LIMIT_S = 10.0
# Energy drop: a 1 s level this far below the 3 s before it, without being a silence.
ENERGY_DROP_DB = 10.0
ENERGY_DROP_MAJOR_DB = 18.0
ENERGY_CONTEXT_S = 3.0
# Slow speech: a sentence of at least 3 s spoken below 100 words per minute.
SLOW_SENTENCE_MIN_S = 3.0
SLOW_WPM = 100.0
CUT_WORD_MARGIN_S = 0.08
# A payoff that starts after 85 % of the content (the video up to its CTA) keeps viewers
# waiting through nearly all of it.
LATE_PAYOFF_FRACTION = 0.85
LATE_PAYOFF_MIN_DURATION_S = 20.0
SEVERITY_EFFECT = {"minor": -3.0, "moderate": -6.0, "major": -10.0}
# Pacing norms per format: (cuts per minute below which it is slow, above which it is fast).
CUT_NORMS = {
    "talking_head": (2.0, 8.0),
    "screen_recording": (2.0, 8.0),
    "talking_head_with_broll": (6.0, 15.0),
    "skit": (6.0, 16.0),
    "text_slideshow": (6.0, 15.0),
    "voiceover_broll": (8.0, 20.0),
    "music_montage": (10.0, 30.0),
}
DEFAULT_CUT_NORMS = (5.0, 15.0)
# Conversational English runs about 150 wpm; short-form creators talk faster.
WPM_NORMS = (130.0, 170.0)
PACING_EFFECT = {"slow": -10.0, "medium": 0.0, "fast": 5.0}
LONG_VIDEO_S = 60.0
LONG_VIDEO_EFFECT_PER_MIN = -5.0
LONG_VIDEO_EFFECT_MAX = -15.0


@dataclass(frozen=True)
class DropRisk:
    timestamp: float
    severity: str
    reason: str
    kind: str
    duration_s: float | None = None


@dataclass(frozen=True)
class Retention:
    retention_score: int
    drop_risk_moments: tuple[DropRisk, ...]
    pacing: str | None
    words_per_minute: float | None
    factors: tuple[Factor, ...]


def analyse_retention(s: Signals, story: Story | None = None) -> Retention | None:
    """None when no timed signal at all was measured."""
    if s.silences is None and s.cut_times is None and s.words is None and s.rms_db is None:
        return None
    moments = sorted(
        [
            *_silences(s),
            *_static_shots(s),
            *_energy_drops(s),
            *_slow_speech(s),
            *_cuts_mid_word(s),
            *_late_payoff(s, story),
        ],
        key=lambda m: (m.timestamp, m.kind),
    )
    wpm = words_per_minute(s)
    pacing = _pacing(s, wpm)
    factors = [
        factor(m.kind, SEVERITY_EFFECT[m.severity], m.duration_s or m.reason, m.timestamp)
        for m in moments
    ]
    if pacing is not None:
        cpm = cuts_per_minute(s)
        value = ", ".join(
            part
            for part in (
                None if cpm is None else f"{cpm:.1f} cuts/min",
                None if wpm is None else f"{wpm:.0f} wpm",
            )
            if part
        )
        factors.append(factor(f"pacing_{pacing}", PACING_EFFECT[pacing], value))
    if s.duration_s and s.duration_s > LONG_VIDEO_S:
        minutes_over = (s.duration_s - LONG_VIDEO_S) / 60.0
        effect = max(LONG_VIDEO_EFFECT_MAX, LONG_VIDEO_EFFECT_PER_MIN * minutes_over)
        factors.append(factor("long_video", effect, round(s.duration_s, 1)))
    return Retention(
        retention_score=score_from(BASE, factors),
        drop_risk_moments=tuple(moments),
        pacing=pacing,
        words_per_minute=None if wpm is None else round(wpm, 1),
        factors=tuple(factors),
    )


def words_per_minute(s: Signals) -> float | None:
    """Words over the time spent in sentences (pauses between sentences left out)."""
    if not s.sentences:
        return None
    spoken = sum(max(0.0, line.end - line.start) for line in s.sentences)
    words = sum(len(line.text.split()) for line in s.sentences)
    return words / spoken * 60.0 if spoken > 0 else None


def cuts_per_minute(s: Signals) -> float | None:
    if s.cuts_per_minute is not None:
        return s.cuts_per_minute
    if s.cut_times is None or not s.duration_s:
        return None
    return len(s.cut_times) / s.duration_s * 60.0


# --- events ---------------------------------------------------------------------------------


def _silences(s: Signals) -> list[DropRisk]:
    end_of_video = s.duration_s if s.duration_s is not None else float("inf")
    moments = []
    for start, end in s.silences or ():
        length = end - start
        if length < SILENCE_MIN_S or start < EDGE_S or end > end_of_video - EDGE_S:
            continue
        severity = (
            "major"
            if length >= SILENCE_MAJOR_S
            else "moderate"
            if length >= SILENCE_MODERATE_S
            else "minor"
        )
        moments.append(
            DropRisk(
                round(start, 2), severity, f"{length:.1f} s of silence", "silence", round(length, 2)
            )
        )
    return moments


def _static_shots(s: Signals) -> list[DropRisk]:
    if s.cut_times is None or not s.duration_s:
        return []
    limit = SHOT_LIMIT_S.get(s.content_format or "", DEFAULT_SHOT_LIMIT_S)
    bounds = [0.0, *(t for t in s.cut_times if 0.0 < t < s.duration_s), s.duration_s]
    moments = []
    for start, end in pairwise(bounds):
        length = end - start
        if length > limit:
            severity = "moderate" if length > 2 * limit else "minor"
            moments.append(
                DropRisk(
                    round(start + limit, 2),
                    severity,
                    f"no cut for {length:.1f} s (this format's norm is at most {limit:.0f} s)",
                    "static_shot",
                    round(length, 2),
                )
            )
    return moments


def _energy_drops(s: Signals) -> list[DropRisk]:
    levels = s.rms_db
    if not levels:
        return []
    per_second = max(1, round(1.0 / s.rms_window_s))
    context = max(1, round(ENERGY_CONTEXT_S / s.rms_window_s))
    moments: list[DropRisk] = []
    last_drop = -1e9
    # The last second is left out: an ending may fade.
    for i in range(context, len(levels) - 2 * per_second + 1):
        t = i * s.rms_window_s
        now = sum(levels[i : i + per_second]) / per_second
        before = sum(levels[i - context : i]) / context
        drop = before - now
        if drop < ENERGY_DROP_DB or t - last_drop < 2.0 or _in_silence(s, t):
            continue
        severity = "moderate" if drop >= ENERGY_DROP_MAJOR_DB else "minor"
        moments.append(
            DropRisk(round(t, 2), severity, f"energy drops by {drop:.0f} dB", "energy_drop", 1.0)
        )
        last_drop = t
    return moments


def _in_silence(s: Signals, t: float) -> bool:
    return any(start - s.rms_window_s <= t <= end for start, end in s.silences or ())


def _slow_speech(s: Signals) -> list[DropRisk]:
    moments = []
    for line in s.sentences or ():
        length = line.end - line.start
        if length < SLOW_SENTENCE_MIN_S:
            continue
        wpm = len(line.text.split()) / length * 60.0
        if wpm < SLOW_WPM:
            moments.append(
                DropRisk(
                    round(line.start, 2),
                    "minor",
                    f"slow speech: {wpm:.0f} words per minute",
                    "slow_speech",
                    round(length, 2),
                )
            )
    return moments


def _cuts_mid_word(s: Signals) -> list[DropRisk]:
    moments = []
    for cut in s.cut_times or ():
        word = next(
            (
                w
                for w in s.words or ()
                if w.start + CUT_WORD_MARGIN_S < cut < w.end - CUT_WORD_MARGIN_S
            ),
            None,
        )
        if word is not None:
            moments.append(
                DropRisk(
                    round(cut, 2), "minor", f'cut lands mid-word ("{word.text}")', "cut_mid_word"
                )
            )
    return moments


def _late_payoff(s: Signals, story: Story | None) -> list[DropRisk]:
    if story is None or not s.duration_s or s.duration_s < LATE_PAYOFF_MIN_DURATION_S:
        return []
    payoff = story.first("payoff")
    cta = story.first("cta")
    content_end = (
        cta.start
        if cta is not None and payoff is not None and cta.start > payoff.start
        else s.duration_s
    )
    if payoff is None or payoff.start / content_end < LATE_PAYOFF_FRACTION:
        return []
    share = payoff.start / content_end
    return [
        DropRisk(
            round(payoff.start, 2),
            "moderate",
            f"the payoff arrives at {share:.0%} of the content",
            "late_payoff",
        )
    ]


# --- pacing ---------------------------------------------------------------------------------


def _pacing(s: Signals, wpm: float | None) -> str | None:
    votes = []
    cpm = cuts_per_minute(s)
    if cpm is not None:
        slow, fast = CUT_NORMS.get(s.content_format or "", DEFAULT_CUT_NORMS)
        votes.append(_vote(cpm, slow, fast))
    if wpm is not None:
        votes.append(_vote(wpm, *WPM_NORMS))
    if not votes:
        return None
    mean = sum(votes) / len(votes)
    return "slow" if mean <= -0.5 else "fast" if mean >= 0.5 else "medium"


def _vote(value: float, slow: float, fast: float) -> int:
    return -1 if value < slow else 1 if value > fast else 0
