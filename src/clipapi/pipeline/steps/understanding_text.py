"""The understanding step's entities, topic tags and optional generative writer, kept apart
from the step's flow (understanding.py) so each stays readable."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import numpy as np

from clipapi.config import Settings
from clipapi.inference import text_models
from clipapi.pipeline.steps.writing import generated_texts
from clipapi.signals.text_entities import (
    ENGLISH_LABELS,
    MAX_ENTITIES,
    NEWS_LABELS,
    BrandLexicon,
    NamedEntities,
    blank_names,
    match_brands,
    named_entities,
)
from clipapi.signals.text_fuzzy import fuzzy_brands, name_key, names_as_shown
from clipapi.signals.text_generative import VideoWords
from clipapi.signals.text_keywords import capital_tags, headed, tags_in_context
from clipapi.signals.text_language import prose
from clipapi.signals.text_places import match_places
from clipapi.signals.text_tags import mentions

NER_CHUNK_CHARS = 1000
T = TypeVar("T")
# language -> (model_versions key, loader, the model's labels): the languages with an NER
# model, which also tags parts of speech. Each loader is looked up in text_models when called.
NER_READERS: dict[str, tuple[str, Callable[[], text_models.SpacyNer], Mapping[str, str]]] = {
    "en": ("ner", lambda: text_models.spacy_english(), ENGLISH_LABELS),
    "fr": ("ner_fr", lambda: text_models.spacy_french(), NEWS_LABELS),
    "es": ("ner_es", lambda: text_models.spacy_spanish(), NEWS_LABELS),
}


class Inputs(Protocol):
    """What this module reads of the step's inputs (understanding.Inputs), declared here so
    the two modules do not import each other."""

    source: dict[str, Any]
    sentences: list[str]
    ocr_any_confidence: list[str]
    guessed: frozenset[str]

    @property
    def transcript_text(self) -> str: ...
    @property
    def ocr_texts(self) -> list[str]: ...
    @property
    def caption_texts(self) -> list[str]: ...
    @property
    def all_texts(self) -> list[str]: ...


class Report(Protocol):
    """What this module writes to the step's report (understanding.Report)."""

    used: set[str]
    writers: dict[str, str]

    def warn(self, message: str | None) -> None: ...
    def attempt(self, what: str, run: Callable[[], T]) -> T | None: ...


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value if isinstance(v, str)] if isinstance(value, list) else []


def generate(
    settings: Settings,
    inputs: Inputs,
    language: str | None,
    vectors: np.ndarray[Any, Any] | None,
    embed: Callable[[Sequence[str]], Any] | None,
    report: Report,
) -> dict[str, str]:
    """The optional generative writer's checked fields (empty when it is off)."""
    words = VideoWords(
        language, inputs.transcript_text, tuple(inputs.ocr_texts), tuple(inputs.caption_texts)
    )
    lexicon = report.attempt("brands", text_models.brand_lexicon)
    generated, model = generated_texts(settings, words, embed, vectors, lexicon)
    for warning in generated.warnings:
        report.warn(warning)
    if model is not None:
        report.writers.update(dict.fromkeys(generated.texts, model))
    return generated.texts


def tags_topics(language: str | None) -> bool:
    """Whether `part_of_speech` reads the language, so its topics are noun phrases."""
    return language == "de" or (language or "") in NER_READERS


def part_of_speech(
    phrases: list[str], language: str | None, report: Report, context: str = ""
) -> list[list[str]] | None:
    """Part-of-speech tags of each phrase where a tagger reads the language (English, French
    and Spanish: the NER models of `NER_READERS`): as tagged where the phrase occurs in
    `context` (the whole text, one line a piece), else tagged alone. Alone, "hiding" or "wet"
    reads as a noun; in "I'm just hiding up the kitchen" it is a verb. A line in capitals is
    tagged in sentence case: the tagger takes the words of "DOES YOUR DOG PULL ON THE LEASH?"
    for nouns ("dog pull"). German is tagged by its capitals (`capital_tags`), which tell a
    noun from the rest."""
    if language == "de" and phrases:
        tagged_de = capital_tags(context)
        return [tags_in_context(p, tagged_de) or ["X"] * len(p.split()) for p in phrases]
    reader = NER_READERS.get(language or "")
    if reader is None or not phrases:
        return None
    key, load, _ = reader
    tagger = report.attempt(key, load)
    if tagger is None:
        return None
    report.used.add(key)
    context = "\n".join(
        line[:1] + line[1:].lower() if line.isupper() else line for line in context.split("\n")
    )
    docs = list(tagger([*phrases, context] if context.strip() else phrases))  # one pass
    alone = [[token.pos_ for token in doc] for doc in docs[: len(phrases)]]
    if not context.strip():
        return alone
    tagged = headed([(token.text, token.pos_) for token in docs[-1]])
    return [
        tags_in_context(phrase, tagged) or tags for phrase, tags in zip(phrases, alone, strict=True)
    ]


def instructions(
    sentences: Sequence[str], language: str | None, fillers: Collection[str], report: Report
) -> frozenset[int]:
    """The spoken sentences, past the first, that instruct: in English, those whose first
    word (past fillers and interjections) the tagger reads as a verb's base form ("Mix about
    200 grams of discard", "Chop the waste out"), a tutorial's steps. "Let me …" and
    "Let's …" announce rather than instruct. The other languages' small taggers do not tell
    an imperative from a noun ("Mélange", "Pon"), so they get none. It is a second pass of
    the tagger: `part_of_speech` tags the whole text as one document, whose sentences are not
    the writer's (only those surely heard); on the 60 s benchmark clip the step took at most
    ~0.07 s more (docs/benchmarks.md)."""
    if language != "en" or len(sentences) < 2:
        return frozenset()
    key, load, _ = NER_READERS["en"]
    tagger = report.attempt(key, load)
    if tagger is None:
        return frozenset()
    report.used.add(key)
    steps = set()
    for i, doc in enumerate(tagger(sentences[1:]), start=1):
        first = next(
            (
                token
                for token in doc
                if token.pos_ not in ("INTJ", "PUNCT", "CCONJ") and token.lower_ not in fillers
            ),
            None,
        )
        if first is not None and first.tag_ == "VB" and first.lower_ != "let":
            steps.add(i)
    return frozenset(steps)


