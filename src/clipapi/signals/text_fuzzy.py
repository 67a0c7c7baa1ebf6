"""Brands, places and names that survive speech-recognition errors, by edit distance.

Speech recognition mishears names ("Samsong", "Manseille", "Elon Mask") that the video often
also writes on screen, where the text reader may in turn misread a letter ("SAMSUNC"). Both
channels are compared with a lexicon's distinctive names, the brands' or the places' (never
the ordinary-word ones such as "Apple": "apple" is fruit), by normalised edit similarity,
1 - distance / longer length:

- a brand or place is found when the speech and the on-screen text both come within
  `BOTH_MIN` of it, or either alone within `ALONE_MIN` for names of at least
  `ALONE_MIN_CHARS` letters;
- a person named by NER is written as the screen writes them when an on-screen run of as many
  words comes within `NAME_MIN` ("Elon Mask" → "Elon Musk").

Only words that look like names are compared: on screen, every word; in speech, words written
with a capital past a sentence's start (recognisers capitalise the names they hear).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Iterable, Sequence

import jellyfish

from clipapi.signals.speech import surely_heard
from clipapi.signals.text_entities import BrandLexicon, Found
from clipapi.signals.text_keywords import spelt_out

BOTH_MIN = 0.75
ALONE_MIN = 0.88
ALONE_MIN_CHARS = 6
NAME_MIN = 0.75
MIN_ALIAS_CHARS = 4

_WORD = re.compile(r"[^\W_][\w'\u2019&+.-]*[\w+]|[^\W_]")
_SENTENCE_BREAK = re.compile(r"[.!?\u2026:;\n\"\u201c\u201e\u00ab(]\s*$")


def similarity(a: str, b: str) -> float:
    """1 - Levenshtein distance / the longer length (1.0: equal; 0.0: nothing in common)."""
    return 1.0 if a == b else _similarity_from(a, b, 0.0)


def _similarity_from(a: str, b: str, floor: float) -> float:
    """`similarity(a, b)` where it reaches `floor`, else 0.0: the distance is computed row
    by row and given up once every cell of a row exceeds the edits `floor` allows."""
    longest = max(len(a), len(b))
    allowed = int(longest * (1 - floor) + 1e-9)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > allowed:
            return 0.0
        previous = current
    return 1.0 - previous[-1] / longest if longest and previous[-1] <= allowed else 0.0


def name_key(text: str) -> str:
    """A name as compared: lower case, letters and digits only ("Tour-Eiffel" → "toureiffel")."""
    return re.sub(r"[\W_]+", "", text.lower())


def guessed_words(
    heard: Iterable[tuple[str, float | None]], shown: Iterable[str]
) -> frozenset[str]:
    """The words (as `name_key` writes them) of `heard` (word, probability) that are under
    SURELY_HEARD wherever said, and nowhere in the `shown` texts: the recogniser's guesses."""
    best: dict[str, float] = {}
    for word, probability in heard:
        key = name_key(word)
        if key and probability is not None:
            best[key] = max(best.get(key, 0.0), probability)
    written = {name_key(w) for text in shown for w in text.split()}
    return frozenset(w for w, p in best.items() if not surely_heard(p) and w not in written)


def _runs(tokens: Sequence[str], sizes: Iterable[int]) -> set[str]:
    return {
        name_key(" ".join(tokens[i : i + n])) for n in sizes for i in range(len(tokens) - n + 1)
    }


def spoken_names(text: str) -> list[list[str]]:
    """Runs of capitalised words past a sentence's start, e.g. [["Elon", "Mask"]]."""
    runs: list[list[str]] = []
    current: list[str] = []
    for match in _WORD.finditer(text):
        token = match.group(0)
        start = match.start()
        initial = start == 0 or _SENTENCE_BREAK.search(text[max(0, start - 8) : start]) is not None
        if token[:1].isupper() and not initial:
            current.append(token.rstrip(".,!?:;"))
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


# The words a video says or shows, as `_best` looks them up: by length, each with its letters.
Keys = dict[int, list[tuple[str, frozenset[str]]]]


def index_keys(keys: Iterable[str]) -> Keys:
    """`keys` by length, each with its set of letters, read once for every alias compared."""
    index: Keys = {}
    for key in set(keys):
        index.setdefault(len(key), []).append((key, frozenset(key)))
    return index


