"""Runs the pipeline on a labelled corpus and scores it against the ground truth.

The corpus is a folder with `corpus.json` (built by `eval/corpus.py` in a checkout; the truth
keys are documented there and in docs/accuracy.md). Every item is analysed by the real
`PipelineRunner` on the `full` preset, in this process (models load once and serve every
item), on a throw-away SQLite database and local blob store, exactly as a worker runs it.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

from sqlalchemy import select

from clipapi.evaluation.meaning import (
    MEANING_CLIP_HEADER,
    MeaningFigures,
    MeaningScore,
    meaning_clip_row,
    meaning_figures,
    meaning_rows,
    meaning_targets,
    score_meaning,
)
from clipapi.evaluation.metrics import (
    CutMatch,
    ErrorRate,
    Ratio,
    SpanMatch,
    bpm_error,
    caption_error,
    cut_times,
    entity_recall,
    jump_cut_times,
    language_accuracy,
    match_cuts_and_jumps,
    match_spans,
    presence_accuracy,
    scene_text_error,
    speaker_turn_accuracy,
    speaker_word_error,
    word_error,
)


class _Addable(Protocol):
    def __add__(self, other: Self, /) -> Self: ...


Pooled = TypeVar("Pooled", bound=_Addable)

MANIFEST = "corpus.json"
PRESET = "full"
ANALYSIS_TIMEOUT_S = 600.0

# Targets (issue 3): the table says PASS or MISS against each.
TARGET_WER_EN = 0.08
TARGET_CUT_F1 = 0.95
TARGET_CAPTION_CER = 0.10
TARGET_BPM_ERROR = 0.03
TARGET_TURN_ACCURACY = 0.90

# --- running the pipeline ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the pipeline produced for one file."""

    status: str  # completed | failed
    result: dict[str, Any]
    signals: dict[str, dict[str, Any]]  # step name -> its signals (from the checkpoints)
    seconds: float
    error: str | None = None
    step_ms: dict[str, int] = field(default_factory=dict)  # step name -> its duration


class EvalPipeline:
    """Many analyses in one process (models load once), through `clipapi.local_run`."""

    def __init__(self, folder: Path, preset: str = PRESET) -> None:
        from clipapi.local_run import LocalPipeline

        self.preset = preset
        self.local = LocalPipeline(folder, timeout_s=ANALYSIS_TIMEOUT_S)
        self.db = self.local.state.db

    def analyse(self, path: Path) -> Outcome:
        from clipapi.models import Analysis, StepCheckpoint

        analysis_id = self.local.submit_file(path, self.preset)
        started = time.monotonic()
        self.local.runner.run(analysis_id)
        seconds = time.monotonic() - started
        with self.db() as session:
            row = session.get_one(Analysis, analysis_id)
            checkpoints = list(
                session.scalars(
                    select(StepCheckpoint).where(StepCheckpoint.analysis_id == analysis_id)
                )
            )
            step_ms = {c.step: c.duration_ms for c in checkpoints}
            signals = {
                c.step: dict((c.output or {}).get("signals") or {})
                for c in checkpoints
                if c.status == "done"
            }
            error = f"{row.error_code}: {row.error_message}" if row.error_code else None
            return Outcome(row.status, dict(row.result or {}), signals, seconds, error, step_ms)

    def close(self) -> None:
        self.local.close()


@contextmanager
def local_pipeline(preset: str = PRESET) -> Iterator[EvalPipeline]:
    with tempfile.TemporaryDirectory(prefix="clipapi-eval-") as tmp:
        pipeline = EvalPipeline(Path(tmp), preset)
        try:
            yield pipeline
        finally:
            pipeline.close()


# --- scoring one item -------------------------------------------------------------------


