"""Brands from a curated lexicon, and people and organisations by named-entity recognition.

Brands (`data/brands.json`, curated by hand): each brand lists the words that name it. `match`
words are found case-insensitively, `match_exact` words only as written (acronyms such as
"LG", names that are ordinary words in lower case such as "Whole Foods"), and `match_word`
words as written and never as a sentence's first word, where a capital proves nothing ("Apple
pie", "Target the glutes"). Every match is a whole word: "Nike" matches "#nike" and "Nike's"
but not "Nikes". A product line is a brand of its own that names its `maker`, listed right
after it ("iPhone" → iPhone, Apple). Brands come back by mention count, then first mention.

People, organisations and places come from spaCy's NER (English PERSON, ORG, GPE; French PER,
ORG, LOC). Entity edges that are stop words or punctuation are trimmed ("Samsung Galaxy and" →
"Samsung Galaxy"), a possessive "'s" is dropped, a name needs a capital letter, a lone surname
folds into the full name found elsewhere ("Musk" → "Elon Musk"), and a PERSON that is a lexicon
brand, or one word the texts also write in lower case ("Bake"), is not a person.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_ENTITIES = 10

_SENTENCE_START = re.compile(r"(?:^|[.!?…:;\n\"“(\[])\s*$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
_SEPARATOR = re.compile(r"[\s\-]+")
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})


@dataclass(frozen=True)
class BrandPatterns:
    name: str
    insensitive: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    word: re.Pattern[str] | None


@dataclass(frozen=True)
class BrandLexicon:
    version: str
    brands: tuple[BrandPatterns, ...]
    names_lower: frozenset[str] = field(default_factory=frozenset)
    # name -> its distinctive aliases (`match` and `match_exact`), for fuzzy matching
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # product line -> its maker
    makers: tuple[tuple[str, str], ...] = ()

    def with_makers(self, names: Iterable[str]) -> list[str]:
        """`names` with each product line's maker right after it, repeats folded."""
        makers = dict(self.makers)
        listed = [
            listed for name in names for listed in (name, makers.get(name)) if listed is not None
        ]
        return list(dict.fromkeys(listed))


@dataclass(frozen=True)
class NamedEntities:
    people: list[str]
    organisations: list[str]
    places: list[str] = field(default_factory=list)  # GPE: countries, cities, states


def _alias_pattern(alias: str) -> str:
    parts = [re.escape(part) for part in _SEPARATOR.split(alias.translate(_APOSTROPHES)) if part]
    return r"[\s\-]*".join(parts)


def _compile(aliases: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    bodies = sorted((_alias_pattern(a) for a in aliases), key=len, reverse=True)
    if not bodies:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(bodies) + r")(?!\w)", flags)


def build_brand_lexicon(data: dict[str, Any]) -> BrandLexicon:
    brands = tuple(
        BrandPatterns(
            name=str(entry["name"]),
            insensitive=_compile(entry.get("match", ()), re.IGNORECASE),
            exact=_compile(entry.get("match_exact", ())),
            word=_compile(entry.get("match_word", ())),
        )
        for entry in data["brands"]
    )
    all_aliases = {
        alias.lower()
        for entry in data["brands"]
        for key in ("match", "match_exact", "match_word")
        for alias in entry.get(key, ())
    }
    names = {b.name.lower() for b in brands} | all_aliases
    distinctive = tuple(
        (str(entry["name"]), (*entry.get("match", ()), *entry.get("match_exact", ())))
        for entry in data["brands"]
    )
    makers = tuple(
        (str(entry["name"]), str(entry["maker"])) for entry in data["brands"] if entry.get("maker")
    )
    version = str(data.get("version", "unversioned"))
    return BrandLexicon(version, brands, frozenset(names), distinctive, makers)


def _sentence_initial(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text[max(0, start - 40) : start]) is not None


def _mentions(brand: BrandPatterns, text: str) -> list[tuple[int, int]]:
    """Spans of `brand`'s mentions in `text`; overlapping aliases count once."""
    spans = [
        (m.start(), m.end())
        for pattern in (brand.insensitive, brand.exact)
        if pattern
        for m in pattern.finditer(text)
    ]
    if brand.word:
        spans += [
            (m.start(), m.end())
            for m in brand.word.finditer(text)
            if not _sentence_initial(text, m.start())
        ]
    kept: list[tuple[int, int]] = []
    reach = -1
    for start, end in sorted(spans):
        if start >= reach:
            kept.append((start, end))
        reach = max(reach, end)
    return kept


@dataclass(frozen=True)
class Found:
    """A lexicon entry found in the texts, and how the texts write it most often."""

    name: str
    written: str


