"""What the understanding step reads from the earlier steps' outputs, reduced to the text and
numbers it works on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clipapi.inference import text_models
from clipapi.inference.base import ModelUnavailable
from clipapi.pipeline.contracts import AudioSignals, TranscriptSignals
from clipapi.pipeline.merge import field_at
from clipapi.pipeline.step import StepContext
from clipapi.schemas.result import Transcript, VisualAnalysis
from clipapi.signals.speech import mean_probability, surely_heard
from clipapi.signals.text_fuzzy import guessed_words, heard_as_shown, mender, respacer
from clipapi.signals.text_language import prose
from clipapi.signals.text_meaning import TimedText, caption_blocks, line_key
from clipapi.signals.text_summary import split_sentences
from clipapi.signals.writer_language import phrasing

MIN_OCR_CONFIDENCE = 0.85

MAX_SENTENCES = 200  # embedding cost bound (~2 s at worst on 2 cores)
MAX_OCR_ITEMS = 60


def _known_words() -> frozenset[str]:
    """`text_models.known_words`, or none where the vocabularies cannot be read (then only
    the speech splits a run-together word)."""
    try:
        return text_models.known_words()
    except ModelUnavailable:
        return frozenset()


def _heard(
    words: Sequence[tuple[float, float, str, float | None]],
    start: float | None = None,
    end: float | None = None,
) -> float:
    """The mean word probability of the words said between `start` and `end` (all of them
    without a span); 1.0 when none were measured."""
    inside = [
        p
        for w_start, w_end, _, p in words
        if p is not None and (start is None or end is None or start <= (w_start + w_end) / 2 <= end)
    ]
    return round(sum(inside) / len(inside), 3) if inside else 1.0


def strings(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []


@dataclass
class Inputs:
    """What the earlier steps measured, reduced to the text and numbers this step reads."""

    source: dict[str, Any]
    media: dict[str, Any]
    transcript: dict[str, Any]
    transcript_ran: bool
    transcript_language: str | None
    sentences: list[str]
    timed_sentences: list[TimedText]
    heard: list[float]  # each sentence's mean word probability: how surely it was heard
    # the speech's, over all its words (`speech.mean_probability`; None without speech)
    heard_overall: float | None
    ocr: list[tuple[float, float, str]]  # (start, end, text) of each on-screen text
    ocr_any_confidence: list[str]  # every on-screen text read, for fuzzy name matching
    visual: dict[str, Any] | None
    audio: dict[str, Any] | None
    speech_spans: list[tuple[float, float]]
    # words heard only as guesses, none shown (`guessed_words`): no name is read from them
    guessed: frozenset[str]

    @classmethod
    def gather(cls, ctx: StepContext) -> Inputs:
        outputs = ctx.outputs
        source = field_at(outputs, "source", ("ingest",)) or {}
        transcript = field_at(outputs, "media_understanding.transcript", ("transcription",)) or {}
        said = TranscriptSignals.of(outputs) or TranscriptSignals()
        sentences = [s.text.strip() for s in said.sentences or () if s.text.strip()]
        timed = [
            TimedText(s.start, max(s.start, s.end if s.end is not None else s.start), s.text)
            for s in said.sentences or ()
            if s.text.strip()
        ]
        full_text = str(transcript.get("full_text") or "").strip()
        if not full_text:
            segments = Transcript.model_validate(transcript).segments or ()
            full_text = " ".join(t for s in segments if (t := s.text.strip()))
        heard = [_heard(said.words or (), s.start, s.end) for s in timed]
        if not sentences and full_text:
            sentences = split_sentences(full_text)
            heard = [_heard(said.words or ())] * len(sentences)
        language = transcript.get("language") or said.language
        visual = field_at(outputs, "media_understanding.visual_analysis", ("visual_analysis",))
        seen = VisualAnalysis.model_validate(visual or {})
        ocr = []
        ocr_any_confidence = []
        for item in seen.on_screen_text or ():
            text = item.text.strip()
            if text:
                ocr_any_confidence.append(text)
            # Misread logos and props (e.g. "MISTAITS", 0.75) would become topics and
            # keywords; burned-in captions read at 0.95 and above.
            if item.confidence is not None and item.confidence < MIN_OCR_CONFIDENCE:
                continue
            if text:
                ocr.append((item.start, item.end, text))
        # A caption wrapped over two lines ("15 MIN LEMON" / "PASTA") is one caption to read.
        ocr = [(b.start, b.end, b.text) for b in caption_blocks([TimedText(*o) for o in ocr])]
        # A space the reader missed is put back where the speech says the two words ("AGYM"),
        # or where a short word runs into another ("ATU MADRE"), or, in English, into a word
        # of its own ("TOTRIM"). Not that last in other languages: there the vocabularies miss
        # too many compounds and words ("MITMACHEN", "ACASO", "ABONNE"), 0.7-1.5 % of the
        # creator scripts' words against 2 in 3,259 English ones (eval/respacing.py;
        # docs/methods.md, "Run-together words").
        code = str(language or "").split("-")[0]
        respace = respacer(
            full_text, _known_words, phrasing(code).function_words, words_after=code == "en"
        )
        # A letter the reader got wrong is put right where the speech says the word and a
        # dictionary holds it, and not the word read ("EMERGENGY"), in every language.
        mend = mender(full_text, _known_words)
        ocr = [(start, end, mend(respace(text))) for start, end, text in ocr]
        # And a word the recogniser made up is read as the screen spells the word it sounds
        # like ("Alphamau" over "DAY 1: ALFAMA"), for what the video is about; the transcript
        # keeps what was heard.
        as_shown = heard_as_shown(full_text, [text for _, _, text in ocr], _known_words)
        sentences = [as_shown(sentence) for sentence in sentences]
        timed = [TimedText(t.start, t.end, as_shown(t.text)) for t in timed]
        full_text = as_shown(full_text)
        audio = AudioSignals.of(outputs)
        heard_words = [(word, p) for _, _, word, p in said.words or ()]
        return cls(
            source=source if isinstance(source, dict) else {},
            media=ctx.signals("probe"),
            transcript={**transcript, "full_text": full_text},
            transcript_ran="transcription" in outputs,
            transcript_language=str(language) if full_text and language else None,
            sentences=sentences[:MAX_SENTENCES],
            timed_sentences=timed[:MAX_SENTENCES],
            heard=heard[:MAX_SENTENCES],
            heard_overall=mean_probability(p for *_, p in said.words or ()) if sentences else None,
            ocr=ocr[:MAX_OCR_ITEMS],
            ocr_any_confidence=list(dict.fromkeys(ocr_any_confidence))[:MAX_OCR_ITEMS],
            visual=visual if isinstance(visual, dict) else None,
            # As the result will hold it: the audio step's section and the transcript
            # step's part of it (speaker count, speaking rate).
            audio=field_at(
                outputs, "media_understanding.audio_analysis", ("audio_analysis", "transcription")
            ),
            speech_spans=list(audio.speech_segments or ()) if audio else [],
            guessed=guessed_words(heard_words, ocr_any_confidence),
        )

    def unit_weights(self, units: list[str], calls: frozenset[str] = frozenset()) -> list[float]:
        """How much each unit of the video's words counts in a label read over all of them:
        its number of words, a spoken sentence's scaled by how surely it was heard (a
        recogniser's guesses at speech it could not make out are not the video's topic;
        written words are read as shown); a call to action (`calls`, by `line_key`) not at all
        while anything else was said or shown ("Come visit us" is no travel video)."""
        heard = dict(zip(self.sentences, self.heard, strict=False))
        weights = [max(1, len(unit.split())) * heard.get(unit, 1.0) for unit in units]
        content = [line_key(unit) not in calls for unit in units]
        if any(content):
            weights = [w if keep else 0.0 for w, keep in zip(weights, content, strict=True)]
        return weights

    @property
    def transcript_text(self) -> str:
        return str(self.transcript.get("full_text") or "")

    @property
    def ocr_texts(self) -> list[str]:
        return list(dict.fromkeys(text for _, _, text in self.ocr))

    @property
    def caption_texts(self) -> list[str]:
        caption = (self.source.get("title"), self.source.get("description"))
        return [text for text in caption if isinstance(text, str) and text.strip()]

    @property
    def caption_sentences(self) -> list[str]:
        return [s for text in self.caption_texts for s in split_sentences(prose(str(text)))]

    @property
    def all_texts(self) -> list[str]:
        """Every piece of text, in reading order: speech, then on screen, then caption."""
        return [t for t in (self.transcript_text, *self.ocr_texts, *self.caption_texts) if t]

    @property
    def sure(self) -> list[int]:
        """The indices of the spoken sentences the recogniser heard surely (mean word
        probability at least SURELY_HEARD): the ones a topic, a title or a quote may be taken
        from. A sentence of more guesses than words heard ("On commence à mettre de plâche de
        paie carréquelles") is left out."""
        return [i for i, h in enumerate(self.heard[: len(self.sentences)]) if surely_heard(h)]

    @property
    def sure_sentences(self) -> list[str]:
        return [self.sentences[i] for i in self.sure]

    @property
    def misheard_sentences(self) -> list[str]:
        """The spoken sentences left out of `sure`."""
        sure = set(self.sure)
        return [text for i, text in enumerate(self.sentences) if i not in sure]

    def subject_lines(self, calls: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
        """The spoken sentences surely heard and the on-screen texts that may name the
        video's subject: all but the calls to action among them (`calls`, by `line_key`):
        "Come visit us on Fifth Street" says where to go, not what the video is about."""
        return (
            [s for s in self.sure_sentences if line_key(s) not in calls],
            [t for t in self.ocr_texts if line_key(t) not in calls],
        )

    def subject_text(self, calls: frozenset[str] = frozenset()) -> str:
        """The words topics and keywords are read from: what was surely heard, shown or
        captioned, less the calls to action (`subject_lines`)."""
        sentences, shown = self.subject_lines(calls)
        whole = not self.misheard_sentences and len(sentences) == len(self.sentences)
        said = self.transcript_text if whole else " ".join(sentences)
        pieces = [said, *shown, *self.caption_sentences]
        # Each piece ends a sentence: captions shown one after another ("POLAND", "ITALY",
        # "NORWAY") are no phrase together.
        return "\n".join(_closed(prose(str(p))) for p in pieces if p)


def _closed(text: str) -> str:
    """`text` ending a sentence: a full stop added where it ends on none."""
    return text if not text or text[-1] in ".!?\u2026" else f"{text}."