def entities_of(
    inputs: Inputs, language: str | None, tags: list[str], report: Report
) -> dict[str, Any]:
    """People, organisations, brands, places, hashtags and mentions."""
    texts = inputs.all_texts
    entities: dict[str, Any] = {"people": None, "organisations": None}
    has_caption_data = bool(inputs.source.get("hashtags") or inputs.source.get("mentions"))
    if not texts and not has_caption_data:
        report.warn("entities: no speech, on-screen text or caption to read")
        return {**entities, "brands": None, "places": None, "hashtags": None, "mentions": None}
    entities["hashtags"] = tags
    entities["mentions"] = mentions(
        [*inputs.caption_texts, *inputs.ocr_texts, inputs.transcript_text],
        known=_strings(inputs.source.get("mentions")),
    )
    lexicon = report.attempt("brands", text_models.brand_lexicon)
    gazetteer = report.attempt("places", text_models.place_gazetteer)
    shown = inputs.ocr_any_confidence
    entities["brands"] = entities["places"] = None
    if lexicon is not None:
        exact = match_brands(texts, lexicon)
        heard_or_read = fuzzy_brands(inputs.transcript_text, shown, lexicon)
        entities["brands"] = lexicon.with_makers([*exact, *heard_or_read])
        report.used.add("fuzzy_names")

    organisations = report.attempt("organisations", text_models.organisation_list)
    listed: list[str] = []
    where_places = [inputs.transcript_text, *texts]
    if organisations is not None:
        report.used.add("organisations")
        listed = match_brands(texts, organisations)
        # "Real Madrid" is the club, not the city.
        where_places = blank_names(where_places, organisations)
    entities["organisations"] = listed if organisations is not None else None
    found = _named(inputs, language, lexicon, report)
    ner_places: list[str] = []
    if found is not None:
        # A "person" the gazetteer knows is a place NER misread ("Porto").
        known_places = gazetteer.names_lower if gazetteer is not None else frozenset()
        people = [name for name in found.people if name.lower() not in known_places]
        entities["people"] = names_as_shown(people, shown)
        named = {name.lower() for name in listed}
        entities["organisations"] = [
            *listed,
            *(name for name in found.organisations if name.lower() not in named),
        ][:MAX_ENTITIES]
        ner_places = [*found.places, *(name for name in found.people if name not in people)]
    if gazetteer is not None:
        report.used.add("places")
        spoken, place_texts = where_places[0], where_places[1:]
        entities["places"] = match_places(
            place_texts, gazetteer, ner_places, spoken=spoken, shown=shown
        )
    return entities


NAMED_KINDS = ("people", "organisations", "brands", "places")


def entity_names(entities: dict[str, Any], kinds: Sequence[str] = NAMED_KINDS) -> tuple[str, ...]:
    """Every name among `entities` of the given `kinds` (by default people, organisations,
    brands and places), as written."""
    return tuple(name for kind in kinds for name in entities.get(kind) or () if name)


def _named(
    inputs: Inputs, language: str | None, lexicon: BrandLexicon | None, report: Report
) -> NamedEntities | None:
    """People, organisations and places by the NER model of the video's language, without
    the names the recogniser only guessed at; None (with a warning) where no model reads it."""
    reader = NER_READERS.get(language or "")
    if reader is None:
        report.warn(
            "entities: people need English, French or Spanish NER, and organisations come only "
            f"from the list of well-known ones; language is {language or 'unknown'}"
        )
        return None
    key, load, labels = reader
    ner = report.attempt(key, load)
    if ner is None or lexicon is None:
        return None
    report.used.add(key)
    return heard_names(named_entities(ner_texts(inputs), ner, lexicon, labels), inputs.guessed)


def heard_names(found: NamedEntities, guessed: frozenset[str]) -> NamedEntities:
    """`found` without the names whose longest word the recogniser only guessed at
    ("Chouami", heard at 0.2 in speech it could not make out; "Marac Obama", 0.26 and 0.30;
    "Cromon Co.", where only "Co" is also written on screen): a capital on a guess names
    nothing. The longest word is the one that says who: a rare first name is heard less
    surely than the surname beside it ("Serena Williams", 0.40 and 0.99), and an initial or a
    "Co." heard surely vouches for nobody."""

    def heard(name: str) -> bool:
        longest = max(name.split(), key=lambda word: len(name_key(word)), default="")
        return name_key(longest) not in guessed

    return NamedEntities(
        [n for n in found.people if heard(n)],
        [n for n in found.organisations if heard(n)],
        [n for n in found.places if heard(n)],
    )


def ner_texts(inputs: Inputs) -> list[str]:
    chunks: list[str] = []
    current = ""
    for sentence in inputs.sentences:
        if current and len(current) + len(sentence) > NER_CHUNK_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    # All-caps captions read as a string of proper nouns to a cased NER model: skipped.
    shown = [t for t in inputs.ocr_texts if not t.isupper()]
    return [*chunks, *shown, *(prose(str(t)) for t in inputs.caption_texts)]
