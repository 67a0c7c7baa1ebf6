"""The default writer: a title, a summary and a logline a person could have written, built
only from the video's own words and a few fixed phrasings per language (writer_language).

Title, first match wins (≤ `MAX_TITLE_WORDS` words, never cut, never ending in a function word):
1. the platform title without trailing hashtags, or its first clause when longer;
2. the on-screen headline: a line of 2-10 words shown early or long that names a topic, is
   not a burned-in caption of the speech (most of its word pairs spoken in order; one such
   line alone, shown as long as a headline, is the opening line put on screen), not an
   interface line ("Follow …", "… link in bio"), not a teaser ("Wait for the last scene")
   and not the closing caption. When speech recognition garbled the subject (no topic names
   the dish the screen shows), a line shown in the opening seconds still counts when at
   least half of its content words are spoken;
3. a "how to …" clause of the speech ("how to make pasta carbonara");
4. a spoken claim that names the most topics: a sentence, a clause of one, or a clause cut
   before an adjunct ("You do not need a gym membership | to get in shape"), the opening
   line first among equals, then the most central; a list item said aloud, a teaser and a
   call to action (`WriterSources.calls`) never count, and a tutorial's step ("Chop the
   waste out", `WriterSources.steps`) only when no other sentence names a topic;
5. the opening line in such a form, when no claim names a topic (the creator's own hook);
6. the best topic, as a noun phrase ("Pasta carbonara").
A headline (2) or claim (4) that names none of what the video is about is led by it, where
that is a brand, organisation or place the video names or a phrase its opening says
("Fortnite: Most broken loadout right now"; `_with_subject`). Text shown in capitals is
re-cased from how the speech or caption writes each word.

The summary is written by `text_summary_writer` from the same sources.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.speech import heard_well
from clipapi.signals.text_keywords import all_written, mention_counts, spelt_out, written_words
from clipapi.signals.text_meaning import OPENING_TEXT_S, line_key
from clipapi.signals.text_summary import split_sentences
from clipapi.signals.writer_language import (
    EVER_WONDERED,
    MONTHS,
    TIME_AGO,
    WEEKDAYS,
    Phrasing,
    opens_on,
    phrasing,
)
from clipapi.signals.writer_topics import (
    is_salient,
    is_salient_name,
    is_whole_name,
    returned_to,
    said_and_shown,
    salient_topics,
)

WRITER_METHOD = "writer.v1"
MAX_TITLE_WORDS = 10
MIN_TITLE_WORDS = 2
# A spoken claim shorter than this ("Perfect plan", "No fancy plan") is a fragment of a thought,
# not what the video is about.
MIN_CLAIM_WORDS = 4
# A clause this short that opens on a preposition (`Phrasing.adjunct_openers`) is an adjunct
# of where, when or how ("With the engine running"); a longer one holds its claim ("On Friday
# night Peanut worked out the cage door").
MAX_ADJUNCT_WORDS = 5
# What words that only present leave must say ("Three pickleball shots"; not "The thing").
MIN_PRESENTED_WORDS = 3
# "1. PHONE IN THE KITCHEN", "#2 …": one item of a list the video goes through, not its headline.
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.):]|#\d{1,2}\b)")
# Function words a finished sentence may end in.
_OBJECT_PRONOUNS = frozenset(
    """you me it them him us dich mich ihn uns euch""".split()  # noqa: SIM905
)
# Words a line cannot end in and be finished: articles, conjunctions and possessives ("… AND",
# "TOP 3 TIPS FOR YOUR"). A line the creator wrote on screen may end in any other function
# word: "THE LISBON VIEW NOBODY TALKS ABOUT", "DON'T OPEN AN LLC (YET)".
OPEN_ENDINGS = frozenset(
    """a an the and or but nor my your our their
    der die das den dem des ein eine einen einem einer und oder aber mein dein unser
    el la los las un una unos unas y o pero mi tu nuestro nuestra
    le les une des et ou mais mon ma mes ton ta tes son sa ses notre votre du
    os as um uma mas meu minha il lo gli uno e ma mio""".split()  # noqa: SIM905
)
# "Three, water before coffee …", "Number two: …": one item of a list said aloud.
# An item's number set off at the start of a line ("Three, …", "2.", "Nummer 1:"), in the six
# languages; `intelligence.text.LIST_CUE` reads list beats with it.
ITEM_NUMBER = (
    r"(?:(?:number|nummer|número|numéro|numero)\s+)?(?:\d{1,2}|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|first|second|third|fourth|fifth|last|eins|zwei|drei|vier|"
    r"fünf|erstens|zweitens|drittens|uno|dos|tres|cuatro|cinco|un|deux|trois|quatre|cinq|"
    r"um|dois|três|quatro|due|tre|quattro)\s*[,.:)]"
)
SPOKEN_ITEM = re.compile(r"^\s*" + ITEM_NUMBER, re.IGNORECASE)
# An item's number said as a sentence of its own ("Three." "Water before coffee …"): the
# sentence after it is the item.
_BARE_ITEM = re.compile(SPOKEN_ITEM.pattern.removesuffix(r"\s*[,.:)]") + r"\s*[,.:)!]?\s*$", re.I)
MAX_HOW_TO_WORDS = 14
# An on-screen line is a headline when shown this early, or for at least this long.
HEADLINE_WINDOW_S = 5.0
HEADLINE_MIN_SHOWN_S = 2.5
HALF_SPOKEN = 0.5
# A line still up this close to the video's end is its end card.
END_CARD_S = 0.5
# A topic is named by a word sharing its first letters ("knees" names "knee pain").
STEM_CHARS = 4
# A line whose word pairs were this much spoken, in order, is the speech's caption.
CAPTION_COVERAGE = 0.7
CAPTION_MIN_WORDS = 4

_TRAILING_TAGS = re.compile(r"(?:\s*[#@][\w.]+)+\s*$")
_TAGS = re.compile(r"[#@][\w.]+")
_CLAUSE_BREAK = re.compile(r"\s+[-\u2013\u2014|]\s+|[:;,]\s+|(?<=[.!?])\s+")
_WORD = re.compile(r"[^\W_][\w'\u2019-]*")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_DATA_JOIN = re.compile(r"\s[+=/|]\s")
DATA_PART_WORDS = 3
# Items set out as a list, three or more of one or two words each, between dashes, dots or
# commas ("POLEGAR - DEDO - BASE - DEDO", "SALT, PEPPER, GARLIC"): labels, not a headline.
_LIST_JOIN = re.compile(r"\s[-\u2013\u2014\u00b7\u2022]\s|,\s")
LIST_ITEMS = 3
LIST_ITEM_WORDS = 2
# A clause too long for a title may drop what follows one of these: the adjunct after the
# claim ("These three habits fix my mornings | more than any app ever did"), a relative
# clause ("Y a un truc dans Minecraft | que j'aurais aimé savoir"), the scope of a superlative
# ("el mejor destino barato | de todo el continente").
_ADJUNCT = re.compile(
    r"\s+(?:to|for|in|at|on|with|because|when|if|until|without|before|after|while|than|"
    r"more than|every|that|which|who|que|qui|che|um|für|mit|weil|wenn|bis|ohne|während|als|"
    r"para|pra|con|"
    r"porque|cuando|"
    r"hasta|sin|antes|después|mientras|pour|avec|parce|quand|jusqu'à|sans|avant|après|"
    r"pendant|com|quando|até|sem|antes|depois|enquanto|per|perché|fino|senza|prima|dopo|"
    r"mentre|de tod[oa]s?|de tout|de toute|de tous|di tutt[oaie]|del mundo|du monde|"
    r"do mundo|del mondo)(?:['\u2019](?:ll|s|d|re|ve))?\s+",
    re.IGNORECASE,
)
# A preposition opening the place a clause closes on, which a title may keep ("… in
# Iceland", "… à Marseille").
_CLOSING_PLACE = re.compile(
    r"\s+(?:in|at|to|from|im|am|nach|en|a|à|au|aux|em|no|na|para|da)\s+", re.IGNORECASE
)
# When a story happened, opening a clause: the part of it a title drops first ("Last summer
# I quit my office job to run a coffee cart" → "I quit my office job to run a coffee cart").
_LEADING_TIME = re.compile(
    r"^(?:(?:last|this|one) (?:summer|winter|spring|autumn|fall|year|month|week|weekend|night"
    r"|" + WEEKDAYS["en"] + r")|yesterday|(?:back )?in "
    r"(?:" + MONTHS["en"] + r"|(?:19|20)\d\d)(?: (?:19|20)\d\d)?"
    r"|letzte[nsm]? (?:sommer|winter|woche|jahr|monat|wochenende)|gestern"
    r"|el (?:verano|invierno|año|mes|fin de semana) pasado|la semana pasada|ayer"
    r"|l'(?:été|hiver|année) derni[eè]re?|le mois dernier|la semaine derni[eè]re|hier"
    r"|(?:no )?(?:verão|inverno|ano|mês) passado|(?:na )?semana passada|ontem"
    r"|l'(?:estate|inverno|anno) scors[oa]|il mese scorso|la settimana scorsa|ieri"
    r"|" + "|".join(TIME_AGO) + r"),?\s+",
    re.IGNORECASE,
)
# A question that only announces a fact ("Did you know your cat …?", "¿Sabías que …?").
_DID_YOU_KNOW = re.compile(
    r"^\W*(?:did you know|wusstest du|wusstet ihr|sab[ií]as|sab[ií]an|tu savais|vous saviez|"
    r"saviez-vous|savais-tu|voc[eê] sabia|sabia|lo sapevi|sapevi"
    # "Have you ever wondered why …?" asks why …: the question is the title.
    r"|" + EVER_WONDERED + r")(?: that| dass| que| qu'| che|,)?"
    r"\s*",
    re.IGNORECASE,
)
# Words that only present what follows ("Here are three pickleball shots …"): the title is
# what they present.
_PRESENTING = re.compile(
    r"^\W*(?:here are|here's|here is|hier sind|hier ist|aquí tienes|aquí van|voici|ecco|"
    r"aqui estão|aqui vão)\s+(?=\w)",
    re.IGNORECASE,
)
# "This is Willis Gibson", "Das ist mein Balkon": a clause that only introduces what the
# picture shows, no claim about it, when at most INTRODUCED_WORDS words follow.
_INTRODUCING = re.compile(
    r"^\W*(?:this is|that's|that is|these are|meet|das ist|das hier ist|esta es|este es|"
    r"estos son|c'est|ce sont|questa è|questo è|questi sono|esta é|este é|essa é|esse é)\s+",
    re.IGNORECASE,
)
INTRODUCED_WORDS = 3
EDGE_PUNCT = " \t\"'\u201c\u201d\u201e\u00ab\u00bb\u201a\u2018\u2019()[]{}.,;:\u2026-\u2013\u2014"


@dataclass(frozen=True)
class WriterSources:
    """What the video says and shows, as the writer reads it."""

    language: str | None
    sentences: tuple[str, ...] = ()  # spoken, in order
    central: tuple[int, ...] = ()  # indices into `sentences`, most representative first
    on_screen: tuple[tuple[float, float, str], ...] = ()  # (start, end, text)
    platform_title: str | None = None
    caption_sentences: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    duration_s: float | None = None
    heard: float | None = None  # the speech's mean word probability (None: not measured)
    # Spoken sentences made mostly of the recogniser's guesses: never quoted, titled or read
    # for topics, but their words still count (casing, how often a topic is said).
    misheard: tuple[str, ...] = ()
    # The `line_key`s of the sentences that ask the viewer to act ("Send this to someone who
    # needs the push"): the logline says how the video ends, but they are never quoted or
    # titled as what the video says.
    calls: frozenset[str] = frozenset()
    # The indices of spoken sentences that instruct ("Mix about 200 grams of discard"): a
    # tutorial's steps, titled only when no other sentence names a topic.
    steps: frozenset[int] = frozenset()
    # Whether the topics were read as noun phrases by a tagger (English, German by its
    # capitals, Spanish, French): elsewhere a phrase of common words may run into a verb
    # ("enigma abbiamo perso"), and only names frame the video.
    topics_tagged: bool = True
    # Names as the video's entities write them ("iPad Air", "New York"), and, for a language
    # that capitalises its nouns, the words written with a capital more often than not, with
    # the log of how much more often (`inference.word_capitals`): both put a line written in
    # capitals back into its own case.
    names: tuple[str, ...] = ()
    # The names among them that are no person's: brands, organisations, places.
    things: tuple[str, ...] = ()
    capitals: Mapping[str, float] = field(default_factory=dict)

    def is_call(self, sentence: str) -> bool:
        return line_key(sentence) in self.calls

    @property
    def items(self) -> frozenset[int]:
        """The spoken sentences that are items of a list (`list_items`)."""
        return list_items(self.sentences)

    def outside_lists(self) -> list[str]:
        """What the video says or shows in words, less the items of its lists."""
        shown = [text for _, _, text in self.on_screen]
        return [*outside_lists(self.sentences), *outside_lists(shown)]

    @property
    def heard_well(self) -> bool:
        """Whether the speech as a whole was heard well enough to quote (`HEARD_WELL`;
        unknown: yes). Under it about one word in five is the recogniser's guess, and its
        guesses are fluent: "Tieno una semana en la saga y bueno, os cuento por la mañana"
        (for "Llevo una semana en Oaxaca") is heard at 0.71, every word a real one."""
        return heard_well(self.heard)

    def known_forms(self) -> dict[str, str]:
        """How the sources write each word they capitalise past a sentence's start
        (`casing`), and each one-word name among the entities ("Oaxaca", read only from a
        caption in capitals)."""
        known = casing(self.words_said())
        for name in self.names:
            if " " not in name and name[:1].isupper():
                known.setdefault(name.lower(), name)
        return known

    def words_said(self) -> list[str]:
        """Every sentence said or captioned, misheard ones included."""
        return [*self.sentences, *self.misheard, *self.caption_sentences]

    def typed(self) -> list[str]:
        """What the creator wrote: the caption's sentences and the on-screen lines."""
        return [*self.caption_sentences, *(text for *_, text in self.on_screen)]

    def written(self) -> list[str]:
        """What the creator wrote (`typed`) and the names a list or gazetteer found: a guess
        of the recogniser seldom spells one."""
        return [*self.typed(), *self.names]

    def said_and_shown(self) -> list[str]:
        """Everything the video says or shows in words (`writer_topics.said_and_shown`)."""
        shown = [text for _, _, text in self.on_screen]
        return said_and_shown(self.words_said(), shown)

    @cached_property
    def subjects(self) -> tuple[str, ...]:
        """What the video is about, at most two topics as a sentence names them ("the lemon
        pasta", "Chicago Marathon"): those it returns to or opens on, fit to state
        (`writer_topics.salient_topics`). What the creator wrote names the subject, and so do
        the names a list or gazetteer found where the speech was not heard well (the guesses
        seldom say one twice). Read once, by the title and the summary's frame alike."""
        ph = phrasing(self.language)
        said = self.said_and_shown()
        written = self.written()
        subject = self.typed() if self.heard_well else written
        return tuple(
            salient_topics(
                returned_to(self.topics, said, self.sentences, subject, ph),
                said,
                ph,
                self.known_forms(),
                written=None if self.heard_well else written,
                outside=self.outside_lists(),
            )
        )


