"""scores.v1: the eight 0-100 scores, each with the factors that moved it and its method.

hook_strength, retention_design, cta_effectiveness and educational_value are the scores of
their own methods; visual_clarity and audio_clarity are measured here from picture and sound
quality; overall_creator_clarity combines the six; confidence_overall says how far the rest
can be trusted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clipapi.intelligence import confidence as confidence_method
from clipapi.intelligence import cta as cta_method
from clipapi.intelligence import education as education_method
from clipapi.intelligence import hook as hook_method
from clipapi.intelligence import retention as retention_method
from clipapi.intelligence.cta import Cta
from clipapi.intelligence.education import Education
from clipapi.intelligence.explain import Factor, factor, ramp, score_from
from clipapi.intelligence.hook import Hook
from clipapi.intelligence.retention import Retention
from clipapi.intelligence.signals import Signals

METHOD = "scores.v1"
VISUAL_METHOD = "visual_clarity.v1"
AUDIO_METHOD = "audio_clarity.v1"
OVERALL_METHOD = "overall_clarity.v1"
CONFIDENCE_METHOD = confidence_method.METHOD

# visual_clarity.v1
VISUAL_BASE = 60.0
# Variance of the Laplacian at the visual step's ~540 px analysis resolution: 25 is visibly
# blurred, 400 crisp. Logarithmic: doubling sharpness is the same step anywhere on the scale.
BLURRY, CRISP = 25.0, 400.0
SHARPNESS_LOW_EFFECT, SHARPNESS_HIGH_EFFECT = -25.0, 15.0
BRIGHTNESS_OK = (0.3, 0.75)  # mean luma; outside it faces and text are hard to read
BRIGHTNESS_EFFECT = -20.0  # at 0.15 below or above the range
CONTRAST_FLAT = 0.12  # RMS contrast below this looks washed out
CONTRAST_EFFECT = -10.0
LETTERBOX_EFFECT = -30.0  # per unit of the frame lost to bars
GREYSCALE_COLORFULNESS = 10.0
GREYSCALE_EFFECT = -3.0
# audio_clarity.v1
AUDIO_BASE = 65.0
CLIPPING_FULL = 0.01  # 1 % of samples at full scale is plainly distorted
CLIPPING_EFFECT = -40.0
TRUE_PEAK_MAX_DBFS = -1.0
TRUE_PEAK_EFFECT = -5.0
LOUDNESS_OK_LUFS = (-18.0, -9.0)  # the feeds normalise near -14 LUFS
LOUDNESS_EFFECT_PER_LU = -2.0
LOUDNESS_EFFECT_MAX = -20.0
LOUDNESS_RANGE_MAX_LU = 15.0
LOUDNESS_RANGE_EFFECT = -5.0
ASR_CONFIDENCE_PIVOT = 0.7  # the recogniser's confidence as a proxy for intelligibility
ASR_CONFIDENCE_WEIGHT = 50.0
MUSIC_UNDER_SPEECH = 0.5  # both music and speech over half the duration compete
MUSIC_UNDER_SPEECH_EFFECT = -8.0
SILENT_TRACK_RATIO = 0.99
SILENT_TRACK_EFFECT = -50.0  # a track that was measured and is all silence carries nothing
# overall_clarity.v1: weights of the six execution scores (renormalised over those present).
OVERALL_WEIGHTS = {
    "hook_strength": 0.25,
    "retention_design": 0.25,
    "visual_clarity": 0.15,
    "audio_clarity": 0.15,
    "cta_effectiveness": 0.10,
    "educational_value": 0.10,
}


@dataclass(frozen=True)
class ScoreDetail:
    score: int
    factors: tuple[Factor, ...]
    method: str


@dataclass(frozen=True)
class ScoreSet:
    """Each of the eight scores with its explanation; None where it could not be measured."""

    hook_strength: ScoreDetail | None
    retention_design: ScoreDetail | None
    visual_clarity: ScoreDetail | None
    audio_clarity: ScoreDetail | None
    cta_effectiveness: ScoreDetail | None
    educational_value: ScoreDetail | None
    overall_creator_clarity: ScoreDetail | None
    confidence_overall: ScoreDetail


def compute_scores(
    s: Signals,
    hook: Hook | None,
    retention: Retention | None,
    cta: Cta | None,
    education: Education | None,
    null_sections: tuple[str, ...] = (),
) -> ScoreSet:
    """`null_sections` names the sections of layers 2 and 3 that could not be measured."""
    parts = {
        "hook_strength": None
        if hook is None
        else ScoreDetail(hook.score, hook.factors, hook_method.METHOD),
        "retention_design": None
        if retention is None
        else ScoreDetail(retention.retention_score, retention.factors, retention_method.METHOD),
        "visual_clarity": visual_clarity(s),
        "audio_clarity": audio_clarity(s),
        "cta_effectiveness": None
        if cta is None
        else ScoreDetail(cta.score, cta.factors, cta_method.METHOD),
        "educational_value": None
        if education is None
        else ScoreDetail(education.score, education.factors, education_method.METHOD),
    }
    return ScoreSet(
        **parts,
        overall_creator_clarity=_overall(parts),
        confidence_overall=confidence(s, hook, parts, null_sections),
    )


def visual_clarity(s: Signals) -> ScoreDetail | None:
    if s.sharpness is None and s.brightness is None and s.contrast is None:
        return None
    factors = []
    if s.sharpness is not None:
        position = ramp(math.log10(max(s.sharpness, 1e-3)), math.log10(BLURRY), math.log10(CRISP))
        effect = SHARPNESS_LOW_EFFECT + (SHARPNESS_HIGH_EFFECT - SHARPNESS_LOW_EFFECT) * position
        factors.append(factor("sharpness", effect, s.sharpness))
    if s.brightness is not None:
        low, high = BRIGHTNESS_OK
        off = max(low - s.brightness, s.brightness - high, 0.0)
        if off > 0:
            factors.append(
                factor("brightness", BRIGHTNESS_EFFECT * min(1.0, off / 0.15), s.brightness)
            )
    if s.contrast is not None and s.contrast < CONTRAST_FLAT:
        factors.append(
            factor("contrast", CONTRAST_EFFECT * (1 - s.contrast / CONTRAST_FLAT), s.contrast)
        )
    if s.letterboxing:
        factors.append(factor("letterboxing", LETTERBOX_EFFECT * s.letterboxing, s.letterboxing))
    if s.colorfulness is not None and s.colorfulness < GREYSCALE_COLORFULNESS:
        factors.append(factor("colorfulness", GREYSCALE_EFFECT, s.colorfulness))
    return ScoreDetail(score_from(VISUAL_BASE, factors), tuple(factors), VISUAL_METHOD)


def audio_clarity(s: Signals) -> ScoreDetail | None:
    """None without an audio track or without any level measurement; a track measured as all
    silence scores low with the factor that says so."""
    if s.has_audio is False or (
        s.clipping_ratio is None
        and s.integrated_lufs is None
        and s.asr_confidence is None
        and s.silence_ratio is None
    ):
        return None
    if (s.silence_ratio or 0.0) >= SILENT_TRACK_RATIO:
        silent = (factor("silent_track", SILENT_TRACK_EFFECT, s.silence_ratio),)
        return ScoreDetail(score_from(AUDIO_BASE, silent), silent, AUDIO_METHOD)
    factors = []
    if s.clipping_ratio is not None and s.clipping_ratio > 0:
        effect = CLIPPING_EFFECT * min(1.0, s.clipping_ratio / CLIPPING_FULL)
        factors.append(factor("clipping", effect, s.clipping_ratio))
    if s.true_peak_dbfs is not None and s.true_peak_dbfs > TRUE_PEAK_MAX_DBFS:
        factors.append(factor("true_peak", TRUE_PEAK_EFFECT, s.true_peak_dbfs))
    if s.integrated_lufs is not None:
        low, high = LOUDNESS_OK_LUFS
        off = max(low - s.integrated_lufs, s.integrated_lufs - high, 0.0)
        if off > 0:
            effect = max(LOUDNESS_EFFECT_MAX, LOUDNESS_EFFECT_PER_LU * off)
            factors.append(factor("integrated_loudness", effect, s.integrated_lufs))
    if s.loudness_range is not None and s.loudness_range > LOUDNESS_RANGE_MAX_LU:
        factors.append(factor("loudness_range", LOUDNESS_RANGE_EFFECT, s.loudness_range))
    if s.asr_confidence is not None and s.words:
        effect = (s.asr_confidence - ASR_CONFIDENCE_PIVOT) * ASR_CONFIDENCE_WEIGHT
        factors.append(factor("speech_intelligibility", effect, s.asr_confidence))
    if (s.music_ratio or 0) > MUSIC_UNDER_SPEECH and (s.speech_ratio or 0) > MUSIC_UNDER_SPEECH:
        factors.append(factor("music_under_speech", MUSIC_UNDER_SPEECH_EFFECT, s.music_ratio))
    return ScoreDetail(score_from(AUDIO_BASE, factors), tuple(factors), AUDIO_METHOD)


def _overall(parts: dict[str, ScoreDetail | None]) -> ScoreDetail | None:
    present = {name: part for name, part in parts.items() if part is not None}
    if not present:
        return None
    total = sum(OVERALL_WEIGHTS[name] for name in present)
    factors = tuple(
        factor(name, OVERALL_WEIGHTS[name] / total * (part.score - 50), part.score)
        for name, part in present.items()
    )
    return ScoreDetail(score_from(50.0, factors), factors, OVERALL_METHOD)


def confidence(
    s: Signals,
    hook: Hook | None,
    parts: dict[str, ScoreDetail | None],
    null_sections: tuple[str, ...],
) -> ScoreDetail:
    """confidence.v2 (clipapi.intelligence.confidence)."""
    score, factors = confidence_method.confidence_score(s, hook, parts, null_sections)
    return ScoreDetail(score, factors, CONFIDENCE_METHOD)
