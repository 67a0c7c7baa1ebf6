"""story.v2: the story's beats and their time spans, from the transcript's sentences (or the
on-screen text of a video without speech), and a logline built only from measured content.

Beats use the reference's vocabulary: `hook`, `problem`, `solution`, `proof`, `cta`, plus
`context`, `story`, `list_item`, `reveal` and `payoff`. The hook beat covers the hook window
(hook.v2: the first ~3 s fitted to the first sentence), not the whole first sentence; the
rest of a long first sentence gets the beat its own words carry.
"""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.hook import hook_window
from clipapi.intelligence.hook_cues import STORY_OPENER
from clipapi.intelligence.hook_words import heard_surely
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.text import (
    CONTEXT_CUE,
    LIST_CUE,
    PAYOFF_CUE,
    PROBLEM_CUE,
    PROOF_CUE,
    REVEAL_CUE,
    SOLUTION_CUE,
    normalise,
)
from clipapi.signals.text_logline import write_logline
from clipapi.signals.text_meaning import closing_lines
from clipapi.signals.text_telling import is_anecdote

METHOD = "story.v2"
# A video opens on its hook when its first line starts this early (or text is on screen).
HOOK_START_S = 3.0
# The rest of a first sentence past the hook window becomes its own beat when this long.
MIN_REST_S = 0.5
BEAT_NAMES = (
    "hook",
    "context",
    "story",
    "problem",
    "solution",
    "list_item",
    "proof",
    "reveal",
    "payoff",
    "cta",
)
# Checked in this order: a line with a CTA phrase is the CTA even if it also sums up.
BEAT_CUES = (
    ("proof", PROOF_CUE),
    ("reveal", REVEAL_CUE),
    ("payoff", PAYOFF_CUE),
    ("list_item", LIST_CUE),
    ("problem", PROBLEM_CUE),
    ("solution", SOLUTION_CUE),
    ("story", STORY_OPENER),
    ("context", CONTEXT_CUE),
)
# What the first uncued lines after a hook of this type are.
_BODY = {"story": "story", "tutorial_promise": "solution"}
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
    logline: str | None  # None: nothing heard or shown says what happens
    beats: tuple[str, ...]
    beat_spans: tuple[BeatSpan, ...]

    def first(self, beat: str) -> BeatSpan | None:
        return next((span for span in self.beat_spans if span.beat == beat), None)


def analyse_story(
    s: Signals,
    cta_times: tuple[float, ...] = (),
    hook_type: str | None = None,
    cta_kind: str | None = None,
) -> Story | None:
    """`cta_times` are the starts of lines the CTA method found (spoken sentences and
    captions), `hook_type` and `cta_kind` what the hook and CTA methods made of them (the
    logline names both); None without any text. A call only shown while the video speaks
    ("SAVE THIS FOR DINNER" over the last step) is the `cta` beat while it is up."""
    lines = s.lines
    if not lines:
        return None
    window = hook_window(s)
    opens_on_text = any(line.start < HOOK_START_S for line in s.on_screen_text or ())
    spans: list[BeatSpan] = []
    if lines[0].start < HOOK_START_S or opens_on_text:
        start = min(
            [lines[0].start, *(t.start for t in s.on_screen_text or () if t.start < HOOK_START_S)]
        )
        spans.append(BeatSpan("hook", start, max(start, window)))
    for line, label in zip(lines, _labels(lines, cta_times, hook_type), strict=True):
        start = max(line.start, spans[-1].end) if spans and spans[0].beat == "hook" else line.start
        if line.end - start < (MIN_REST_S if line is lines[0] else 0.0) or line.end <= start:
            continue  # the hook window already covers this line
        if spans and spans[-1].beat == label:
            spans[-1] = BeatSpan(label, spans[-1].start, max(spans[-1].end, line.end))
        else:
            spans.append(BeatSpan(label, start, line.end))
    if s.sentences:
        for call in (caption for caption in s.captions if _is_call(caption, cta_times)):
            said = any(b.beat == "cta" and b.start < call.end and call.start < b.end for b in spans)
            if not said and call.start >= window:
                spans = _inserted(spans, BeatSpan("cta", call.start, call.end))
    spans = [BeatSpan(b.beat, round(b.start, 2), round(b.end, 2)) for b in spans]
    beats = tuple(span.beat for span in spans)
    # Without speech the lines are the screen's, line by line: a caption wrapped over two
    # lines opens the video whole ("POV: miso hears the treat bag", not "POV: MISO HEARS").
    first = s.captions[0].text if not s.sentences and s.captions else lines[0].text
    logline = s.written_logline or write_logline(
        s.language,
        beats,
        first,
        # What a call to action promises ("follow, and tomorrow I show how to …") is not
        # what the video shows, nor what closes it ("Subscribe. Next week I'm showing you
        # how to chop it up.").
        _told(s.lines, cta_times),
        s.topics,
        hook_type,
        cta_kind,
        shown=[caption.text for caption in s.captions] if s.sentences else (),
        first_line_heard=heard_surely(s.opening_speech),
        opening_caption=_as_titled(s.opening_text.text, s.content_title) if s.opening_text else "",
        speech_heard_well=s.speech_heard_well,
        spoken=bool(s.sentences),
    )
    return Story(logline, beats, tuple(spans))