def _dig(tree: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(tree, dict):
            return None
        tree = tree.get(part)
    return tree


@dataclass
class ItemScore:
    """One item's contribution to each dimension (None: the dimension does not apply)."""

    name: str
    origin: str
    seconds: float
    status: str
    error: str | None = None
    step_ms: dict[str, int] = field(default_factory=dict)
    wer_group: str | None = None
    wer: ErrorRate | None = None
    transcript: str | None = None
    language: tuple[str | None, str | None] | None = None
    cuts: CutMatch | None = None
    jump_cuts: CutMatch | None = None
    captions: ErrorRate | None = None
    scene_text: ErrorRate | None = None
    face_present: tuple[bool, bool | None] | None = None
    face_ratio_error: float | None = None
    max_faces: tuple[int, int | None] | None = None
    bpm: tuple[float, float | None] | None = None
    music: tuple[bool, bool | None] | None = None
    speech: tuple[bool, bool | None] | None = None
    spurious_music: bool | None = None  # music or a tempo reported where there is none
    silences: SpanMatch | None = None
    speakers: tuple[int, int | None] | None = None
    turns: Ratio | None = None  # speaker turns labelled right
    voices: int | None = None  # distinct voices in the turns
    entities: dict[str, Ratio] = field(default_factory=dict)
    meaning: MeaningScore | None = None  # clips labelled for the meaning layer


def _readings(result: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    items = _dig(result, "media_understanding.visual_analysis.on_screen_text") or []
    return [
        (float(i["start"]), float(i["end"]), str(i["text"]))
        for i in items
        if isinstance(i, dict) and i.get("text")
    ]


def _speaker_texts(result: Mapping[str, Any]) -> dict[str, str]:
    segments = _dig(result, "media_understanding.transcript.segments") or []
    texts: dict[str, list[str]] = {}
    for segment in segments:
        label = segment.get("speaker")
        if label is not None:
            texts.setdefault(str(label), []).append(str(segment.get("text") or ""))
    return {label: " ".join(parts) for label, parts in texts.items()}


def _labelled_segments(result: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    segments = _dig(result, "media_understanding.transcript.segments") or []
    return [
        (float(s["start"]), float(s["end"]), str(s["speaker"]))
        for s in segments
        if s.get("speaker") is not None
    ]


def score_item(truth: Mapping[str, Any], outcome: Outcome) -> ItemScore:
    result = outcome.result
    understanding = result.get("media_understanding") or {}
    score = ItemScore(
        name=str(truth["name"]),
        origin=str(truth.get("origin") or ""),
        seconds=round(outcome.seconds, 2),
        status=outcome.status,
        error=outcome.error,
        step_ms=dict(outcome.step_ms),
    )
    transcript = understanding.get("transcript") or {}
    full_text = transcript.get("full_text")
    score.transcript = full_text
    has_audio = bool(truth.get("has_audio"))
    speech_truth = truth.get("speech")

    if speech_truth:
        voice = "" if speech_truth.get("real") else f" ({speech_truth.get('voice') or 'TTS'})"
        group = str(speech_truth["language"]) + voice
        score.wer_group = group
        channels = speech_truth.get("channels")
        speakers = _speaker_texts(result)
        if channels and speakers:
            score.wer = speaker_word_error(channels, speakers)
        else:
            score.wer = word_error(str(speech_truth["text"]), str(full_text or ""))
    if "language" in truth:
        score.language = (truth["language"], _dig(understanding, "content_overview.language"))

    visual = understanding.get("visual_analysis") or {}
    if "cuts" in truth:
        found = cut_times(visual.get("shots")) if visual.get("shots") is not None else []
        score.cuts, jumps = match_cuts_and_jumps(
            truth["cuts"],
            truth.get("jump_cuts") or [],
            found,
            found_jumps=jump_cut_times(visual.get("shots")),
        )
        if truth.get("jump_cuts"):
            score.jump_cuts = jumps
    readings = _readings(result)
    if truth.get("captions"):
        captions = [(float(s), float(e), str(t)) for s, e, t in truth["captions"]]
        score.captions = caption_error(captions, readings)
    if truth.get("scene_text"):
        score.scene_text = scene_text_error(truth["scene_text"], [r[2] for r in readings])
    if truth.get("faces") is not None:
        faces = visual.get("faces") or {}
        ratio = faces.get("presence_ratio")
        expected = float(truth["faces"]["presence"])
        score.face_present = (expected > 0, None if ratio is None else ratio > 0)
        score.face_ratio_error = None if ratio is None else abs(float(ratio) - expected)
        score.max_faces = (int(truth["faces"]["max"]), faces.get("max_faces"))

    audio = understanding.get("audio_analysis") or {}
    music = audio.get("music") or {}
    music_truth = truth.get("music")
    if has_audio and "music" in truth:
        present = music.get("present")
        score.music = (music_truth is not None, present)
        if music_truth is None:
            score.spurious_music = bool(present) or music.get("bpm_estimate") is not None
    if music_truth is not None:
        score.bpm = (float(music_truth["bpm"]), music.get("bpm_estimate"))
    if has_audio and "speech" in truth:
        count = transcript.get("word_count")
        score.speech = (speech_truth is not None, None if count is None else count > 0)
    if truth.get("silences") is not None:
        found_spans = outcome.signals.get("audio_analysis", {}).get("silences") or []
        score.silences = match_spans(
            [(float(s), float(e)) for s, e in truth["silences"]],
            [(float(s), float(e)) for s, e in found_spans],
        )
    if truth.get("speaker_count") is not None:
        found_count = _dig(audio, "speech.speaker_count")
        score.speakers = (int(truth["speaker_count"]), found_count)
    if truth.get("speaker_turns"):
        turns = [(float(s), float(e), str(v)) for s, e, v in truth["speaker_turns"]]
        score.turns = speaker_turn_accuracy(turns, _labelled_segments(result))
        score.voices = len({voice for _, _, voice in turns})
    if truth.get("entities"):
        score.entities = entity_recall(truth["entities"], understanding.get("entities") or {})
    if truth.get("meaning"):
        score.meaning = score_meaning(truth, result)
    return score


# --- the corpus report --------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    value: str
    passed: bool


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

    # -- targets -----------------------------------------------------------------------------

    def targets(self) -> list[Target]:
        targets: list[Target] = []
        en = self.wer_by_group().get("en")
        if en is not None and en.value is not None:
            targets.append(
                Target(
                    "WER, real English speech",
                    f"≤ {TARGET_WER_EN:.0%}",
                    _pct(en.value),
                    en.value <= TARGET_WER_EN,
                )
            )
        language = self.language()
        if language.total:
            targets.append(
                Target(
                    "language correct",
                    "every clip",
                    f"{language.hits}/{language.total}",
                    language.hits == language.total,
                )
            )
        cuts = self.cuts()
        if cuts.true_positives + cuts.false_negatives + cuts.false_positives:
            targets.append(
                Target(
                    "cut F1", f"≥ {TARGET_CUT_F1:.2f}", f"{cuts.f1:.3f}", cuts.f1 >= TARGET_CUT_F1
                )
            )
        captions = self.captions()
        if captions.value is not None:
            targets.append(
                Target(
                    "caption CER",
                    f"≤ {TARGET_CAPTION_CER:.0%}",
                    _pct(captions.value),
                    captions.value <= TARGET_CAPTION_CER,
                )
            )
        bpm = self.bpm_errors()
        if bpm:
            worst = None if None in bpm.values() else max(v for v in bpm.values() if v is not None)
            targets.append(
                Target(
                    "BPM error where music is present",
                    f"≤ {TARGET_BPM_ERROR:.0%} on each",
                    "no tempo reported on some" if worst is None else f"worst {_pct(worst)}",
                    worst is not None and worst <= TARGET_BPM_ERROR,
                )
            )
        quiet = self.quiet_without_music()
        if quiet.total:
            targets.append(
                Target(
                    "no music or BPM on speech-only or silent audio",
                    "every clip",
                    f"{quiet.hits}/{quiet.total}",
                    quiet.hits == quiet.total,
                )
            )
        two_voices = self.speaker_turns(2)
        if two_voices.total:
            value = two_voices.value or 0.0
            targets.append(
                Target(
                    "speaker turn accuracy, two voices",
                    f"≥ {TARGET_TURN_ACCURACY:.0%}",
                    f"{_pct(value)} ({two_voices.hits}/{two_voices.total})",
                    value >= TARGET_TURN_ACCURACY,
                )
            )
        kept = self.one_voice_kept()
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
            Target(t.name, t.goal, t.value, t.passed)
            for t in meaning_targets(self.meaning()["all"])
        ]
        return targets

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
                    _pct(rate.value),
                    f"{rate.errors} errors / {rate.units} words ({', '.join(items)})",
                )
            )
        language = self.language()
        rows.append(("language accuracy", _ratio(language), _wrong_languages(self.items)))
        cuts = self.cuts()
        rows.append(
            (
                "cut precision / recall / F1",
                f"{cuts.precision:.3f} / {cuts.recall:.3f} / {cuts.f1:.3f}",
                f"{cuts.true_positives} hits, {cuts.false_positives} false, "
                f"{cuts.false_negatives} missed (±{_ms(0.1)})",
            )
        )
        rows.append(
            (
                "cut time error mean / max",
                f"{_ms(cuts.mean_error_s)} / {_ms(cuts.max_error_s)}",
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
                _pct(captions.value),
                f"{captions.errors} edits / {captions.units} characters",
            )
        )
        scene = self.scene_text()
        if scene.units:
            rows.append(
                (
                    "OCR CER, text in the scene",
                    _pct(scene.value),
                    f"{scene.errors} edits / {scene.units} characters (a printed logo)",
                )
            )
        rows.append(("face presence accuracy", _ratio(self.face_presence()), "face in clip y/n"))
        mae = self.face_ratio_mae()
        rows.append(
            (
                "face presence ratio error",
                "n/a" if mae is None else f"{mae:.3f}",
                "mean absolute error of the share of the duration with a face",
            )
        )
        rows.append(("max faces exact", _ratio(self.max_faces()), ""))
        for name, error in self.bpm_errors().items():
            truth = next(i.bpm for i in self.items if i.name == name)
            assert truth is not None
            rows.append(
                (
                    f"BPM error, {name}",
                    "no tempo" if error is None else _pct(error),
                    f"true {truth[0]:g}, reported {truth[1]}",
                )
            )
        rows.append(("music presence accuracy", _ratio(self.music()), "clips with audio"))
        rows.append(
            ("speech presence accuracy", _ratio(self.speech()), "clips with audio; words > 0")
        )
        rows.append(
            (
                "no music/BPM on speech-only or silent",
                _ratio(self.quiet_without_music()),
                _spurious(self.items),
            )
        )
        silences = self.silences()
        if silences.found.total:
            rows.append(
                (
                    "silences found",
                    _ratio(silences.found),
                    f"boundary error mean {_ms(silences.mean_boundary_error_s)}",
                )
            )
        speakers = self.speakers()
        if speakers.total:
            rows.append(("speaker count exact", _ratio(speakers), ""))
        for voices in (2, 3):
            turns = self.speaker_turns(voices)
            if turns.total:
                rows.append(
                    (
                        f"speaker turn accuracy, {voices} voices",
                        _ratio(turns),
                        "turns whose voice got its own label (best one-to-one match)",
                    )
                )
        for kind, ratio in self.entities().items():
            rows.append((f"entity recall, {kind}", _ratio(ratio), ""))
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
        lines += [_item_row(i) for i in self.items]
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
            "wer": {g: _rate_json(r) for g, r in self.wer_by_group().items()},
            "language_accuracy": _ratio_json(self.language()),
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
            "caption_cer": _rate_json(self.captions()),
            "scene_text_cer": _rate_json(self.scene_text()),
            "face_presence_accuracy": _ratio_json(self.face_presence()),
            "face_presence_ratio_mae": self.face_ratio_mae(),
            "max_faces_exact": _ratio_json(self.max_faces()),
            "bpm_error": self.bpm_errors(),
            "music_presence_accuracy": _ratio_json(self.music()),
            "speech_presence_accuracy": _ratio_json(self.speech()),
            "no_music_on_speech_or_silence": _ratio_json(self.quiet_without_music()),
            "silences_found": _ratio_json(self.silences().found),
            "silence_boundary_error_s": self.silences().mean_boundary_error_s,
            "speaker_count_exact": _ratio_json(self.speakers()),
            "speaker_turn_accuracy": {
                f"{voices}_voices": _ratio_json(self.speaker_turns(voices)) for voices in (2, 3)
            },
            "entity_recall": {k: _ratio_json(r) for k, r in self.entities().items()},
            "meaning": {k: _meaning_json(f) for k, f in self.meaning().items() if f.judged},
            "targets": [
                {"name": t.name, "goal": t.goal, "value": t.value, "passed": t.passed}
                for t in self.targets()
            ],
            "passed": self.passed(),
            "items": [_item_json(i) for i in self.items],
            "skipped": self.skipped,
        }


