"""Text checks behind the meaning figures: labels compared loosely ("Food & Cooking" is
"food_and_cooking"), whether a title names the subject, and which names and numbers in a
written field occur in none of the sources. Pure functions over strings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from clipapi.evaluation.metrics import Ratio

# Two word forms count as the same word when the longer is the shorter plus up to
# INFLECTION_MAX letters and the shorter has at least STEM_MIN ("budget" / "budgeting").
STEM_MIN = 4
INFLECTION_MAX = 3
# A text reads as Title Case when at least this share of its words of 4+ letters start with
# a capital; then a capital says nothing about a name.
TITLE_CASE_SHARE = 0.6

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # hyphenated compounds stay one word
_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[.,\s]\d{3})+|\d+(?:[.,]\d+)?)\s*([kKmM](?![a-zA-Z]))?"
)

# Number words that may stand for digits in the sources (a writer that turns "fifteen" into
# "15" is faithful). Compounds of tens and units are read in each language's pattern.
_UNITS = {
    "en": "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
    "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn",
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
    "quince dieciséis diecisiete dieciocho diecinueve",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze "
    "quinze seize dix-sept dix-huit dix-neuf",
}
_TENS = {
    "en": "twenty thirty forty fifty sixty seventy eighty ninety",
    "de": "zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig",
    "es": "veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa",
    "fr": "vingt trente quarante cinquante soixante soixante-dix quatre-vingt quatre-vingt-dix",
}
_EXTRA = {"ein": 1, "eine": 1, "una": 1, "une": 1, "cien": 100, "ciento": 100}
# Words (and digit suffixes) that multiply the number before them: "five hundred", "100K".
_SCALES = {
    "hundred": 100.0, "hundert": 100.0, "cent": 100.0, "cents": 100.0, "cientos": 100.0,
    "thousand": 1e3, "tausend": 1e3, "mil": 1e3, "mille": 1e3, "million": 1e6,
    "millions": 1e6, "millionen": 1e6, "millon": 1e6, "millones": 1e6,
}  # fmt: skip
_SUFFIXES = {"k": 1e3, "m": 1e6}


def _number_words() -> tuple[dict[str, int], dict[str, int]]:
    units: dict[str, int] = {}
    tens: dict[str, int] = {}
    for words in _UNITS.values():
        units.update({fold(w): n for n, w in enumerate(words.split())})
    for words in _TENS.values():
        for word in words.split():
            tens[fold(word)] = {
                "soixante-dix": 70, "quatre-vingt": 80, "quatre-vingt-dix": 90,
            }.get(word) or 10 * (2 + words.split().index(word))  # fmt: skip
    return units, tens


def fold(text: str) -> str:
    """Case-folded, accents removed, NFKC: how two spellings of one word are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", bare).replace("ß", "ss")


_UNIT_WORDS, _TEN_WORDS = _number_words()


def words(text: str) -> list[str]:
    return [fold(w) for w in _WORD.findall(text)]


