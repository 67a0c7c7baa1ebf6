"""Speech measurements from recognised words: confidence, counts, speaking rate, sentences,
spoken language, and who spoke on which stereo channel.

Speakers by channel (method `stereo-channels.v1`): interview, podcast and call recordings
often put each person's microphone on its own stereo channel (like `stereo_diarization.wav`).
Two channels count as separate when both carry sound and neither their samples nor their
loudness envelopes move together (`channel_evidence`); each channel is then transcribed on its
own, its segments are labelled `A` (left) or `B` (right), and `speaker_count` is 2 when both
channels hold words that are not the same words heard twice. That is the channel-per-speaker
convention of such recordings: a channel holding two voices is still one label. Everything
else (mono, a stereo mix whose channels carry the same sound, speech on one channel only) is
told apart by voice instead (clipapi.signals.speaker_turns).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

# Silences shorter than this between words are breaths and phrasing, part of the speech
# tempo; longer ones are pauses, left out of the speaking time.
PAUSE_BRIDGE_S = 1.0
# Fewer words than this make no rate worth reporting.
MIN_WORDS_FOR_RATE = 5
# A sentence also ends at a silence this long, for speech recognised without punctuation.
SENTENCE_GAP_S = 2.0
# Recognition sometimes leaves a whole clip unpunctuated (fast or unclear speech): past this
# many words a "sentence" also closes at a comma or a breath pause, so hooks, calls to action
# and story beats quote a phrase, not the whole transcript.
LONG_SENTENCE_WORDS = 20
PHRASE_GAP_S = 0.25
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u2026\u061f\u0964]['\"\u201d\u2019)\]]*$")
# A full stop followed by a word in lower case ends no sentence: the recogniser capitalises
# every sentence it starts, and writes "4 p.m. to …", "Crumb and Co. on Fifth Street" (a
# question mark, an ellipsis or a full stop of another script always ends one).
_FULL_STOP = re.compile(r"\.['\"\u201d\u2019)\]]*$")

# stereo-channels.v1: 50 ms loudness frames; a frame is active above ACTIVE_DBFS.
CHANNEL_FRAME_S = 0.05
ACTIVE_DBFS = -50.0
# Each channel must be active this share of the frames to count as carrying sound.
MIN_ACTIVE_RATIO = 0.05
# Separate channels: samples barely correlated (at any lag up to MAX_LAG_S, the delay between
# two microphones of one device) and loudness envelopes far from moving together. One source
# picked up by two microphones correlates well above both.
MAX_LAG_S = 0.002
MAX_SAMPLE_CORRELATION = 0.3
MAX_ENVELOPE_CORRELATION = 0.5
# Words heard on both channels within this time are one voice leaking into both.
SAME_WORD_TOLERANCE_S = 0.5
MAX_SHARED_WORD_RATIO = 0.5
CHANNEL_LABELS = ("A", "B")


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str  # as recognised, usually with a leading space
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple[Word, ...]
    speaker: str | None = None


@dataclass(frozen=True)
class Recognition:
    """One recogniser pass over one audio signal."""

    segments: tuple[Segment, ...]
    language: str | None
    language_probability: float | None
    duration_s: float
    speech_s: float  # what voice-activity detection kept


@dataclass(frozen=True)
class Sentence:
    start: float
    end: float
    text: str
    speaker: str | None


@dataclass(frozen=True)
class ChannelEvidence:
    left_active_ratio: float
    right_active_ratio: float
    sample_correlation: float
    envelope_correlation: float

    @property
    def separate(self) -> bool:
        """Each channel carries its own sound (a microphone per speaker)."""
        return (
            min(self.left_active_ratio, self.right_active_ratio) >= MIN_ACTIVE_RATIO
            and abs(self.sample_correlation) < MAX_SAMPLE_CORRELATION
            and self.envelope_correlation < MAX_ENVELOPE_CORRELATION
        )


@dataclass(frozen=True)
class Speakers:
    segments: tuple[Segment, ...]  # time-ordered, labelled where known
    count: int | None
    warning: str | None  # why count is null


# How surely speech was heard, as its mean word probability (docs/methods.md, "What was surely
# heard"). Under HEARD_WELL about one word in five is the recogniser's guess: the speech's
# topics do not decide which on-screen line is the headline. A sentence under SURELY_HEARD
# holds more guesses than words heard: it is not quoted, titled, read for topics or hooks.
HEARD_WELL = 0.8
SURELY_HEARD = 0.5


def mean_probability(probabilities: Iterable[float | None]) -> float | None:
    """How surely speech was heard as a whole: its words' mean probability, to three places
    (None when no word's probability is known). The understanding step and the creator layer
    both read the speech's `heard_well` from it."""
    known = [p for p in probabilities if p is not None]
    return round(sum(known) / len(known), 3) if known else None


def heard_well(probability: float | None) -> bool:
    """Whether speech heard at this mean word probability, as a whole, can be quoted and
    read for its subject (unknown: yes)."""
    return probability is None or probability >= HEARD_WELL


def surely_heard(probability: float | None) -> bool:
    """Whether words heard at this mean probability can be read (unknown: yes)."""
    return probability is None or probability >= SURELY_HEARD


def segment_confidence(avg_logprob: float) -> float:
    """exp(mean token log-probability), the geometric mean token probability, clipped to 0-1:
    -0.1 -> 0.90, -0.3 -> 0.74, -1.0 -> 0.37."""
    if not math.isfinite(avg_logprob):
        return 0.0
    return round(min(1.0, max(0.0, math.exp(avg_logprob))), 3)


def all_words(segments: Iterable[Segment]) -> list[Word]:
    """Every word, ordered by start time (segments from two channels interleave)."""
    return sorted((w for s in segments for w in s.words), key=lambda w: (w.start, w.end))


def word_count(segments: Iterable[Segment]) -> int:
    """Recognised words; a segment without word timings counts its text's tokens."""
    total = 0
    for segment in segments:
        total += len(segment.words) if segment.words else len(segment.text.split())
    return total


def speaking_time_s(words: Sequence[Word], bridge_s: float = PAUSE_BRIDGE_S) -> float:
    """Seconds covered by words, counting gaps shorter than `bridge_s` as speech."""
    total = 0.0
    run_start: float | None = None
    run_end = 0.0
    for word in sorted(words, key=lambda w: w.start):
        if run_start is None:
            run_start, run_end = word.start, word.end
        elif word.start - run_end < bridge_s:
            run_end = max(run_end, word.end)
        else:
            total += run_end - run_start
            run_start, run_end = word.start, word.end
    if run_start is not None:
        total += run_end - run_start
    return total


def speech_rate_wpm(words: Sequence[Word], bridge_s: float = PAUSE_BRIDGE_S) -> int | None:
    """Words per minute over speaking time (not clip length); None for too few words."""
    return voices_rate_wpm([words], bridge_s)


def voices_rate_wpm(
    voices: Sequence[Sequence[Word]], bridge_s: float = PAUSE_BRIDGE_S
) -> int | None:
    """All voices' words over the sum of each voice's speaking time, so two people talking
    at once are not counted as one fast talker."""
    count = sum(len(words) for words in voices)
    if count < MIN_WORDS_FOR_RATE:
        return None
    seconds = sum(speaking_time_s(words, bridge_s) for words in voices)
    if seconds <= 0:
        return None
    return round(count * 60.0 / seconds)


def split_sentences(
    words: Sequence[Word], speaker: str | None = None, max_gap_s: float = SENTENCE_GAP_S
) -> list[Sentence]:
    """Sentences from word timings: a word ending in terminal punctuation closes one (a full
    stop only when the next word does not go on in lower case: "at 4 p.m. to …"), and so does
    a long silence; a sentence already `LONG_SENTENCE_WORDS` long also closes at a comma or a
    short pause."""
    sentences: list[Sentence] = []
    current: list[Word] = []

    def close() -> None:
        text = "".join(w.text for w in current).strip()
        if text:
            sentences.append(Sentence(current[0].start, current[-1].end, text, speaker))
        current.clear()

    for word in words:
        gap = word.start - current[-1].end if current else 0.0
        long_phrase_ends = len(current) >= LONG_SENTENCE_WORDS and (
            gap >= PHRASE_GAP_S or current[-1].text.strip().endswith((",", ";", ":"))
        )
        if current and (gap >= max_gap_s or long_phrase_ends or _ends(current[-1], word)):
            close()
        current.append(word)
    if current:
        close()
    return sentences


def _ends(last: Word, following: Word) -> bool:
    """Whether a sentence ends after `last`: at terminal punctuation, unless it is a full stop
    and the `following` word goes on in lower case (`_FULL_STOP`)."""
    said = last.text.strip()
    if not _SENTENCE_END.search(said):
        return False
    return not (_FULL_STOP.search(said) and following.text.strip()[:1].islower())


def spoken_language(recognitions: Sequence[Recognition]) -> tuple[str | None, float | None]:
    """The language of the pass that recognised the most words, with its probability;
    (None, None) without words (the recogniser names a language even for silence)."""
    best = max(recognitions, key=lambda r: word_count(r.segments), default=None)
    if best is None or word_count(best.segments) == 0 or best.language is None:
        return None, None
    probability = best.language_probability
    return best.language, None if probability is None else round(probability, 3)


def channel_evidence(
    left: NDArray[np.float32], right: NDArray[np.float32], sample_rate: int
) -> ChannelEvidence:
    """How far two channels carry different sound, from frame loudness and correlation."""
    size = min(left.size, right.size)
    frame = max(1, round(CHANNEL_FRAME_S * sample_rate))
    frames = size // frame
    if frames == 0:
        return ChannelEvidence(0.0, 0.0, 1.0, 1.0)
    a = left[: frames * frame].astype(np.float64)
    b = right[: frames * frame].astype(np.float64)
    level_a = _frame_dbfs(a.reshape(frames, frame))
    level_b = _frame_dbfs(b.reshape(frames, frame))
    active_a, active_b = level_a > ACTIVE_DBFS, level_b > ACTIVE_DBFS
    either = active_a | active_b
    return ChannelEvidence(
        left_active_ratio=float(active_a.mean()),
        right_active_ratio=float(active_b.mean()),
        sample_correlation=_lagged_correlation(a, b, round(MAX_LAG_S * sample_rate)),
        envelope_correlation=_correlation(level_a[either], level_b[either]),
    )


def shared_word_ratio(
    a: Sequence[Word], b: Sequence[Word], tolerance_s: float = SAME_WORD_TOLERANCE_S
) -> float:
    """Share of the shorter word list also heard, at about the same time, in the other."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if not shorter:
        return 0.0
    shared = sum(
        1
        for word in shorter
        if any(
            _norm(word.text) == _norm(other.text) and abs(word.start - other.start) <= tolerance_s
            for other in longer
        )
    )
    return shared / len(shorter)


def channel_speakers(left: Recognition, right: Recognition) -> Speakers | None:
    """Labels from separately transcribed channels; None when both channels turn out to hold
    the same voice (then the caller transcribes the mix instead)."""
    left_words, right_words = all_words(left.segments), all_words(right.segments)
    if left_words and right_words:
        if shared_word_ratio(left_words, right_words) > MAX_SHARED_WORD_RATIO:
            return None
        labelled = [replace(s, speaker=CHANNEL_LABELS[0]) for s in left.segments]
        labelled += [replace(s, speaker=CHANNEL_LABELS[1]) for s in right.segments]
        return Speakers(tuple(sorted(labelled, key=lambda s: (s.start, s.end))), 2, None)
    only = left if left_words else right
    return Speakers(
        only.segments, None, "speaker count not measured: speech on one stereo channel only"
    )


def _frame_dbfs(frames: NDArray[np.float64]) -> NDArray[np.float64]:
    rms = np.sqrt(np.mean(frames * frames, axis=1))
    levels: NDArray[np.float64] = 20.0 * np.log10(np.maximum(rms, 1e-5))
    return levels


def _correlation(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    if a.size < 2:
        return 1.0
    a = a - a.mean()
    b = b - b.mean()
    denominator = math.sqrt(float(np.dot(a, a)) * float(np.dot(b, b)))
    if denominator == 0.0:
        # A constant channel moves with nothing; two constant channels are the same sound.
        return 1.0 if float(np.dot(a, a)) == float(np.dot(b, b)) == 0.0 else 0.0
    return float(np.dot(a, b)) / denominator


def _lagged_correlation(a: NDArray[np.float64], b: NDArray[np.float64], max_lag: int) -> float:
    """The correlation of largest magnitude over lags -max_lag..max_lag."""
    a = a - a.mean()
    b = b - b.mean()
    energy = math.sqrt(float(np.dot(a, a)) * float(np.dot(b, b)))
    if energy == 0.0:
        return 1.0 if float(np.dot(a, a)) == float(np.dot(b, b)) == 0.0 else 0.0
    best = 0.0
    for lag in range(-max_lag, max_lag + 1):
        if lag >= 0:
            value = float(np.dot(a[lag:], b[: b.size - lag]))
        else:
            value = float(np.dot(a[: a.size + lag], b[-lag:]))
        if abs(value) > abs(best):
            best = value
    return best / energy


def _norm(text: str) -> str:
    return re.sub(r"[^\w]", "", text.lower())
