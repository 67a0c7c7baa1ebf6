"""virality.v1: a reach score explained by its evidence, the pull to watch to the end, and a
deliberately wide view range scaled from the creator's own counts or a platform baseline."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.cta import Cta
from clipapi.intelligence.explain import Factor, clamp, factor, piecewise, score_from
from clipapi.intelligence.hook import Hook
from clipapi.intelligence.platform_fit import PlatformFit
from clipapi.intelligence.retention import Retention
from clipapi.intelligence.signals import Signals
from clipapi.intelligence.story import Story
from clipapi.intelligence.trends import Trends

METHOD = "virality.v1"
BASE = 50.0
# Points per point of the inputs above their midpoint.
HOOK_WEIGHT = 0.35
RETENTION_WEIGHT = 0.25
ALIGNMENT_WEIGHT = 12.0  # per unit of algorithm_alignment above 0.5
SHARE_WEIGHT = 15.0  # per unit of the share index above 0.3
LOOP_WEIGHT = 8.0  # per unit of loopability above 0.5
TRENDING_AUDIO_EFFECT = 6.0
STAGE_EFFECT = {"emerging": 4.0, "growth": 5.0, "peak": 2.0, "decline": -3.0}
CTA_EFFECT = 2.0
SHORT_S, SHORT_EFFECT = 30.0, 3.0
LONG_S, LONG_EFFECT = 90.0, -4.0
MAX_FACTORS = 6
# A measured quantity is named among the factors only when it moved the score by this much;
# categorical evidence (a trend, trending audio, the CTA, the runtime) is always named.
MIN_FACTOR_EFFECT = 3.0
CATEGORICAL = ("trending_audio", "call_to_action", "duration")
# View range. Order-of-magnitude median views of one post from an account of unknown size;
# the range around it is deliberately wide (40x from low to high). See docs/methods.md.
BASELINE_VIEWS = {"tiktok": 1000, "instagram": 600, "youtube": 400}
REACH_PER_FOLLOWER = 0.10
MIN_EXPECTED_VIEWS = 10
SCORE_DOUBLING_POINTS = 15.0  # every 15 score points above 50 doubles the expectation
LOW_FACTOR = 0.2
HIGH_FACTOR = 8.0
# Completion pressure: shorter videos, stronger hooks, better retention design and an open
# loop (a question or gap the ending resolves) pull a viewer to the end.
COMPLETION_WEIGHTS = {"duration": 0.30, "hook": 0.25, "retention": 0.25, "open_loop": 0.20}
COMPLETION_BY_DURATION = ((15.0, 1.0), (90.0, 0.2), (180.0, 0.1))
OPEN_LOOP_RESOLVED = 1.0
OPEN_LOOP_UNRESOLVED = 0.6
NO_OPEN_LOOP = 0.3
PHRASES = {
    "hook": ("strong hook", "weak hook"),
    "retention": ("retention-friendly structure", "drop-risk moments"),
    "algorithm_alignment": ("fits the platform format", "poor platform fit"),
    "share_index": ("shareable content", "low shareability"),
    "loopability": ("loops well", "does not loop"),
    "trending_audio": ("trending audio", "trending audio"),
    "call_to_action": ("clear call to action", "no call to action"),
    "duration": ("short runtime", "long runtime"),
}


@dataclass(frozen=True)
class ViewRange:
    low: int
    expected: int
    high: int


@dataclass(frozen=True)
class Virality:
    score: int
    predicted_view_range: ViewRange | None
    view_range_basis: str | None
    factors: tuple[str, ...]
    evidence: tuple[Factor, ...]
    completion_pressure: float | None


def analyse_virality(
    s: Signals,
    hook: Hook | None,
    retention: Retention | None,
    cta: Cta | None,
    story: Story | None,
    fit: PlatformFit | None,
    trends: Trends | None,
) -> Virality | None:
    """None when neither the hook nor the retention design could be measured."""
    if hook is None and retention is None:
        return None
    evidence = _evidence(s, hook, retention, cta, fit, trends)
    score = score_from(BASE, evidence)
    view_range, basis = predict_views(s, fit.platform if fit else None, score)
    return Virality(
        score=score,
        predicted_view_range=view_range,
        view_range_basis=basis,
        factors=_phrases(evidence),
        evidence=tuple(evidence),
        completion_pressure=_completion_pressure(s, hook, retention, story),
    )


def predict_views(
    s: Signals, platform: str | None, score: int
) -> tuple[ViewRange | None, str | None]:
    multiplier = 2.0 ** ((score - 50) / SCORE_DOUBLING_POINTS)
    if s.follower_count:
        base, basis = s.follower_count * REACH_PER_FOLLOWER, "creator_counts"
    elif platform in BASELINE_VIEWS:
        base, basis = float(BASELINE_VIEWS[platform]), "platform_baseline"
    else:
        return None, None
    expected = max(MIN_EXPECTED_VIEWS, round(base * multiplier))
    return ViewRange(round(expected * LOW_FACTOR), expected, round(expected * HIGH_FACTOR)), basis


def _evidence(
    s: Signals,
    hook: Hook | None,
    retention: Retention | None,
    cta: Cta | None,
    fit: PlatformFit | None,
    trends: Trends | None,
) -> list[Factor]:
    evidence = []
    if hook is not None:
        evidence.append(factor("hook", (hook.score - 50) * HOOK_WEIGHT, hook.score))
    if retention is not None:
        score = retention.retention_score
        evidence.append(factor("retention", (score - 50) * RETENTION_WEIGHT, score))
    if fit is not None and fit.algorithm_alignment is not None:
        value = fit.algorithm_alignment
        evidence.append(factor("algorithm_alignment", (value - 0.5) * ALIGNMENT_WEIGHT, value))
    if fit is not None and fit.share_probability is not None:
        value = fit.share_probability
        evidence.append(factor("share_index", (value - 0.3) * SHARE_WEIGHT, value))
    if fit is not None and fit.loopability is not None:
        value = fit.loopability
        evidence.append(factor("loopability", (value - 0.5) * LOOP_WEIGHT, value))
    if trends is not None:
        if trends.uses_trending_audio:
            title = s.catalog_track.title if s.catalog_track else s.track_title
            evidence.append(factor("trending_audio", TRENDING_AUDIO_EFFECT, title))
        if trends.matched_trends:
            top = trends.matched_trends[0]
            evidence.append(
                factor(f"trend_{top.cycle_stage}", STAGE_EFFECT[top.cycle_stage], top.trend)
            )
    if cta is not None:
        evidence.append(
            factor("call_to_action", CTA_EFFECT if cta.present else -CTA_EFFECT, cta.type)
        )
    if s.duration_s and s.duration_s <= SHORT_S:
        evidence.append(factor("duration", SHORT_EFFECT, round(s.duration_s, 1)))
    elif s.duration_s and s.duration_s > LONG_S:
        evidence.append(factor("duration", LONG_EFFECT, round(s.duration_s, 1)))
    return evidence


def _phrases(evidence: list[Factor]) -> tuple[str, ...]:
    strong = sorted(
        (
            f
            for f in evidence
            if abs(f.effect) >= MIN_FACTOR_EFFECT
            or f.factor in CATEGORICAL
            or f.factor.startswith("trend_")
        ),
        key=lambda f: -abs(f.effect),
    )
    phrases = []
    for f in strong[:MAX_FACTORS]:
        if f.factor.startswith("trend_"):
            stage = f.factor.removeprefix("trend_")
            phrases.append(f"{'fading' if stage == 'decline' else stage} trend: {f.value}")
        else:
            up, down = PHRASES[f.factor]
            phrases.append(up if f.effect > 0 else down)
    return tuple(phrases)


def _completion_pressure(
    s: Signals, hook: Hook | None, retention: Retention | None, story: Story | None
) -> float | None:
    parts: dict[str, float] = {}
    if s.duration_s:
        parts["duration"] = piecewise(s.duration_s, COMPLETION_BY_DURATION)
    if hook is not None:
        parts["hook"] = hook.score / 100
        opens_loop = hook.hook_type in ("question", "curiosity_gap", "story")
        resolved = story is not None and story.first("payoff") is not None
        parts["open_loop"] = (
            (OPEN_LOOP_RESOLVED if resolved else OPEN_LOOP_UNRESOLVED)
            if opens_loop
            else NO_OPEN_LOOP
        )
    if retention is not None:
        parts["retention"] = retention.retention_score / 100
    if not parts:
        return None
    weight = sum(COMPLETION_WEIGHTS[k] for k in parts)
    return round(clamp(sum(COMPLETION_WEIGHTS[k] * v for k, v in parts.items()) / weight), 3)
