"""Keywords and topics from YAKE keyphrases.

- keywords: YAKE's best phrases of up to two words, in YAKE's order (lower score = better).
  For English, spoken filler ("today", "gonna", "guys") joins YAKE's stop-word list.
- topics: YAKE's best phrases of up to three words without a stop word inside, ranked by the
  sum of their YAKE rank and their rank by cosine to the text's centroid embedding (what the
  whole text is about, rather than what is merely frequent); phrases of two or more words
  first, and no two topics share a word (counted by its first letters: "hearts" and
  "heart" are one).

A phrase is written in lower case when the text also has it in lower case, else as the text
writes it ("pasta carbonara", but "Elon Musk", "iPhone").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

KEYWORD_COUNT = 8
TOPIC_COUNT = 5
TOPIC_CANDIDATES = 20
MIN_KEYWORD_WORDS = 8
# A word is counted by its first letters, so "lemons" and "lemon" are one subject.
STEM_CHARS = 5

_DIGITS_ONLY = re.compile(r"[\d\s.,%]+")


class KeyphraseExtractor(Protocol):
    stopword_set: set[str]

    def extract_keywords(self, text: str) -> list[tuple[str, float]]: ...


# A word with none of these cannot be said as written: it is spelt out ("SPF", "LLC", "TV").
_VOWELS = frozenset("aeiouyàáâäãåæèéêëìíîïòóôöõøùúûüœ")
# Initialisms of creator captions that hold a vowel, so the rule above misses them, and are no
# word in a supported language ("USA" is Spanish for "uses", "EU" Portuguese for "I", "AI"
# Italian for "to the": those are left out).
INITIALISMS = frozenset(
    """apr apy asap asmr atc atm ceo cpu diy etf faq fyi fyp gpu hiit imo irl irs mba msci
    nba nyc oled ootd pov suv ufc usb vip""".split()  # noqa: SIM905
)


def spelt_out(word: str) -> bool:
    """Whether a word (lower case) is said letter by letter, so it keeps its capitals when a
    line in capitals is put back into its own case: no vowel ("spf"), or an initialism
    ("pov")."""
    return not _VOWELS & set(word) or word in INITIALISMS


def _surface(phrase: str, text: str) -> str:
    """How the text writes a phrase: in lower case where it ever does; else as it writes it
    outside capitals ("iPhone", "Miso"); else, shown only in capitals, in lower case but for
    the words `spelt_out` ("POV")."""
    lower = phrase.lower()
    if re.search(r"(?<!\w)" + re.escape(lower) + r"(?!\w)", text):
        return lower
    pattern = re.compile(r"(?<!\w)" + re.escape(lower) + r"(?!\w)", re.IGNORECASE)
    cased = next((m.group(0) for m in pattern.finditer(text) if not m.group(0).isupper()), None)
    if cased is not None:
        return cased
    if not phrase.isupper():
        return phrase
    return " ".join(w if spelt_out(w.lower()) else w.lower() for w in phrase.split())


def keyphrases(text: str, extractor: KeyphraseExtractor) -> list[str]:
    """YAKE's phrases, best first, without numbers-only phrases or repeats."""
    if len(text.split()) < MIN_KEYWORD_WORDS:
        return []
    found: list[str] = []
    seen: set[str] = set()
    for phrase, _score in extractor.extract_keywords(text):
        phrase = " ".join(phrase.split())
        key = phrase.lower()
        if len(key) < 3 or _DIGITS_ONLY.fullmatch(key) or key in seen:
            continue
        seen.add(key)
        found.append(_surface(phrase, text))
    return found


def word_stem(word: str) -> str:
    return word.lower()[:STEM_CHARS]


def mention_counts(text: str) -> Counter[str]:
    """How often the text names each word stem (first letters, so "lemons" counts "lemon")."""
    return Counter(word_stem(w) for w in re.findall(r"[^\W\d_]+", text) if len(w) >= 3)


def times_said(phrase: str, counts: Counter[str]) -> int:
    """How often the video names the phrase's most-named word (`mention_counts`)."""
    return max((counts[word_stem(w)] for w in phrase.split() if len(w) >= 3), default=0)