def list_items(lines: Sequence[str]) -> frozenset[int]:
    """The lines (spoken sentences, or on-screen lines in order) that are one item of a list
    (`SPOKEN_ITEM`: "Three, water before coffee", "2. CLOTHES OUT"), or follow an item's
    number said alone ("Three." "Water before coffee."): details of the list, not what the
    video says."""
    return frozenset(
        i
        for i, text in enumerate(lines)
        if SPOKEN_ITEM.match(text) or (i > 0 and _BARE_ITEM.match(lines[i - 1]))
    )


def outside_lists(lines: Sequence[str]) -> list[str]:
    items = list_items(lines)
    return [text for i, text in enumerate(lines) if i not in items]


@dataclass(frozen=True)
class Written:
    text: str | None
    source: str | None
    warning: str | None = None


def central_order(vectors: NDArray[np.float32]) -> tuple[int, ...]:
    """Row indices of `vectors` (L2-normalised), nearest their centroid first."""
    if len(vectors) == 0:
        return ()
    centroid = vectors.mean(axis=0)
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
    return tuple(int(i) for i in np.argsort(-(vectors @ centroid), kind="stable"))


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_words(text: str, ph: Phrasing) -> list[str]:
    return [w for w in words(text) if w not in ph.function_words and _LETTER.search(w)]


