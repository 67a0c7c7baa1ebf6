"""Phrase cues of the story beats (a step, a problem, a proof, a list, a reveal…) and the text
helpers every intelligence module shares. The hook's cues live in `hook_cues`.

Each list is short and documented in docs/methods.md; a cue is a whole-word,
case-insensitive match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from clipapi.signals.text_writer import ITEM_NUMBER


def phrase_pattern(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


STEP_CUE = phrase_pattern(
    "first",
    "firstly",
    "second",
    "secondly",
    "third",
    "next",
    "then",
    "step",
    "steps",
    "number (?:one|two|three|four|five|\\d+)",
    "after that",
    "last but not least",
    "lastly",
)
PROBLEM_CUE = phrase_pattern(
    "problem",
    "struggle",
    "struggling",
    "mistake",
    "mistakes",
    "most people",
    "the issue",
    "tired of",
    "can'?t",
    "hard to",
    "fail",
    "failing",
    "wrong",
    "annoying",
    "frustrat\\w*",
)
CONTEXT_CUE = phrase_pattern(
    "today",
    "so basically",
    "here'?s the thing",
    "let me explain",
    "background",
    "for context",
    "i'?ve been",
    "a lot of you",
    "you asked",
)
PROOF_CUE = phrase_pattern(
    "results?",
    "it worked",
    "look at",
    "here'?s proof",
    "proof",
    "went from",
    "increased",
    "doubled",
    "tripled",
    "data",
    "study",
    "studies",
    "research",
    "before and after",
    "i tried",
    "tested",
)
PAYOFF_CUE = phrase_pattern(
    "and that'?s",
    "that'?s how",
    "that'?s why",
    "the result",
    "so now",
    "in the end",
    "finally",
    "voila",
    "and done",
    "that'?s it",
)
# An entry of a list opens its line: an ordinal or a numbered item, perhaps after a joining
# word ("First, …", "And secondly …", "Step 2: …", "One. My phone …", "Zwei, …"; also German,
# Spanish, French, Portuguese and Italian), without "then"/"next", which narrate as often as
# they list. An ordinal inside a sentence narrates too: "On my first day in Lisbon", "the
# first step is just too big".
LIST_CUE = re.compile(
    r"^\W*(?:(?:and|so|okay|ok|und|y|et|e)\W+)?(?:"
    r"first|firstly|second|secondly|third|thirdly|lastly|last but not least"
    r"|(?:step|number|tip) (?:number )?(?:one|two|three|four|five|\d+)"
    r"|erstens|zweitens|drittens|schritt \d+|nummer \d+|paso \d+|número \d+"
    r"|premi[eè]rement|deuxi[eè]mement|troisi[eè]mement|d'abord|[ée]tape \d+|numéro \d+"
    r"|passo \d+|numero \d+|primero|primeiro"
    # an ordinal that also means "according to" or "a second", set off
    r"|(?:segundo|tercero|terceiro|primo|secondo|terzo)\s*[,.:)]"
    # an item's number, set off, as the writer reads list items
    r"|" + ITEM_NUMBER + r")(?!\w)",
    re.IGNORECASE,
)
# What fixes the problem: advice, an instruction, a way out.
SOLUTION_CUE = phrase_pattern(
    "tip",
    "trick",
    "the key is",
    "make sure",
    "you need to",
    "you should",
    "you can",
    "use",
    "try",
    "instead",
    "instead of",
    "the trick is",
    "the fix",
    "the solution",
    "here'?s how",
    "all you (?:have|need) to do",
    "what you (?:do|want to do) is",
    "remember",
    "die l[öo]sung",
    "la soluci[óo]n",
    "la solution",
    "a solu[çc][ãa]o",
    "la soluzione",
)
# The moment a hidden thing is shown or said.
REVEAL_CUE = phrase_pattern(
    "turns out",
    "it turns out",
    "the secret is",
    "here it is",
    "the winner is",
    "the answer is",
    "the answer",
    "plot twist",
    "it was actually",
    "revealed",
    "the big reveal",
)
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def count_matches(pattern: re.Pattern[str], texts: Iterable[str]) -> int:
    return sum(len(pattern.findall(normalise(text))) for text in texts)


def quote(text: str, limit: int = 120) -> str:
    """A line shortened to `limit` characters on a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "\u2026"


def contains_phrase(haystack: str, phrase: str) -> bool:
    """Whole-word, case-insensitive containment of a catalog keyword or title."""
    needle = normalise(phrase).strip("# ")
    if not needle:
        return False
    return (
        re.search(r"(?<![a-z0-9])" + re.escape(needle) + r"(?![a-z0-9])", normalise(haystack))
        is not None
    )
