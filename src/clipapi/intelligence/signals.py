"""Everything the intelligence layers read, in one value.

The layers take a `Signals` and nothing else, so a test builds one by hand; the pipeline reads
one from the steps' outputs (pipeline/layer_inputs.py). A value that was not measured is None
(or an empty tuple for plain lists); `missing` names the input steps whose output is absent.
`words`, `sentences`, `silences`, `cut_times`, `on_screen_text` tell "not measured" (None)
from "measured, none found" (an empty tuple).
"""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.signals.speech import heard_well, mean_probability
from clipapi.signals.text_labels import Ranking
from clipapi.signals.text_meaning import TimedText, caption_blocks

RMS_HOP_S = 0.5  # the audio step's RMS window, unless it reports its own


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
    heard: float | None = None  # spoken words: their mean word probability


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
    def speech_heard_well(self) -> bool:
        """Whether the speech as a whole was heard well (`speech.heard_well`: its mean word
        probability at least `HEARD_WELL`; unknown or no speech: yes)."""
        return heard_well(mean_probability(w.probability for w in self.words or ()))

    @property
    def lines(self) -> tuple[Line, ...]:
        """Spoken sentences, else (for videos without speech) the on-screen text."""
        if self.sentences:
            return self.sentences
        return self.on_screen_text or ()

    @property
    def captions(self) -> tuple[Line, ...]:
        """The on-screen text as captions: lines shown together joined in reading order, as
        the understanding step reads them (OCR returns a wrapped caption line by line)."""
        shown = [TimedText(line.start, line.end, line.text) for line in self.on_screen_text or ()]
        return tuple(Line(c.start, c.end, c.text) for c in caption_blocks(shown))

    @property
    def spoken_text(self) -> str:
        return " ".join(line.text for line in self.sentences or ())

    @property
    def shown_text(self) -> str:
        return " ".join(line.text for line in self.on_screen_text or ())
