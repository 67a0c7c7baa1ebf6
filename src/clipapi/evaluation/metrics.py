"""Pure accuracy measures for the evaluation harness: each compares what the pipeline reported
with ground truth, and each result pools over items by addition (micro-averaging: a corpus
figure is total errors over total units, not a mean of per-item rates).

WER reuses `clipapi.signals.wer`; character edits reuse `clipapi.signals.visual_text`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations
from typing import Any

from clipapi.signals.visual_text import edit_distance
from clipapi.signals.wer import WordErrors, word_errors

# A detected cut within this distance of a true one is a hit (3 frames at 30 fps: the visual
# step decodes every frame, so a correct cut lands on the frame; the tolerance only absorbs
# a container's timestamp rounding). The time error of each hit is reported as well.
CUT_TOLERANCE_S = 0.1
# A silence span is found when a reported one overlaps it by this intersection-over-union.
SPAN_MIN_IOU = 0.5
# A caption may be read as up to this many separate lines.
MAX_CAPTION_LINES = 3

TimedText = tuple[float, float, str]
Interval = tuple[float, float]


@dataclass(frozen=True)
class Ratio:
    """hits out of total; pools by addition."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)


@dataclass(frozen=True)
class ErrorRate:
    """Edits per reference unit (words for WER, characters for CER); pools by addition."""

    errors: int = 0
    units: int = 0

    @property
    def value(self) -> float | None:
        return self.errors / self.units if self.units else None

    def __add__(self, other: ErrorRate) -> ErrorRate:
        return ErrorRate(self.errors + other.errors, self.units + other.units)


# --- words --------------------------------------------------------------------------------


def word_error(reference: str, hypothesis: str) -> ErrorRate:
    errors: WordErrors = word_errors(reference, hypothesis)
    return ErrorRate(errors.errors, errors.reference_words)


def speaker_word_error(references: Sequence[str], hypotheses: Mapping[str, str]) -> ErrorRate:
    """WER of a multi-speaker transcript: each reference (one per voice) against the text of
    one speaker label, under the assignment of labels to voices with the fewest errors. Text
    of labels left over counts as insertions; a voice with no label is all deletions."""
    labels = list(hypotheses)
    # Pad with "no label" so that every voice gets exactly one (possibly empty) hypothesis.
    slots: list[str | None] = [*labels, *([None] * len(references))]
    best: ErrorRate | None = None
    for chosen in permutations(slots, len(references)):
        total = ErrorRate()
        for reference, label in zip(references, chosen, strict=True):
            total += word_error(reference, hypotheses[label] if label is not None else "")
        for label in labels:
            if label not in chosen:
                total += word_error("", hypotheses[label])
        if best is None or total.errors < best.errors:
            best = total
    return best or ErrorRate()


# --- characters -----------------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-folded, NFKC, whitespace collapsed (as visual_text.character_error_rate reads)."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def character_error(reference: str, hypothesis: str) -> ErrorRate:
    ref, hyp = fold(reference), fold(hypothesis)
    return ErrorRate(edit_distance(ref, hyp), len(ref))


def _overlap(a: Interval, b: Interval) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def caption_error(captions: Sequence[TimedText], readings: Sequence[TimedText]) -> ErrorRate:
    """CER of burned-in captions against timed OCR readings.

    Each caption is compared with the readings shown while it is (those overlapping its time
    span): the closest single reading, or the closest join of up to MAX_CAPTION_LINES of them
    (a two-line caption read as two lines; the result carries no positions, so any order is
    tried). A caption with no reading in its time counts all its characters as errors.
    Readings of other text in the frame (a logo, a sign) are not charged: they are never the
    closest match to a caption.
    """
    total = ErrorRate()
    for start, end, text in captions:
        shown = sorted(
            (r for r in readings if _overlap((start, end), (r[0], r[1])) > 0),
            key=lambda r: (r[0], r[1]),
        )
        texts = list(dict.fromkeys(r[2] for r in shown))
        candidates = [
            " ".join(lines)
            for size in range(1, min(MAX_CAPTION_LINES, len(texts)) + 1)
            for lines in permutations(texts, size)
        ]
        options = [character_error(text, c) for c in candidates] or [character_error(text, "")]
        total += min(options, key=lambda e: e.errors)
    return total