def casing(texts: Sequence[str]) -> dict[str, str]:
    """How the sources write each word that they write with a capital past a sentence's
    start ("Paris", "iPhone", "Euro") more often than in lower case there: "charging" said
    as a word and once inside a setting's name ("Optimized Battery Charging") stays a word.
    All-capital lines prove nothing and are skipped."""
    found: dict[str, str] = {}
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for i, token in _as_written(texts):
        inner_caps = any(ch.isupper() for ch in token[1:])
        if (i > 0 and token[:1].isupper()) or inner_caps:
            found.setdefault(token.lower(), token)
            upper[token.lower()] += 1
        elif i > 0 and token.islower():
            lower[token] += 1
    return {
        key: form
        for key, form in found.items()
        if upper[key] > lower[key] or any(ch.isupper() for ch in form[1:])
    }


def recase(
    text: str,
    known: dict[str, str],
    names: Sequence[str] = (),
    capitalised: Collection[str] = frozenset(),
) -> str:
    """`text` in sentence case when it is written in capitals, else unchanged: each of the
    `names` as written there ("NEW YORK" → "New York"), each word as the sources write it
    (`known`), a word in `capitalised` with a capital (a German noun), any other in lower
    case, except a word with no vowel, which is spelt out and keeps its capitals ("SPF
    BEFORE OR AFTER?" → "SPF before or after?"), and one of the `INITIALISMS` ("POV: …");
    each sentence opens with a capital."""
    letters = _LETTER.findall(text)
    if not letters or sum(ch.isupper() for ch in letters) < 0.6 * len(letters):
        return text
    placed: dict[str, str] = {}
    for name in sorted({n for n in names if _LETTER.search(n)}, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        key = chr(0xE000 + len(placed))  # a private-use mark no word pattern matches
        text, found = pattern.subn(key, text)
        if found:
            placed[key] = name

    def word(match: re.Match[str]) -> str:
        token = match.group(0)
        lower = token.lower()
        if lower in known:
            return known[lower]
        if lower in capitalised:
            return lower[:1].upper() + lower[1:]
        return token if spelt_out(lower) else lower

    text = _WORD.sub(word, text)
    for key, name in placed.items():
        text = text.replace(key, name)
    # each sentence opens with a capital: "90% FROM THE LINE. UNDERHAND." → "… line. Underhand."
    return " ".join(capitalise(part) for part in split_sentences(text))


def takes_capital(word: str, capitals: Collection[str], ph: Phrasing) -> bool:
    """Whether `word` (lower case) is written with a capital: in a language that capitalises
    its nouns, a word `capitals` holds (`inference.word_capitals`), never a function word."""
    return ph.capital_nouns and word in capitals and word not in ph.function_words


def with_noun_capitals(
    phrase: str, capitals: Collection[str], ph: Phrasing, lower: Collection[str] = ()
) -> str:
    """`phrase` with each word in lower case that `takes_capital` written with its capital
    ("starken rücken" → "starken Rücken", read from a caption in capitals). In a language that
    capitalises its nouns, a topic of one word that the sources never write in lower case
    (`lower`: read only from captions in capitals) is named as a noun whatever the table
    holds ("TREPPE" → "Treppe"); one they write so is no noun ("fährt", "langsam")."""
    named_alone = phrase.isalpha() and phrase.islower() and phrase not in ph.function_words
    if ph.capital_nouns and named_alone and phrase not in lower:
        return phrase[:1].upper() + phrase[1:]
    return " ".join(
        w[:1].upper() + w[1:] if w.islower() and takes_capital(w, capitals, ph) else w
        for w in phrase.split(" ")
    )


def lower_case_words(texts: Sequence[str]) -> set[str]:
    """The words `texts` write in lower case, outside lines written all in capitals."""
    return {token for _, token in _as_written(texts) if token.islower()}


def _as_written(texts: Sequence[str]) -> Iterator[tuple[int, str]]:
    """Each word of `texts` with its place in its sentence, lines all in capitals left out
    (they prove nothing of how a word is written)."""
    for text in texts:
        if text.isupper():
            continue
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            yield from enumerate(_WORD.findall(sentence))


def capitalise(text: str) -> str:
    """`text` with its first letter in capitals, unless its first word is cased inside
    ("iPhone")."""
    first = text.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]) or first[:1].isdigit():
        return text  # "iPhone tips", "15 min lemon pasta": the first letter is not a start
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def clean_line(text: str) -> str:
    """One line of text without hashtags, handles, emoji and edge punctuation (a slash stays:
    "50/30/20", "24/7"; so do the signs a caption compares or adds with: "PASSKEYS >
    PASSWORDS", "PROTEIN + FIBRE")."""
    text = _TAGS.sub(" ", text)
    text = "".join(
        ch for ch in text if ch.isalnum() or ch.isspace() or ch in "'\u2019-&%$€£?!¿¡.,:;/<>+"
    )
    return " ".join(text.split()).strip(EDGE_PUNCT)


