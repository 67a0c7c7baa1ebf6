"""platform_fit.v1: how well the video suits TikTok, Instagram Reels or YouTube Shorts: its
duration and frame against each platform's format, the hook and retention the feeds reward,
how shareable it is, and how well it loops."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.cta import Cta
from clipapi.intelligence.education import Education
from clipapi.intelligence.explain import clamp, piecewise
from clipapi.intelligence.hook import Hook
from clipapi.intelligence.retention import Retention
from clipapi.intelligence.signals import Signals

METHOD = "platform_fit.v1"
TARGETS = ("tiktok", "instagram", "youtube")
# Duration fit (seconds -> 0..1) per platform: 1.0 over the length each feed favours, falling
# off towards its upper limit. YouTube Shorts stop at 3 minutes.
DURATION_FIT: dict[str, tuple[tuple[float, float], ...]] = {
    "tiktok": ((0, 0.3), (7, 0.8), (15, 1.0), (60, 1.0), (180, 0.6), (600, 0.2)),
    "instagram": ((0, 0.3), (7, 1.0), (30, 1.0), (90, 0.7), (180, 0.4), (900, 0.1)),
    "youtube": ((0, 0.3), (15, 1.0), (60, 1.0), (180, 0.6)),
}
YOUTUBE_SHORTS_MAX_S = 180.0
# Frame fit by width/height: full-screen vertical fits all three; 4:5 suits the Instagram
# feed; square and landscape leave most of a phone screen empty.
VERTICAL_MAX_RATIO = 0.6
PORTRAIT_MAX_RATIO = 0.85
SQUARE_MAX_RATIO = 1.1
ASPECT_FIT = {
    "vertical": {"tiktok": 1.0, "instagram": 1.0, "youtube": 1.0},
    "portrait": {"tiktok": 0.65, "instagram": 0.9, "youtube": 0.65},
    "square": {"tiktok": 0.5, "instagram": 0.6, "youtube": 0.5},
    "landscape": {"tiktok": 0.2, "instagram": 0.2, "youtube": 0.2},
}
LETTERBOX_WEIGHT = 0.8
# Algorithm alignment: the feeds rank by watch-through, which the hook and retention drive,
# on top of a format that fills the screen for its platform.
ALIGNMENT_WEIGHTS = {"duration": 0.35, "aspect": 0.25, "hook": 0.25, "retention": 0.15}
# Share index: what people send on (useful, emotional, a direct ask, an intriguing opening).
SHARE_BASE = 0.05
SHARE_WEIGHTS = {
    "education": 0.25,
    "emotion": 0.15,
    "share_ask": 0.15,
    "direct_address": 0.10,
    "intrigue": 0.15,
    "hook": 0.15,
}
SHARE_MAX = 0.95
# Loopability: last frame like the first, and the sound level continuous across the seam.
LOOP_VISUAL_WEIGHT = 0.6
LOOP_AUDIO_WEIGHT = 0.4
LOOP_DB_SPAN = 20.0


@dataclass(frozen=True)
class PlatformFit:
    platform: str
    duration_fit: float | None
    aspect_ratio_fit: float | None
    algorithm_alignment: float | None
    share_probability: float | None
    loopability: float | None
    recommendations: tuple[str, ...]


def analyse_platform_fit(
    s: Signals,
    hook: Hook | None,
    retention: Retention | None,
    cta: Cta | None,
    education: Education | None,
) -> PlatformFit | None:
    """None when neither the duration nor the frame size is known."""
    if not s.duration_s and not (s.width and s.height):
        return None
    platform = s.platform if s.platform in TARGETS else _best_fit(s)
    duration = duration_fit(s.duration_s, platform)
    aspect = aspect_fit(s, platform)
    alignment = _weighted(
        {
            "duration": duration,
            "aspect": aspect,
            "hook": None if hook is None else hook.score / 100,
            "retention": None if retention is None else retention.retention_score / 100,
        },
        ALIGNMENT_WEIGHTS,
    )
    share = _share_index(s, hook, cta, education)
    loop = loopability(s)
    return PlatformFit(
        platform=platform,
        duration_fit=_round(duration),
        aspect_ratio_fit=_round(aspect),
        algorithm_alignment=_round(alignment),
        share_probability=_round(share),
        loopability=_round(loop),
        recommendations=_recommendations(s, platform, duration, aspect, loop, cta),
    )


def duration_fit(duration_s: float | None, platform: str) -> float | None:
    if not duration_s:
        return None
    if platform == "youtube" and duration_s > YOUTUBE_SHORTS_MAX_S:
        return 0.0
    return piecewise(duration_s, DURATION_FIT[platform])


def frame_shape(s: Signals) -> str | None:
    if not (s.width and s.height):
        return None
    ratio = s.width / s.height
    if ratio <= VERTICAL_MAX_RATIO:
        return "vertical"
    if ratio <= PORTRAIT_MAX_RATIO:
        return "portrait"
    return "square" if ratio <= SQUARE_MAX_RATIO else "landscape"


def aspect_fit(s: Signals, platform: str) -> float | None:
    shape = frame_shape(s)
    if shape is None:
        return None
    fit = ASPECT_FIT[shape][platform]
    return clamp(fit - LETTERBOX_WEIGHT * (s.letterboxing or 0.0))


def loopability(s: Signals) -> float | None:
    """None without the first/last frame similarity (the picture carries the loop)."""
    if s.first_last_similarity is None:
        return None
    visual = clamp(s.first_last_similarity)
    levels = s.rms_db
    per_second = max(1, round(1.0 / s.rms_window_s))
    if not levels or len(levels) < 2 * per_second:
        return visual
    head = sum(levels[:per_second]) / per_second
    tail = sum(levels[-per_second:]) / per_second
    audio = 1.0 - clamp(abs(head - tail) / LOOP_DB_SPAN)
    return LOOP_VISUAL_WEIGHT * visual + LOOP_AUDIO_WEIGHT * audio


def _best_fit(s: Signals) -> str:
    def fit(platform: str) -> float:
        parts = [duration_fit(s.duration_s, platform), aspect_fit(s, platform)]
        known = [p for p in parts if p is not None]
        return sum(known) / len(known) if known else 0.0

    return max(TARGETS, key=lambda p: (fit(p), -TARGETS.index(p)))


def _share_index(
    s: Signals, hook: Hook | None, cta: Cta | None, education: Education | None
) -> float | None:
    if hook is None and education is None and s.sentiment_score is None:
        return None
    signals = hook.signals if hook else None
    parts: dict[str, float | None] = {
        "education": None if education is None else education.score / 100,
        "emotion": None if s.sentiment_score is None else abs(s.sentiment_score),
        "share_ask": None if cta is None else float(cta.type in ("share", "save")),
        "direct_address": None
        if signals is None or signals.direct_address is None
        else float(signals.direct_address),
        "intrigue": None
        if signals is None or signals.first_line is None
        else float(bool(signals.curiosity_gap or signals.bold_claim or signals.is_question)),
        "hook": None if hook is None else hook.score / 100,
    }
    total = SHARE_BASE + sum(SHARE_WEIGHTS[k] * v for k, v in parts.items() if v is not None)
    return min(SHARE_MAX, total)


def _weighted(values: dict[str, float | None], weights: dict[str, float]) -> float | None:
    known = {k: v for k, v in values.items() if v is not None}
    if not known:
        return None
    weight = sum(weights[k] for k in known)
    return sum(weights[k] * v for k, v in known.items()) / weight


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _recommendations(
    s: Signals,
    platform: str,
    duration: float | None,
    aspect: float | None,
    loop: float | None,
    cta: Cta | None,
) -> tuple[str, ...]:
    tips = []
    names = {"tiktok": "TikTok", "instagram": "Instagram Reels", "youtube": "YouTube Shorts"}
    if duration is not None and duration < 0.8 and s.duration_s:
        best = max(p for x, p in DURATION_FIT[platform])
        sweet = [x for x, p in DURATION_FIT[platform] if p == best]
        tips.append(
            f"{s.duration_s:.0f} s is outside the {sweet[0]:.0f}-{sweet[-1]:.0f} s range "
            f"{names[platform]} favours: trim to the strongest part"
        )
    shape = frame_shape(s)
    if aspect is not None and shape in ("square", "landscape"):
        tips.append(f"the frame is {shape}: reframe to vertical 9:16 to fill the screen")
    if (s.letterboxing or 0.0) >= 0.1:
        tips.append(f"{s.letterboxing:.0%} of the frame is black bars: crop them")
    if loop is not None and loop < 0.5:
        tips.append(
            "the last frame differs from the first: end on a shot that leads back into the "
            "opening to encourage replays"
        )
    if s.sentences and s.on_screen_text is not None and not s.on_screen_text:
        tips.append("speech without on-screen captions: add captions, many viewers watch muted")
    if cta is not None and not cta.present:
        tips.append("no call to action: ask viewers to follow, comment or save near the end")
    return tuple(tips)