def find_names(texts: Sequence[str], lexicon: BrandLexicon) -> list[Found]:
    """Entries named in `texts` (transcript, OCR lines, caption), most mentioned first."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, int]] = {}
    forms: dict[str, Counter[str]] = {}
    for unit, raw in enumerate(texts):
        text = raw.translate(_APOSTROPHES)
        for brand in lexicon.brands:
            spans = _mentions(brand, text)
            if spans:
                counts[brand.name] = counts.get(brand.name, 0) + len(spans)
                first.setdefault(brand.name, (unit, spans[0][0]))
                written = forms.setdefault(brand.name, Counter())
                written.update(" ".join(text[start:end].split()) for start, end in spans)
    ranked = sorted(counts, key=lambda name: (-counts[name], first[name]))
    return [Found(name, forms[name].most_common(1)[0][0]) for name in ranked]


def blank_names(texts: Sequence[str], lexicon: BrandLexicon) -> list[str]:
    """`texts` with every mention of a lexicon entry blanked out, so that a place inside an
    organisation's name ("Real Madrid") is not read as the place."""
    blanked: list[str] = []
    for raw in texts:
        text = raw.translate(_APOSTROPHES)
        for brand in lexicon.brands:
            for start, end in _mentions(brand, text):
                text = text[:start] + " " * (end - start) + text[end:]
        blanked.append(text)
    return blanked


def match_brands(texts: Sequence[str], lexicon: BrandLexicon) -> list[str]:
    """Brands named in `texts`, most mentioned first; makers are the caller's to add
    (`BrandLexicon.with_makers`)."""
    return [found.name for found in find_names(texts, lexicon)]


# --- named entities ----------------------------------------------------------------------


def _clean_span(ent: Any) -> str | None:
    tokens = list(ent)
    while tokens and (
        tokens[0].is_punct or tokens[0].is_space or (tokens[0].is_stop and tokens[0].is_lower)
    ):
        tokens.pop(0)
    while tokens and (
        tokens[-1].is_punct
        or tokens[-1].is_space
        or tokens[-1].text in _POSSESSIVE
        or (tokens[-1].is_stop and tokens[-1].is_lower)
    ):
        tokens.pop()
    if not tokens:
        return None
    doc = tokens[0].doc
    text = " ".join(doc[tokens[0].i : tokens[-1].i + 1].text.split())
    if len(re.findall(r"[^\W\d_]", text)) < 2 or not any(ch.isupper() for ch in text):
        return None
    return text


def _rank(found: list[str]) -> list[str]:
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    order: dict[str, int] = {}
    for position, name in enumerate(found):
        key = name.lower()
        counts[key] = counts.get(key, 0) + 1
        spelling.setdefault(key, name)
        order.setdefault(key, position)
    # A name whose words all appear in a longer name ("Musk", "Elon Musk") is that name.
    for key in sorted(counts, key=len):
        words = set(key.split())
        longer = [other for other in counts if other != key and words < set(other.split())]
        if len(longer) == 1:
            counts[longer[0]] += counts.pop(key)
            order[longer[0]] = min(order[longer[0]], order.pop(key))
    ranked = sorted(counts, key=lambda key: (-counts[key], order[key]))
    return [spelling[key] for key in ranked[:MAX_ENTITIES]]


# Each NER model's labels for the three kinds kept (English GPE: countries, cities, states;
# French and Spanish LOC: any named place). spaCy's French and Spanish news pipelines label
# entities alike (WikiNER).
ENGLISH_LABELS: Mapping[str, str] = {"PERSON": "people", "ORG": "organisations", "GPE": "places"}
NEWS_LABELS: Mapping[str, str] = {"PER": "people", "ORG": "organisations", "LOC": "places"}


# A word after another word of its sentence, where a capital marks a name.
_INSIDE_CAPITAL = re.compile(r"(?<=[\w,;:]\s)([^\W\d_][\w'-]*)")


def named_entities(
    texts: Sequence[str],
    ner: Callable[[Sequence[str]], list[Any]],
    lexicon: BrandLexicon,
    labels: Mapping[str, str] = ENGLISH_LABELS,
) -> NamedEntities:
    """People, organisations and places NER finds in `texts` (`labels`: the model's label of
    each kind), most mentioned first."""
    people: list[str] = []
    organisations: list[str] = []
    places: list[str] = []
    lower_words = {w for t in texts for w in re.findall(r"\b[^\W\d_A-Z][\w']*", t)}
    # Words written with a capital inside a sentence, where the capital marks a name.
    inside = {m.group(1) for t in texts for m in _INSIDE_CAPITAL.finditer(t)}
    brand_words = {alias.lower() for _, aliases in lexicon.aliases for alias in aliases}
    for doc in ner([t for t in texts if t.strip()]):
        for ent in doc.ents:
            kind = labels.get(ent.label_)
            if kind is None:
                continue
            text = _clean_span(ent)
            if text is None:
                continue
            if kind == "people":
                # A one-word "person" the texts also write in lower case is a common word
                # that opened a sentence ("Bake it for an hour" … "bake the bread").
                common = " " not in text and text.lower() in lower_words
                if text.lower() not in lexicon.names_lower and not common:
                    people.append(text)
            elif kind == "places":
                # "the new Zelda" read as a place: a brand's name is none, nor a name a brand
                # goes by only inside a sentence ("the recovery extension in Chrome").
                named = text.lower() in lexicon.names_lower
                if not named and not brand_words.intersection(text.lower().split()):
                    places.append(text)
            elif " " in text or text in inside or text.lower() in lexicon.names_lower:
                # A one-word "organisation" seen only opening a sentence is a word its
                # capital made a name of ("¿Sabías que …", did you know).
                organisations.append(text)
    return NamedEntities(_rank(people), _rank(organisations), _rank(places))
