"""Everything the intelligence layers read, gathered from the steps' outputs in one place.

`from_outputs` is the only code that knows the step output keys. The layers take a `Signals`
and nothing else, so a test builds one by hand. A value that was not measured is None (or an
empty tuple for plain lists); `missing` names the input steps whose output is absent.
`words`, `sentences`, `silences`, `cut_times`, `on_screen_text` tell "not measured" (None)
from "measured, none found" (an empty tuple).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from clipapi.pipeline.step import StepOutput
from clipapi.signals.text_labels import Ranking

INPUT_STEPS = (
    "ingest",
    "probe",
    "transcription",
    "audio_analysis",
    "visual_analysis",
    "media_understanding",
)
RMS_HOP_S = 0.5  # the audio step's RMS window, unless it reports its own
SILENT_DB = -100.0  # stands in for an unreported RMS value (the audio step's floor)


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float | None = None


@dataclass(frozen=True)
class Line:
    """A sentence of the transcript or a run of on-screen text."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class CatalogTrack:
    """The music catalog's match for the soundtrack."""

    title: str
    artist: str | None = None
    trending: bool = False
    score: float | None = None


@dataclass(frozen=True)
class OpeningWords:
    """The words one channel opens with (the first spoken line, or the on-screen text of the
    first seconds) and their zero-shot hook-type scores (None when not ranked)."""

    text: str
    start: float | None = None
    end: float | None = None
    ranking: Ranking | None = None


@dataclass(frozen=True)
class Signals:
    # ingest: the platform and its public metadata
    platform: str | None = None
    title: str | None = None
    description: str | None = None
    hashtags: tuple[str, ...] = ()
    view_count: int | None = None
    like_count: int | None = None
    comment_count: int | None = None
    share_count: int | None = None
    follower_count: int | None = None
    # probe
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    has_audio: bool | None = None
    # transcript
    words: tuple[Word, ...] | None = None
    sentences: tuple[Line, ...] | None = None
    asr_confidence: float | None = None
    language: str | None = None
    language_probability: float | None = None
    # audio
    speech_ratio: float | None = None
    longest_pause_s: float | None = None
    rms_db: tuple[float, ...] | None = None
    rms_window_s: float = RMS_HOP_S
    silences: tuple[tuple[float, float], ...] | None = None
    clipping_ratio: float | None = None
    silence_ratio: float | None = None
    integrated_lufs: float | None = None
    true_peak_dbfs: float | None = None
    loudness_range: float | None = None
    music_present: bool | None = None
    music_ratio: float | None = None
    track_title: str | None = None
    catalog_track: CatalogTrack | None = None
    # visual
    cut_times: tuple[float, ...] | None = None
    cuts_per_minute: float | None = None
    motion_per_s: tuple[float | None, ...] | None = None  # None: a second not measured
    first_frame_face: bool | None = None
    first_frame_text: bool | None = None
    first_last_similarity: float | None = None
    on_screen_text: tuple[Line, ...] | None = None
    face_presence_ratio: float | None = None
    brightness: float | None = None
    contrast: float | None = None
    sharpness: float | None = None
    colorfulness: float | None = None
    letterboxing: float | None = None
    # understanding
    content_title: str | None = None
    content_format: str | None = None
    category: str | None = None
    category_score: float | None = None
    category_margin: float | None = None  # the category's lead over the runner-up
    opening_speech: OpeningWords | None = None  # ranked by the understanding step
    opening_text: OpeningWords | None = None
    cta_rankings: dict[str, Ranking] | None = None  # CTA-kind scores by `line_key` of a line
    topics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    sentiment_score: float | None = None
    # A logline the optional generative writer wrote and checked (None: the default writer's)
    written_logline: str | None = None
    missing: frozenset[str] = frozenset()

    @property
    def has_speech(self) -> bool | None:
        """True with recognised words; False when measured without any (or no audio track)."""
        if self.words is not None:
            return bool(self.words)
        if self.has_audio is False:
            return False
        return None

    @property
    def lines(self) -> tuple[Line, ...]:
        """Spoken sentences, else (for videos without speech) the on-screen text."""
        if self.sentences:
            return self.sentences
        return self.on_screen_text or ()

    @property
    def spoken_text(self) -> str:
        return " ".join(line.text for line in self.sentences or ())

    @property
    def shown_text(self) -> str:
        return " ".join(line.text for line in self.on_screen_text or ())


# --- reading the steps' outputs -----------------------------------------------------------


