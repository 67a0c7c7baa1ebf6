"""The verbal part of hook.v2: which channel's opening words carry a hook, and of what type.

Each channel (the first spoken line; the on-screen text of the first ~3 s) gets the zero-shot
e5 hook type of its words (`text_meaning`) when that label leads the runner-up by
`TYPE_MARGIN`; below it, the cue rules of `hook_cues` decide (on screen they decide first:
a caption's few typed words are far from every prototype), and with no cue the e5 label
stands only when it leads `none` by the same margin. Cheap checks bound e5: no `statistic`
without a figure, no `question` without asking (a question mark, or a word that opens only
questions), a line that asks is a `question`, and a line e5 reads as a bold claim that
announces itself as a fight (a controversy cue: "I'll just say it", "unpopular opinion") is a
`controversy`, and one it reads as a lesson that holds only a story's cue a `story`
(`CUE_OVER_E5`). A spoken line made mostly of the recogniser's guesses is read by the cue rules
alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from clipapi.intelligence.hook_cues import COUNT_WORDS, FIGURE, TEACHES, cue_words, line_cues
from clipapi.intelligence.signals import OpeningWords, Signals, Word
from clipapi.intelligence.text import normalise
from clipapi.signals.speech import HEARD_WELL, surely_heard
from clipapi.signals.text_fuzzy import name_key
from clipapi.signals.text_labels import Ranking
from clipapi.signals.text_meaning import OPENING_TEXT_S, TimedText, line_key, opening_text
from clipapi.signals.text_writer import SPOKEN_ITEM
from clipapi.signals.writer_language import EVER_WONDERED

# Verbal hook types, strongest first; the first cue the line carries names the type.
VERBAL_TYPES = (
    "controversy",
    "curiosity_gap",
    "question",
    "statistic",
    "tutorial_promise",
    "bold_claim",
    "story",
)
# The e5 hook type decides when it leads the runner-up by this much; below it the cue rules
# decide. On hand-written openers in six languages the right label led by 0.03-0.44 and
# wrong ones by at most 0.045 (docs/methods.md, "The meaning layer").
TYPE_MARGIN = 0.05
# Openers with a verbal type scored 0.18-0.69; captions such as "lazy sunday vibes" reached
# 0.175 for a type they do not have.
MIN_TYPE_SCORE = 0.2
# What a cue phrase of a type adds to e5's score for it (`_with_cues`): as much as the margin
# e5 needs to decide alone, so a cue ties e5's lead of up to twice that.
CUE_WEIGHT = TYPE_MARGIN
MIN_HOOK_WORDS = 3
# (e5's label, the type a cue of the line names) where the cue tells apart what e5 reads
# alike, so the cue's type stands: a claim announced as a fight ("I'll just say it",
# "unpopular opinion") is a take, e5 reading both as a firm statement; a story told to the
# viewer that promises no lesson ("You're walking up the steps … and a guy steps in front of
# you") is a story, e5 reading its "you" and its steps as a lesson's.
CUE_OVER_E5 = frozenset({("bold_claim", "controversy"), ("tutorial_promise", "story")})

# An English line that opens with an auxiliary asks even when the recogniser dropped its "?"
# ("is a $500 phone good enough in 2026."), and so does one that opens as a question with its
# auxiliary left out ("got a spare day in Edinburgh", "tired of soggy fries", "wondering why
# your drive took forever", "heading to Lisbon and you've only got 3 days"); wh-words are left
# out ("what I eat in a day"). In the other languages, a line that opens on "have you ever
# wondered" asks too ("Tu t'es déjà demandé pourquoi …" with its "?" lost).
ASKING_START = re.compile(
    r"(?:is|are|does|did|can|could|would|should|will|has anyone|have you|ever)\b"
    r"|(?:got a|tired of|sick of|want to|wanna|need a|struggling (?:to|with)|looking for)\b"
    r"|(?:wondering|curious) (?:why|what|how|if|whether|where|who|when)\b"
    r"|(?:heading|going|moving|flying|travell?ing|off) (?:out )?to [^,.?!]{1,40}? and you\b"
    r"|" + EVER_WONDERED + r"|hast du (?:schon (?:mal |einmal )?|jemals )?(?:gewusst|bemerkt)\b"
    r"|(?:alguna vez )?(?:te has|os hab[eé]is) (?:fijado|dado cuenta)\b"
    r"|(?:tu t'es|vous vous [eê]tes) (?:d[eé]j[aà] )?aper[çc]u"
    r"|(?:voc[eê] )?j[aá] (?:reparou|percebeu)\b|(?:ti sei|vi siete) mai accort[oaie]\b"
)

# A line that opens on a few things counted ("3 upgrades I made to my rental …", "Drei Fehler,
# die …"): a list announced, a promise to go through it when the items follow
# (`announces_list`).
COUNTED_OPENING = re.compile(r"^\W*(?:[2-9]|10|" + COUNT_WORDS + r") [^\W\d_]{3,}", re.IGNORECASE)
# A line that opens on a number, signed or priced: "+15 CM", "$1000 IN 30 DAYS", "7-8 %".
OPENING_FIGURE = re.compile(r"^\W{0,2}[+\u2212]?\s?[$\u20ac\u00a3]?\d")
# Items said after it ("Number 1, cabinet handles"), at least this many.
MIN_LIST_ITEMS = 2
# The types an announced list does not override: a line that withholds, asks or picks a fight.
STRONGER_THAN_A_LIST = ("controversy", "curiosity_gap", "question")

Channel = Literal["speech", "text", "both"]


@dataclass(frozen=True)
class ChannelHook:
    """One channel's opening words and the verbal hook type they carry (None: no hook)."""

    text: str
    hook_type: str | None
    decided_by: str  # "e5", "rules" or "e5_low_margin"
    e5_score: float | None
    margin: float | None


