"""The corpus targets (issue 3): the report says PASS or MISS against each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from clipapi.evaluation.meaning import MeaningFigures, meaning_targets
from clipapi.evaluation.metrics import CutMatch, ErrorRate, Ratio
from clipapi.evaluation.rendering import pct

TARGET_WER_EN = 0.08
TARGET_CUT_F1 = 0.95
TARGET_CAPTION_CER = 0.10
TARGET_BPM_ERROR = 0.03
TARGET_TURN_ACCURACY = 0.90


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    value: str
    passed: bool


class Figures(Protocol):
    """The pooled figures the targets read (the report's)."""

    def wer_by_group(self) -> dict[str, ErrorRate]: ...
    def language(self) -> Ratio: ...
    def cuts(self) -> CutMatch: ...
    def captions(self) -> ErrorRate: ...
    def bpm_errors(self) -> dict[str, float | None]: ...
    def quiet_without_music(self) -> Ratio: ...
    def speaker_turns(self, voices: int) -> Ratio: ...
    def one_voice_kept(self) -> Ratio: ...
    def meaning(self) -> dict[str, MeaningFigures]: ...


def corpus_targets(report: Figures) -> list[Target]:
    targets: list[Target] = []
    en = report.wer_by_group().get("en")
    if en is not None and en.value is not None:
        targets.append(
            Target(
                "WER, real English speech",
                f"≤ {TARGET_WER_EN:.0%}",
                pct(en.value),
                en.value <= TARGET_WER_EN,
            )
        )
    language = report.language()
    if language.total:
        targets.append(
            Target(
                "language correct",
                "every clip",
                f"{language.hits}/{language.total}",
                language.hits == language.total,
            )
        )
    cuts = report.cuts()
    if cuts.true_positives + cuts.false_negatives + cuts.false_positives:
        targets.append(
            Target("cut F1", f"≥ {TARGET_CUT_F1:.2f}", f"{cuts.f1:.3f}", cuts.f1 >= TARGET_CUT_F1)
        )
    captions = report.captions()
    if captions.value is not None:
        targets.append(
            Target(
                "caption CER",
                f"≤ {TARGET_CAPTION_CER:.0%}",
                pct(captions.value),
                captions.value <= TARGET_CAPTION_CER,
            )
        )
    bpm = report.bpm_errors()
    if bpm:
        worst = None if None in bpm.values() else max(v for v in bpm.values() if v is not None)
        targets.append(
            Target(
                "BPM error where music is present",
                f"≤ {TARGET_BPM_ERROR:.0%} on each",
                "no tempo reported on some" if worst is None else f"worst {pct(worst)}",
                worst is not None and worst <= TARGET_BPM_ERROR,
            )
        )
    quiet = report.quiet_without_music()
    if quiet.total:
        targets.append(
            Target(
                "no music or BPM on speech-only or silent audio",
                "every clip",
                f"{quiet.hits}/{quiet.total}",
                quiet.hits == quiet.total,
            )
        )
    two_voices = report.speaker_turns(2)
    if two_voices.total:
        value = two_voices.value or 0.0
        targets.append(
            Target(
                "speaker turn accuracy, two voices",
                f"≥ {TARGET_TURN_ACCURACY:.0%}",
                f"{pct(value)} ({two_voices.hits}/{two_voices.total})",
                value >= TARGET_TURN_ACCURACY,
            )
        )
    kept = report.one_voice_kept()
    if kept.total:
        targets.append(
            Target(
                "one voice reported as one speaker",
                "every clip",
                f"{kept.hits}/{kept.total}",
                kept.hits == kept.total,
            )
        )
    targets += [
        Target(t.name, t.goal, t.value, t.passed) for t in meaning_targets(report.meaning()["all"])
    ]
    return targets
