"""Which topics the writer may state as a video's subject, and how it names them: a name, an
acronym or a topic the video says (or shows) twice is salient; a detail said once is not
(docs/methods.md, "The writer"). Read by the title's claims, the summary's frame and the
logline."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from clipapi.signals.text_keywords import (
    all_written,
    mention_counts,
    times_said,
    word_stem,
    written_words,
)
from clipapi.signals.writer_language import Phrasing

# A common noun named beside the subject is said at least this often.
SECOND_TOPIC_MENTIONS = 3


def said_and_shown(said: Sequence[str], shown: Sequence[str]) -> list[str]:
    """What a topic's mentions are counted in: everything said, and each on-screen line once
    ("CREDIT SCORE" on screen and said once is named twice)."""
    return [*said, *dict.fromkeys(shown)]


def returned_to(
    topics: Sequence[str],
    texts: Sequence[str],
    sentences: Sequence[str],
    written: Sequence[str],
    ph: Phrasing,
) -> list[str]:
    """The topics a video is about: those `texts` (all it says and shows) name twice or more,
    those its opening names (the first of its `sentences` that names a topic: "¿Sabías
    esto?" names none, the line after it does), and those the creator wrote (`written`). A
    name said once in passing ("so I drove to Lincoln Square") is a detail, not what the video
    is about."""
    counts = mention_counts(" ".join(texts))

    def stems(lines: Iterable[str]) -> set[str]:
        return {word_stem(w) for line in lines for w in _content(line, ph)}

    def names(topic: str, said: set[str]) -> bool:
        return all(word_stem(w) in said for w in _content(topic, ph))

    lines = (stems([line]) for line in sentences)
    opening = next((said for said in lines if any(names(t, said) for t in topics)), set())
    named = opening | stems(written)
    return [t for t in topics if times_said(t, counts) >= 2 or names(t, named)]


def _content(text: str, ph: Phrasing) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in ph.function_words]


def is_salient(topic: str, ph: Phrasing, known: dict[str, str], counts: Counter[str]) -> bool:
    """A topic fit to state as the video's subject: a name the sources write with a capital
    past a sentence's start (`known`, from `casing`: "Google Pixel", "Zelda"), an acronym
    ("LLC"), or one whose words the video says at least twice (`counts`, from
    `mention_counts`). A phrase said once ("crowded lookout", "perfect plan") is a detail of
    one sentence, however many words it has, and a word capitalised only as a sentence's
    first ("Half eaten.") names nothing; nor, in German, does a noun's capital."""
    if not topic.strip() or topic.lower() in ph.interface_words:
        return False
    return is_salient_name(topic, ph, known) or times_said(topic, counts) >= 2


def is_whole_name(topic: str, ph: Phrasing, known: dict[str, str]) -> bool:
    """A name every word of which is written with a capital or a figure ("Oura Ring",
    "iPhone 15"; not "Tesouro Selic rende", a name run into the verb after it)."""
    whole = all(any(ch.isupper() or ch.isdigit() for ch in word) for word in topic.split())
    return whole and is_salient_name(topic, ph, known)


def is_salient_name(topic: str, ph: Phrasing, known: dict[str, str]) -> bool:
    """A name: written with a capital past a sentence's start (not in German; a name of
    several words by its later words where it opens a sentence), or an acronym
    ("LLC"; a phrase in capitals, "AIR FRYER SALMON BITES", is a caption shouting). Where the
    video speaks, an acronym is one the speech writes in capitals too: a short word of a
    caption in capitals ("THE LISBON VIEW") is shouted, not an acronym."""
    if not topic.split():
        return False
    first, *rest = topic.split()
    acronym = not rest and len(first) > 1 and first.isupper()
    if known and acronym:
        acronym = known.get(first.lower()) == first
    # A name that opens a sentence is still known by its later words ("Lamine Yamal ya es …":
    # "Yamal" is written with a capital past the sentence's start).
    named = first.lower() in known or (
        first[:1].isupper() and bool(rest) and all(word.lower() in known for word in rest)
    )
    return (named and not ph.capital_nouns) or acronym


def salient_topics(
    topics: Sequence[str],
    texts: Sequence[str],
    ph: Phrasing,
    known: dict[str, str],
    written: Sequence[str] | None = None,
    outside: Sequence[str] | None = None,
) -> list[str]:
    """The topics fit to name in a sentence about the video (`is_salient`), at most two. One
    that only repeats another's words ("lemons" after "lemon pasta") is dropped, two the video
    says side by side are named as it says them ("Marathon", "Chicago" → "Chicago Marathon"),
    a second one only when it is a name or the video comes back to it about as often as to
    the first (`_second_fits`: not "the lemon pasta and the water"), and a common noun keeps
    the determiner the video says it with (`with_determiner`). Where the speech was not
    heard well, its words may be fluent guesses: a topic then also has every word in
    `written` (what the creator wrote on screen or in the caption, and the caller's names a
    list or gazetteer found). Given the texts `outside` the video's lists (less their items),
    a common noun said only in the items ("my phone charges in the kitchen" as habit one) is
    a detail of the list, not its subject."""
    joined = "\n".join(texts)  # one text per line: two captions are not side by side
    counts = mention_counts(joined)
    shown = None if written is None else written_words(written)
    beyond = None if outside is None else mention_counts(" ".join(outside))
    kept: list[str] = []
    for topic in topics:
        stems = {word_stem(w) for w in topic.split()}
        fit = is_salient(topic, ph, known, counts) and (shown is None or all_written(topic, shown))
        if fit and beyond is not None and not is_salient_name(topic, ph, known):
            fit = times_said(topic, beyond) >= 1
        if not fit or any(stems <= {word_stem(w) for w in other.split()} for other in kept):
            continue
        for i, other in enumerate(kept):
            if phrase := _side_by_side(other, topic, joined):
                kept[i] = phrase
                break
        else:
            kept.append(topic)
    named = [
        (topic, name)
        for topic in kept
        if (
            name := named_as_said(topic, texts, ph)
            if is_salient_name(topic, ph, known)
            else with_determiner(topic, texts, ph)
        )
    ][:2]
    if len(named) > 1 and not _second_fits(named[0][0], named[1][0], ph, known, counts):
        del named[1:]
    return [name for _, name in named]


def _second_fits(
    first: str, second: str, ph: Phrasing, known: dict[str, str], counts: Counter[str]
) -> bool:
    """Whether a second topic belongs beside the first in a sentence on what the video is
    about: a name does; a common noun when said at least `SECOND_TOPIC_MENTIONS` times and at
    least half as often as the first (a detail said twice is salient, not the subject)."""
    if is_salient_name(second, ph, known):
        return True
    said = times_said(second, counts)
    return said >= SECOND_TOPIC_MENTIONS and 2 * said >= times_said(first, counts)


def named_as_said(name: str, texts: Sequence[str], ph: Phrasing) -> str:
    """A name of several words with the definite article the video first says it with ("the
    South Coast", "el Real Madrid"); as it is otherwise, and a one-word name always ("the new
    Zelda" names "Zelda", "the Apple store" does not make "the Apple")."""
    if len(name.split()) < 2 or not ph.definite:
        return name
    return _preceded(_word_before(name, texts, ph.definite, bare=True) or "", name)


def with_determiner(topic: str, texts: Sequence[str], ph: Phrasing) -> str | None:
    """`topic` with the determiner of its first mention that has one ("the lemon pasta", "ce
    téléphone"; a possessive becomes the article: "your credit score" → "the credit score"),
    so a frame does not name a bare noun; None when the video never says it with one ("the
    last scene" does not name "scene"). As it is in a language with no determiners listed."""
    if not ph.determiners:
        return topic
    said = _word_before(topic, texts, ph.determiners, bare=False)
    if said is None:
        return None
    named = _preceded(ph.determiners.get(said, said), topic)
    for form, article in ph.article_forms:
        named = form.sub(article, named, count=1)
    return named


def _word_before(
    phrase: str, texts: Sequence[str], words: Iterable[str], *, bare: bool
) -> str | None:
    """Which of `words` (determiners, articles) stands in front of `phrase` where `texts`
    first say it, in lower case; with `bare`, a first mention without one gives ""; None
    when `texts` never say it so."""
    options = "|".join(
        re.escape(word) if word.endswith("'") else rf"{re.escape(word)}\s+"
        for word in sorted(words, key=len, reverse=True)
    )
    optional = "?" if bare else ""
    pattern = re.compile(rf"(?<![\w'])({options}){optional}{re.escape(phrase)}\b", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            return (found.group(1) or "").lower().strip()
    return None


def _preceded(word: str, phrase: str) -> str:
    """`phrase` after `word`, joined as the language writes it ("l'iPhone", "the iPhone")."""
    return f"{word}{phrase}" if not word or word.endswith("'") else f"{word} {phrase}"


# What may join two topics said as one name: "Festival de Cannes", "Tour de France".
_LINKING = r"(?:(?:of|de|del|della|di|da|do|du|des|von|der)[^\S\n]+)?"


def _side_by_side(a: str, b: str, text: str) -> str | None:
    """`a b` or `b a` as `text` writes it, where it does, a linking word between them or not
    ("Festival", "Cannes" → "Festival de Cannes"), within one of its lines."""
    for first, second in ((a, b), (b, a)):
        pattern = rf"\b{re.escape(first)}[^\S\n]+{_LINKING}{re.escape(second)}\b"
        found = re.search(pattern, text, re.IGNORECASE)
        if found:
            return found.group(0)
    return None
