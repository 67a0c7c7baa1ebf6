"""Accuracy of the meaning layer: labels (category, hook type, call to action) against a
person's, whether the title names the subject, and whether title, summary and logline stay
faithful to what the video contains (docs/accuracy.md, "Meaning"). Pure functions over result
dictionaries and ground truth; the text checks are in `text_checks`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from clipapi.evaluation.metrics import Ratio
from clipapi.evaluation.text_checks import (
    label_accuracy,
    same_label,
    topic_in_title,
    unfaithful_tokens,
)
from clipapi.pipeline.merge import dig

# Targets (issue 9).
TARGET_CATEGORY = 0.85
TARGET_HOOK_TYPE = 0.85
TARGET_CTA_PRESENCE = 0.95
TARGET_CTA_KIND = 0.90
TARGET_TOPIC_IN_TITLE = 0.90


# --- one clip -------------------------------------------------------------------------------


def result_sources(result: Mapping[str, Any]) -> list[str]:
    """What a written field may draw on: the transcript, the on-screen text and the platform's
    metadata (never the upload's file name), plus the labels the result gives itself (its
    category and format: a logline may say "a Food & Cooking tutorial")."""
    understanding = result.get("media_understanding") or {}
    sources = [str(dig(understanding, "transcript.full_text") or "")]
    for reading in dig(understanding, "visual_analysis.on_screen_text") or []:
        if isinstance(reading, dict) and reading.get("text"):
            sources.append(str(reading["text"]))
    source = result.get("source") or {}
    for key in ("title", "description", "author", "author_name"):
        if source.get(key):
            sources.append(str(source[key]))
    for key in ("hashtags", "mentions"):
        sources.extend(str(tag) for tag in source.get(key) or [])
    overview = understanding.get("content_overview") or {}
    sources.extend(str(overview[key]) for key in ("category", "format") if overview.get(key))
    return sources


@dataclass
class MeaningScore:
    """One labelled clip's meaning figures: (truth, found) pairs and what was flagged."""

    language: str
    category: tuple[str, str | None]
    hook_type: tuple[str, str | None]
    hook_source: tuple[str | None, str | None]
    cta_present: tuple[bool, bool | None]
    cta_kind: tuple[str | None, str | None]
    title: str | None
    topic_hit: bool | None  # None: the clip lists no topic words
    unfaithful: list[str] = field(default_factory=list)
    written: dict[str, str | None] = field(default_factory=dict)  # title, summary, logline

    def to_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "category": list(self.category),
            "hook_type": list(self.hook_type),
            "hook_source": list(self.hook_source),
            "cta_present": list(self.cta_present),
            "cta_kind": list(self.cta_kind),
            "title": self.title,
            "topic_hit": self.topic_hit,
            "unfaithful": self.unfaithful,
            "written": self.written,
        }


def score_meaning(truth: Mapping[str, Any], result: Mapping[str, Any]) -> MeaningScore:
    labels = truth["meaning"]
    understanding = result.get("media_understanding") or {}
    overview = understanding.get("content_overview") or {}
    creator = result.get("creator_intelligence") or {}
    hook = creator.get("hook_analysis") or {}
    cta = creator.get("cta") or {}
    cta_truth = labels.get("cta") or {}
    title = overview.get("title")
    written = {
        "title": title,
        "summary": overview.get("summary"),
        "logline": dig(creator, "story_structure.logline"),
    }
    topics = labels.get("topic_words") or []
    return MeaningScore(
        language=str(truth.get("language") or "?"),
        category=(labels["category"], overview.get("category")),
        hook_type=(labels["hook_type"], hook.get("hook_type")),
        hook_source=(labels.get("hook_source"), dig(hook, "signals.hook_source")),
        cta_present=(bool(cta_truth.get("present")), cta.get("present")),
        cta_kind=(cta_truth.get("kind"), cta.get("type")),
        title=title,
        topic_hit=topic_in_title(title, topics) if topics else None,
        unfaithful=unfaithful_tokens(written, result_sources(result), truth.get("language")),
        written=written,
    )


# --- the corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class MeaningFigures:
    """Pooled meaning figures over labelled clips, overall and per language."""

    category: Ratio
    hook_type: Ratio
    hook_source: Ratio
    cta_present: Ratio
    cta_kind: Ratio
    topic_in_title: Ratio
    unfaithful: int
    judged: int  # clips whose written fields were checked


