"""Is a written title, summary or logline faithful to the video?

A text passes when:
- every number in it (digits, or a number word up to twenty and the tens) occurs in the sources
  (transcript, on-screen text, platform metadata), written either way ("10" or "ten");
- every name in it occurs in the sources as a whole word, case-insensitively. A name is a word
  with a capital past a sentence's start ("Paris"), a word with an inner capital ("iPhone") or
  in capitals ("NASA"), and a sentence's capitalised first word when a name follows it;
  German capitalises every noun, so there only inner capitals and capitals count. A headline
  in title case ("Quick Pasta Carbonara") is held to the same rule: each capitalised word
  must occur in the sources, since nothing tells a name from a capitalised word;
- every brand the lexicon finds in it is found in the sources too;
- it stays close to the sources: at least `MIN_SUPPORT` of its content words share their stem
  (first five letters) with a source word, and, when an embedding similarity is given, it is at
  least `MIN_SIMILARITY` (e5 cosine to the sources' centroid).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from clipapi.signals.writer_language import ALL_FUNCTION_WORDS

MIN_SUPPORT = 0.35
# e5 cosine: paraphrases of a video measured 0.88-0.94 to its centroid, texts on another
# subject 0.84-0.85 (docs/methods.md, "The writer").
MIN_SIMILARITY = 0.87
STEM_CHARS = 5

_NUMBER_WORDS_BY_VALUE = {
    "0": "zero null cero zéro",
    "1": "one eins uno una un une um uma",
    "2": "two zwei dos deux dois duas due",
    "3": "three drei tres trois três tre",
    "4": "four vier cuatro quatre quatro quattro",
    "5": "five fünf cinco cinq cinque",
    "6": "six sechs seis sei",
    "7": "seven sieben siete sept sete sette",
    "8": "eight acht ocho huit oito otto",
    "9": "nine neun nueve neuf nove",
    "10": "ten zehn diez dix dez dieci",
    "11": "eleven elf once onze undici",
    "12": "twelve zwölf doce douze doze dodici",
    "15": "fifteen fünfzehn quince quinze quindici",
    "20": "twenty zwanzig veinte vingt vinte venti",
    "30": "thirty dreißig treinta trente trinta trenta",
    "40": "forty vierzig cuarenta quarante quarenta quaranta",
    "50": "fifty fünfzig cincuenta cinquante cinquenta cinquanta",
    "100": "hundred hundert cien cent cem cento",
    "1000": "thousand tausend mil mille",
}
# Words that are a number in one language and a common word in another ("un", "une", "um",
# "sei", "due", "dos") are left out: they would make every article a number.
_AMBIGUOUS = frozenset("un une um uma una uno sei due dos tre cent".split())  # noqa: SIM905
NUMBER_WORDS = {
    word: value
    for value, spelled in _NUMBER_WORDS_BY_VALUE.items()
    for word in spelled.split()
    if word not in _AMBIGUOUS
}

_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\u2026]\s+|[\"\u201c\u201e\u00ab(]\s*)$")


@dataclass(frozen=True)
class Verdict:
    faithful: bool
    reasons: tuple[str, ...] = ()


def numbers(text: str) -> set[str]:
    """Numbers in `text`, as digit strings without separators ("1,000" → "1000")."""
    found = {re.sub(r"[.,](?=\d{3}\b)", "", m.group(0)) for m in _DIGITS.finditer(text)}
    spelled = (word.lower() for word in _WORD.findall(text))
    found |= {NUMBER_WORDS[word] for word in spelled if word in NUMBER_WORDS}
    return found


def names(text: str, language: str | None) -> set[str]:
    """The words of `text` that name something, as the module describes; a sentence's first
    word counts when the next word is a name too ("Jamie Oliver")."""
    found: set[str] = set()
    pending: str | None = None  # a capitalised first word, waiting for its neighbour
    for match in _WORD.finditer(text):
        word = re.sub(r"['\u2019]s$", "", match.group(0)).strip("'\u2019-")
        if sum(ch.isalpha() for ch in word) < 2:
            pending = None
            continue
        inner = any(ch.isupper() for ch in word[1:])
        capital = word[0].isupper() and language != "de"
        initial = _SENTENCE_START.search(text[: match.start()]) is not None
        if inner or (capital and not initial):
            found.add(word)
            if pending:
                found.add(pending)
        pending = word if capital and initial and not inner else None
    return found


def _stems(text: str) -> set[str]:
    return {w.lower()[:STEM_CHARS] for w in _WORD.findall(text)}


def support(text: str, sources: str) -> float:
    """The share of `text`'s content words whose stem is a source word's stem."""
    lowered = (word.lower() for word in _WORD.findall(text))
    content = [w for w in lowered if len(w) >= 4 and w not in ALL_FUNCTION_WORDS]
    if not content:
        return 1.0
    known = _stems(sources)
    return sum(w[:STEM_CHARS] in known for w in content) / len(content)


def check(
    text: str,
    sources: Sequence[str],
    language: str | None,
    brands: Callable[[Sequence[str]], list[str]] | None = None,
    similarity: float | None = None,
) -> Verdict:
    """Whether `text` says only what `sources` say, as the module describes."""
    joined = "\n".join(sources)
    lower = joined.lower()
    reasons: list[str] = []
    missing = sorted(numbers(text) - numbers(joined))
    if missing:
        reasons.append(f"numbers not in the video: {', '.join(missing)}")
    unknown = sorted(
        name
        for name in names(text, language)
        if not re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lower)
    )
    if unknown:
        reasons.append(f"names not in the video: {', '.join(unknown)}")
    if brands is not None:
        new_brands = sorted(set(brands([text])) - set(brands(list(sources))))
        if new_brands:
            reasons.append(f"brands not in the video: {', '.join(new_brands)}")
    share = support(text, joined)
    if share < MIN_SUPPORT:
        reasons.append(f"few of its words come from the video ({share:.2f} < {MIN_SUPPORT})")
    if similarity is not None and similarity < MIN_SIMILARITY:
        reasons.append(f"too far from the video ({similarity:.2f} < {MIN_SIMILARITY})")
    return Verdict(not reasons, tuple(reasons))