def drop_fillers(text: str, ph: Phrasing) -> str:
    """A spoken sentence without its leading fillers ("So, okay, the trick is …") and its
    asides set off by a comma (`Phrasing.asides`: "Hi everyone, it's Sunday …"), unless the
    filler holds the place before the verb (`Phrasing.verb_first`)."""
    tokens = text.split()
    while len(tokens) > 1:
        if tokens[0].lower().strip(",.!:;") in ph.fillers:
            if ph.verb_first and ph.verb_first.match(" ".join(tokens[1:])):
                break  # the filler is the word before the verb: "Also bin ich …" stays whole
            del tokens[0]
        elif aside := _aside_words(tokens, ph):
            del tokens[:aside]
        else:
            break
    return capitalise(" ".join(tokens))


def _aside_words(tokens: Sequence[str], ph: Phrasing) -> int:
    """How many leading words form an aside ending in a comma, with words left after it."""
    for size in (2, 1):
        phrase = " ".join(tokens[:size]).lower()
        if len(tokens) > size and phrase.endswith(",") and phrase[:-1] in ph.asides:
            return size
    return 0


def is_whole(text: str, ph: Phrasing, written: bool = False) -> bool:
    """A title that reads as finished: 2-10 words, letters, not ending in a function word
    other than an object pronoun ("Nobody is coming to save you" is finished). A `written`
    line (on screen, as the creator typed it) only may not end in an article, a conjunction
    or a possessive: a clause cut from speech ending in "about" is cut short, a caption is not."""
    tokens = words(text)
    if not MIN_TITLE_WORDS <= len(text.split()) <= MAX_TITLE_WORDS or not tokens:
        return False
    last = tokens[-1]
    if written:
        ends_open = last in OPEN_ENDINGS
    else:
        ends_open = (
            last in ph.function_words and last not in _OBJECT_PRONOUNS and last not in ph.particles
        )
    return not ends_open and bool(_LETTER.search(text))


def opening_words(text: str, max_words: int, ph: Phrasing) -> str:
    """`text` to quote in at most `max_words` words: whole, else its first clause (at a comma,
    colon or "and"), else that clause cut before an adjunct ("Here are three pickleball shots
    | that will win you …"), else its first words and an ellipsis; never a clause cut
    mid-thought."""
    text = text.strip().strip(EDGE_PUNCT)
    if len(text.split()) <= max_words:
        return text
    clause = ph.and_break.split(_CLAUSE_BREAK.split(text, maxsplit=1)[0], maxsplit=1)[0]
    clause = clause.strip(EDGE_PUNCT)
    if MIN_CLAIM_WORDS <= len(clause.split()) <= max_words:
        return clause
    heads = [h for h in _heads(clause) if len(h.split()) <= max_words]
    if heads:
        return heads[-1]
    return " ".join(text.split()[:max_words]).rstrip(EDGE_PUNCT) + "…"


def _untag(text: str) -> str:
    return " ".join(_TRAILING_TAGS.sub("", text).split())


# --- title ----------------------------------------------------------------------------------


def _platform_title(raw: str | None, ph: Phrasing) -> str | None:
    if not raw:
        return None
    cleaned = _untag(raw)
    if not _LETTER.search(cleaned):
        return None
    if len(cleaned.split()) <= MAX_TITLE_WORDS:
        return cleaned
    first = _CLAUSE_BREAK.split(cleaned, maxsplit=1)[0].strip(EDGE_PUNCT)
    return first if is_whole(first, ph) else None