def same_word(a: str, b: str) -> bool:
    """Folded words equal, or one an inflection of the other (see STEM_MIN)."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    grown = len(long) - len(short)
    return len(short) >= STEM_MIN and long.startswith(short) and grown <= INFLECTION_MAX


# --- labels ---------------------------------------------------------------------------------


def same_label(truth: str | None, found: str | None) -> bool:
    """ "Food & Cooking" equals "food_and_cooking"; None equals only None."""

    def key(label: str | None) -> str | None:
        if label is None:
            return None
        return " ".join(words(label.replace("&", " and ")))

    return key(truth) == key(found)


def label_accuracy(pairs: Iterable[tuple[str | None, str | None]]) -> Ratio:
    total = Ratio()
    for truth, found in pairs:
        total += Ratio(int(same_label(truth, found)), 1)
    return total


# --- the title names the subject ------------------------------------------------------------


# Joining words skipped when a multi-word topic is looked for in a title, so that "hole in the
# wall" is in "Fix a hole in your wall" and "cat nails" in "Trim your cat's nails": articles,
# prepositions and possessives of en, de, es, fr, it, pt. Single letters ("s" of "cat's",
# "l" of "l'huile") are skipped too.
_JOINING = frozenset(
    words(
        "a an the of in on at to for with and or my your his her our their its "
        "der die das den dem des ein eine einen einem einer und mit von zu im am vom zum zur "
        "mein meine dein deine sein seine unser "
        "el la los las un una unos unas de del al y con en mi mis tu tus su sus "
        "le les une des du au aux et avec dans mon ma mes ton ta tes son sa ses "
        "il lo gli uno di da per nel nella della dello dei delle mio mia tuo tua suo sua "
        "os as um uma do dos das no na nos nas em com meu minha teu seu"
    )
)


def _content(text_words: Sequence[str]) -> list[str]:
    return [w for w in text_words if len(w) > 1 and w not in _JOINING]


def topic_in_title(title: str | None, topic_words: Sequence[str]) -> bool:
    """One of the subject words (or a multi-word subject) is in the title, compared folded and
    allowing inflections; a multi-word subject must appear as a phrase, joining words aside
    ("tucking a sweater" is in "How to tuck a sweater"). No title is a miss."""
    if not title:
        return False
    title_words = _content(words(title))
    for topic in topic_words:
        parts = _content(words(topic)) or words(topic)
        for start in range(len(title_words) - len(parts) + 1):
            window = title_words[start : start + len(parts)]
            if all(same_word(a, b) for a, b in zip(parts, window, strict=True)):
                return True
    return False


# --- faithfulness ---------------------------------------------------------------------------


def _digits_value(digits: str) -> float:
    """ "1,000" / "1.000" / "1 000" are a thousand; "3,5", "3.5" are three and a half, and
    "0.045" is a fraction (no group of thousands starts with 0)."""
    if re.fullmatch(r"[1-9]\d{0,2}(?:[.,\s]\d{3})+", digits):
        return float(re.sub(r"[.,\s]", "", digits))
    return float(digits.replace(",", "."))


def numbers_in(text: str) -> set[float]:
    """Every number written in digits ("100K" is 100000, "78%" is 78) or in words ("fifteen",
    "twenty-five", "dreiundsechzig", "soixante-cinq", "treinta y dos", "five hundred") in
    en/de/es/fr. Each part of a compound is kept too: the set errs towards finding."""
    found: set[float] = set()
    for match in _NUMBER.finditer(text):
        value = _digits_value(match.group(1))
        found.add(value)
        suffix = (match.group(2) or "").lower()
        following = words(text[match.end() : match.end() + 20])[:1]
        scale = _SUFFIXES.get(suffix) or (_SCALES.get(following[0]) if following else None)
        if scale:
            found.add(value * scale)
    tokens = words(text)
    values = [_word_values(token) for token in tokens]
    for index, token in enumerate(tokens):
        found.update(values[index])
        after = tokens[index + 1 : index + 3]
        if token in _TEN_WORDS and after:  # "treinta y dos", "twenty five"
            unit = after[1] if after[0] in ("y", "et") and len(after) > 1 else after[0]
            if 0 < _UNIT_WORDS.get(unit, 0) < 10:
                found.add(_TEN_WORDS[token] + _UNIT_WORDS[unit])
        if after and after[0] in _SCALES:  # "five hundred", "drei tausend"
            found.update(v * _SCALES[after[0]] for v in values[index])
    return found


def _word_values(token: str) -> set[float]:
    values: set[float] = set()
    for table in (_UNIT_WORDS, _TEN_WORDS, _EXTRA):
        if token in table:
            values.add(table[token])
    if token in _SCALES:
        values.add(_SCALES[token])
    if token.startswith("veinti") and 0 < _UNIT_WORDS.get(token[6:], 0) < 10:  # veintidós
        values.add(20 + _UNIT_WORDS[token[6:]])
    for separator in ("-", "und"):  # twenty-five, soixante-cinq, dreiundsechzig
        head, _, tail = token.partition(separator)
        if not head or not tail:
            continue
        tens_word, unit_word = (tail, head) if separator == "und" else (head, tail)
        tens, unit = _TEN_WORDS.get(tens_word), _UNIT_WORDS.get(unit_word)
        if tens and unit is not None and 0 < unit < 20:
            values.add(tens + unit)
    return values


def _is_title_case(text: str) -> bool:
    long_words = [w for w in _WORD.findall(text) if len(w) >= 4 and w[0].isalpha()]
    if len(long_words) < 2:
        return False
    capitals = sum(1 for w in long_words if w[0].isupper())
    return capitals / len(long_words) >= TITLE_CASE_SHARE


def _looks_like_name(word: str, *, sentence_start: bool, title_case: bool) -> bool:
    """A capital where the language puts none: inside a sentence (and not in a Title Case
    line), a capital after the first letter ("iPhone", "TikTok") or all capitals ("NASA")."""
    if len(word) < 2 or not word[0].isalpha():
        return False
    inner_capital = any(c.isupper() for c in word[1:]) and any(c.islower() for c in word)
    all_capitals = len(word) >= 2 and word.isupper()
    if inner_capital or all_capitals:
        return True
    return word[0].isupper() and not sentence_start and not title_case


def name_candidates(text: str, language: str | None = None) -> list[str]:
    """The words of `text` that name something (see `_looks_like_name`). German capitalises
    every noun, so there (as in a Title Case line) only inner capitals and acronyms count."""
    title_case = language == "de" or _is_title_case(text)
    candidates: list[str] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        gap = text[previous_end : match.start()]
        sentence_start = previous_end == 0 or any(c in gap for c in ".!?…:\n")
        word = match.group(0)
        if _looks_like_name(word, sentence_start=sentence_start, title_case=title_case):
            candidates.append(word)
        previous_end = match.end()
    return candidates


def unfaithful_tokens(
    texts: Mapping[str, str | None], sources: Sequence[str], language: str | None = None
) -> list[str]:
    """Names and numbers in the written fields that occur in none of the sources, as
    "field: token". A name matches a source word folded, inflections allowed; a number
    matches by value, digits or words."""
    source_words = {w for source in sources for w in words(source)}
    source_numbers = {n for source in sources for n in numbers_in(source)}
    flagged: list[str] = []
    for name, text in texts.items():
        if not text:
            continue
        for match in _NUMBER.finditer(text):
            value = _digits_value(match.group(1))
            scaled = value * _SUFFIXES.get((match.group(2) or "").lower(), 1.0)
            if value not in source_numbers and scaled not in source_numbers:
                flagged.append(f"{name}: {match.group(0).strip()}")
        for word in name_candidates(text, language):
            token = fold(word)
            if token.isdigit() or any(same_word(token, w) for w in source_words):
                continue
            flagged.append(f"{name}: {word}")
    return flagged