def from_outputs(outputs: Mapping[str, StepOutput]) -> Signals:
    """The signals of one analysis from its steps' outputs; absent or malformed values are
    None."""
    ingest = outputs.get("ingest")
    probe = outputs.get("probe")
    transcript = outputs.get("transcription")
    audio = outputs.get("audio_analysis")
    visual = outputs.get("visual_analysis")
    understanding = outputs.get("media_understanding")

    source = _at(ingest, "source")
    media = probe.signals if probe else {}
    has_audio = _bool(media.get("has_audio"))

    words, sentences, asr_confidence, language = _speech(transcript, has_audio)
    audio_fields = _at(audio, "media_understanding.audio_analysis")
    audio_signals = audio.signals if audio else {}
    speech = _dict(audio_fields.get("speech"))
    music = _dict(audio_fields.get("music"))
    loudness = _dict(audio_fields.get("loudness"))
    window = _float(audio_signals.get("rms_window_s"))

    visual_fields = _at(visual, "media_understanding.visual_analysis")
    visual_signals = visual.signals if visual else {}
    faces = _dict(visual_fields.get("faces"))
    quality = _dict(visual_fields.get("quality"))

    overview = _at(understanding, "media_understanding.content_overview")
    meaning = _dict(understanding.signals.get("meaning")) if understanding else {}
    hook_words = _dict(meaning.get("hook"))
    entities = _at(understanding, "media_understanding.entities")
    sentiment = _at(understanding, "media_understanding.sentiment")

    return Signals(
        platform=_str(source.get("platform")),
        title=_str(source.get("title")),
        description=_str(source.get("description")),
        hashtags=_strings(source.get("hashtags")),
        view_count=_count(source.get("view_count")),
        like_count=_count(source.get("like_count")),
        comment_count=_count(source.get("comment_count")),
        share_count=_count(source.get("share_count")),
        follower_count=_count(source.get("follower_count")),
        duration_s=_float(media.get("duration_s")),
        width=_count(media.get("width")),
        height=_count(media.get("height")),
        has_audio=has_audio,
        words=words,
        sentences=sentences,
        asr_confidence=asr_confidence,
        language=language,
        language_probability=_float(
            _at(transcript, "media_understanding.transcript").get("language_probability")
        ),
        speech_ratio=_float(speech.get("speech_ratio")),
        longest_pause_s=_float(speech.get("longest_pause_s")),
        rms_db=_series(audio_signals.get("rms_db"), SILENT_DB),
        rms_window_s=window if window is not None and window > 0 else RMS_HOP_S,
        silences=_spans(audio_signals.get("silences")),
        clipping_ratio=_float(audio_signals.get("clipping_ratio"))
        if "clipping_ratio" in audio_signals
        else _float(audio_fields.get("clipping_ratio")),
        silence_ratio=_float(audio_fields.get("silence_ratio")),
        integrated_lufs=_float(loudness.get("integrated_lufs")),
        true_peak_dbfs=_float(loudness.get("true_peak_dbfs")),
        loudness_range=_float(loudness.get("loudness_range")),
        music_present=_bool(music.get("present")),
        music_ratio=_float(music.get("music_ratio")),
        track_title=_str(music.get("track_title")),
        catalog_track=_catalog_track(audio_signals.get("catalog_track")),
        cut_times=_times(visual_signals.get("cut_times")),
        cuts_per_minute=_float(visual_fields.get("cuts_per_minute")),
        motion_per_s=_optional_series(visual_signals.get("motion_per_s")),
        first_frame_face=_bool(visual_signals.get("first_frame_face")),
        first_frame_text=_bool(visual_signals.get("first_frame_text")),
        first_last_similarity=_float(visual_signals.get("first_last_similarity")),
        on_screen_text=_optional_lines(visual_fields.get("on_screen_text")),
        face_presence_ratio=_float(faces.get("presence_ratio")),
        brightness=_float(quality.get("brightness")),
        contrast=_float(quality.get("contrast")),
        sharpness=_float(quality.get("sharpness")),
        colorfulness=_float(quality.get("colorfulness")),
        letterboxing=_float(quality.get("letterboxing")),
        content_title=_str(overview.get("title")),
        content_format=_str(overview.get("format")),
        category=_str(overview.get("category")),
        category_score=_float(overview.get("category_score")),
        category_margin=_float(_dict(meaning.get("category")).get("margin")),
        opening_speech=_opening(hook_words.get("speech")),
        opening_text=_opening(hook_words.get("text")),
        cta_rankings=_rankings(meaning.get("cta")) if "cta" in meaning else None,
        topics=_strings(entities.get("topics")),
        keywords=_strings(entities.get("keywords")),
        sentiment_score=_float(sentiment.get("score")),
        written_logline=_str((understanding.signals if understanding else {}).get("logline")),
        missing=frozenset(name for name in INPUT_STEPS if name not in outputs),
    )