def _sum(values: Sequence[Pooled], zero: Pooled) -> Pooled:
    total = zero
    for value in values:
        total = total + value
    return total


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{1000 * value:.0f} ms"


def _ratio(ratio: Ratio) -> str:
    return "n/a" if not ratio.total else f"{ratio.hits}/{ratio.total}"


def _ratio_json(ratio: Ratio) -> dict[str, Any]:
    return {"hits": ratio.hits, "total": ratio.total, "value": ratio.value}


def _rate_json(rate: ErrorRate) -> dict[str, Any]:
    return {"errors": rate.errors, "units": rate.units, "value": rate.value}


def _meaning_json(figures: MeaningFigures) -> dict[str, Any]:
    return {
        "category": _ratio_json(figures.category),
        "hook_type": _ratio_json(figures.hook_type),
        "hook_source": _ratio_json(figures.hook_source),
        "cta_present": _ratio_json(figures.cta_present),
        "cta_kind": _ratio_json(figures.cta_kind),
        "topic_in_title": _ratio_json(figures.topic_in_title),
        "unfaithful_tokens": figures.unfaithful,
        "clips": figures.judged,
    }


def _wrong_languages(items: Sequence[ItemScore]) -> str:
    from clipapi.evaluation.metrics import same_language

    wrong = [
        f"{i.name}: {i.language[1]} for {i.language[0]}"
        for i in items
        if i.language is not None and not same_language(*i.language)
    ]
    return "; ".join(wrong) if wrong else "all correct"