def _cue_types(text: str, written: bool = False) -> list[str]:
    """The verbal types the line's cue phrases name, strongest first."""
    cues = line_cues(text)
    if written and not _marked_question(text):
        # Written text keeps its "?": "Why you're broke" on screen is a headline, not a
        # question (speech loses the mark, so a spoken "why …" still asks).
        cues = replace(cues, question=False)
    named = [name for name in VERBAL_TYPES if getattr(cues, name)]
    if "statistic" in named and "question" in named and _figure_asked_by_its_mark(text):
        named.remove("question")
    return named


def _figure_asked_by_its_mark(text: str) -> bool:
    """A line that opens on its figure and asks only by its question mark ("7-8 % PRO JAHR
    SEIT 1970?", "+15 CM CHAQUE ÉTÉ ?") states the figure and dares the viewer to doubt it:
    a statistic. One that asks about a thing ("¿NIACINAMIDA AL 10%? MEJOR NO") asks."""
    return OPENING_FIGURE.match(text) is not None and not _asks_in_words(text)


def _asks_in_words(text: str) -> bool:
    """Whether a line asks in its words, its question marks aside: `_asks` as if spoken."""
    return _asks(text.strip().rstrip("?").lstrip("\u00bf").strip(), written=False)


def _asks(text: str, written: bool) -> bool:
    """Whether a line asks: a question mark, or, spoken (the recogniser may drop the mark),
    a word that opens questions only (`line_cues`) or an opening that asks (`ASKING_START`)."""
    if _marked_question(text):
        return True
    return not written and (
        line_cues(text).question or ASKING_START.match(normalise(text)) is not None
    )


def _marked_question(text: str) -> bool:
    return text.rstrip().endswith("?") or text.lstrip().startswith("\u00bf")


def channel_hook(text: str, ranking: Ranking | None, written: bool = False) -> ChannelHook:
    """One channel's verbal type: e5 with a clear margin, else the cue rules, else e5 when it
    leads `none` clearly. A caption of one or two words ("my morning") carries no verbal type
    but what a rule finds in it, and e5 types scoring under MIN_TYPE_SCORE are noise."""
    decided = _decide(text, ranking, written)
    # A line that asks is a question whatever else e5 heard in it, unless the cue rules too
    # find the stronger contrarian or curiosity hook in it (their order puts those first).
    asks = _marked_question(text) or (
        not written and ASKING_START.match(normalise(text)) is not None
    )
    stronger = decided.hook_type in ("controversy", "curiosity_gap") and getattr(
        line_cues(text), decided.hook_type
    )
    stronger = stronger or (decided.hook_type == "statistic" and _figure_asked_by_its_mark(text))
    if asks and decided.hook_type != "question" and not stronger:
        score = ranking.of("question") if ranking is not None else None
        return ChannelHook(text, "question", "rules", score, decided.margin)
    return decided


