"""Formatting of the corpus report's figures: markdown cells and JSON objects."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clipapi.evaluation.meaning import MeaningFigures
from clipapi.evaluation.metrics import ErrorRate, Ratio
from clipapi.evaluation.scoring import ItemScore


def pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f} %"


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{1000 * value:.0f} ms"


def fraction(ratio: Ratio) -> str:
    return "n/a" if not ratio.total else f"{ratio.hits}/{ratio.total}"


def ratio_json(ratio: Ratio) -> dict[str, Any]:
    return {"hits": ratio.hits, "total": ratio.total, "value": ratio.value}


def rate_json(rate: ErrorRate) -> dict[str, Any]:
    return {"errors": rate.errors, "units": rate.units, "value": rate.value}


def meaning_json(figures: MeaningFigures) -> dict[str, Any]:
    return {
        "category": ratio_json(figures.category),
        "hook_type": ratio_json(figures.hook_type),
        "hook_source": ratio_json(figures.hook_source),
        "cta_present": ratio_json(figures.cta_present),
        "cta_kind": ratio_json(figures.cta_kind),
        "topic_in_title": ratio_json(figures.topic_in_title),
        "unfaithful_tokens": figures.unfaithful,
        "clips": figures.judged,
    }


def wrong_languages(items: Sequence[ItemScore]) -> str:
    from clipapi.evaluation.metrics import same_language

    wrong = [
        f"{i.name}: {i.language[1]} for {i.language[0]}"
        for i in items
        if i.language is not None and not same_language(*i.language)
    ]
    return "; ".join(wrong) if wrong else "all correct"


def spurious(items: Sequence[ItemScore]) -> str:
    wrong = [i.name for i in items if i.spurious_music]
    return "reported on: " + ", ".join(wrong) if wrong else "none reported"


def item_row(item: ItemScore) -> str:
    wer = pct(item.wer.value) if item.wer is not None else ""
    cuts = f"{item.cuts.precision:.2f}/{item.cuts.recall:.2f}" if item.cuts is not None else ""
    captions = pct(item.captions.value) if item.captions is not None else ""
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


def item_json(item: ItemScore) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": item.name,
        "origin": item.origin,
        "seconds": item.seconds,
        "status": item.status,
        "error": item.error,
        "step_ms": item.step_ms,
        "transcript": item.transcript,
        "wer_group": item.wer_group,
        "wer": None if item.wer is None else rate_json(item.wer),
        "language": item.language,
        "captions_cer": None if item.captions is None else rate_json(item.captions),
        "scene_text_cer": None if item.scene_text is None else rate_json(item.scene_text),
        "face_present": item.face_present,
        "face_ratio_error": item.face_ratio_error,
        "max_faces": item.max_faces,
        "bpm": item.bpm,
        "music": item.music,
        "speech": item.speech,
        "spurious_music": item.spurious_music,
        "speakers": item.speakers,
        "speaker_turns": None if item.turns is None else ratio_json(item.turns),
        "entities": {k: ratio_json(r) for k, r in item.entities.items()},
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
            "found": ratio_json(item.silences.found),
            "boundary_errors_s": list(item.silences.boundary_errors_s),
        }
    return data