def _spurious(items: Sequence[ItemScore]) -> str:
    wrong = [i.name for i in items if i.spurious_music]
    return "reported on: " + ", ".join(wrong) if wrong else "none reported"


def _item_row(item: ItemScore) -> str:
    wer = _pct(item.wer.value) if item.wer is not None else ""
    cuts = f"{item.cuts.precision:.2f}/{item.cuts.recall:.2f}" if item.cuts is not None else ""
    captions = _pct(item.captions.value) if item.captions is not None else ""
    faces = ""
    if item.face_present is not None:
        faces = f"{'yes' if item.face_present[0] else 'no'} → {item.face_present[1]}"
    music = ""
    if item.music is not None:
        music = f"{'yes' if item.music[0] else 'no'} → {item.music[1]}"
    if item.bpm is not None:
        music += f", {item.bpm[0]:g} → {item.bpm[1]}"
    status = item.status if item.error is None else f"{item.status} ({item.error})"
    return (
        f"| {item.name} | {item.origin} | {item.seconds:.1f} | {status} | {wer} | {cuts} | "
        f"{captions} | {faces} | {music} |"
    )


def _item_json(item: ItemScore) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": item.name,
        "origin": item.origin,
        "seconds": item.seconds,
        "status": item.status,
        "error": item.error,
        "step_ms": item.step_ms,
        "transcript": item.transcript,
        "wer_group": item.wer_group,
        "wer": None if item.wer is None else _rate_json(item.wer),
        "language": item.language,
        "captions_cer": None if item.captions is None else _rate_json(item.captions),
        "scene_text_cer": None if item.scene_text is None else _rate_json(item.scene_text),
        "face_present": item.face_present,
        "face_ratio_error": item.face_ratio_error,
        "max_faces": item.max_faces,
        "bpm": item.bpm,
        "music": item.music,
        "speech": item.speech,
        "spurious_music": item.spurious_music,
        "speakers": item.speakers,
        "speaker_turns": None if item.turns is None else _ratio_json(item.turns),
        "entities": {k: _ratio_json(r) for k, r in item.entities.items()},
        "meaning": None if item.meaning is None else item.meaning.to_json(),
    }
    if item.cuts is not None:
        data["cuts"] = {
            "true_positives": item.cuts.true_positives,
            "false_positives": item.cuts.false_positives,
            "false_negatives": item.cuts.false_negatives,
            "errors_s": list(item.cuts.errors_s),
        }
    if item.jump_cuts is not None:
        data["jump_cuts"] = {
            "true_positives": item.jump_cuts.true_positives,
            "false_negatives": item.jump_cuts.false_negatives,
        }
    if item.silences is not None:
        data["silences"] = {
            "found": _ratio_json(item.silences.found),
            "boundary_errors_s": list(item.silences.boundary_errors_s),
        }
    return data


# --- the whole run ------------------------------------------------------------------------


def load_manifest(folder: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    return document


def evaluate(
    folder: Path,
    *,
    only: Sequence[str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
    preset: str = PRESET,
) -> Report:
    """Analyse every item of the corpus in `folder` and score it."""
    manifest = load_manifest(folder)
    items = [t for t in manifest["items"] if only is None or t["name"] in only]
    started = time.monotonic()
    scores: list[ItemScore] = []
    with local_pipeline(preset) as pipeline:
        for truth in items:
            outcome = pipeline.analyse(folder / truth["media"])
            scores.append(score_item(truth, outcome))
            progress(f"{truth['name']}: {outcome.status} in {outcome.seconds:.1f} s")
    return Report(
        items=scores,
        skipped=list(manifest.get("skipped") or []),
        corpus_version=str(manifest.get("version") or "?"),
        seconds=time.monotonic() - started,
    )