def written_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of `texts`, in lower case: what `all_written` checks a phrase against."""
    return frozenset(re.findall(r"\w+", " ".join(texts).lower()))


def all_written(phrase: str, written: frozenset[str]) -> bool:
    """Whether every word of `phrase` is among the `written` words (`written_words`)."""
    return set(re.findall(r"\w+", phrase.lower())) <= written


def rank_topics(
    candidates: Sequence[str],
    candidate_vectors: NDArray[np.float32],
    text_vector: NDArray[np.float32],
    stopwords: Iterable[str] = (),
    count: int = TOPIC_COUNT,
    text: str | None = None,
    written: str | None = None,
) -> list[str]:
    """Up to `count` topics from YAKE's `candidates` (best first), as the module describes.
    With the whole `text`, how often the video names a phrase's words counts as a third rank:
    the subject is what a video keeps coming back to, and a two-word phrase said once ("form
    breaks") no longer outranks a word said throughout ("pasta"). With `written` (what the
    creator wrote on screen and in the caption, given where the speech was not heard well),
    a phrase whose every word is written there comes first: the recogniser's fluent guesses
    ("Tieno una semana en la saga") otherwise fill the topics.
    With the `text`, a phrase it only ever says after the same word is completed by that word
    where YAKE also proposes the two together ("fryer salmon bites", always after "air", with
    "air fryer" a candidate), and a single common word it says only against a chosen topic
    ("crispy" of "crispy salmon bites") is part of that topic, not one of its own (a name
    is kept: "Chicago" beside "Marathon" is named with it, `writer_topics`)."""
    stop = {word.lower() for word in stopwords}
    central_rank = {
        int(i): rank for rank, i in enumerate(np.argsort(-(candidate_vectors @ text_vector)))
    }
    eligible = [i for i, phrase in enumerate(candidates) if not stop & set(phrase.lower().split())]
    if text is None:
        eligible.sort(key=lambda i: (len(candidates[i].split()) < 2, i + central_rank[i], i))
    else:
        counts = mention_counts(text)
        said = {i: times_said(candidates[i], counts) for i in eligible}
        by_mentions = sorted(eligible, key=lambda i: (-said[i], -len(candidates[i].split()), i))
        mention_rank = {i: rank for rank, i in enumerate(by_mentions)}
        eligible.sort(key=lambda i: (i + central_rank[i] + mention_rank[i], i))
    if written is not None:
        shown = written_words([written])
        eligible.sort(key=lambda i: not all_written(candidates[i], shown))
    pairs = {c.lower() for c in candidates if len(c.split()) == 2}
    topics: list[str] = []
    used: set[str] = set()
    for i in eligible:
        phrase = candidates[i]
        if text is not None:
            phrase = with_model_number(completed(phrase, pairs, text, stop), text)
        words = {word_stem(word) for word in phrase.split()}
        part = text is not None and len(words) == 1 and phrase.islower()
        if words & used or (part and beside(phrase, used, str(text))):
            continue
        topics.append(phrase)
        used |= words
        if len(topics) == count:
            break
    return topics


# How far around a phrase its neighbouring words are looked for: longer than any word.
_NEIGHBOUR_CHARS = 40


def _neighbours(phrase: str, text: str) -> list[tuple[str | None, str | None]]:
    """The word just before and just after each time `text` says `phrase` (lower case; None
    across punctuation or a line break)."""
    lowered = text.lower()
    pattern = r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)"
    found = []
    for match in re.finditer(pattern, lowered):
        start, end = match.span()
        before = re.search(r"([^\W\d_]+)[ \t]+$", lowered[max(0, start - _NEIGHBOUR_CHARS) : start])
        after = re.match(r"[ \t]+([^\W\d_]+)", lowered[end : end + _NEIGHBOUR_CHARS])
        found.append((before.group(1) if before else None, after.group(1) if after else None))
    return found


def completed(phrase: str, pairs: set[str], text: str, stopwords: Iterable[str] = ()) -> str:
    """`phrase` with the word `text` always says before it, and then the one it always says
    after it, where that word and the phrase's edge word are one of YAKE's two-word `pairs`
    (lower case) and no stop word: "fryer salmon bites" → "air fryer salmon bites" (YAKE
    proposes at most three words), "side" → "side hustle", "Chicago" → "Chicago Marathon"."""
    stop = {w.lower() for w in stopwords}
    for after in (False, True):
        around = {pair[after] for pair in _neighbours(phrase, text)}
        word = next(iter(around)) if len(around) == 1 else None
        edge = phrase.split()[-1 if after else 0].lower()
        if word is None or word in stop:
            continue
        if after and f"{edge} {word}" in pairs:
            phrase = f"{phrase} {_written(phrase, word, text, 2)}"
        elif not after and f"{word} {edge}" in pairs:
            phrase = f"{_written(word, phrase, text, 1)} {phrase}"
    return phrase


# A model number: a token with a digit ("15", "S24", "4090"), as a name's words hold one; a
# year ("Marathon 2024") is none.
_MODEL = r"(?!(?:19\d\d|20[0-3]\d)(?!\w))[A-Za-z]{0,3}\d+[A-Za-z]{0,3}"


def with_model_number(phrase: str, text: str) -> str:
    """A name that `text` only ever says with the same model number, with it: "Pro", always
    said as "iPhone 15 Pro", is "iPhone 15 Pro"; "Galaxy", always "Galaxy S24", is "Galaxy
    S24"; "Street", always "60th Street", is "60th Street". YAKE's phrases never hold a
    figure, so a product's or a street's name falls apart at its number.
    Only a capitalised phrase (a name) is completed: by a capitalised word and the number
    before it, by an ordinal before it, or by the number after it."""
    if not phrase[:1].isupper():
        return phrase
    name = re.escape(phrase)
    said = len(re.findall(rf"(?<!\w){name}(?!\w)", text))

    def always(before: set[str]) -> str | None:
        """The one word or pair `text` says before every mention of the phrase, if any."""
        if len(before) != 1:
            return None
        prefix = next(iter(before))
        return (
            prefix
            if said == len(re.findall(rf"(?<!\w){re.escape(prefix)} {name}(?!\w)", text))
            else None
        )

    model = always(set(re.findall(rf"(?<!\w)([A-Za-z][\w-]* {_MODEL}) {name}(?!\w)", text)))
    if model and (model[:1].isupper() or model[1:2].isupper()):  # "iPhone", "Galaxy"
        return f"{model} {phrase}"
    ordinal = always(set(re.findall(rf"(?<!\w)(\d+(?:st|nd|rd|th)) {name}(?!\w)", text)))
    if ordinal and " " not in phrase:  # "Street" of "60th Street"
        return f"{ordinal} {phrase}"
    after = re.findall(rf"(?<!\w){name}(?: ({_MODEL})(?!\w)|(?!\w))", text)
    if after and len(set(after)) == 1 and after[0]:
        return f"{phrase} {after[0]}"
    return phrase


def _written(left: str, right: str, text: str, group: int) -> str:
    """How `text` writes the `group` (1: `left`, 2: `right`) of "left right", where it says
    them together ("Marathon" of "Chicago Marathon"); as given otherwise."""
    pattern = rf"(?<!\w)({re.escape(left)})[ \t]+({re.escape(right)})(?!\w)"
    found = re.search(pattern, text, re.IGNORECASE)
    return found.group(group) if found else (left, right)[group - 1]


def beside(word: str, used: set[str], text: str) -> bool:
    """Whether `text` says `word` only next to a word whose stem is in `used` ("crispy" of
    "crispy salmon bites"): a part of a topic already chosen."""
    around = _neighbours(word, text)
    return bool(around) and all(
        any(w is not None and word_stem(w) in used for w in pair) for pair in around
    )


def within_names(topics: Sequence[str], names: Sequence[str], text: str) -> list[str]:
    """Each topic that `text` says only inside a longer name among `names` as that name
    ("Ciudad" and "México" of "la Ciudad de México", whose inner "de" kept YAKE from
    proposing it whole), without repeats."""
    lowered = text.lower()

    def said(phrase: str) -> int:
        pattern = r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)"
        return len(re.findall(pattern, lowered))

    found: list[str] = []
    for topic in topics:
        for name in filter(_name_shaped, names):
            longer = len(name.split()) > len(topic.split())
            if longer and _says(name, topic.lower()) and 0 < said(topic) <= said(name):
                topic = name
                break
        if topic.lower() not in {t.lower() for t in found}:
            found.append(topic)
    return found


# The words a name of several words may hold in lower case.
_NAME_JOINERS = frozenset(
    "of the and de del la las los el y di da do dos das du des et von der van e".split()  # noqa: SIM905
)


def _name_shaped(name: str) -> bool:
    """Whether every word of `name` has a capital but short joining words ("Ciudad de
    México", "Bay of Islands"): a span NER misread ("Britain cut Fridays") is no name."""
    return all(w[:1].isupper() or w in _NAME_JOINERS for w in name.split())


def _named(phrase: str) -> bool:
    """Whether a phrase is written as a name: every word capitalised, not a line in capitals
    (`keyphrases` keeps a phrase's capitals only where the text never writes it in lower
    case)."""
    return not phrase.isupper() and all(word[:1].isupper() for word in phrase.split())


def _is_number(word: str, number_words: set[str]) -> bool:
    return (
        word.lower() in number_words
        or re.fullmatch(r"\d+(?:[.,]\d+)*", word) is not None
        or _NUMBER_WORD.fullmatch(word.lower()) is not None
    )


# A number said in words, in the six languages: the teens, tens, hundreds and thousands and
# the compounds made of them ("eighteen", "achtzig", "dreiundsechzig", "ochenta", "soixante",
# "cinquanta"); the units are the callers' `numbers`. Left out as words of other languages
# too: "elf", "once", "seize", "cent".
_NUMBER_WORD = re.compile(
    r"(?:(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?"
    r"(?:eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen"
    r"|zwölf|(?:drei|vier|fünf|sech|sieb|acht|neun)zehn|doce|trece|catorce|quince"
    r"|dieci\w+|onze|douze|treize|quatorze|quinze|treze|catorze|dezesseis|dezessete"
    r"|dezoito|dezenove|undici|dodici|tredici|quattordici|quindici|sedici|diciassette"
    r"|diciotto|diciannove"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million"
    r"|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|hundert|tausend"
    r"|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien"
    r"|cientos?|mil|vingt|trente|quarante|cinquante|soixante|mille|vinte|trinta"
    r"|quarenta|sessenta|oitenta|cem|cento|venti|trenta|quaranta|cinquanta|sessanta"
    r"|settanta|ottanta|novanta)"
)
# What a number counts when the count is all a phrase says ("Achtzig Prozent", "eighteen
# hundred dollars", "fünfzehn Mal"): a quantity, not a subject.
MEASURES = frozenset(
    """percent prozent por ciento pour cent per cento dollar dollars euro euros pesos reais
    mal times veces fois vezes volte watts watt kilos kg km
    gram grams gramm gramos grammes gramas grammi g ml litre litres liter liters cup cups
    tablespoon tablespoons teaspoon teaspoons tbsp tsp pinch ounce ounces oz pound pounds
    lbs degrees grad grados degrés graus gradi""".split()  # noqa: SIM905
)


# Words that present what follows as the video's subject, in the six languages, with the
# article or possessive after them ("this is a", "voici mon", "ecco la").
_PRESENTS = re.compile(
    r"\b(?:this is|these are|here is|heres|here s|meet|das ist|dies ist|hier ist|esto es"
    r"|este es|esta es|aquí está|aquí tienes|voici|voilà|c est|isto é|este é|esta é"
    r"|aqui está|questo è|questa è|ecco)"
    r" (?:a|an|my|our|the|ein|eine|mein|meine|unser|unsere|der|die|das|un|una|mi|el|la"
    r"|une|mon|ma|notre|le|um|uma|meu|minha|o|il|lo|mio|mia) $"
)


def _presented(opening: str, key: str) -> bool:
    """Whether the `opening` line presents `key` as its subject ("This is a hand cut
    dovetail", "Voici mon gâteau")."""
    words = " ".join(re.findall(r"\w+", opening.lower()))
    return any(
        _PRESENTS.search(words[: m.start()])
        for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", words)
    )


def _opens(opening: str, phrase: str) -> bool:
    """Whether the `opening` line (its fillers dropped: `text_writer.drop_fillers`) starts
    with `phrase` as the subject of its first clause, a word and no mark after it: "Brain
    freeze has almost nothing to do with your brain", not "Unpopular opinion: …" or "Hot
    take, but …"."""
    line = opening.strip()
    if not line.lower().startswith(phrase.lower()):
        return False
    return re.match(r"\s+[^\W\d_]", line[len(phrase) :]) is not None


def _says(text: str, key: str) -> bool:
    words = " ".join(re.findall(r"\w+", text.lower()))
    return re.search(r"(?<!\w)" + re.escape(key) + r"(?!\w)", words) is not None


# Parts of speech a noun phrase may hold, and those it may end in (spaCy's universal tags).
NOUN_PHRASE_TAGS = frozenset({"NOUN", "PROPN", "ADJ", "NUM", "ADP", "DET", "PART", "X"})
NOUN_PHRASE_ENDS = frozenset({"NOUN", "PROPN", "NUM", "X"})
# Tags a noun phrase never opens with, unless it is a name ("The Weeknd"): "just past Vic"
# names Vic, not a "past Vic".
NOUN_PHRASE_NEVER_OPENS = frozenset({"ADP", "PART", "DET"})
_NOMINAL = frozenset({"NOUN", "PROPN", "ADJ"})
# Words that only qualify a noun: a general noun after nothing but these ("the key bit", "the
# whole thing", "next week") names no subject, unlike one after a noun ("leg day").
_QUALIFIERS = frozenset({"ADJ", "DET", "NUM", "ADV", "PRON"})


def tags_in_context(phrase: str, tagged: Sequence[tuple[str, str]]) -> list[str] | None:
    """The part-of-speech tags of `phrase` where it occurs in a tagged text (token, tag),
    matched on lower-cased tokens: at an occurrence that ends in a noun if any ("le ciel est
    bleu … le bleu est dispersé"), else at its first; None when it does not occur as whole
    tokens."""
    tokens = [token.lower() for token, _ in tagged]
    wanted = [t.lower() for t in re.findall(r"[\w'-]+|[^\w\s]", phrase)]
    width = len(wanted)
    found: list[list[str]] = []
    for i in range(len(tokens) - width + 1):
        if tokens[i : i + width] == wanted:
            found.append([tag for _, tag in tagged[i : i + width]])
    first = found[0] if found else None
    return next((tags for tags in found if tags[-1] in NOUN_PHRASE_ENDS), first)


def headed(tagged: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tagged tokens with the head every noun phrase has: an adjective right after a
    determiner and before no noun or adjective is the noun it determines (a small tagger
    reads "mon voisin a sonné" as a determiner, an adjective and a verb)."""
    fixed = list(tagged)
    for i in range(1, len(fixed)):
        following = fixed[i + 1][1] if i + 1 < len(fixed) else "PUNCT"
        if fixed[i - 1][1] == "DET" and fixed[i][1] == "ADJ" and following not in _NOMINAL:
            fixed[i] = (fixed[i][0], "NOUN")
    return fixed


def capital_tags(text: str) -> list[tuple[str, str]]:
    """German text tagged by its capitals, one line a piece, as `tags_in_context` reads tags:
    German writes every noun with a capital and few other words, so a word with one past a
    sentence's start is a NOUN, a number NUM, and a word in lower case ADJ (it may sit inside
    a noun phrase, "falsche Plan", but never ends one: "Stadt gelaufen" is a noun and a
    verb). A sentence's first word and a line in capitals say nothing (X)."""
    tagged: list[tuple[str, str]] = []
    for line in text.split("\n"):
        shouting = line.isupper()
        opens = True
        for token in re.findall(r"[\w'-]+|[^\w\s]", line):
            if not token[0].isalnum():
                tag = "PUNCT"
            elif token[0].isdigit():
                tag = "NUM"
            elif shouting or opens:
                tag = "X"
            else:
                tag = "NOUN" if token[0].isupper() else "ADJ"
            tagged.append((token, tag))
            opens = token in (".", "!", "?", ":") or (opens and tag == "PUNCT")
    return tagged


def topic_candidates(
    candidates: Sequence[str],
    interface_words: Iterable[str],
    shown_lines: Sequence[str] = (),
    tags: Sequence[Sequence[str]] | None = None,
    opening: str = "",
    rest: str = "",
    generic: Iterable[str] = (),
    alone: Iterable[str] = (),
    numbers: Iterable[str] = (),
) -> list[str]:
    """The `candidates` that can be topics: no interface word ("open", "follow", "link"), not
    a whole on-screen line (a caption is not a subject), and, where part-of-speech `tags` are
    given (one list per candidate), a noun phrase ("battery life", not "person obtaining");
    a phrase of two or more words said in the `opening` line (the spoken hook) and nowhere in
    the `rest` is the hook's wording, not the subject, unless it is a name ("Epic Games"), the
    hook presents it or opens on it as the subject of its first clause ("Brain freeze has
    almost nothing to do with your brain"; not a general head: "Most people …"); a
    `generic` noun alone ("minutes") or after words that only qualify it ("the key bit", by
    its tags) is not a subject either, nor is one of the words `alone`
    by itself, nor a quantity: numbers (in figures, one of the words `numbers`, or a tens,
    hundreds or thousands word) with only generic nouns or MEASURES ("ten" of "Do ten minutes
    today", "twenty minutes", "Achtzig Prozent"; "3 ingredient cookies" keeps its number).
    A phrase written only in capitals comes back in lower case unless it is 4 letters or
    fewer (an acronym: "NASA")."""
    interface = {word.lower() for word in interface_words}
    too_general = {word.lower() for word in generic}
    alone_words = {word.lower() for word in alone}
    counted = {word.lower() for word in numbers}
    lines = {" ".join(re.findall(r"\w+", line.lower())) for line in shown_lines}
    lines = {line for line in lines if " " in line}
    kept = []
    for i, phrase in enumerate(candidates):
        # A general word or unit in front is not part of the subject ("min lemon pasta"),
        # nor a preposition or an article ("past Vic").
        words = phrase.split()
        pos = list(tags[i]) if tags is not None and len(tags[i]) == len(words) else None
        lead = 0
        while len(words) - lead > 1 and (
            words[lead].lower() in too_general
            or (pos is not None and pos[lead] in NOUN_PHRASE_NEVER_OPENS and not _named(phrase))
        ):
            lead += 1
        phrase = " ".join(words[lead:])
        key = " ".join(re.findall(r"\w+", phrase.lower()))
        if interface & set(key.split()) or key in lines or key in too_general | alone_words:
            continue
        if all(
            _is_number(w, counted) or w in MEASURES or w in too_general | alone_words
            for w in key.split()
        ):
            continue  # a quantity: "twenty minutes", "Achtzig Prozent", "a good pinch"
        if " " in key and _says(opening, key) and not _says(rest, key) and not _named(phrase):
            # Said once, in the hook: its wording ("unpopular opinion"), unless the hook
            # presents it ("This is a hand cut dovetail") or the video names the noun phrase's
            # head again ("sourdough discard", then "discard"; by its tags: "buying bread"
            # is no noun phrase).
            nominal = pos is not None and set(pos[lead:]) <= _NOMINAL
            again = nominal and _says(rest, key.split()[-1])
            heads = nominal and key.split()[-1] not in too_general and _opens(opening, phrase)
            if not again and not heads and not _presented(opening, key):
                continue
        if tags is not None:
            pos = pos[lead:] if pos is not None else list(tags[i])
            if not pos or pos[-1] not in NOUN_PHRASE_ENDS or set(pos) - NOUN_PHRASE_TAGS:
                continue
            if key.split()[-1] in too_general and set(pos[:-1]) <= _QUALIFIERS:
                continue  # "the key bit", "the whole thing": a general noun, qualified
        # Shown only in capitals ("SOURDOUGH"): a word, not an acronym, unless it is short.
        kept.append(phrase.lower() if phrase.isupper() and len(phrase) > 4 else phrase)
    return kept
