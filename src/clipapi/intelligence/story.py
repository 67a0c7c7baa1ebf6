"""story.v1: the story's beats and their time spans, from the transcript's sentences (or the
on-screen text of a video without speech), and a logline built only from measured content."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.text import (
    CONTEXT_CUE,
    PAYOFF_CUE,
    PROBLEM_CUE,
    PROOF_CUE,
    STEP_CUE,
    VALUE_CUE,
    normalise,
)
from clipapi.signals.text_logline import write_logline

METHOD = "story.v1"
# The first line is the hook when it starts this early.
HOOK_START_S = 3.0
BEAT_NAMES = ("hook", "context", "problem", "steps", "value", "proof", "payoff", "cta")
# Checked in this order: a line with a CTA phrase is the CTA even if it also sums up.
BEAT_CUES = (
    ("proof", PROOF_CUE),
    ("payoff", PAYOFF_CUE),
    ("steps", STEP_CUE),
    ("problem", PROBLEM_CUE),
    ("value", VALUE_CUE),
    ("context", CONTEXT_CUE),
)
FORMAT_WORDS = {
    "talking_head": "talking-head",
    "talking_head_with_broll": "talking-head-with-b-roll",
    "voiceover_broll": "voice-over",
    "text_slideshow": "text-slideshow",
    "music_montage": "music-montage",
    "screen_recording": "screen-recording",
    "skit": "skit",
}


@dataclass(frozen=True)
class BeatSpan:
    beat: str
    start: float
    end: float


@dataclass(frozen=True)
class Story:
    logline: str
    beats: tuple[str, ...]
    beat_spans: tuple[BeatSpan, ...]

    def first(self, beat: str) -> BeatSpan | None:
        return next((span for span in self.beat_spans if span.beat == beat), None)


def analyse_story(s: Signals, cta_times: tuple[float, ...] = ()) -> Story | None:
    """`cta_times` are the starts of lines the CTA method found; None without any text."""
    lines = s.lines
    if not lines:
        return None
    labels = _labels(lines, cta_times)
    spans: list[BeatSpan] = []
    for line, label in zip(lines, labels, strict=True):
        if spans and spans[-1].beat == label:
            spans[-1] = BeatSpan(label, spans[-1].start, max(spans[-1].end, line.end))
        else:
            spans.append(BeatSpan(label, line.start, line.end))
    spans = [BeatSpan(b.beat, round(b.start, 2), round(b.end, 2)) for b in spans]
    beats = tuple(span.beat for span in spans)
    return Story(_logline(s, lines[0], beats), beats, tuple(spans))


def _labels(lines: tuple[Line, ...], cta_times: tuple[float, ...]) -> list[str]:
    labels: list[str] = []
    for index, line in enumerate(lines):
        text = normalise(line.text)
        if index == 0 and line.start < HOOK_START_S:
            labels.append("hook")
        elif any(abs(line.start - t) < 0.01 for t in cta_times):
            labels.append("cta")
        else:
            cued = next((name for name, cue in BEAT_CUES if cue.search(text)), None)
            previous = labels[-1] if labels else None
            if cued is not None:
                labels.append(cued)
            elif previous in (None, "hook", "cta"):
                # An uncued line right after the hook sets the scene.
                labels.append("context")
            else:
                labels.append(previous)  # an uncued line continues the beat before it
    return labels


def _logline(s: Signals, first: Line, beats: tuple[str, ...]) -> str:
    if s.written_logline:
        return s.written_logline
    lines = [line.text for line in s.lines]
    return write_logline(s.language, beats, first.text, lines, s.topics)
