"""hook.v2: what opens the video, in words (spoken and on screen), picture and sound, how fast,
and how strongly that holds a viewer.

The hook is read from both channels: the first spoken line and the on-screen text of the first
~3 s. Each channel's verbal type is the zero-shot e5 label of its words (`text_meaning`) when
that label leads the runner-up by `TYPE_MARGIN`; below it the cue rules of `hook_cues` decide,
and with no cue the e5 label stands. `signals.hook_source` says which channel carried it.
Without a verbal hook, `visual_pattern_interrupt` needs a measured cut, motion burst or text
flash in the opening; a static opening is `none`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from statistics import median

from clipapi.intelligence.explain import Factor, factor, ramp, score_from
from clipapi.intelligence.hook_cues import LineCues, line_cues
from clipapi.intelligence.hook_words import (
    Channel,
    ChannelHook,
    as_listed,
    channel_of,
    cue_heard,
    heard_surely,
    heard_well,
    shown_opening,
    verbal_hook,
)
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.text import quote
from clipapi.signals.speech import SURELY_HEARD
from clipapi.signals.text_meaning import OPENING_TEXT_S

METHOD = "hook.v2"
BASE = 50.0
# The hook window is the first 3 s, stretched or shortened to the end of a first sentence that
# starts inside it, within these bounds: a viewer decides within one or two lines.
DEFAULT_WINDOW_S = 3.0
MIN_WINDOW_S = 1.5
MAX_WINDOW_S = 6.0
# A line that starts later than this is not what opens the video (as in text_meaning).
FIRST_LINE_MAX_START_S = 5.0
# On-screen text that appears in the opening and is gone within this long is a flash.
TEXT_FLASH_S = 1.5
# Words inside 0.5 s earn the full bonus; by 3 s the opening has lost most scrollers.
FAST_FIRST_WORD_S = 0.5
SLOW_FIRST_WORD_S = 3.0
FIRST_WORD_BONUS = 12.0
FIRST_WORD_PENALTY = -15.0
# Effects of the line's cues, in score points.
CUE_EFFECTS = {
    "curiosity_gap": 8.0,
    "question": 7.0,
    "controversy": 6.0,
    "statistic": 6.0,
    "tutorial_promise": 6.0,
    "bold_claim": 5.0,
    "direct_address": 4.0,
    "story": 4.0,
    "number": 3.0,  # a number that is not a statistic
}
LONG_FIRST_LINE_WORDS = 20
LONG_FIRST_LINE_EFFECT = -4.0
TEXT_FIRST_SECOND_EFFECT = 6.0
FACE_FIRST_FRAME_EFFECT = 6.0
CUT_FIRST_2S_EFFECT = 5.0
MOTION_FIRST_2S_EFFECT = 4.0
# Opening motion counts when it is this much above the video's own median (unit-free) and
# moves the picture at least this fast (mean flow, frame widths a second): well above a slow
# pan's 0.03 (visual_motion.PAN_RATE), so neither a still talking head's jitter nor a b-roll
# shot drifting steadily (0.05 in the scripted creator clips, whose walk to the bakery
# opened "plainly" by its label and read as a pattern interrupt at 0.05) is a burst.
MOTION_RATIO = 1.25
MIN_BURST_FLOW = 0.08
# Loudness onset: the first second against the whole clip's mean RMS level.
LOUD_ONSET_LU = 1.0
QUIET_ONSET_LU = -6.0
LOUD_ONSET_EFFECT = 4.0
QUIET_ONSET_EFFECT = -6.0
TRENDING_SOUND_EFFECT = 5.0
EMPTY_OPENING_EFFECT = -10.0
TYPE_PHRASES = {
    "question": "a question",
    "curiosity_gap": "a curiosity gap",
    "bold_claim": "a bold claim",
    "statistic": "a statistic",
    "story": "a story opener",
    "tutorial_promise": "a tutorial promise",
    "controversy": "a contrarian take",
}


@dataclass(frozen=True)
class HookSignals:
    time_to_first_word_s: float | None
    first_line: str | None
    is_question: bool | None
    has_number: bool | None
    direct_address: bool | None
    curiosity_gap: bool | None
    bold_claim: bool | None
    text_in_first_second: bool | None
    face_in_first_frame: bool | None
    cut_in_first_2s: bool | None
    motion_in_first_2s: bool | None
    loudness_onset_lu: float | None
    hook_source: Channel | None = None
    opening_text: str | None = None
    text_flash: bool | None = None
    hook_type_margin: float | None = None
    hook_type_method: str | None = None


@dataclass(frozen=True)
class Hook:
    score: int
    hook_type: str
    primary_hook: str
    hook_window_s: float
    signals: HookSignals
    suggestions: tuple[str, ...]
    factors: tuple[Factor, ...]


def analyse_hook(s: Signals) -> Hook | None:
    """None when nothing about the opening was measured (no speech, audio or picture)."""
    if s.words is None and s.cut_times is None and s.on_screen_text is None and s.rms_db is None:
        return None
    first = _first_line(s)
    window = _window(s, first)
    cues = line_cues(first.text) if first else None
    spoken = channel_of(first.text, s.opening_speech) if first else None
    if spoken is not None:
        spoken = as_listed(spoken, [line.text for line in (s.sentences or ())[1:]])
    shown_text = shown_opening(s)
    shown = channel_of(shown_text, s.opening_text, written=True) if shown_text else None
    source, verbal = verbal_hook(spoken, shown, _spoken_heard(s, first, spoken))
    measured = HookSignals(
        time_to_first_word_s=round(s.words[0].start, 2) if s.words else None,
        first_line=quote(first.text, 200) if first else None,
        is_question=cues.question if cues else None,
        has_number=cues.number if cues else None,
        direct_address=cues.direct_address if cues else None,
        curiosity_gap=cues.curiosity_gap if cues else None,
        bold_claim=cues.bold_claim if cues else None,
        text_in_first_second=_text_in_first_second(s),
        face_in_first_frame=s.first_frame_face,
        cut_in_first_2s=_cut_in_first_2s(s),
        motion_in_first_2s=_motion_in_first_2s(s),
        loudness_onset_lu=_loudness_onset(s),
        hook_source=source,
        opening_text=quote(shown_text, 200) if shown_text else None,
        text_flash=_text_flash(s),
        hook_type_margin=None
        if verbal is None or verbal.margin is None
        else round(verbal.margin, 3),
        hook_type_method=verbal.decided_by if verbal else None,
    )
    factors = _factors(s, measured, cues)
    hook_type = _hook_type(s, measured, verbal)
    if hook_type == "trend_sound" and source is None and shown_text:
        measured = replace(measured, hook_source="text")  # the caption carries it
    if verbal is not None and verbal.hook_type is not None:
        factors += _verbal_factor(verbal, cues, source, first)
    return Hook(
        score=score_from(BASE, factors),
        hook_type=hook_type,
        primary_hook=_describe(s, measured, first, hook_type, source, shown_text),
        hook_window_s=round(window, 2),
        signals=measured,
        suggestions=_suggestions(s, measured, cues, verbal),
        factors=tuple(factors),
    )


def line_hook_score(text: str, time_to_first_word_s: float = 0.0) -> tuple[int, list[Factor]]:
    """The spoken part of hook.v2 alone: a line's cues and how soon it starts. Clip
    suggestions score their opening lines with it."""
    factors = [_first_word_factor(time_to_first_word_s)]
    factors += _cue_factors(line_cues(text), text, None)
    return score_from(BASE, factors), factors


def hook_window(s: Signals) -> float:
    """The hook window of a video: the first 3 s, fitted to a first sentence inside it."""
    return _window(s, _first_line(s))


def _verbal_factor(
    verbal: ChannelHook, cues: LineCues | None, source: Channel | None, first: Line | None
) -> list[Factor]:
    """The hook type's cue effect when the spoken line's cue rules did not already count it
    (an on-screen hook, or a type only e5 recognised, e.g. in another language)."""
    name = verbal.hook_type
    if name is None or (cues is not None and getattr(cues, name, False)):
        return []
    t = first.start if source == "speech" and first is not None else 0.0
    return [factor(f"{source}_{name}" if source == "text" else name, CUE_EFFECTS[name], True, t)]


# --- measurements ---------------------------------------------------------------------------


def _spoken_heard(s: Signals, first: Line | None, spoken: ChannelHook | None) -> bool:
    """Whether the first spoken line's type was heard well enough to stand against the
    caption's: the line heard well (`heard_well`), or the cue phrase that names its type heard
    surely ("Opinión impopular" at 0.57 and 0.87 in a line heard under 0.8; "En fait" at 0.006 and
    0.88 in a garbled one is not)."""
    if heard_well(s.opening_speech):
        return True
    if first is None or spoken is None or not s.words:
        return False
    inside = [w for w in s.words if first.start - 0.05 <= w.start <= first.end + 0.05]
    heard = cue_heard(first.text, spoken.hook_type, inside)
    return heard is not None and heard >= SURELY_HEARD


def _first_line(s: Signals) -> Line | None:
    first = s.sentences[0] if s.sentences else None
    return first if first is not None and first.start <= FIRST_LINE_MAX_START_S else None


def _window(s: Signals, first: Line | None) -> float:
    window = DEFAULT_WINDOW_S
    if first is not None and first.start < DEFAULT_WINDOW_S:
        window = min(MAX_WINDOW_S, max(MIN_WINDOW_S, first.end))
    if s.duration_s:
        window = min(window, s.duration_s)
    return window


def _text_in_first_second(s: Signals) -> bool | None:
    if s.on_screen_text is None:
        return s.first_frame_text
    return bool(s.first_frame_text) or any(line.start < 1.0 for line in s.on_screen_text)


def _first_cut(s: Signals) -> float | None:
    return next((t for t in s.cut_times or () if 0.0 < t <= 2.0), None)


def _text_flash(s: Signals) -> bool | None:
    """On-screen text that appears in the opening and is gone within TEXT_FLASH_S."""
    if s.on_screen_text is None:
        return None
    return any(
        line.start < OPENING_TEXT_S and line.end - line.start <= TEXT_FLASH_S
        for line in s.on_screen_text
    )


def _cut_in_first_2s(s: Signals) -> bool | None:
    return None if s.cut_times is None else _first_cut(s) is not None


def _motion_in_first_2s(s: Signals) -> bool | None:
    if s.motion_per_s is None:
        return None
    measured = [m for m in s.motion_per_s if m is not None]
    opening = [m for m in s.motion_per_s[:2] if m is not None]
    if not opening:
        return None
    mean = sum(opening) / len(opening)
    return mean >= MIN_BURST_FLOW and mean >= MOTION_RATIO * median(measured)


def _loudness_onset(s: Signals) -> float | None:
    levels = s.rms_db
    per_second = max(1, round(1.0 / s.rms_window_s))
    if not levels or len(levels) <= per_second:
        return None
    onset = sum(levels[:per_second]) / per_second
    return round(onset - sum(levels) / len(levels), 1)


# --- score ----------------------------------------------------------------------------------


def _first_word_factor(t: float) -> Factor:
    share = ramp(t, FAST_FIRST_WORD_S, SLOW_FIRST_WORD_S)
    effect = FIRST_WORD_BONUS + (FIRST_WORD_PENALTY - FIRST_WORD_BONUS) * share
    return factor("time_to_first_word", effect, round(t, 2), t)


def _cue_factors(cues: LineCues, text: str, t: float | None) -> list[Factor]:
    found = {
        "curiosity_gap": cues.curiosity_gap,
        "question": cues.question,
        "controversy": cues.controversy,
        "statistic": cues.statistic,
        "tutorial_promise": cues.tutorial_promise,
        "bold_claim": cues.bold_claim,
        "direct_address": cues.direct_address,
        "story": cues.story,
        "number": cues.number and not cues.statistic,
    }
    factors = [factor(name, CUE_EFFECTS[name], True, t) for name, hit in found.items() if hit]
    words = len(text.split())
    if words > LONG_FIRST_LINE_WORDS:
        factors.append(factor("long_first_line", LONG_FIRST_LINE_EFFECT, words, t))
    return factors


def _factors(s: Signals, m: HookSignals, cues: LineCues | None) -> list[Factor]:
    factors: list[Factor] = []
    if m.time_to_first_word_s is not None:
        factors.append(_first_word_factor(m.time_to_first_word_s))
    if cues is not None and m.first_line is not None:
        first = _first_line(s)
        factors += _cue_factors(cues, m.first_line, first.start if first else None)
    if m.text_in_first_second:
        factors.append(factor("text_in_first_second", TEXT_FIRST_SECOND_EFFECT, True, 0.0))
    if m.face_in_first_frame:
        factors.append(factor("face_in_first_frame", FACE_FIRST_FRAME_EFFECT, True, 0.0))
    if m.cut_in_first_2s:
        factors.append(factor("cut_in_first_2s", CUT_FIRST_2S_EFFECT, True, _first_cut(s)))
    if m.motion_in_first_2s:
        factors.append(factor("motion_in_first_2s", MOTION_FIRST_2S_EFFECT, True, 0.0))
    if m.loudness_onset_lu is not None:
        if m.loudness_onset_lu >= LOUD_ONSET_LU:
            factors.append(factor("loudness_onset", LOUD_ONSET_EFFECT, m.loudness_onset_lu, 0.0))
        elif m.loudness_onset_lu <= QUIET_ONSET_LU:
            factors.append(factor("loudness_onset", QUIET_ONSET_EFFECT, m.loudness_onset_lu, 0.0))
    if s.catalog_track is not None and s.catalog_track.trending:
        factors.append(factor("trending_sound", TRENDING_SOUND_EFFECT, s.catalog_track.title, 0.0))
    nothing_visual = not (m.text_in_first_second or m.cut_in_first_2s or m.motion_in_first_2s)
    if m.first_line is None and nothing_visual and not m.face_in_first_frame:
        factors.append(factor("empty_opening", EMPTY_OPENING_EFFECT, True, 0.0))
    return factors


def _hook_type(s: Signals, m: HookSignals, verbal: ChannelHook | None) -> str:
    # Words only on screen, over a song and no voice: the format of a trend sound (a caption
    # acted or lip-synced to a track), whether or not the catalog knows the track, and
    # whatever the caption says ("MATERA IN 48 ORE" over a montage promises no tutorial; its
    # wording still scores the hook).
    if s.has_speech is False and not s.sentences and s.music_present and m.opening_text:
        return "trend_sound"
    if verbal is not None and verbal.hook_type is not None:
        return verbal.hook_type
    if s.catalog_track is not None and s.catalog_track.trending:
        return "trend_sound"
    # A pattern interrupt is something that happens: a cut, a burst of motion or a text flash.
    # A static shot with a caption that stays up is not one.
    if m.cut_in_first_2s or m.motion_in_first_2s or m.text_flash:
        return "visual_pattern_interrupt"
    return "none"


# --- words ----------------------------------------------------------------------------------


def _describe(
    s: Signals,
    m: HookSignals,
    first: Line | None,
    hook_type: str,
    source: Channel | None,
    shown: str | None,
) -> str:
    what = TYPE_PHRASES.get(hook_type, "a plain line")
    if shown and source == "text":
        said = f'; the first spoken line is "{quote(first.text, 80)}"' if first else ""
        if first and not heard_surely(s.opening_speech):
            said = "; the first spoken line could not be made out"
        elif first and not heard_well(s.opening_speech):
            # Partly the recogniser's guesses: not quoted, as below.
            said = "; the first spoken line was not heard clearly"
        return f'Opens with {what} on screen: "{quote(shown)}"{said}'
    if first is not None and shown and not heard_well(s.opening_speech):
        # The first line is partly the recogniser's guesses: what the creator wrote says it.
        return f'Opens with {what}: "{quote(shown)}" on screen, over a first line not heard clearly'
    if first is not None:
        also = f' (on screen: "{quote(shown, 80)}")' if shown and source == "both" else ""
        return f'Opens with {what} at {first.start:.1f} s: "{quote(first.text)}"{also}'
    parts = []
    if m.text_in_first_second:
        early = next((line for line in s.on_screen_text or () if line.start < 1.0), None)
        parts.append(f'on-screen text "{quote(early.text, 80)}"' if early else "on-screen text")
    if m.face_in_first_frame:
        parts.append("a face in the first frame")
    cut = _first_cut(s)
    if cut is not None:
        parts.append(f"a cut at {cut:.1f} s")
    if m.motion_in_first_2s:
        parts.append("movement in the first 2 s")
    if s.track_title or s.catalog_track:
        title = s.catalog_track.title if s.catalog_track else s.track_title
        parts.append(f'music ("{title}")')
    elif s.music_present:
        parts.append("music")
    spoken = "without speech" if s.has_speech is False else "without a measured first line"
    if not parts:
        return f"Opens {spoken}, on-screen text or movement in the first 3 s."
    return f"Opens {spoken}: {', '.join(parts)}."


def _suggestions(
    s: Signals, m: HookSignals, cues: LineCues | None, verbal: ChannelHook | None
) -> tuple[str, ...]:
    tips = []
    t = m.time_to_first_word_s
    if t is not None and t > FAST_FIRST_WORD_S:
        tips.append(f"no words until {t:.1f} s: start speaking in the first 0.5 s")
    if (cues is not None or verbal is not None) and (verbal is None or verbal.hook_type is None):
        tips.append(
            "the first line makes no promise, question or claim: open with what the viewer "
            "will get or a question they want answered"
        )
    if m.text_in_first_second is False:
        tips.append("no on-screen text in the first second: add a caption that states the hook")
    if m.face_in_first_frame is False and (s.face_presence_ratio or 0.0) >= 0.3:
        tips.append("no face in the first frame: open on the face looking at the camera")
    if m.cut_in_first_2s is False and m.motion_in_first_2s is False:
        tips.append("no cut or movement in the first 2 s: add a pattern interrupt before 2 s")
    if m.loudness_onset_lu is not None and m.loudness_onset_lu <= QUIET_ONSET_LU:
        tips.append(
            f"the first second is {-m.loudness_onset_lu:.0f} LU quieter than the rest: open at "
            "full level"
        )
    return tuple(tips)
