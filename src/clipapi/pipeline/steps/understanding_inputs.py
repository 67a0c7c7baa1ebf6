"""What the understanding step reads from the earlier steps' outputs, reduced to the text and
numbers it works on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals.text_language import prose
from clipapi.signals.text_meaning import TimedText, caption_blocks
from clipapi.signals.text_summary import split_sentences

MIN_OCR_CONFIDENCE = 0.85

MAX_SENTENCES = 200  # embedding cost bound (~2 s at worst on 2 cores)
MAX_OCR_ITEMS = 60


def nested(output: StepOutput | None) -> dict[str, Any]:
    """A step's dotted `fields` as one nested dict, so any granularity can be read back."""
    tree: dict[str, Any] = {}
    for path, value in (output.fields if output else {}).items():
        node = tree
        *parents, leaf = path.split(".")
        for part in parents:
            child = node.get(part)
            node = node.setdefault(part, {}) if not isinstance(child, dict) else child
        if isinstance(value, dict) and isinstance(node.get(leaf), dict):
            node[leaf] = {**node[leaf], **value}
        else:
            node[leaf] = value
    return tree


def dig(tree: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(tree, dict):
            return None
        tree = tree.get(part)
    return tree


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _texts(items: Any, key: str = "text") -> list[str]:
    if not isinstance(items, list):
        return []
    found = [str(item.get(key) or "").strip() for item in items if isinstance(item, dict)]
    return [text for text in found if text]


def strings(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _audio_analysis(outputs: dict[str, StepOutput]) -> dict[str, Any] | None:
    """`audio_analysis` as the audio and transcript steps measured it (the speaker count may
    come from either); None when neither ran."""
    merged: dict[str, Any] = {}
    for step in ("transcription", "audio_analysis"):
        analysis = dig(nested(outputs.get(step)), "media_understanding.audio_analysis")
        if not isinstance(analysis, dict):
            continue
        for key, value in analysis.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **{k: v for k, v in value.items() if v is not None}}
            elif value is not None:
                merged[key] = value
    return merged or None


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
    ocr: list[tuple[float, float, str]]  # (start, end, text) of each on-screen text
    ocr_any_confidence: list[str]  # every on-screen text read, for fuzzy name matching
    visual: dict[str, Any] | None
    audio: dict[str, Any] | None
    speech_spans: list[tuple[float, float]]

    @classmethod
    def gather(cls, ctx: StepContext) -> Inputs:
        outputs = ctx.outputs
        source = dig(nested(outputs.get("ingest")), "source") or {}
        transcript_tree = nested(outputs.get("transcription"))
        transcript = dig(transcript_tree, "media_understanding.transcript") or {}
        transcript_signals = ctx.signals("transcription")
        sentences = _texts(transcript_signals.get("sentences"))
        timed = [
            TimedText(start, max(start, end if end is not None else start), text)
            for item in transcript_signals.get("sentences") or []
            if isinstance(item, dict)
            for start, end, text in [
                (_number(item.get("start")), _number(item.get("end")), str(item.get("text") or ""))
            ]
            if start is not None and text.strip()
        ]
        full_text = str(transcript.get("full_text") or "").strip()
        if not full_text:
            full_text = " ".join(_texts(transcript.get("segments")))
        if not sentences and full_text:
            sentences = split_sentences(full_text)
        language = transcript.get("language") or transcript_signals.get("language")
        visual = dig(nested(outputs.get("visual_analysis")), "media_understanding.visual_analysis")
        visual = visual if isinstance(visual, dict) else None
        ocr = []
        ocr_any_confidence = []
        for item in (visual or {}).get("on_screen_text") or []:
            if not isinstance(item, dict):
                continue
            text = str(item.get("text") or "").strip()
            if text:
                ocr_any_confidence.append(text)
            start, end = _number(item.get("start")), _number(item.get("end"))
            confidence = _number(item.get("confidence"))
            # Misread logos and props (e.g. "MISTAITS", 0.75) would become topics and
            # keywords; burned-in captions read at 0.95 and above.
            if confidence is not None and confidence < MIN_OCR_CONFIDENCE:
                continue
            if text and start is not None and end is not None:
                ocr.append((start, end, text))
        # A caption wrapped over two lines ("15 MIN LEMON" / "PASTA") is one caption to read.
        ocr = [(b.start, b.end, b.text) for b in caption_blocks([TimedText(*o) for o in ocr])]
        spans = [
            (start, end)
            for span in ctx.signals("audio_analysis").get("speech_segments") or []
            if isinstance(span, list | tuple) and len(span) >= 2
            for start, end in [(_number(span[0]), _number(span[1]))]
            if start is not None and end is not None
        ]
        return cls(
            source=source if isinstance(source, dict) else {},
            media=ctx.signals("probe"),
            transcript={**transcript, "full_text": full_text},
            transcript_ran="transcription" in outputs,
            transcript_language=str(language) if full_text and language else None,
            sentences=sentences[:MAX_SENTENCES],
            timed_sentences=timed[:MAX_SENTENCES],
            ocr=ocr[:MAX_OCR_ITEMS],
            ocr_any_confidence=list(dict.fromkeys(ocr_any_confidence))[:MAX_OCR_ITEMS],
            visual=visual,
            audio=_audio_analysis(outputs),
            speech_spans=spans,
        )

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
    def prose_text(self) -> str:
        pieces = [self.transcript_text, *self.ocr_texts, *self.caption_sentences]
        return "\n".join(prose(str(p)) for p in pieces if p)
