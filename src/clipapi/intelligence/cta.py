"""cta.v1: the call to action, where it is, whether it is spoken, shown or both, and how
effective its placement and form are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clipapi.intelligence.explain import Factor, factor, score_from
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.text import normalise, quote

METHOD = "cta.v1"
# Phrases per type, checked in this order (a line asking to "follow and subscribe" is a follow).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "follow",
            r"\bfollow (?:me|us|for|along for|the (?:page|account))\b|\bhit (?:the )?follow\b",
        ),
        ("subscribe", r"\bsubscribe\b"),
        (
            "link_in_bio",
            r"\blink (?:is )?in (?:my |the )?bio\b|\blink below\b|\bin the description\b",
        ),
        ("comment", r"\bcomment\b|\bin the comments\b|\blet me know\b|\bdrop (?:a|an|your)\b"),
        ("share", r"\bshare (?:this|it|with)\b|\bsend (?:this|it) to\b|\btag (?:a|someone|your)\b"),
        ("save", r"\bsave (?:this|it|for later)\b|\bbookmark\b"),
        (
            "like",
            r"\b(?:hit|smash|tap) (?:the|that) like\b|\bgive (?:it|this) a like\b"
            r"|\bdouble tap\b|\blike (?:this|the) video\b",
        ),
        (
            "buy",
            r"\bbuy\b|\bshop (?:now|the)\b|\border (?:now|yours)\b|\buse (?:my )?code\b"
            r"|\bdiscount\b|\bget yours\b",
        ),
    )
)
# A CTA with a reason ("follow for part 2") converts better than a bare request.
REASON = re.compile(r"\b(?:for (?:more|part|the next|daily|weekly)|so you|to get|to see)\b")
BASE_PRESENT = 45.0
ABSENT_SCORE = 10.0
END_FRACTION = 0.75  # a CTA after 75 % of the video comes once the value was delivered
EARLY_FRACTION = 0.25
END_EFFECT = 15.0
EARLY_EFFECT = -5.0
BOTH_EFFECT = 15.0
ONE_CHANNEL_EFFECT = 5.0
REASON_EFFECT = 8.0
DILUTED_TYPES = 3  # this many different asks compete with each other
DILUTED_EFFECT = -10.0


@dataclass(frozen=True)
class Mention:
    type: str
    line: Line
    spoken: bool


@dataclass(frozen=True)
class Cta:
    present: bool
    type: str | None
    text: str | None
    timestamp: float | None
    spoken: bool | None
    shown: bool | None
    score: int
    factors: tuple[Factor, ...]
    mentions: tuple[Mention, ...]


def find_mentions(s: Signals) -> tuple[Mention, ...]:
    found = [
        Mention(kind, line, spoken)
        for lines, spoken in ((s.sentences or (), True), (s.on_screen_text or (), False))
        for line in lines
        if (kind := cta_type(line.text)) is not None
    ]
    return tuple(sorted(found, key=lambda m: (m.line.start, not m.spoken)))


def cta_type(text: str) -> str | None:
    clean = normalise(text)
    return next((name for name, pattern in PATTERNS if pattern.search(clean)), None)


def analyse_cta(s: Signals) -> Cta | None:
    """None when neither speech nor on-screen text was measured."""
    if s.sentences is None and s.on_screen_text is None:
        return None
    mentions = find_mentions(s)
    if not mentions:
        absent = (factor("no_call_to_action", ABSENT_SCORE - BASE_PRESENT, False),)
        return Cta(
            False, None, None, None, None, None, score_from(BASE_PRESENT, absent), absent, ()
        )
    main = mentions[-1]  # the closing ask is the one a viewer acts on
    same = [m for m in mentions if m.type == main.type]
    spoken = any(m.spoken for m in same) if s.sentences is not None else None
    shown = any(not m.spoken for m in same) if s.on_screen_text is not None else None
    factors = _factors(s, main, mentions, bool(spoken), bool(shown))
    return Cta(
        present=True,
        type=main.type,
        text=quote(main.line.text, 200),
        timestamp=round(main.line.start, 2),
        spoken=spoken,
        shown=shown,
        score=score_from(BASE_PRESENT, factors),
        factors=tuple(factors),
        mentions=mentions,
    )


def _factors(
    s: Signals, main: Mention, mentions: tuple[Mention, ...], spoken: bool, shown: bool
) -> list[Factor]:
    t = main.line.start
    factors = []
    if s.duration_s:
        position = t / s.duration_s
        if position >= END_FRACTION:
            factors.append(factor("cta_at_end", END_EFFECT, round(position, 2), t))
        elif position < EARLY_FRACTION:
            factors.append(factor("cta_early", EARLY_EFFECT, round(position, 2), t))
    if spoken and shown:
        factors.append(factor("cta_spoken_and_shown", BOTH_EFFECT, True, t))
    else:
        channel = "spoken" if spoken else "shown"
        factors.append(factor(f"cta_{channel}_only", ONE_CHANNEL_EFFECT, True, t))
    if REASON.search(normalise(main.line.text)):
        factors.append(factor("cta_gives_reason", REASON_EFFECT, True, t))
    kinds = {m.type for m in mentions}
    if len(kinds) >= DILUTED_TYPES:
        factors.append(factor("competing_ctas", DILUTED_EFFECT, len(kinds)))
    return factors
