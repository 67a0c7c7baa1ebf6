"""Places named in the video: a gazetteer of countries and major cities in six languages
(`data/places.json`, written by hand), plus spaCy's GPE entities where the text is English.

Gazetteer names match as written and as whole words (a place is a proper noun: "Turkey" the
country is not "turkey" the bird); names that are also ordinary words or first names
("Austin", "Lima", "Florence") match only past a sentence's first word. A line shown in
capitals ("VISITING LISBON") is read in title case too. Every place comes back under its
English name ("München" → "Munich"), most mentioned first, then the NER places the gazetteer
does not hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clipapi.signals.text_entities import (
    MAX_ENTITIES,
    BrandLexicon,
    build_brand_lexicon,
    match_brands,
)

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
    texts: Sequence[str], gazetteer: Gazetteer, ner_places: Sequence[str] = ()
) -> list[str]:
    """Places in `texts` (transcript, on-screen lines, caption), as the module describes."""
    readable = [
        version
        for text in texts
        for version in ([text, text.title()] if text.isupper() else [text])
    ]
    found = match_brands(readable, gazetteer)
    known = gazetteer.names_lower
    extra = [place for place in ner_places if place.lower() not in known]
    return list(dict.fromkeys([*found, *extra]))[:MAX_ENTITIES]
