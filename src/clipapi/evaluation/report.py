"""The corpus report: figures pooled over the scored items, the targets, and the report as
markdown and JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol, Self, TypeVar

from clipapi.evaluation.meaning import (
    MEANING_CLIP_HEADER,
    MeaningFigures,
    meaning_clip_row,
    meaning_figures,
    meaning_rows,
)
from clipapi.evaluation.metrics import (
    CutMatch,
    ErrorRate,
    Ratio,
    SpanMatch,
    bpm_error,
    language_accuracy,
    presence_accuracy,
)
from clipapi.evaluation.rendering import (
    fraction,
    item_json,
    item_row,
    meaning_json,
    ms,
    pct,
    rate_json,
    ratio_json,
    spurious,
    wrong_languages,
)
from clipapi.evaluation.scoring import ItemScore
from clipapi.evaluation.targets import Target, corpus_targets


class _Addable(Protocol):
    def __add__(self, other: Self, /) -> Self: ...


Pooled = TypeVar("Pooled", bound=_Addable)


@dataclass
class Report:
    items: list[ItemScore]
    skipped: list[dict[str, str]]
    corpus_version: str
    seconds: float

    # -- pooled figures ----------------------------------------------------------------------

    def wer_by_group(self) -> dict[str, ErrorRate]:
        groups: dict[str, ErrorRate] = {}
        for item in self.items:
            if item.wer_group is not None and item.wer is not None:
                groups[item.wer_group] = groups.get(item.wer_group, ErrorRate()) + item.wer
        return dict(sorted(groups.items()))

    def cuts(self) -> CutMatch:
        return _sum([i.cuts for i in self.items if i.cuts is not None], CutMatch())

    def jump_cuts(self) -> CutMatch:
        return _sum([i.jump_cuts for i in self.items if i.jump_cuts is not None], CutMatch())

    def captions(self) -> ErrorRate:
        return _sum([i.captions for i in self.items if i.captions is not None], ErrorRate())

    def scene_text(self) -> ErrorRate:
        values = [i.scene_text for i in self.items if i.scene_text is not None]
        return _sum(values, ErrorRate())

    def language(self) -> Ratio:
        return language_accuracy(i.language for i in self.items if i.language is not None)

    def face_presence(self) -> Ratio:
        return presence_accuracy(i.face_present for i in self.items if i.face_present)

    def face_ratio_mae(self) -> float | None:
        errors = [i.face_ratio_error for i in self.items if i.face_ratio_error is not None]
        return sum(errors) / len(errors) if errors else None

    def max_faces(self) -> Ratio:
        pairs = [i.max_faces for i in self.items if i.max_faces is not None]
        return Ratio(sum(1 for t, f in pairs if t == f), len(pairs))

    def music(self) -> Ratio:
        return presence_accuracy(i.music for i in self.items if i.music is not None)

    def speech(self) -> Ratio:
        return presence_accuracy(i.speech for i in self.items if i.speech is not None)

    def bpm_errors(self) -> dict[str, float | None]:
        return {i.name: bpm_error(*i.bpm) for i in self.items if i.bpm is not None}

    def quiet_without_music(self) -> Ratio:
        checked = [i.spurious_music for i in self.items if i.spurious_music is not None]
        return Ratio(sum(1 for spurious in checked if not spurious), len(checked))

    def silences(self) -> SpanMatch:
        return _sum([i.silences for i in self.items if i.silences is not None], SpanMatch())

    def speakers(self) -> Ratio:
        pairs = [i.speakers for i in self.items if i.speakers is not None]
        return Ratio(sum(1 for t, f in pairs if t == f), len(pairs))

    def speaker_turns(self, voices: int) -> Ratio:
        return _sum(
            [i.turns for i in self.items if i.turns is not None and i.voices == voices], Ratio()
        )

    def one_voice_kept(self) -> Ratio:
        pairs = [i.speakers for i in self.items if i.speakers is not None and i.speakers[0] == 1]
        return Ratio(sum(1 for _, found in pairs if found == 1), len(pairs))

    def entities(self) -> dict[str, Ratio]:
        kinds: dict[str, Ratio] = {}
        for item in self.items:
            for kind, ratio in item.entities.items():
                kinds[kind] = kinds.get(kind, Ratio()) + ratio
        return dict(sorted(kinds.items()))

    def meaning(self) -> dict[str, MeaningFigures]:
        """Meaning figures over the labelled clips: "all" and one per language."""
        return meaning_figures([i.meaning for i in self.items if i.meaning is not None])

    def targets(self) -> list[Target]:
        return corpus_targets(self)

    def passed(self) -> bool:
        return all(t.passed for t in self.targets())

    # -- output ------------------------------------------------------------------------------

    def dimension_rows(self) -> list[tuple[str, str, str]]:
        """(dimension, value, detail) rows of the per-dimension table."""
        rows: list[tuple[str, str, str]] = []
        for group, rate in self.wer_by_group().items():
            items = [i.name for i in self.items if i.wer_group == group]
            rows.append(
                (
                    f"WER {group}",
                    pct(rate.value),
                    f"{rate.errors} errors / {rate.units} words ({', '.join(items)})",
                )
            )
        language = self.language()
        rows.append(("language accuracy", fraction(language), wrong_languages(self.items)))
        cuts = self.cuts()
        rows.append(
            (
                "cut precision / recall / F1",
                f"{cuts.precision:.3f} / {cuts.recall:.3f} / {cuts.f1:.3f}",
                f"{cuts.true_positives} hits, {cuts.false_positives} false, "
                f"{cuts.false_negatives} missed (±{ms(0.1)})",
            )
        )
        rows.append(
            (
                "cut time error mean / max",
                f"{ms(cuts.mean_error_s)} / {ms(cuts.max_error_s)}",
                "over the cuts found",
            )
        )
        jumps = self.jump_cuts()
        if jumps.true_positives + jumps.false_negatives:
            rows.append(
                (
                    "jump-cut recall",
                    f"{jumps.true_positives}/{jumps.true_positives + jumps.false_negatives}",
                    "cuts inside one recording, framing unchanged, reported with kind jump",
                )
            )
        captions = self.captions()
        rows.append(
            (
                "OCR CER, burned-in captions",
                pct(captions.value),
                f"{captions.errors} edits / {captions.units} characters",
            )
        )
        scene = self.scene_text()
        if scene.units:
            rows.append(
                (
                    "OCR CER, text in the scene",
                    pct(scene.value),
                    f"{scene.errors} edits / {scene.units} characters (a printed logo)",
                )
            )
        rows.append(("face presence accuracy", fraction(self.face_presence()), "face in clip y/n"))
        mae = self.face_ratio_mae()
        rows.append(
            (
                "face presence ratio error",
                "n/a" if mae is None else f"{mae:.3f}",
                "mean absolute error of the share of the duration with a face",
            )
        )
        rows.append(("max faces exact", fraction(self.max_faces()), ""))
        for name, error in self.bpm_errors().items():
            truth = next(i.bpm for i in self.items if i.name == name)
            assert truth is not None
            rows.append(
                (
                    f"BPM error, {name}",
                    "no tempo" if error is None else pct(error),
                    f"true {truth[0]:g}, reported {truth[1]}",
                )
            )
        rows.append(("music presence accuracy", fraction(self.music()), "clips with audio"))
        rows.append(
            ("speech presence accuracy", fraction(self.speech()), "clips with audio; words > 0")
        )
        rows.append(
            (
                "no music/BPM on speech-only or silent",
                fraction(self.quiet_without_music()),
                spurious(self.items),
            )
        )
        silences = self.silences()
        if silences.found.total:
            rows.append(
                (
                    "silences found",
                    fraction(silences.found),
                    f"boundary error mean {ms(silences.mean_boundary_error_s)}",
                )
            )
        speakers = self.speakers()
        if speakers.total:
            rows.append(("speaker count exact", fraction(speakers), ""))
        for voices in (2, 3):
            turns = self.speaker_turns(voices)
            if turns.total:
                rows.append(
                    (
                        f"speaker turn accuracy, {voices} voices",
                        fraction(turns),
                        "turns whose voice got its own label (best one-to-one match)",
                    )
                )
        for kind, ratio in self.entities().items():
            rows.append((f"entity recall, {kind}", fraction(ratio), ""))
        if self.meaning()["all"].judged:
            rows += meaning_rows(self.meaning())
        return rows

    def markdown(self) -> str:
        lines = [
            f"Corpus {self.corpus_version}: {len(self.items)} clips, {self.seconds:.0f} s in all.",
            "",
            "| dimension | value | detail |",
            "|---|---|---|",
        ]
        lines += [f"| {d} | {v} | {x} |" for d, v, x in self.dimension_rows()]
        lines += ["", "| target | goal | measured | |", "|---|---|---|---|"]
        lines += [
            f"| {t.name} | {t.goal} | {t.value} | {'PASS' if t.passed else 'MISS'} |"
            for t in self.targets()
        ]
        lines += [
            "",
            "| clip | origin | s | status | WER | cuts P/R | caption CER | faces | music / BPM |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [item_row(i) for i in self.items]
        labelled = [i for i in self.items if i.meaning is not None]
        if labelled:
            lines += ["", MEANING_CLIP_HEADER]
            lines += [meaning_clip_row(i.name, i.meaning) for i in labelled if i.meaning]
        for skipped in self.skipped:
            lines.append(f"\nskipped {skipped['name']}: {skipped['reason']}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        cuts = self.cuts()
        return {
            "corpus_version": self.corpus_version,
            "seconds": round(self.seconds, 1),
            "wer": {g: rate_json(r) for g, r in self.wer_by_group().items()},
            "language_accuracy": ratio_json(self.language()),
            "cuts": {
                "precision": cuts.precision,
                "recall": cuts.recall,
                "f1": cuts.f1,
                "true_positives": cuts.true_positives,
                "false_positives": cuts.false_positives,
                "false_negatives": cuts.false_negatives,
                "mean_error_s": cuts.mean_error_s,
                "max_error_s": cuts.max_error_s,
            },
            "jump_cuts": {
                "true_positives": self.jump_cuts().true_positives,
                "false_negatives": self.jump_cuts().false_negatives,
                "recall": self.jump_cuts().recall,
            },
            "caption_cer": rate_json(self.captions()),
            "scene_text_cer": rate_json(self.scene_text()),
            "face_presence_accuracy": ratio_json(self.face_presence()),
            "face_presence_ratio_mae": self.face_ratio_mae(),
            "max_faces_exact": ratio_json(self.max_faces()),
            "bpm_error": self.bpm_errors(),
            "music_presence_accuracy": ratio_json(self.music()),
            "speech_presence_accuracy": ratio_json(self.speech()),
            "no_music_on_speech_or_silence": ratio_json(self.quiet_without_music()),
            "silences_found": ratio_json(self.silences().found),
            "silence_boundary_error_s": self.silences().mean_boundary_error_s,
            "speaker_count_exact": ratio_json(self.speakers()),
            "speaker_turn_accuracy": {
                f"{voices}_voices": ratio_json(self.speaker_turns(voices)) for voices in (2, 3)
            },
            "entity_recall": {k: ratio_json(r) for k, r in self.entities().items()},
            "meaning": {k: meaning_json(f) for k, f in self.meaning().items() if f.judged},
            "targets": [
                {"name": t.name, "goal": t.goal, "value": t.value, "passed": t.passed}
                for t in self.targets()
            ],
            "passed": self.passed(),
            "items": [item_json(i) for i in self.items],
            "skipped": self.skipped,
        }


def _sum(values: Sequence[Pooled], zero: Pooled) -> Pooled:
    total = zero
    for value in values:
        total = total + value
    return total