def _ratios(scores: Sequence[MeaningScore]) -> MeaningFigures:
    return MeaningFigures(
        category=label_accuracy(s.category for s in scores),
        hook_type=label_accuracy(s.hook_type for s in scores),
        hook_source=label_accuracy(s.hook_source for s in scores if s.hook_source[0]),
        cta_present=Ratio(
            sum(
                1
                for s in scores
                if s.cta_present[1] is not None and s.cta_present[1] == s.cta_present[0]
            ),
            len(scores),
        ),
        cta_kind=label_accuracy(s.cta_kind for s in scores if s.cta_kind[0]),
        topic_in_title=Ratio(
            sum(1 for s in scores if s.topic_hit), sum(1 for s in scores if s.topic_hit is not None)
        ),
        unfaithful=sum(len(s.unfaithful) for s in scores),
        judged=len(scores),
    )


def meaning_figures(scores: Sequence[MeaningScore]) -> dict[str, MeaningFigures]:
    """ "all" and one entry per language, in the order languages first appear."""
    languages = list(dict.fromkeys(s.language for s in scores))
    figures = {"all": _ratios(scores)}
    for language in languages:
        figures[language] = _ratios([s for s in scores if s.language == language])
    return figures


@dataclass(frozen=True)
class MeaningTarget:
    name: str
    goal: str
    value: str
    passed: bool


def _share(ratio: Ratio) -> str:
    return (
        "n/a" if ratio.value is None else f"{100 * ratio.value:.0f} % ({ratio.hits}/{ratio.total})"
    )


def meaning_targets(figures: MeaningFigures) -> list[MeaningTarget]:
    """The issue's targets on the pooled figures (none when no clip is labelled)."""
    if not figures.judged:
        return []
    targets: list[MeaningTarget] = []
    for name, ratio, goal in (
        ("category", figures.category, TARGET_CATEGORY),
        ("hook type", figures.hook_type, TARGET_HOOK_TYPE),
        ("CTA presence", figures.cta_present, TARGET_CTA_PRESENCE),
        ("CTA kind", figures.cta_kind, TARGET_CTA_KIND),
        ("a topic word in the title", figures.topic_in_title, TARGET_TOPIC_IN_TITLE),
    ):
        if ratio.total:
            value = ratio.value or 0.0
            targets.append(MeaningTarget(name, f"≥ {goal:.0%}", _share(ratio), value >= goal))
    targets.append(
        MeaningTarget(
            "names/numbers in title, summary, logline absent from the sources",
            "0",
            str(figures.unfaithful),
            figures.unfaithful == 0,
        )
    )
    return targets


def meaning_rows(figures: Mapping[str, MeaningFigures]) -> list[tuple[str, str, str]]:
    """(dimension, value, per-language detail) rows."""
    rows: list[tuple[str, str, str]] = []
    languages = [k for k in figures if k != "all"]
    overall = figures["all"]
    for label, attribute in (
        ("category accuracy", "category"),
        ("hook type accuracy", "hook_type"),
        ("hook source accuracy", "hook_source"),
        ("CTA presence accuracy", "cta_present"),
        ("CTA kind accuracy (clips with a CTA)", "cta_kind"),
        ("a topic word in the title", "topic_in_title"),
    ):
        ratio: Ratio = getattr(overall, attribute)
        per_language = [(lang, getattr(figures[lang], attribute)) for lang in languages]
        detail = ", ".join(f"{lang} {r.hits}/{r.total}" for lang, r in per_language if r.total)
        rows.append((label, _share(ratio), detail))
    detail = ", ".join(f"{lang} {figures[lang].unfaithful}" for lang in languages)
    rows.append(
        ("unfaithful names/numbers (title, summary, logline)", str(overall.unfaithful), detail)
    )
    return rows


def meaning_clip_row(name: str, score: MeaningScore) -> str:
    """One markdown row: truth → found for each label, the title and what was flagged."""

    def pair(values: tuple[Any, Any]) -> str:
        truth, found = values
        mark = "" if same_label(truth, found) else " ✗"
        return f"{truth} → {found}{mark}"

    cta_truth = score.cta_kind[0] if score.cta_present[0] else "none"
    cta_found = (score.cta_kind[1] or "?") if score.cta_present[1] else "none"
    cta_mark = "" if cta_truth == cta_found else " ✗"
    topic = "" if score.topic_hit is None else ("yes" if score.topic_hit else "no")
    title = (score.title or "").replace("|", "/")
    return (
        f"| {name} | {score.language} | {pair(score.category)} | {pair(score.hook_type)} | "
        f"{pair(score.hook_source)} | {cta_truth} → {cta_found}{cta_mark} | {title} | {topic} | "
        f"{'; '.join(score.unfaithful)} |"
    )


MEANING_CLIP_HEADER = (
    "| clip | lang | category | hook type | hook source | CTA | title | topic | unfaithful |\n"
    "|---|---|---|---|---|---|---|---|---|"
)