def _decide(text: str, ranking: Ranking | None, written: bool) -> ChannelHook:
    named = _cue_types(text, written)
    figure = FIGURE.search(normalise(text)) is not None
    if not figure:
        # No figure, no statistic: a price alone is a statistic's cue word only ("THE $10
        # FIX" promises a fix).
        named = [name for name in named if name != "statistic"]
    rule = named[0] if named else None
    if ranking is None or len(text.split()) < MIN_HOOK_WORDS:
        return ChannelHook(text, rule, "rules", None, None)
    if not figure:
        ranking = ranking.without("statistic")
    if not _asks(text, written):
        ranking = ranking.without("question")  # nothing asked, no question
    # Nobody taught, no lesson promised; where e5 read one first, its lead over the rest was
    # not measured against what is left, so it does not decide alone.
    untaught = not written and "tutorial_promise" not in named and TEACHES.search(text) is None
    vetoed = untaught and ranking.label == "tutorial_promise"
    if untaught:
        ranking = ranking.without("tutorial_promise")
    # A caption is a few words far from every prototype: e5's reading of it is no evidence
    # against a cue the creator typed ("WORD FOR WORD: HOW TO ASK FOR A RAISE" is a promise,
    # whatever story e5 reads into "word for word"). A spoken sentence that e5 clearly reads
    # as `none` is none, whatever cue words it holds ("en fait", "attends").
    if written and rule is not None:
        return ChannelHook(text, rule, "rules", ranking.of(rule), ranking.margin)
    if ranking.label == "none" and ranking.margin >= TYPE_MARGIN:
        return ChannelHook(text, None, "e5", ranking.score, ranking.margin)
    ranking = _with_cues(ranking, named)
    label = None if ranking.label == "none" or ranking.score < MIN_TYPE_SCORE else ranking.label
    if rule is not None and (label, rule) in CUE_OVER_E5:
        return ChannelHook(text, rule, "rules", ranking.of(rule), ranking.margin)
    if ranking.margin >= TYPE_MARGIN and label is not None and not vetoed:
        return ChannelHook(text, label, "e5", ranking.score, ranking.margin)
    if rule is not None:
        return ChannelHook(text, rule, "rules", ranking.of(rule), ranking.margin)
    none = ranking.of("none") or 0.0
    if label is not None and ranking.score - none < TYPE_MARGIN:
        label = None
    return ChannelHook(text, label, "e5_low_margin", ranking.score, ranking.margin)


def as_listed(spoken: ChannelHook, later: Sequence[str]) -> ChannelHook:
    """The spoken opening's hook, a tutorial promise where it announces a list the video
    goes through (`announces_list`; `later`: the sentences after it), unless it withholds,
    asks or picks a fight."""
    if spoken.hook_type in STRONGER_THAN_A_LIST or not announces_list(spoken.text, later):
        return spoken
    return replace(spoken, hook_type="tutorial_promise", decided_by="rules")


def announces_list(first: str, sentences: Sequence[str]) -> bool:
    """Whether the opening line counts the things the video then goes through one by one
    (`COUNTED_OPENING`, then MIN_LIST_ITEMS items said: "Number 1, …", "Zweitens: …"): a
    listicle, which promises what it lists. A count the video does not go through is a
    figure or a story's detail ("14 brush fires in 9 days", "Two years ago I …")."""
    if not COUNTED_OPENING.match(first):
        return False
    return sum(SPOKEN_ITEM.match(text) is not None for text in sentences) >= MIN_LIST_ITEMS


def _with_cues(ranking: Ranking, named: Sequence[str]) -> Ranking:
    """e5's ranking with CUE_WEIGHT added to each type a cue phrase of the line names
    (`named`): the rules as evidence beside e5, so "Te enseño a …" (I'll teach you) is no
    curiosity gap by e5's lead of 0.056 alone."""
    return Ranking.from_dict(
        {name: score + (CUE_WEIGHT if name in named else 0.0) for name, score in ranking.scores}
    )