def _speech(
    transcript: StepOutput | None, has_audio: bool | None
) -> tuple[tuple[Word, ...] | None, tuple[Line, ...] | None, float | None, str | None]:
    if transcript is None:
        # No audio track means no speech, which is a measurement in itself.
        return ((), (), None, None) if has_audio is False else (None, None, None, None)
    fields = _at(transcript, "media_understanding.transcript")
    raw_words = transcript.signals.get("words")
    if raw_words is None and not fields:
        return ((), (), None, None) if has_audio is False else (None, None, None, None)
    words = tuple(word for item in _list(raw_words) if (word := _word(item)) is not None)
    segments = [_dict(s) for s in _list(fields.get("segments"))]
    if "sentences" in transcript.signals:
        sentences = _lines(transcript.signals.get("sentences"))
    else:
        sentences = _lines(segments)
    confidences = [c for s in segments if (c := _float(s.get("confidence"))) is not None]
    durations = [
        max(0.01, (_float(s.get("end")) or 0.0) - (_float(s.get("start")) or 0.0)) for s in segments
    ]
    asr_confidence = None
    if confidences and len(confidences) == len(segments):
        # Long segments say more about the recording than short ones.
        asr_confidence = sum(c * d for c, d in zip(confidences, durations, strict=True)) / sum(
            durations
        )
    elif confidences:
        asr_confidence = sum(confidences) / len(confidences)
    return words, sentences, asr_confidence, _str(fields.get("language"))


def _ranking(value: Any) -> Ranking | None:
    scores = {str(k): n for k, v in _dict(value).items() if (n := _float(v)) is not None}
    return Ranking.from_dict(scores) if scores else None


def _rankings(value: Any) -> dict[str, Ranking]:
    return {str(k): r for k, v in _dict(value).items() if (r := _ranking(v)) is not None}


def _opening(value: Any) -> OpeningWords | None:
    data = _dict(value)
    text = _str(data.get("text"))
    if text is None:
        return None
    return OpeningWords(
        text.strip(),
        _float(data.get("start")),
        _float(data.get("end")),
        _ranking(data.get("scores")),
    )


def _at(output: StepOutput | None, path: str) -> dict[str, Any]:
    """The object at a dotted result path of a step's fields, which a step may set whole
    (`a.b`) or in parts (`a.b.c`, `a.b.d`)."""
    if output is None:
        return {}
    found: dict[str, Any] = {}
    prefix = path + "."
    for key, value in output.fields.items():
        if key == path:
            found = {**found, **_dict(value)}
        elif key.startswith(prefix):
            *parents, leaf = key[len(prefix) :].split(".")
            node = found
            for part in parents:
                child = node.get(part)
                node = node.setdefault(part, {}) if not isinstance(child, dict) else child
            node[leaf] = value
    return found


def _word(item: Any) -> Word | None:
    if isinstance(item, Mapping):
        item = [item.get("start"), item.get("end"), item.get("word"), item.get("probability")]
    if not isinstance(item, list | tuple) or len(item) < 3:
        return None
    start, end, text = _float(item[0]), _float(item[1]), _str(item[2])
    if start is None or end is None or text is None or not text.strip():
        return None
    return Word(start, max(start, end), text.strip(), _float(item[3]) if len(item) > 3 else None)


def _lines(value: Any) -> tuple[Line, ...]:
    lines = []
    for item in _list(value):
        data = _dict(item)
        start, end, text = (
            _float(data.get("start")),
            _float(data.get("end")),
            _str(data.get("text")),
        )
        if start is not None and text is not None:
            lines.append(Line(start, max(start, end if end is not None else start), text.strip()))
    return tuple(sorted(lines, key=lambda line: (line.start, line.end)))


def _optional_lines(value: Any) -> tuple[Line, ...] | None:
    return _lines(value) if isinstance(value, list | tuple) else None


def _spans(value: Any) -> tuple[tuple[float, float], ...] | None:
    if not isinstance(value, list | tuple):
        return None
    spans = []
    for item in _list(value):
        if isinstance(item, Mapping):
            item = [item.get("start"), item.get("end")]
        if isinstance(item, list | tuple) and len(item) >= 2:
            start, end = _float(item[0]), _float(item[1])
            if start is not None and end is not None and end > start:
                spans.append((start, end))
    return tuple(sorted(spans))


def _catalog_track(value: Any) -> CatalogTrack | None:
    data = _dict(value)
    title = _str(data.get("title"))
    if title is None:
        return None
    return CatalogTrack(
        title=title,
        artist=_str(data.get("artist")),
        trending=_bool(data.get("trending")) is True,
        score=_float(data.get("score")),
    )


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(s.strip() for s in _list(value) if isinstance(s, str) and s.strip())


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _times(value: Any) -> tuple[float, ...] | None:
    if not isinstance(value, list | tuple):
        return None
    return tuple(sorted(n for v in value if (n := _float(v)) is not None))


def _series(value: Any, fill: float) -> tuple[float, ...] | None:
    """A regular time series: a missing or non-finite sample keeps its place as `fill`."""
    if not isinstance(value, list | tuple):
        return None
    return tuple(number if (number := _float(v)) is not None else fill for v in value)


def _optional_series(value: Any) -> tuple[float | None, ...] | None:
    if not isinstance(value, list | tuple):
        return None
    return tuple(_float(v) for v in value)


def _count(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None and number >= 0 else None