def _pairs(tokens: Sequence[str]) -> list[tuple[str, str]]:
    return list(itertools.pairwise(tokens))


def headline(
    on_screen: Sequence[tuple[float, float, str]],
    spoken: Sequence[str],
    ph: Phrasing,
    subject: set[str] | None = None,
    min_share: float = 0.0,
    duration_s: float | None = None,
    late_cards: bool = True,
) -> str | None:
    """The on-screen line most likely to be the video's headline, as the module describes.
    With `subject` (topic stems), a line must name one: "WAIT FOR IT" is a hook, not a
    headline. With `min_share`, only opening lines with at least that share of their content
    words in `subject` count. With the video's `duration_s`, the closing caption is a line that
    appears after the opening and stays to the end (an end card: "SAVE FOR LATER"); without
    it, the last line to appear after the opening. Without `late_cards`, a line that appears
    after the opening heads nothing: over speech heard well, it labels its moment."""
    spoken_pairs = {pair for sentence in spoken for pair in _pairs(words(sentence))}
    # key -> (first start, total time, text, last end)
    shown: dict[str, tuple[float, float, str, float]] = {}
    data: set[str] = set()  # keys of the lines set out as data (`_is_data`)
    for start, end, raw in on_screen:
        if _LIST_ITEM.match(raw):
            continue
        text = clean_line(raw)
        key = " ".join(words(text))
        if _is_data(raw):
            data.add(key)
        if key:
            first, total, _, last = shown.get(key, (start, 0.0, text, end))
            shown[key] = (min(first, start), total + max(0.0, end - start), text, max(last, end))
    last_start = max((start for start, *_ in shown.values()), default=0.0)

    def closing(start: float, last_end: float) -> bool:
        return last_end >= duration_s - END_CARD_S if duration_s else start == last_start

    # Lines that caption the speech; an end card the creator also says ("SEND THIS TO
    # SOMEONE") or a call is no subtitle.
    spoken_lines = {
        key
        for key, (start, _, text, last_end) in shown.items()
        if _said(text, spoken_pairs, min_share)
        and not (start > HEADLINE_WINDOW_S and closing(start, last_end))
        and not set(words(text)) & ph.interface_words
    }
    best: tuple[bool, bool, float, str] | None = None
    for key, (start, total, text, last_end) in shown.items():
        tokens = words(text)
        if not is_whole(text, ph, written=True) or {tokens[0], tokens[-1]} & ph.interface_words:
            continue  # "Follow for more", "Part 2 tomorrow: follow"
        if ph.teaser.match(text):
            continue  # "Wait for the last scene" asks to keep watching, it does not head
        calls = sum(t in ph.interface_words for t in tokens)
        if calls * 2 >= len(tokens) or calls >= 2:  # "Free budget sheet: link in bio" asks
            continue
        # Lines that caption the speech are subtitles, unless one alone, shown as long as a
        # headline is, puts the opening line on screen ("35% OF YOUR CREDIT SCORE").
        if key in spoken_lines and (len(spoken_lines) > 1 or total < HEADLINE_MIN_SHOWN_S):
            continue
        if start > HEADLINE_WINDOW_S and closing(start, last_end):
            continue  # the closing caption asks ("VISIT CRUMB AND CO"), it does not head
        if start > HEADLINE_WINDOW_S and (not late_cards or total < HEADLINE_MIN_SHOWN_S):
            continue
        # A figure shown mid-video annotates the moment it is said ("1 cup discard + 3 tbsp
        # olive oil", "Funivia A/R: circa 40 €"); a title card shown late names the subject
        # ("CHICAGO MARATHON"). A line of figures is data wherever it is ("30 m Garn, 4 mm").
        if (start > HEADLINE_WINDOW_S and _DIGIT.search(text)) or _is_figures(text, ph):
            continue
        if key in data:
            continue
        stems = {t[:STEM_CHARS] for t in content_words(text, ph)}
        # A line's figures that the speech says too name what it says: "LA REGOLA 50/30/20"
        # over a video that says 50, 30 and 20 per cent. (One it does not say proves nothing
        # against it: the speech may say it in words, "zehn" for "10".)
        named = stems | {t for t in tokens if t.isdigit() and t in (subject or ())}
        if subject and not subject & named:
            continue
        if min_share and (
            start > HEADLINE_WINDOW_S
            # "WAIT FOR IT" is a hook, "3 SHOTS" a label: one word names too little
            or (len(stems) < 2 and (not stems or len(named) < 2 or len(tokens) < 3))
            or len((subject or set()) & named) < min_share * len(named)
        ):
            continue
        # An opening line first, the one the hook shows before another (over "PONTE - 15x"
        # shown longer after it), then the longest shown.
        rank = (start <= HEADLINE_WINDOW_S, start < OPENING_TEXT_S, total, text)
        if best is None or rank[:3] > best[:3]:
            best = rank
    return best[3] if best else None


def _is_data(raw: str) -> bool:
    """Figures set out as data, short parts joined by a sign ("40G OATS + 1 SCOOP WHEY",
    "NON-VOLLEY ZONE = 7 FT", "INCLINE 12 / SPEED 3 / 30 MIN"): an ingredient list or a
    setting, not a headline, whenever it is shown. A part that says more than DATA_PART_WORDS
    words makes a claim ("30 VENTES = LES IMPÔTS SONT AU COURANT"). So are items set out as a
    list (`_LIST_JOIN`), with or without figures."""
    parts = _DATA_JOIN.split(f" {raw} ")
    items = _LIST_JOIN.split(raw)
    listed = len(items) >= LIST_ITEMS and all(
        1 <= len(item.split()) <= LIST_ITEM_WORDS for item in items
    )
    return listed or (
        len(parts) > 1
        and bool(_DIGIT.search(raw))
        and all(len(part.split()) <= DATA_PART_WORDS for part in parts)
    )


def _is_figures(text: str, ph: Phrasing) -> bool:
    """A line of figures more than words: more of its tokens hold a digit ("-30%", "4",
    "50/30/20" one each) than it has words of three letters or more and joining words
    ("30 m Garn, 4 mm" is figures; "1378 € IN 52 SETTIMANE" says how much in how long)."""
    figures = sum(any(ch.isdigit() for ch in token) for token in text.split())
    worded = sum(
        (len(w) >= 3 or w in ph.function_words) and not any(ch.isdigit() for ch in w)
        for w in words(text)
    )
    return figures > worded


