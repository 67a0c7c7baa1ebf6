"""The methods composed into the layers, in dependency order. Each layer is a pure function of
the signals (and, for growth and the scores, of the creator layer; for growth, of the trend
catalog too). The creator layer is a plain value: the pipeline hands it from the creator step to
the growth and scores steps as the creator step's typed output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from clipapi.intelligence import (
    clips,
    cta,
    education,
    hook,
    platform_fit,
    retention,
    retention_curve,
    scores,
    story,
    trends,
    virality,
)
from clipapi.intelligence.signals import Signals

CREATOR_METHODS = {
    "hook": hook.METHOD,
    "retention": retention.METHOD,
    "story": story.METHOD,
    "cta": cta.METHOD,
    "clips": clips.METHOD,
}
GROWTH_METHODS = {
    "virality": virality.METHOD,
    "platform_fit": platform_fit.METHOD,
    "trends": trends.METHOD,
    "retention_curve": retention_curve.METHOD,
}
SCORE_METHODS = {
    "scores": scores.METHOD,
    "education": education.METHOD,
    "visual_clarity": scores.VISUAL_METHOD,
    "audio_clarity": scores.AUDIO_METHOD,
    "overall_clarity": scores.OVERALL_METHOD,
    "confidence": scores.CONFIDENCE_METHOD,
}


@dataclass(frozen=True)
class CreatorLayer:
    hook: hook.Hook | None
    retention: retention.Retention | None
    story: story.Story | None
    cta: cta.Cta | None
    clips: tuple[clips.Clip, ...] | None
    education: education.Education | None

    def null_sections(self) -> tuple[str, ...]:
        sections = {
            "hook_analysis": self.hook,
            "retention_analysis": self.retention,
            "story_structure": self.story,
            "cta": self.cta,
        }
        return tuple(name for name, value in sections.items() if value is None)


@dataclass(frozen=True)
class GrowthLayer:
    virality: virality.Virality | None
    platform_fit: platform_fit.PlatformFit | None
    trends: trends.Trends | None
    curve: tuple[retention_curve.CurvePoint, ...] | None


def creator_layer(s: Signals) -> CreatorLayer:
    found_hook = hook.analyse_hook(s)
    found_cta = cta.analyse_cta(s)
    cta_times = tuple(m.line.start for m in found_cta.mentions) if found_cta else ()
    found_story = story.analyse_story(
        s,
        cta_times,
        hook_type=found_hook.hook_type if found_hook else None,
        cta_kind=found_cta.type if found_cta and found_cta.present else None,
    )
    found_retention = retention.analyse_retention(s, found_story)
    return CreatorLayer(
        hook=found_hook,
        retention=found_retention,
        story=found_story,
        cta=found_cta,
        clips=clips.suggest_clips(s, found_story, found_retention),
        education=education.analyse_education(s, found_story),
    )


def growth_layer(
    s: Signals, creator: CreatorLayer, catalog: Sequence[trends.TrendEntry]
) -> GrowthLayer:
    fit = platform_fit.analyse_platform_fit(
        s, creator.hook, creator.retention, creator.cta, creator.education
    )
    matched = trends.match_trends(s, catalog)
    return GrowthLayer(
        virality=virality.analyse_virality(
            s, creator.hook, creator.retention, creator.cta, creator.story, fit, matched
        ),
        platform_fit=fit,
        trends=matched,
        curve=retention_curve.predict_curve(s.duration_s, creator.hook, creator.retention),
    )


def score_layer(s: Signals, creator: CreatorLayer) -> scores.ScoreSet:
    return scores.compute_scores(
        s,
        creator.hook,
        creator.retention,
        creator.cta,
        creator.education,
        creator.null_sections(),
    )
