"""clips.v1: the best self-contained 15-60 s spans of a video over 30 s, each starting at a
sentence with a strong opener and ending where a thought ends (ideally on the payoff)."""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.intelligence.explain import factor, score_from
from clipapi.intelligence.hook import line_hook_score
from clipapi.intelligence.hook_cues import line_cues
from clipapi.intelligence.hook_words import VERBAL_TYPES
from clipapi.intelligence.retention import SEVERITY_EFFECT, Retention
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.story import Story
from clipapi.intelligence.text import quote

METHOD = "clips.v1"
MIN_VIDEO_S = 30.0
MIN_CLIP_S = 15.0
MAX_CLIP_S = 60.0
MAX_CLIPS = 3
# An opener must carry at least one hook cue: the line scores above a bare, prompt start.
STRONG_OPENER = 65
BASE = 30.0
OPENER_WEIGHT = 0.8  # per hook point above 50
PAYOFF_END_EFFECT = 20.0
PAUSE_END_EFFECT = 8.0
PAUSE_S = 0.6
BODY_BEAT_EFFECT = 5.0
BODY_BEATS = ("list_item", "solution", "proof", "problem")
OPENER_CUES = (*VERBAL_TYPES, "direct_address", "number")


@dataclass(frozen=True)
class Clip:
    start: float
    end: float
    score: int
    hook_score: int
    opening_line: str
    reasons: tuple[str, ...]


def suggest_clips(
    s: Signals, story: Story | None, retention: Retention | None
) -> tuple[Clip, ...] | None:
    """None for videos of 30 s or less, or without sentences to cut at."""
    if not s.duration_s or s.duration_s <= MIN_VIDEO_S or not s.sentences:
        return None
    lines = s.sentences
    candidates: list[Clip] = []
    for i, opener in enumerate(lines):
        hook_score, _ = line_hook_score(opener.text)
        if hook_score < STRONG_OPENER:
            continue
        best: Clip | None = None
        for j in range(i, len(lines)):
            length = lines[j].end - opener.start
            if length > MAX_CLIP_S:
                break
            if length >= MIN_CLIP_S:
                clip = _score(lines, i, j, hook_score, story, retention)
                if best is None or clip.score > best.score:
                    best = clip
        if best is not None:
            candidates.append(best)
    chosen: list[Clip] = []
    for clip in sorted(candidates, key=lambda c: (-c.score, c.start)):
        if all(clip.end <= other.start or clip.start >= other.end for other in chosen):
            chosen.append(clip)
        if len(chosen) == MAX_CLIPS:
            break
    return tuple(sorted(chosen, key=lambda c: c.start))


def _score(
    lines: tuple[Line, ...],
    i: int,
    j: int,
    hook_score: int,
    story: Story | None,
    retention: Retention | None,
) -> Clip:
    start, end = lines[i].start, lines[j].end
    cues = line_cues(lines[i].text)
    kind = next(name for name in OPENER_CUES if getattr(cues, name))
    factors = [factor("opener_hook", (hook_score - 50) * OPENER_WEIGHT, hook_score, start)]
    reasons = [f'opens with a {kind.replace("_", " ")}: "{quote(lines[i].text, 80)}"']
    payoff = _payoff_ending(story, lines[j])
    if payoff:
        factors.append(factor("ends_on_payoff", PAYOFF_END_EFFECT, True, end))
        reasons.append(f"ends on the payoff at {end:.1f} s")
    gap = lines[j + 1].start - end if j + 1 < len(lines) else None
    if gap is None or gap >= PAUSE_S:
        factors.append(factor("ends_at_pause", PAUSE_END_EFFECT, gap, end))
        reasons.append(
            "ends at the end of the speech" if gap is None else f"ends at a {gap:.1f} s pause"
        )
    if story is not None:
        inside = [
            b.beat
            for b in story.beat_spans
            if b.beat in BODY_BEATS and b.start >= start - 0.01 and b.end <= end + 0.01
        ]
        kinds = list(dict.fromkeys(inside))
        if kinds:
            factors.append(factor("body_beats", BODY_BEAT_EFFECT * len(kinds), ",".join(kinds)))
            reasons.append(f"contains {' and '.join(kinds)}")
    risks = [
        m for m in (retention.drop_risk_moments if retention else ()) if start < m.timestamp < end
    ]
    for moment in risks:
        factors.append(
            factor(moment.kind, SEVERITY_EFFECT[moment.severity], moment.reason, moment.timestamp)
        )
    if risks:
        reasons.append(f"{len(risks)} drop-risk moment{'s' if len(risks) > 1 else ''} inside")
    return Clip(
        start=round(start, 2),
        end=round(end, 2),
        score=score_from(BASE, factors),
        hook_score=hook_score,
        opening_line=quote(lines[i].text, 200),
        reasons=tuple(reasons),
    )


def _payoff_ending(story: Story | None, last: Line) -> bool:
    if story is None:
        return False
    return any(
        span.beat == "payoff" and span.start - 0.01 <= last.start and last.end <= span.end + 0.01
        for span in story.beat_spans
    )