def _said(text: str, spoken_pairs: set[tuple[str, str]], min_share: float) -> bool:
    """Whether an on-screen line puts the speech on screen: most of its word pairs are spoken
    in order. A label of two or three words that names a topic ("CHICAGO MARATHON") is the
    subject even when the speech says it too. (Without topics to name, with `min_share`, a
    short line said too is only a caption.)"""
    pairs = _pairs(words(text))
    if not spoken_pairs or not pairs or (len(pairs) + 1 < CAPTION_MIN_WORDS and not min_share):
        return False
    return sum(p in spoken_pairs for p in pairs) / len(pairs) >= CAPTION_COVERAGE


def how_to(
    sentences: Sequence[str], ph: Phrasing, max_words: int, told: bool = False
) -> str | None:
    """The first whole "how to …" clause of at most `max_words` words, in the video's words,
    that no negation in its clause makes unknown (`Phrasing.negated`): "nobody at my level
    knows how to play against", "I had no idea how to cook" show nothing, nor what another
    learned ("my cat figured out how to open doors": `Phrasing.learned_by_another`); "Don't
    worry, here's how to fix it" does. Also how the creator presents doing it ("Here's how I meal
    prep …", the `how_i` group of `Phrasing.how_to`), in their words for a title, and `told`
    about them for a summary or a logline ("how they meal prep …": `told_of`)."""
    for sentence in sentences:
        for match in ph.how_to.finditer(sentence):
            before = sentence[: match.start()]
            if ph.negations and ph.negated.search(before):
                continue
            if ph.learned_by_another and ph.learned_by_another.search(before):
                continue
            clause = match.group(match.lastgroup) if match.lastgroup else match.group(0)
            if told and match.lastgroup == "how_i":
                clause = told_of(clause)
            # Too long, the clause is cut before what qualifies it: "how I meal prep protein
            # overnight oats | for the whole week".
            for text in [clause, *_heads(clause)]:
                tokens = text.split()
                while (
                    tokens and words(tokens[-1])[-1:] and words(tokens[-1])[-1] in ph.function_words
                ):
                    tokens.pop()
                if 3 <= len(tokens) <= max_words:
                    return " ".join(tokens)
    return None


# The English first person, as said of the creator: "how I clean my oven" → "how they clean
# their oven" (the singular "they" agrees with a verb in the present and the past alike).
_THIRD_PERSON = {
    "I": "they",
    "we": "they",
    "me": "them",
    "us": "them",
    "my": "their",
    "our": "their",
    "mine": "theirs",
    "ours": "theirs",
    "myself": "themselves",
    "ourselves": "themselves",
    "I'm": "they're",
    "we're": "they're",
    "I've": "they've",
    "we've": "they've",
    "I'd": "they'd",
    "we'd": "they'd",
    "I'll": "they'll",
    "we'll": "they'll",
}
# As written: "US" is a country, not "us".
_FIRST_PERSON = re.compile(
    r"\b(?:"
    + "|".join(w.replace("'", "['\u2019]") for w in sorted(_THIRD_PERSON, key=len, reverse=True))
    + r")\b(?!['\u2019])"
)


def told_of(clause: str) -> str:
    """An English clause in the first person, said of its speaker ("how I meal prep my oats"
    → "how they meal prep their oats")."""
    return _FIRST_PERSON.sub(lambda m: _THIRD_PERSON[m.group(0).replace("\u2019", "'")], clause)


def _with_subject(
    title: str, sources: WriterSources, ph: Phrasing, known: dict[str, str], shown: bool
) -> str:
    """A title that names no subject led by one, as creators title a review: "Oura Ring:
    What it found after 30 nights". A headline `shown` on screen is led by the video's first
    topic where that is a name, every word of it ("Oura Ring", not "Tesouro Selic rende");
    any title by the first of what the video is about (`WriterSources.subjects`) where it
    names none of them and that one tells: a brand, organisation or place the video names
    ("Fortnite: Most broken loadout right now"), or a phrase of two content words or more it
    says in its opening ("Rotisserie chicken: My roommate is unwell"). As it is when it
    already has a colon or would grow past MAX_TITLE_WORDS."""
    if not sources.topics or ":" in title:
        return title
    stems = {t[:STEM_CHARS] for t in words(title)}
    first = sources.topics[0]
    lead = ""
    if shown and not _topic_words([first], ph) & stems and is_whole_name(first, ph, known):
        lead = first
    subjects = sources.subjects
    if not lead and subjects and not any(_topic_words([s], ph) & stems for s in subjects):
        subject = _bare(subjects[0], ph)
        things = {name.lower() for name in sources.things}
        early = [text for start, _, text in sources.on_screen if start < OPENING_TEXT_S]
        opening = "\n".join([*sources.sentences[:1], *early]).lower()
        if subject.lower() in things or (
            len(content_words(subject, ph)) >= 2 and subject.lower() in opening
        ):
            lead = subject
    if not lead or len(lead.split()) + len(title.split()) > MAX_TITLE_WORDS:
        return title
    return f"{capitalise(lead)}: {title}"


def _bare(topic: str, ph: Phrasing) -> str:
    first, _, rest = topic.partition(" ")
    return rest if rest and first.lower() in ph.determiners else topic


def _topic_words(topics: Sequence[str], ph: Phrasing) -> set[str]:
    """Stems (first letters) of the topics' content words, so "knees" names "knee pain"."""
    return {w[:STEM_CHARS] for topic in topics for w in content_words(topic, ph) if len(w) >= 3}


def _forms(sentence: str, ph: Phrasing) -> Iterator[str]:
    """A sentence's forms fit for a title, in order: whole, its clauses, those clauses cut
    before an adjunct. Words that only present what follows are left out ("Here are three
    pickleball shots that …" → "Three pickleball shots"; "Voici comment …" → "Comment …")."""
    presented = _PRESENTING.match(sentence)
    if presented:
        yield from _sentence_forms(capitalise(sentence[presented.end() :]), ph)
    for text in _sentence_forms(sentence, ph):
        presented = _PRESENTING.match(text)
        if presented and len(text[presented.end() :].split()) >= MIN_PRESENTED_WORDS:
            text = capitalise(text[presented.end() :])
        yield text


