"""Scores one analysed corpus item against its ground truth, dimension by dimension."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from clipapi.evaluation.meaning import MeaningScore, score_meaning
from clipapi.evaluation.metrics import (
    CutMatch,
    ErrorRate,
    Ratio,
    SpanMatch,
    caption_error,
    cut_times,
    entity_recall,
    jump_cut_times,
    match_cuts_and_jumps,
    match_spans,
    scene_text_error,
    speaker_turn_accuracy,
    speaker_word_error,
    word_error,
)
from clipapi.evaluation.runs import Outcome
from clipapi.pipeline.merge import dig


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
    items = dig(result, "media_understanding.visual_analysis.on_screen_text") or []
    return [
        (float(i["start"]), float(i["end"]), str(i["text"]))
        for i in items
        if isinstance(i, dict) and i.get("text")
    ]


def _speaker_texts(result: Mapping[str, Any]) -> dict[str, str]:
    segments = dig(result, "media_understanding.transcript.segments") or []
    texts: dict[str, list[str]] = {}
    for segment in segments:
        label = segment.get("speaker")
        if label is not None:
            texts.setdefault(str(label), []).append(str(segment.get("text") or ""))
    return {label: " ".join(parts) for label, parts in texts.items()}


def _labelled_segments(result: Mapping[str, Any]) -> list[tuple[float, float, str]]:
    segments = dig(result, "media_understanding.transcript.segments") or []
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
        score.language = (truth["language"], dig(understanding, "content_overview.language"))

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
        found_count = dig(audio, "speech.speaker_count")
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