def scene_text_error(expected: Sequence[str], readings: Sequence[str]) -> ErrorRate:
    """CER of text printed in the scene against the closest reading of each (or nothing)."""
    total = ErrorRate()
    for text in expected:
        options = [character_error(text, r) for r in readings] or [character_error(text, "")]
        total += min(options, key=lambda e: e.errors)
    return total


# --- cuts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CutMatch:
    """Hard cuts found against true ones: one-to-one matches within a tolerance."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    errors_s: tuple[float, ...] = field(default_factory=tuple)  # |found - true| of each hit

    @property
    def precision(self) -> float:
        """Share of reported cuts that are real; 1.0 when none were reported."""
        claimed = self.true_positives + self.false_positives
        return self.true_positives / claimed if claimed else 1.0

    @property
    def recall(self) -> float:
        """Share of real cuts that were reported; 1.0 when there were none."""
        real = self.true_positives + self.false_negatives
        return self.true_positives / real if real else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def mean_error_s(self) -> float | None:
        return sum(self.errors_s) / len(self.errors_s) if self.errors_s else None

    @property
    def max_error_s(self) -> float | None:
        return max(self.errors_s) if self.errors_s else None

    def __add__(self, other: CutMatch) -> CutMatch:
        return CutMatch(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
            self.errors_s + other.errors_s,
        )


def match_cuts(
    truth: Sequence[float], found: Sequence[float], tolerance_s: float = CUT_TOLERANCE_S
) -> CutMatch:
    """Pair each true cut with at most one found cut, closest pairs first."""
    pairs = sorted(
        (abs(f - t), i, j)
        for i, t in enumerate(truth)
        for j, f in enumerate(found)
        if abs(f - t) <= tolerance_s + 1e-9
    )
    used_truth: set[int] = set()
    used_found: set[int] = set()
    errors: list[float] = []
    for distance, i, j in pairs:
        if i in used_truth or j in used_found:
            continue
        used_truth.add(i)
        used_found.add(j)
        errors.append(distance)
    hits = len(errors)
    return CutMatch(hits, len(found) - hits, len(truth) - hits, tuple(errors))


def match_cuts_and_jumps(
    cuts: Sequence[float],
    jumps: Sequence[float],
    found: Sequence[float],
    tolerance_s: float = CUT_TOLERANCE_S,
    found_jumps: Sequence[float] | None = None,
) -> tuple[CutMatch, CutMatch]:
    """Scene cuts and jump cuts (frames removed inside one shot) scored apart: a found cut
    that matches a jump cut is not a false scene cut. A jump cut is a hit only when a cut
    reported as a jump (`found_jumps`, the found cuts of kind `jump`; all of `found` when
    the result gives no kinds) lies within the tolerance."""
    jump_match = match_cuts(jumps, found if found_jumps is None else found_jumps, tolerance_s)
    explained = [f for f in found if not any(abs(f - j) <= tolerance_s + 1e-9 for j in jumps)]
    return match_cuts(cuts, explained, tolerance_s), jump_match


def cut_times(shots: Sequence[Mapping[str, float]] | None) -> list[float]:
    """Cut times from a result's `shots`: the start of every shot but the first."""
    starts = sorted(float(shot["start"]) for shot in shots or [])
    return starts[1:]


def jump_cut_times(shots: Sequence[Mapping[str, Any]] | None) -> list[float] | None:
    """Starts of the shots that begin with a jump cut; None when the result gives no kinds."""
    if not shots or not any("kind" in shot for shot in shots):
        return None
    return sorted(float(shot["start"]) for shot in shots if shot.get("kind") == "jump")


# --- labels, presence, tempo, entities --------------------------------------------------------


def same_language(truth: str | None, found: str | None) -> bool:
    """ISO 639-1 codes compared on the primary subtag ("en-US" is "en"); None only equals
    None (a clip with no words must report no language)."""

    def primary(code: str | None) -> str | None:
        return code.strip().lower().replace("_", "-").split("-")[0] if code else None

    return primary(truth) == primary(found)