def _sentence_forms(sentence: str, ph: Phrasing) -> Iterator[str]:
    if SPOKEN_ITEM.match(sentence):
        return
    whole = _unstressed(drop_fillers(sentence, ph), ph)
    told = _DID_YOU_KNOW.match(whole)
    if told:
        # "Did you know your cat …?" tells that your cat …: the claim is the title; "Have you
        # ever wondered why …?" asks why ….
        whole = capitalise(whole[told.end() :].rstrip(" ?"))
    clauses = _with_subjects(
        [
            drop_fillers(piece, ph)
            for clause in _CLAUSE_BREAK.split(whole)
            for piece in ph.and_break.split(clause)
            if piece
        ],
        ph,
    )
    clauses = [_untimed(clause, ph) for clause in clauses]
    heads = [head for clause in clauses for head in (*_heads(clause), *_placed(clause))]
    for whole_sentence, texts in ((True, [whole]), (False, [*clauses, *heads])):
        for text in texts:
            text = text.strip().rstrip(".…,;:-\u2013\u2014 ")
            tokens = words(text)
            # A question stands alone whatever it opens on: "When did you last clean your
            # washing machine?" asks, it does not lean on a clause before it.
            asked = text.endswith("?")
            leaning = ph.continuing if whole_sentence or asked else ph.leaning
            # An elided word leans as its full form: "qu'on …" as "que".
            elided = re.sub(r"['\u2019].*", "'", tokens[0]) if tokens else ""
            if not tokens or not is_whole(text, ph):
                continue
            if elided in leaning or opens_on(tokens, leaning):
                continue
            if tokens[0] in ph.fillers or (ph.verb_first and ph.verb_first.match(text)):
                continue  # leans on what was said before it: "Also bin ich …", "Bin ich …"
            if ph.teaser.match(text):
                continue
            if len(text.split()) < MIN_CLAIM_WORDS:
                continue
            if tokens[0] in ph.adjunct_openers and len(tokens) <= MAX_ADJUNCT_WORDS:
                continue  # where, when or how, no claim: "Au Festival de Cannes"
            if any(t in ph.interface_words for t in tokens):
                continue
            yield text


def _unstressed(sentence: str, ph: Phrasing) -> str:
    """A sentence too long for a title without the adverbs that only stress it
    (`Phrasing.intensifiers`), where that makes it fit; else as it is."""
    tokens = sentence.split()
    if len(tokens) <= MAX_TITLE_WORDS:
        return sentence
    kept: list[str] = []
    for token in tokens:
        if token.lower().strip(",.!?;:") not in ph.intensifiers:
            kept.append(token)
        elif kept and token.endswith(",") and kept[-1].endswith(","):
            kept[-1] = kept[-1][:-1]  # "It's, honestly, the best" → "It's the best"
    return " ".join(kept) if len(kept) <= MAX_TITLE_WORDS else sentence


def _with_subjects(clauses: list[str], ph: Phrasing) -> list[str]:
    """The clauses, each that opens on its verb (`Phrasing.verb_first`) given the subject
    pronoun (`Phrasing.subjects`) the clause before it opened with: "He said yes, but made me
    write a contract" → "He made me write a contract"."""
    if ph.verb_first is None or not ph.subjects:
        return clauses
    whole = list(clauses)
    for i in range(1, len(whole)):
        before = words(whole[i - 1])
        first, _, rest = whole[i].partition(" ")
        clause = rest if first.lower() in ph.conjunctions else whole[i]  # "but made me …"
        if before and before[0] in ph.subjects and ph.verb_first.match(clause):
            said = whole[i - 1].split(" ", 1)[0]
            whole[i] = f"{said} {clause[:1].lower()}{clause[1:]}"
    return whole


def _claims(sources: WriterSources, ph: Phrasing, known: dict[str, str]) -> list[str]:
    """Sentences that name a topic, each whole, then its clauses, then those clauses cut
    before an adjunct: those naming the most topics first, a salient one (`is_salient`)
    counting twice ("The new Zelda is overrated" over "I will die on this hill"), a two-word
    topic once, and the opening line counting one topic more: a creator's hook is usually the
    video's title ("Brain freeze has almost nothing to do with your brain" over "The blood
    vessels there clamp shut", said later of the same topics). Among equals the opening line
    first, then the most central, a step of a tutorial (`WriterSources.steps`) only after
    every other sentence; of one sentence, the form that starts first (the sentence's own
    claim, not a clause the recogniser ran on into it: "El 80% de la gente abandona sus
    propósitos" over "no es falta de ganas"), then the shortest that names as much ("Stop
    scrolling, this phone surprised me" → "This phone surprised me")."""
    order = list(dict.fromkeys([0, *sources.central, *range(len(sources.sentences))]))
    counts = mention_counts(" ".join(sources.said_and_shown()))
    subject = [
        (_topic_words([topic], ph), is_salient(topic, ph, known, counts))
        for topic in sources.topics
    ]
    items = sources.items
    found: list[tuple[bool, int, int, int, int, str]] = []
    for rank, i in enumerate(order[: len(sources.sentences)]):
        if sources.is_call(sources.sentences[i]) or i in items:
            continue
        said = words(sources.sentences[i])
        for text in _forms(sources.sentences[i], ph):
            tokens = words(text)
            stems = {t[:STEM_CHARS] for t in tokens}
            named = [salient for topic, salient in subject if topic & stems]
            if named:
                start = said.index(tokens[0]) if tokens[0] in said else len(said)
                later = i in sources.steps or introduces(text)
                weight = len(named) + sum(named) + int(i == 0)
                found.append((later, -weight, rank, start, len(tokens), text))
    return [text for *_, text in sorted(found)]


def introduces(text: str) -> bool:
    """Whether a clause only introduces what the picture shows ("This is Willis Gibson",
    "Das ist mein Balkon"): at most INTRODUCED_WORDS words after `_INTRODUCING`."""
    introduced = _INTRODUCING.match(text)
    return introduced is not None and len(text[introduced.end() :].split()) <= INTRODUCED_WORDS


def _untimed(clause: str, ph: Phrasing) -> str:
    """A clause too long for a title without the time it opens with (`_LEADING_TIME`): what
    happened, before any cut of what qualifies it. Not where the rest would open on its verb
    (German puts the verb right after the time: "Letzten Sommer | habe ich …")."""
    timed = _LEADING_TIME.match(clause)
    if len(clause.split()) <= MAX_TITLE_WORDS or timed is None:
        return clause
    rest = capitalise(clause[timed.end() :])
    return clause if ph.verb_first and ph.verb_first.match(rest) else rest