def channel_of(text: str, ranked: OpeningWords | None, written: bool = False) -> ChannelHook:
    """The ranking is used only when it was made for these very words, and not for spoken
    words made mostly of the recogniser's guesses: e5 would read the meaning of the guesses,
    while a cue phrase the recogniser did get right ("hace un año") still counts."""
    same = ranked is not None and line_key(ranked.text) == line_key(text)
    if same and not heard_surely(ranked):
        return channel_hook(text, None, written)
    return channel_hook(text, ranked.ranking if same and ranked is not None else None, written)


def heard_surely(opening: OpeningWords | None) -> bool:
    """Whether spoken opening words were heard surely enough to read (unknown: yes)."""
    return opening is None or surely_heard(opening.heard)


def cue_heard(text: str, hook_type: str | None, words: Sequence[Word]) -> float | None:
    """How surely the recogniser heard the words of the cue phrase that names `hook_type` in
    a spoken line (`words`: the line's timed words): their mean probability; None when the
    line holds no such cue or the words do not spell it."""
    wanted = cue_words(text, hook_type) if hook_type else None
    if not wanted:
        return None
    said = [(name_key(w.text), w.probability) for w in words]
    width = len(wanted)
    for i in range(len(said) - width + 1):
        window = said[i : i + width]
        if [token for token, _ in window] == [name_key(w) for w in wanted]:
            heard = [p for _, p in window if p is not None]
            return sum(heard) / len(heard) if heard else None
    return None


def heard_well(opening: OpeningWords | None) -> bool:
    """Whether spoken opening words were heard as well as typed words are read: at most about
    one word in five a guess (`HEARD_WELL`; unknown: yes)."""
    return opening is None or opening.heard is None or opening.heard >= HEARD_WELL


def shown_opening(s: Signals) -> str | None:
    """The on-screen words of the opening: the understanding step's reading (confident OCR
    only) when it ran, else the visual step's on-screen text of the first 3 s."""
    if s.opening_text is not None:
        return s.opening_text.text
    items = [TimedText(line.start, line.end, line.text) for line in s.on_screen_text or ()]
    return opening_text(items, OPENING_TEXT_S)


def verbal_hook(
    spoken: ChannelHook | None, shown: ChannelHook | None, spoken_heard: bool = True
) -> tuple[Channel | None, ChannelHook | None]:
    """Which channel carried the hook, and the hook it carried. When both carry one, a type
    the other channel's words also hold a cue of names it ("Nobody is coming to save you"
    said and shown: a bold claim, however e5 read the spoken line); else, when the spoken line
    was not `spoken_heard` well (`heard_well`), the written one (a cue among the recogniser's
    guesses, "En fait" in a garbled line, is weaker evidence than words the creator typed);
    else the stronger type, in the order of `VERBAL_TYPES` (a contrarian take or a question on
    screen is what a viewer reads the opening as, over a story opener or a claim beside it);
    the spoken line on a tie. (e5 scores of two different labels are not comparable.)"""
    speech_hook = spoken is not None and spoken.hook_type is not None
    text_hook = shown is not None and shown.hook_type is not None
    if speech_hook and text_hook and spoken is not None and shown is not None:
        agreed = _corroborated(spoken, shown)
        if agreed is not None:
            return "both", agreed
        if not spoken_heard:
            return "both", shown
        strength = VERBAL_TYPES.index
        stronger = (
            shown if strength(str(shown.hook_type)) < strength(str(spoken.hook_type)) else spoken
        )
        return "both", stronger
    if speech_hook:
        return "speech", spoken
    if text_hook:
        return "text", shown
    # No verbal hook: no channel carried one. The opening words still name the type ("none")
    # and feed the description.
    opening = spoken if spoken is not None else shown
    return None, opening


def _corroborated(spoken: ChannelHook, shown: ChannelHook) -> ChannelHook | None:
    """The one of two different channel hooks whose type the other channel's words hold a
    cue of (None when neither or both do)."""
    if spoken.hook_type == shown.hook_type:
        return None
    said = getattr(line_cues(spoken.text), str(shown.hook_type), False)
    written = getattr(line_cues(shown.text), str(spoken.hook_type), False)
    if said == written:
        return None
    return shown if said else spoken
