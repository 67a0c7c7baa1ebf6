"""The intelligence layers' one input, `Signals`, read from the steps' typed outputs.

This is the only code that knows which step measured which signal: the layers in
`clipapi.intelligence` take a `Signals` and nothing else, so a test builds one by hand. Signals
come through each step's model (pipeline/contracts.py), result fields through the one merge rule
and the result's own section models, so the types are settled before they arrive here. A value
that was not measured is None (or an empty tuple for plain lists); `missing` names the input
steps whose output is absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel

from clipapi.intelligence.signals import (
    RMS_HOP_S,
    CatalogTrack,
    Line,
    OpeningWords,
    Signals,
    Word,
)
from clipapi.pipeline.contracts import (
    AudioSignals,
    CatalogTrackSignal,
    OpeningSignal,
    ProbeSignals,
    TranscriptSignals,
    UnderstandingSignals,
    VisualSignals,
)
from clipapi.pipeline.merge import field_at
from clipapi.pipeline.step import StepOutput
from clipapi.schemas.result import (
    AudioAnalysis,
    ContentOverview,
    Entities,
    Sentiment,
    Source,
    Transcript,
    VisualAnalysis,
)
from clipapi.signals.text_labels import Ranking

INPUT_STEPS = (
    "ingest",
    "probe",
    "transcription",
    "audio_analysis",
    "visual_analysis",
    "media_understanding",
)
SILENT_DB = -100.0  # stands in for an unreported RMS value (the audio step's floor)

Section = TypeVar("Section", bound=BaseModel)


class _Timed(Protocol):
    @property
    def start(self) -> float: ...
    @property
    def end(self) -> float | None: ...
    @property
    def text(self) -> str: ...


def from_outputs(outputs: Mapping[str, StepOutput]) -> Signals:
    """The signals of one analysis from its steps' outputs (each already held to its
    contract by the runner)."""
    source = _section(outputs, "source", "ingest", Source)
    media = ProbeSignals.of(outputs) or ProbeSignals()
    audio = AudioSignals.of(outputs) or AudioSignals()
    visual = VisualSignals.of(outputs) or VisualSignals()
    understanding = UnderstandingSignals.of(outputs) or UnderstandingSignals()
    meaning = understanding.meaning

    sound = _section(outputs, "media_understanding.audio_analysis", "audio_analysis", AudioAnalysis)
    speech, music, loudness = sound.speech, sound.music, sound.loudness
    seen = _section(
        outputs, "media_understanding.visual_analysis", "visual_analysis", VisualAnalysis
    )
    overview = _section(
        outputs, "media_understanding.content_overview", "media_understanding", ContentOverview
    )
    entities = _section(outputs, "media_understanding.entities", "media_understanding", Entities)
    sentiment = _section(outputs, "media_understanding.sentiment", "media_understanding", Sentiment)
    transcript = _section(outputs, "media_understanding.transcript", "transcription", Transcript)
    words, sentences, asr_confidence, language = _speech(outputs, media.has_audio)
    window = audio.rms_window_s

    return Signals(
        platform=source.platform,
        title=_text(source.title),
        description=_text(source.description),
        hashtags=_texts(source.hashtags),
        view_count=source.view_count,
        like_count=source.like_count,
        comment_count=source.comment_count,
        share_count=source.share_count,
        follower_count=source.follower_count,
        duration_s=media.duration_s,
        width=media.width,
        height=media.height,
        has_audio=media.has_audio,
        words=words,
        sentences=sentences,
        asr_confidence=asr_confidence,
        # The speech's language, else the one the understanding step identified from all the
        # video's words (a montage with Italian captions is written about in Italian).
        language=language or _text(overview.language),
        language_probability=transcript.language_probability,
        speech_ratio=speech.speech_ratio if speech else None,
        longest_pause_s=speech.longest_pause_s if speech else None,
        rms_db=None
        if audio.rms_db is None
        else tuple(SILENT_DB if v is None else v for v in audio.rms_db),
        rms_window_s=window if window is not None and window > 0 else RMS_HOP_S,
        silences=None if audio.silences is None else _spans(audio.silences),
        clipping_ratio=audio.clipping_ratio
        if "clipping_ratio" in audio.model_fields_set
        else sound.clipping_ratio,
        silence_ratio=sound.silence_ratio,
        integrated_lufs=loudness.integrated_lufs if loudness else None,
        true_peak_dbfs=loudness.true_peak_dbfs if loudness else None,
        loudness_range=loudness.loudness_range if loudness else None,
        music_present=music.present if music else None,
        music_ratio=music.music_ratio if music else None,
        track_title=_text(music.track_title) if music else None,
        catalog_track=_catalog_track(audio.catalog_track),
        cut_times=None
        if visual.cut_times is None
        else tuple(sorted(t for t in visual.cut_times if t is not None)),
        cuts_per_minute=seen.cuts_per_minute,
        motion_per_s=None if visual.motion_per_s is None else tuple(visual.motion_per_s),
        first_frame_face=visual.first_frame_face,
        first_frame_text=visual.first_frame_text,
        first_last_similarity=visual.first_last_similarity,
        on_screen_text=None if seen.on_screen_text is None else _lines(seen.on_screen_text),
        face_presence_ratio=seen.faces.presence_ratio if seen.faces else None,
        brightness=seen.quality.brightness if seen.quality else None,
        contrast=seen.quality.contrast if seen.quality else None,
        sharpness=seen.quality.sharpness if seen.quality else None,
        colorfulness=seen.quality.colorfulness if seen.quality else None,
        letterboxing=seen.quality.letterboxing if seen.quality else None,
        content_title=_text(overview.title),
        content_format=_text(overview.format),
        category=_text(overview.category),
        category_score=overview.category_score,
        category_margin=meaning.category.margin if meaning and meaning.category else None,
        opening_speech=_opening(meaning.hook.speech) if meaning else None,
        opening_text=_opening(meaning.hook.text) if meaning else None,
        cta_rankings=None if meaning is None or meaning.cta is None else _rankings(meaning.cta),
        topics=_texts(entities.topics),
        keywords=_texts(entities.keywords),
        sentiment_score=sentiment.score,
        written_logline=_text(understanding.logline),
        missing=frozenset(name for name in INPUT_STEPS if name not in outputs),
    )


def _section(
    outputs: Mapping[str, StepOutput], path: str, step: str, model: type[Section]
) -> Section:
    """The result section at `path` as `step` set it; an empty one where it set nothing."""
    return model.model_validate(field_at(outputs, path, (step,)) or {})


def _speech(
    outputs: Mapping[str, StepOutput], has_audio: bool | None
) -> tuple[tuple[Word, ...] | None, tuple[Line, ...] | None, float | None, str | None]:
    # No audio track means no speech, which is a measurement in itself.
    unmeasured = ((), (), None, None) if has_audio is False else (None, None, None, None)
    signals = TranscriptSignals.of(outputs)
    fields = field_at(outputs, "media_understanding.transcript", ("transcription",))
    if signals is None or (signals.words is None and not fields):
        return unmeasured
    transcript = Transcript.model_validate(fields or {})
    words = tuple(
        Word(start, max(start, end), text.strip(), probability)
        for start, end, text, probability in signals.words or ()
        if text.strip()
    )
    segments = transcript.segments or []
    if "sentences" in signals.model_fields_set:
        sentences = _lines(signals.sentences or ())
    else:
        sentences = _lines(segments)
    confidences = [s.confidence for s in segments if s.confidence is not None]
    asr_confidence = None
    if confidences and len(confidences) == len(segments):
        # Long segments say more about the recording than short ones.
        durations = [max(0.01, s.end - s.start) for s in segments]
        asr_confidence = sum(c * d for c, d in zip(confidences, durations, strict=True)) / sum(
            durations
        )
    elif confidences:
        asr_confidence = sum(confidences) / len(confidences)
    return words, sentences, asr_confidence, _text(transcript.language)


def _lines(items: Iterable[_Timed]) -> tuple[Line, ...]:
    lines = [
        Line(item.start, max(item.start, item.start if item.end is None else item.end), text)
        for item in items
        if (text := item.text.strip())
    ]
    return tuple(sorted(lines, key=lambda line: (line.start, line.end)))


def _spans(spans: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    return tuple(sorted((start, end) for start, end in spans if end > start))


def _ranking(scores: Mapping[str, float] | None) -> Ranking | None:
    return Ranking.from_dict(scores) if scores else None


def _rankings(value: Mapping[str, Mapping[str, float]]) -> dict[str, Ranking]:
    return {key: r for key, scores in value.items() if (r := _ranking(scores)) is not None}


def _opening(value: OpeningSignal | None) -> OpeningWords | None:
    if value is None or not value.text.strip():
        return None
    return OpeningWords(
        value.text.strip(), value.start, value.end, _ranking(value.scores), value.heard
    )


def _catalog_track(value: CatalogTrackSignal | None) -> CatalogTrack | None:
    if value is None or not value.title.strip():
        return None
    return CatalogTrack(value.title, _text(value.artist), value.trending, value.score)


def _text(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _texts(values: Sequence[str] | None) -> tuple[str, ...]:
    return tuple(s.strip() for s in values or () if s.strip())