def _told(lines: tuple[Line, ...], cta_times: tuple[float, ...]) -> list[str]:
    """The lines' texts less the calls to action and the sentences that close the last one
    (`closing_lines`)."""
    called = [_is_call(line, cta_times) for line in lines]
    closing = closing_lines(called)
    return [
        line.text
        for line, call, closes in zip(lines, called, closing, strict=True)
        if not (call or closes)
    ]


def _inserted(spans: list[BeatSpan], new: BeatSpan) -> list[BeatSpan]:
    """`spans` with `new` laid over them: what it covers is cut out of the others, and a
    piece left shorter than MIN_REST_S is dropped."""
    kept = []
    for span in spans:
        pieces = [(span.start, min(span.end, new.start)), (max(span.start, new.end), span.end)]
        kept += [BeatSpan(span.beat, a, b) for a, b in pieces if b - a >= MIN_REST_S]
    return sorted([*kept, new], key=lambda span: span.start)


def _as_titled(caption: str, title: str | None) -> str:
    """The opening caption as the title writes it, where the title is that caption re-cased
    ("LOHNT SICH DAS IPAD AIR?" → "Lohnt sich das iPad Air?")."""
    return title if title and title.lower() == caption.lower() else caption


def _is_call(line: Line, cta_times: tuple[float, ...]) -> bool:
    return any(abs(line.start - t) < 0.01 for t in cta_times)


def _labels(
    lines: tuple[Line, ...], cta_times: tuple[float, ...], hook_type: str | None = None
) -> list[str]:
    """Each line's beat: its own cue's, else the beat of the line before. An uncued line at
    the start sets the scene (`context`), or begins what the hook promised (`_BODY`): the
    story a story hook opened ("Our rental car died in the middle of nowhere"), the
    solution a tutorial promised ("I'll show you these crispy salmon bites"); in a comic
    anecdote (`text_telling.is_anecdote`: "Mein Vater fährt … Er so: …"), the story."""
    told = is_anecdote([line.text for line in lines])
    opening = "story" if told else _BODY.get(hook_type or "", "context")
    labels: list[str] = []
    for line in lines:
        text = normalise(line.text)
        if _is_call(line, cta_times):
            labels.append("cta")
            continue
        cued = next((name for name, cue in BEAT_CUES if cue.search(text)), None)
        previous = labels[-1] if labels else None
        if cued is not None:
            labels.append(cued)
        elif previous is None:
            labels.append(opening)
        elif previous == "cta":
            labels.append("context")
        else:
            labels.append(previous)  # an uncued line continues the beat before it
    return labels
