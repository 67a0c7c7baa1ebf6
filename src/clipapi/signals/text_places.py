"""Places named in the video: a gazetteer of countries and major cities in six languages
(`data/places.json`, written by hand), plus spaCy's GPE entities where the text is English.

Gazetteer names match as written and as whole words (a place is a proper noun: "Turkey" the
country is not "turkey" the bird); names that are also ordinary words or first names
("Austin", "Lima", "Florence") match only past a sentence's first word. A line shown in
capitals ("VISITING LISBON") is read in title case too. A name misheard or misread by a
letter or two ("Manseille") is found by edit distance (`signals.text_fuzzy`). Every place
comes back as the video writes it most often ("Wien" in German, "Lisbon" for "VISITING
LISBON"), most mentioned first, then the NER places the gazetteer does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clipapi.signals.text_entities import (
    MAX_ENTITIES,
    BrandLexicon,
    build_brand_lexicon,
    find_names,
)
from clipapi.signals.text_fuzzy import NAME_MIN, fuzzy_names, name_key, similarity

Gazetteer = BrandLexicon


def build_gazetteer(data: dict[str, Any]) -> Gazetteer:
    """The places data as patterns: `match` names are case-sensitive, `match_word` names
    are case-sensitive and never a sentence's first word."""
    return build_brand_lexicon(
        {
            "version": data.get("version", "unversioned"),
            "brands": [
                {
                    "name": entry["name"],
                    "match_exact": entry.get("match", ()),
                    "match_word": entry.get("match_word", ()),
                }
                for entry in data["places"]
            ],
        }
    )


def match_places(
    texts: Sequence[str],
    gazetteer: Gazetteer,
    ner_places: Sequence[str] = (),
    *,
    spoken: str = "",
    shown: Sequence[str] = (),
) -> list[str]:
    """Places in `texts` (transcript, on-screen lines, caption), as the module describes;
    `spoken` and `shown` (the transcript, every on-screen line) are searched for names a
    letter or two off."""
    readable = [
        version
        for text in texts
        for version in ([text, text.title()] if text.isupper() else [text])
    ]
    written: dict[str, str] = {}
    for found in [*find_names(readable, gazetteer), *fuzzy_names(spoken, shown, gazetteer)]:
        written.setdefault(found.name, found.written)
    # NER's places the gazetteer did not find: names it lacks, and names it declined where a
    # capital proves nothing ("Porto is next", a sentence's first word); one a letter or two
    # off a place listed ("Manseille") is that place.
    listed = [name_key(place) for place in written.values()]
    extra = [
        place
        for place in ner_places
        if all(similarity(name_key(place), key) < NAME_MIN for key in listed)
    ]
    return list(dict.fromkeys([*written.values(), *extra]))[:MAX_ENTITIES]