def _best(alias: str, keys: Keys) -> float:
    """The best similarity of `alias` to `keys` (`index_keys`), where it can reach
    `BOTH_MIN`; 0.0 where no key can. Only keys of about its length are compared, and each
    edit changes at most two of the letters the two words use, so a key whose set of letters
    differs from the alias's in more than twice the edits `BOTH_MIN` allows is never compared
    (the comparison is the costly part: ~1,400 place names a video)."""
    letters = frozenset(alias)
    slack = max(2, len(alias) // 4)
    best = 0.0
    for size in range(len(alias) - slack, len(alias) + slack + 1):
        edits = max(size, len(alias)) * (1 - BOTH_MIN)
        for key, key_letters in keys.get(size, ()):
            if len(letters ^ key_letters) <= 2 * edits:
                best = max(best, _similarity_from(alias, key, BOTH_MIN))
    return best


def fuzzy_names(spoken: str, shown: Sequence[str], lexicon: BrandLexicon) -> list[Found]:
    """Entries misheard or misread, as the module describes, each written as its alias that
    came closest. The screen's text is read here at any confidence, so a name heard wrong and
    shown right is found."""
    spoken_keys: set[str] = set()
    for run in spoken_names(spoken):
        spoken_keys |= _runs(run, (1, 2, 3))
    shown_keys: set[str] = set()
    for line in shown:
        shown_keys |= _runs(_WORD.findall(line), (1, 2, 3))
    heard_index, read_index = index_keys(spoken_keys), index_keys(shown_keys)
    found: list[Found] = []
    for name, aliases in lexicon.aliases:
        for alias in aliases:
            key = name_key(alias)
            if len(key) < MIN_ALIAS_CHARS:
                continue
            heard, read = _best(key, heard_index), _best(key, read_index)
            alone = len(key) >= ALONE_MIN_CHARS and max(heard, read) >= ALONE_MIN
            if min(heard, read) >= BOTH_MIN or alone:
                found.append(Found(name, alias))
                break
    return found


def fuzzy_brands(spoken: str, shown: Sequence[str], lexicon: BrandLexicon) -> list[str]:
    """The names of `fuzzy_names`."""
    return [found.name for found in fuzzy_names(spoken, shown, lexicon)]


def names_as_shown(names: Sequence[str], shown: Sequence[str]) -> list[str]:
    """`names` with each one the screen writes (nearly) alike replaced by the screen's
    spelling, in title case when the screen shows capitals; repeats folded."""
    corrected: list[str] = []
    lines = [_WORD.findall(line) for line in shown]
    for name in names:
        size = len(name.split())
        key = name_key(name)
        best, spelling = NAME_MIN, name
        for tokens in lines:
            for i in range(len(tokens) - size + 1):
                run = " ".join(tokens[i : i + size])
                score = similarity(key, name_key(run))
                if score >= best and score < 1.0 and all(t[:1].isupper() for t in run.split()):
                    best, spelling = score, _title_cased(run) if run.isupper() else run
        corrected.append(spelling)
    return list(dict.fromkeys(corrected))


def _title_cased(run: str) -> str:
    """A run of capitals as a name is written: each word with a capital, a word said letter
    by letter kept in capitals (`spelt_out`: "MSCI WORLD" → "MSCI World")."""
    return " ".join(w if spelt_out(w.lower()) else w.title() for w in run.split(" "))


_LETTERS = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
MIN_RUN_TOGETHER_CHARS = 3
# A word run into the next is a short one ("a", "to", "of", "the"), and what follows it is
# another, or a word long enough that a dictionary holding it says something: a tokeniser's
# vocabulary holds many three-letter pieces ("vil", "tros"), and "ANVIL" is no "an vil".
MAX_LEADING_CHARS = 3
MIN_KNOWN_CHARS = 4
# Without `words_after`, the word after is a function word of at most two letters ("A TU",
# "DE LA", "EN EL"): the vocabularies outside English lack common words that a short word
# and a three-letter one make ("DEDOS" is no "de dos", "LAQUE" no "la que").
MAX_SHORT_REST_CHARS = 2


def _read_once(known: Callable[[], Collection[str]]) -> Callable[[], Collection[str]]:
    """`known` (a dictionary), asked for on the first call only: only a caption that needs
    it reads it."""
    read: list[Collection[str]] = []

    def lexicon() -> Collection[str]:
        if not read:
            read.append(known())
        return read[0]

    return lexicon


def respaced(
    text: str,
    spoken: str,
    known: Callable[[], Collection[str]] | None = None,
    leading: Collection[str] = (),
    words_after: bool = True,
) -> str:
    """On-screen text with a word the reader ran together split in two: where the speech says
    it as two ("YOU DON'T NEED AGYM" → "YOU DON'T NEED A GYM" when "a gym" is said), only a
    word the speech never says alone and, with `known` (lower-case words a dictionary holds,
    asked for only when needed), no dictionary holds; or, with `known` and `leading` (a
    language's short function words), a word no dictionary holds that is a leading word run
    into another of them ("CUANDO LE DICES ATU MADRE" → "… A TU MADRE") or, with
    `words_after`, into any word the dictionary holds ("HOW TOTRIM" → "HOW TO TRIM")."""
    return respacer(spoken, known, leading, words_after)(text)


def respacer(
    spoken: str,
    known: Callable[[], Collection[str]] | None = None,
    leading: Collection[str] = (),
    words_after: bool = True,
) -> Callable[[str], str]:
    """`respaced` for many lines against one speech, the speech read once."""
    said = [w.lower() for w in _LETTERS.findall(spoken)]
    alone = set(said)
    pairs = {a + b: a for a, b in itertools.pairwise(said)}
    # The shortest leading word first: the longer the rest, the surer a dictionary holding it
    # ("ANOTE" is "a note", though "ote" is a piece too).
    heads = sorted((w for w in leading if len(w) <= MAX_LEADING_CHARS), key=lambda w: (len(w), w))
    lexicon = _read_once(known if known is not None else frozenset)

    def cut_at(key: str) -> int | None:
        if key in pairs:
            # A word the dictionary holds was read right where the recogniser split it
            # ("ATTIRE" over "cocktail at tire").
            return None if key in lexicon() else len(pairs[key])
        openers = [h for h in heads if key.startswith(h) and len(key) > len(h) + 1]
        if known is None or not openers:
            return None
        if key in lexicon():
            return None
        for head in openers:
            rest = key[len(head) :]
            known_rest = words_after and len(rest) >= MIN_KNOWN_CHARS and rest in lexicon()
            short_rest = words_after or len(rest) <= MAX_SHORT_REST_CHARS
            if (rest in leading and short_rest) or known_rest:
                return len(head)
        return None

    def split(match: re.Match[str]) -> str:
        token = match.group(0)
        key = token.lower()
        if len(key) < MIN_RUN_TOGETHER_CHARS or key in alone:
            return token
        cut = cut_at(key)
        return token if cut is None else f"{token[:cut]} {token[cut:]}"

    return lambda text: _LETTERS.sub(split, text)


# A word misread by one letter is put right only when long enough that one letter in it is a
# misreading, not another word ("CAT" and "CAR" both are words).
MIN_MENDED_CHARS = 5


def mender(spoken: str, known: Callable[[], Collection[str]]) -> Callable[[str], str]:
    """On-screen text with a word the reader misread by one letter put right where the speech
    says the word ("A $1000 EMERGENGY" → "A $1000 EMERGENCY" when "emergency" is said): the
    word read is none `known` (lower-case words a dictionary holds, asked for only when
    needed) holds, the word said is one, and the two differ in one letter, not the first.
    The speech alone does not vouch for a word: a recogniser's guess at one ("Staplan" for
    "Sparplan") is no dictionary word."""
    shapes: dict[tuple[int, str], set[str]] = {}
    said = {w.lower() for w in _LETTERS.findall(spoken) if len(w) >= MIN_MENDED_CHARS}
    for word in said:
        shapes.setdefault((len(word), word[0]), set()).add(word)
    lexicon = _read_once(known)

    def mend(match: re.Match[str]) -> str:
        token = match.group(0)
        key = token.lower()
        if len(key) < MIN_MENDED_CHARS or key in said:
            return token
        near = [
            word
            for word in shapes.get((len(key), key[0]), ())
            if sum(a != b for a, b in zip(word, key, strict=True)) == 1
        ]
        if len(near) != 1 or key in lexicon() or near[0] not in lexicon():
            return token
        if token.isupper():
            return near[0].upper()
        return near[0].capitalize() if token[:1].isupper() else near[0]

    return lambda text: _LETTERS.sub(mend, text)


# A word heard is matched by its sound only when long enough that its sound says something.
MIN_SOUNDED_CHARS = 4


def heard_as_shown(
    spoken: str, shown: Sequence[str], known: Callable[[], Collection[str]]
) -> Callable[[str], str]:
    """Speech with a word the recogniser made up written as the screen spells the word it
    sounds like: "the little streets of Alphamau" over "DAY 1: ALFAMA" → "… of Alfama",
    "Chagan, feudal Japan" over "3. SHOGUN" → "Shogun, feudal Japan". A word heard is
    replaced only where no dictionary (`known`, lower-case words, asked for only when a word
    has a match) holds it, the screen shows exactly one word of its sound (`metaphone`) that
    the speech never says, and neither holds an apostrophe; the word shown takes the case the
    speech gave the one heard. For the meaning layer's reading of the speech, never for the
    transcript itself."""
    said = {w.lower() for w in _LETTERS.findall(spoken)}
    sounds: dict[str, set[str]] = {}
    for line in shown:
        for word in _LETTERS.findall(line):
            key = word.lower()
            if len(key) >= MIN_SOUNDED_CHARS and key not in said and key.isalpha():
                sounds.setdefault(jellyfish.metaphone(key), set()).add(key)
    lexicon = _read_once(known)

    def as_shown(match: re.Match[str]) -> str:
        token = match.group(0)
        key = token.lower()
        if len(key) < MIN_SOUNDED_CHARS or not key.isalpha():
            return token
        found = sounds.get(jellyfish.metaphone(key), set())
        if len(found) != 1 or key in lexicon():
            return token
        (word,) = found
        return word.capitalize() if token[:1].isupper() else word

    if not sounds:
        return lambda text: text
    return lambda text: _LETTERS.sub(as_shown, text)