def _heads(clause: str) -> list[str]:
    """A clause too long for a title, cut before each adjunct (shortest first: the claim
    without what qualifies it)."""
    if len(clause.split()) <= MAX_TITLE_WORDS:
        return []
    cuts = [m.start() for m in _ADJUNCT.finditer(clause)]
    heads = [clause[:cut].strip(EDGE_PUNCT) for cut in cuts]
    return [h for h in heads if MIN_CLAIM_WORDS <= len(h.split()) <= MAX_TITLE_WORDS]


def _placed(clause: str) -> list[str]:
    """A clause too long for a title, its claim kept with the place or name it closes on and
    what lies between dropped: "Our rental car died | in the middle of nowhere | in Iceland"
    → "Our rental car died in Iceland". The closing adjunct must open with a preposition of
    place and end in a name, in four words at most."""
    if len(clause.split()) <= MAX_TITLE_WORDS:
        return []
    places = [m.start() for m in _CLOSING_PLACE.finditer(clause)]
    cut = next((m.start() for m in _ADJUNCT.finditer(clause)), None)
    if not places or cut is None or cut >= places[-1]:
        return []
    head, tail = clause[:cut].strip(EDGE_PUNCT), clause[places[-1] :].strip(EDGE_PUNCT)
    closing = tail.split()
    if not 2 <= len(closing) <= 4 or not closing[-1][:1].isupper():
        return []
    placed = f"{head} {tail}"
    return [placed] if MIN_CLAIM_WORDS <= len(placed.split()) <= MAX_TITLE_WORDS else []


def write_title(sources: WriterSources) -> Written:
    ph = phrasing(sources.language)
    known = sources.known_forms()
    platform = _platform_title(sources.platform_title, ph)
    if platform:
        return Written(platform, "platform")
    subject = _topic_words(sources.topics, ph)
    end = sources.duration_s
    # An opening line first: a line that appears later mostly labels its moment ("CHECK THE
    # SEAL", "THE CAVEMAN MASK"): of the creator sets' captions that ask nothing, 11 of 42
    # shown after the opening name the subject, 118 of 169 shown in it
    # (`eval/caption_topics.py`).
    shown = headline(
        sources.on_screen, sources.sentences, ph, subject, duration_s=end, late_cards=False
    )
    if not sources.sentences and not sources.misheard:
        # A video that says nothing is headed by its opening caption, whatever it names: over
        # a montage the first line is the hook ("POV: you said you'd only foster him for a
        # week"), the later ones label their moments ("DAY 1: under the sofa").
        shown = headline(sources.on_screen, (), ph, duration_s=end, late_cards=False) or shown
    if not shown:
        spoken = {w[:STEM_CHARS] for s in sources.sentences for w in content_words(s, ph)}
        spoken |= {w for s in sources.sentences for w in words(s) if w.isdigit()}
        shown = headline(sources.on_screen, sources.sentences, ph, spoken, HALF_SPOKEN, end)
    if not shown and not sources.heard_well:
        # Speech the recogniser could not make out can neither name the subject nor vouch
        # for a line: an opening line on screen that names two things heads the video.
        early = [
            line
            for line in sources.on_screen
            if line[0] <= HEADLINE_WINDOW_S and len(content_words(line[2], ph)) >= 2
        ]
        shown = headline(early, (), ph, duration_s=end)
    if not shown and (not sources.sentences or not sources.heard_well):
        # Without speech, or over speech the recogniser could not make out, a title card
        # shown later and long enough may name the subject.
        shown = headline(sources.on_screen, sources.sentences, ph, subject, duration_s=end)
    if shown:
        capitalised = {w for w in words(shown) if takes_capital(w, sources.capitals, ph)}
        # A function word the recogniser capitalised mid-sentence ("todo el día En menos")
        # names nothing; a name that holds one comes whole from `names` ("Los Angeles"). The
        # English "I" is a capital wherever it stands.
        said = {
            word: form
            for word, form in known.items()
            if word not in ph.function_words or form == "I"
        }
        recased = capitalise(recase(shown, said, sources.names, capitalised))
        return Written(_with_subject(recased, sources, ph, known, shown=True), "on_screen_headline")
    if not sources.heard_well:
        # Speech the recogniser could not make out is not quoted as a title, as a summary does
        # not quote it: its guesses read fluently ("Dedo domessa ben dev'acadrino"), and so do
        # its topics ("Bocklemige Finger"): only a topic written on screen, in the caption or
        # among the names found may title it.
        written = written_words(sources.written())
        typed = tuple(topic for topic in sources.topics if all_written(topic, written))
        return _topic_title(replace(sources, topics=typed), ph, known) or Written(
            None,
            None,
            "title: no headline on screen, and the speech was not heard clearly enough to quote"
            f" (mean word probability {sources.heard})",
        )
    # What a call to action promises ("follow, and tomorrow I show how to …") is not what
    # the video shows.
    told = [sentence for sentence in sources.sentences if not sources.is_call(sentence)]
    clause = how_to(told, ph, MAX_TITLE_WORDS)
    if clause:
        return Written(capitalise(clause), "how_to")
    claims = _claims(sources, ph, known)
    if claims:
        claim = _with_subject(capitalise(claims[0]), sources, ph, known, shown=False)
        return Written(claim, "core_claim")
    # No claim names a topic: the opening line, the creator's own hook, says it best.
    first = sources.sentences[0] if sources.sentences else ""
    opening = None if sources.is_call(first) else next(_forms(first, ph), None)
    if opening:
        return Written(capitalise(opening), "opening_line")
    return _topic_title(sources, ph, known) or Written(
        None, None, "title: no headline, claim or topic to build a title from"
    )


def _topic_title(sources: WriterSources, ph: Phrasing, known: dict[str, str]) -> Written | None:
    """A topic that reads as a title: a phrase, or a name ("Zelda"); a common noun alone
    ("Euros") is a fragment."""
    for topic in sources.topics:
        if is_whole(topic, ph) or (len(topic) > 3 and is_salient_name(topic, ph, known)):
            return Written(capitalise(topic), "topic")
    return None
