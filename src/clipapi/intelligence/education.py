"""education.v1: information density, i.e. how much a viewer can learn per minute: numbers,
steps, concrete named things, and a how-to structure."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.explain import Factor, factor, ramp, score_from
from clipapi.intelligence.hook_cues import NUMBER, TUTORIAL_PROMISE
from clipapi.intelligence.signals import Signals
from clipapi.intelligence.story import Story
from clipapi.intelligence.text import STEP_CUE, count_matches, normalise

METHOD = "education.v1"
BASE = 20.0
# Densities (per minute) that earn the full effect: a dense explainer states about four
# figures, three steps and six distinct concrete terms a minute.
NUMBERS_FULL_PER_MIN = 4.0
STEPS_FULL_PER_MIN = 3.0
TERMS_FULL_PER_MIN = 6.0
NUMBERS_EFFECT = 25.0
STEPS_EFFECT = 25.0
TERMS_EFFECT = 15.0
HOW_TO_EFFECT = 15.0
NO_WORDS_EFFECT = -15.0  # nothing said or written: little a viewer can learn from it
MIN_MINUTES = 0.25  # a 5 s clip is not rated as if it ran a minute at that density


@dataclass(frozen=True)
class Education:
    score: int
    factors: tuple[Factor, ...]


def analyse_education(s: Signals, story: Story | None) -> Education | None:
    """None when neither speech nor on-screen text was measured, or without a duration; a
    video measured to carry no words scores low with the factor that says so."""
    texts = [line.text for line in (*(s.sentences or ()), *(s.on_screen_text or ()))]
    if not s.duration_s or (s.sentences is None and s.on_screen_text is None):
        return None
    if not texts:
        none = (factor("no_spoken_or_shown_words", NO_WORDS_EFFECT, 0),)
        return Education(score_from(BASE, none), none)
    minutes = max(MIN_MINUTES, s.duration_s / 60.0)
    numbers = count_matches(NUMBER, texts) / minutes
    steps = count_matches(STEP_CUE, texts) / minutes
    factors = [
        factor(
            "numbers_per_minute", NUMBERS_EFFECT * ramp(numbers, 0, NUMBERS_FULL_PER_MIN), numbers
        ),
        factor("steps_per_minute", STEPS_EFFECT * ramp(steps, 0, STEPS_FULL_PER_MIN), steps),
    ]
    if s.keywords or s.topics or "media_understanding" not in s.missing:
        terms = len({normalise(t) for t in (*s.keywords, *s.topics)}) / minutes
        factors.append(
            factor(
                "concrete_terms_per_minute",
                TERMS_EFFECT * ramp(terms, 0, TERMS_FULL_PER_MIN),
                terms,
            )
        )
    how_to = any(TUTORIAL_PROMISE.search(normalise(text)) for text in texts[:3]) or (
        story is not None and "list_item" in story.beats
    )
    if how_to:
        factors.append(factor("how_to_structure", HOW_TO_EFFECT, True))
    return Education(score_from(BASE, factors), tuple(factors))
