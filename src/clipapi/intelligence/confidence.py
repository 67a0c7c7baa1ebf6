"""confidence.v2: how far the rest of the analysis can be trusted, from the evidence it rests on.

A weighted mean of evidence qualities, each 0-1 and measured on this video, times 100, less
penalties for inputs that are missing and sections that came back null:

| evidence | quality | weight |
|---|---|---|
| speech recognition | the transcript's duration-weighted confidence (with speech) | 0.20 |
| spoken language | the language-ID probability (with speech) | 0.10 |
| words | log-scaled count of spoken and shown words, full at 200 | 0.15 |
| category margin | the category's lead over the runner-up, full at 0.20 | 0.15 |
| hook type margin | e5's lead for the hook type, full at 0.20 (0.5 when cue rules decided) | 0.10 |
| text coverage | share of the duration under a sentence or on-screen text | 0.15 |
| picture and sound | share of the visual and audio analyses that ran | 0.10 |
| duration | log-scaled length, full at 60 s (more for every measure to go on) | 0.05 |

Speech rows apply only to videos with recognised words; the words, category and hook rows
count as 0 when the video carries no words (nothing the meaning layer says can be trusted),
which is why a wordless montage scores low. Each row appears in `score_details` as a factor
whose effect is its share of the score, so the factors add up to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from clipapi.intelligence.explain import Factor, factor, ramp, score_from
from clipapi.intelligence.hook import Hook
from clipapi.intelligence.signals import Signals
from clipapi.signals.text_format import span_coverage

METHOD = "confidence.v2"
WEIGHTS = {
    "asr_confidence": 0.20,
    "language_probability": 0.10,
    "word_evidence": 0.15,
    "category_margin": 0.15,
    "hook_type_margin": 0.10,
    "text_coverage": 0.15,
    "picture_and_sound": 0.10,
    "duration": 0.05,
}
WORDS_FULL = 200
MARGIN_FULL = 0.20
RULES_DECIDED = 0.5  # a hook type decided by cue rules: a firm rule, but no measured margin
DURATION_FULL_S = 60.0
MISSING_INPUT_EFFECT = -10.0
NULL_FIELD_EFFECT = -4.0
INPUTS = ("transcription", "audio_analysis", "visual_analysis", "media_understanding")


def evidence(s: Signals, hook: Hook | None) -> dict[str, tuple[float, float | int | None]]:
    """Each evidence row that applies: (quality 0-1, the measured value it came from)."""
    rows: dict[str, tuple[float, float | int | None]] = {}
    if s.words and s.asr_confidence is not None:
        rows["asr_confidence"] = (min(1.0, max(0.0, s.asr_confidence)), s.asr_confidence)
        if s.language_probability is not None:
            rows["language_probability"] = (s.language_probability, s.language_probability)
    words = len(s.spoken_text.split()) + len(s.shown_text.split())
    rows["word_evidence"] = (
        ramp(math.log1p(words), 0.0, math.log1p(WORDS_FULL)),
        words,
    )
    margin = s.category_margin if s.category is not None else None
    rows["category_margin"] = (0.0 if margin is None else ramp(margin, 0.0, MARGIN_FULL), margin)
    rows["hook_type_margin"] = _hook_margin(hook)
    if s.duration_s:
        lines = (*(s.sentences or ()), *(s.on_screen_text or ()))
        spans = [(line.start, line.end) for line in lines]
        covered = span_coverage(spans, s.duration_s)
        rows["text_coverage"] = (covered, covered)
        rows["duration"] = (
            ramp(math.log1p(s.duration_s), 0.0, math.log1p(DURATION_FULL_S)),
            s.duration_s,
        )
    ran = [name not in s.missing for name in ("visual_analysis", "audio_analysis")]
    rows["picture_and_sound"] = (sum(ran) / len(ran), sum(ran))
    return rows


def _hook_margin(hook: Hook | None) -> tuple[float, float | int | None]:
    signals = hook.signals if hook is not None else None
    if signals is None or signals.hook_type_method is None:
        return 0.0, None
    if signals.hook_type_method == "rules":
        return RULES_DECIDED, signals.hook_type_margin
    margin = signals.hook_type_margin or 0.0
    return ramp(margin, 0.0, MARGIN_FULL), margin


def confidence_factors(
    s: Signals,
    hook: Hook | None,
    unmeasured: tuple[str, ...],
    null_sections: tuple[str, ...],
) -> list[Factor]:
    rows = evidence(s, hook)
    total = sum(WEIGHTS[name] for name in rows)
    factors = [
        factor(name, 100.0 * WEIGHTS[name] / total * quality, value)
        for name, (quality, value) in rows.items()
    ]
    for name in INPUTS:
        if name in s.missing:
            factors.append(factor(f"missing_{name}", MISSING_INPUT_EFFECT, name))
    for name in (*unmeasured, *null_sections):
        factors.append(factor("null_field", NULL_FIELD_EFFECT, name))
    return factors


def confidence_score(
    s: Signals,
    hook: Hook | None,
    parts: Mapping[str, object | None],
    null_sections: tuple[str, ...],
) -> tuple[int, tuple[Factor, ...]]:
    unmeasured = tuple(name for name, part in parts.items() if part is None)
    factors = confidence_factors(s, hook, unmeasured, null_sections)
    return score_from(0.0, factors), tuple(factors)