def language_accuracy(pairs: Iterable[tuple[str | None, str | None]]) -> Ratio:
    """(truth, found) pairs; see `same_language`."""
    total = Ratio()
    for truth, found in pairs:
        total += Ratio(int(same_language(truth, found)), 1)
    return total


def presence_accuracy(pairs: Iterable[tuple[bool, bool | None]]) -> Ratio:
    """(truth, found) pairs; a presence not reported (None) is a miss either way."""
    total = Ratio()
    for truth, found in pairs:
        total += Ratio(int(found is not None and found == truth), 1)
    return total


def bpm_error(truth: float, found: float | None) -> float | None:
    """Relative tempo error (0.03 is 3 %); None when no tempo was reported. Double or half
    tempo is an error of 100 % or 50 %: the octave is part of what is measured."""
    if found is None:
        return None
    return abs(found - truth) / truth


def _entity_key(name: str) -> str:
    return fold(name)


def entity_recall(
    expected: Mapping[str, Sequence[str]], found: Mapping[str, Sequence[str] | None]
) -> dict[str, Ratio]:
    """Per kind (brands, hashtags, people, ...): expected names the result lists under that
    kind, compared case-folded and exactly (a partial name is a miss)."""
    recall: dict[str, Ratio] = {}
    for kind, names in expected.items():
        listed = {_entity_key(name) for name in found.get(kind) or []}
        hits = sum(1 for name in names if _entity_key(name) in listed)
        recall[kind] = Ratio(hits, len(names))
    return recall


# --- time spans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpanMatch:
    """True spans found (IoU at least SPAN_MIN_IOU) and the boundary error of those found."""

    found: Ratio = field(default_factory=Ratio)
    boundary_errors_s: tuple[float, ...] = field(default_factory=tuple)

    @property
    def mean_boundary_error_s(self) -> float | None:
        errors = self.boundary_errors_s
        return sum(errors) / len(errors) if errors else None

    def __add__(self, other: SpanMatch) -> SpanMatch:
        return SpanMatch(self.found + other.found, self.boundary_errors_s + other.boundary_errors_s)


def _iou(a: Interval, b: Interval) -> float:
    inter = _overlap(a, b)
    union = (a[1] - a[0]) + (b[1] - b[0]) - inter
    return inter / union if union > 0 else 0.0


def match_spans(
    truth: Sequence[Interval], found: Sequence[Interval], min_iou: float = SPAN_MIN_IOU
) -> SpanMatch:
    hits = 0
    errors: list[float] = []
    for span in truth:
        best = max(found, key=lambda f: _iou(span, f), default=None)
        if best is not None and _iou(span, best) >= min_iou:
            hits += 1
            errors.extend((abs(best[0] - span[0]), abs(best[1] - span[1])))
    return SpanMatch(Ratio(hits, len(truth)), tuple(errors))


def speaker_turn_accuracy(
    turns: Sequence[tuple[float, float, str]], labelled: Sequence[tuple[float, float, str]]
) -> Ratio:
    """Turns whose voice was labelled right, over all turns.

    A turn (start, end, voice) reads as the label of the labelled spans (start, end, label;
    the transcript's segments) overlapping it longest; no overlap is a wrong turn. Labels are
    arbitrary names, so voices and labels are matched one to one in the way that gets the
    most turns right: a voice split in two, or two voices merged in one, loses the turns of
    one part.
    """
    read: list[str | None] = []
    for start, end, _ in turns:
        time_by_label: dict[str, float] = {}
        for s, e, label in labelled:
            overlap = _overlap((start, end), (s, e))
            if overlap > 0:
                time_by_label[label] = time_by_label.get(label, 0.0) + overlap
        read.append(max(time_by_label, key=lambda k: time_by_label[k]) if time_by_label else None)
    voices = sorted({voice for _, _, voice in turns})
    labels = sorted({label for label in read if label is not None})
    slots: list[str | None] = [*labels, *([None] * len(voices))]
    best = 0
    for chosen in permutations(slots, len(voices)):
        names = dict(zip(voices, chosen, strict=True))
        right = sum(
            1
            for (_, _, voice), label in zip(turns, read, strict=True)
            if label is not None and names[voice] == label
        )
        best = max(best, right)
    return Ratio(best, len(turns))
