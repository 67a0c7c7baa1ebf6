"""The understanding step's writer and entities on multilingual creator clips: titles and
summaries in the video's language, topics without interface words or the hook caption,
places, and brands the recogniser misheard but the screen shows."""

from __future__ import annotations

from pathlib import Path

from test_understanding_step import ENTITIES, OVERVIEW, probe, run, transcript, visual

from clipapi.schemas.result import ContentOverview, Entities
from clipapi.signals.text_faithful import names, numbers


def assert_said(text: str | None, sources: list[str], language: str) -> None:
    assert text is not None
    joined = "\n".join(sources)
    assert numbers(text) <= numbers(joined), text
    for name in names(text, language):
        assert name.lower() in joined.lower(), (name, text)


GERMAN = [
    "Heute zeige ich dir, wie du in München einen Tag für zwanzig Euro verbringst.",
    "Morgens gehst du auf den Viktualienmarkt und holst dir eine Brezn.",
    "Mittags setzt du dich in den Englischen Garten und schaust den Surfern zu.",
    "Abends geht es in einen Biergarten, wo du dein eigenes Essen mitbringen darfst.",
    "Folge mir für mehr Reisetipps.",
]

REVIEW = [
    "Stop scrolling, this phone surprised me.",
    "I have been testing the Samsong for two weeks now.",
    "The camera is excellent in low light and the battery lasts a full day.",
    "The price is high, so wait for a sale if you can.",
    "Open the link in my bio and follow for more reviews.",
]


def test_a_german_travel_clip_is_written_in_german_with_its_places(tmp_path: Path) -> None:
    output = run(tmp_path, probe=probe(), transcript=transcript(GERMAN, language="de"))
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    entities = Entities.model_validate(output.fields[ENTITIES])
    assert overview.title is not None
    assert overview.title.startswith("Wie du in München")
    assert len(overview.title.split()) <= 10
    assert overview.summary is not None
    assert overview.summary.startswith("Das Video zeigt, wie du in München")
    assert overview.summary.endswith(".")
    assert entities.places == ["München"]
    assert_said(overview.title, GERMAN, "de")
    assert_said(overview.summary, GERMAN, "de")
    assert output.model_versions["places"] == "places.v2 gazetteer"


def test_topics_are_subjects_and_a_misheard_brand_is_read_off_the_screen(
    tmp_path: Path,
) -> None:
    shown = [
        {"start": 0.0, "end": 2.5, "text": "STOP SCROLLING", "confidence": 0.97},
        {"start": 3.0, "end": 9.0, "text": "SAMSUNG S25 REVIEW", "confidence": 0.7},
        {"start": 17.0, "end": 20.0, "text": "FOLLOW FOR MORE", "confidence": 0.96},
    ]
    output = run(tmp_path, probe=probe(), transcript=transcript(REVIEW), visual=visual(ocr=shown))
    entities = Entities.model_validate(output.fields[ENTITIES])
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    assert entities.brands == ["Samsung"]
    assert entities.topics
    interface = {"open", "follow", "link", "bio", "stop", "scrolling"}
    for topic in entities.topics:
        assert not interface & set(topic.lower().split()), topic
    assert overview.title is not None
    assert "Stop scrolling" not in overview.title
    assert len(overview.title.split()) <= 10
    sources = [*REVIEW, *(item["text"] for item in shown)]
    assert_said(overview.title, sources, "en")
    assert_said(overview.summary, sources, "en")


FRENCH_TOUR = [
    "Sophie Germain a travaillé sur les métaux de la tour Eiffel.",
    "Chouami a parlé aux ingénieurs, mais aucune femme dans la liste.",
]


def test_french_names_come_from_the_french_model_but_not_from_guesses(tmp_path: Path) -> None:
    said = transcript(FRENCH_TOUR, language="fr")
    # Word probabilities as the recogniser gives them: "Chouami" is a guess (0.2).
    said.signals["words"] = [
        (4.0 * i + 0.3 * j, 4.0 * i + 0.3 * j + 0.25, word, 0.2 if word == "Chouami" else 0.9)
        for i, sentence in enumerate(FRENCH_TOUR)
        for j, word in enumerate(sentence.split())
    ]
    output = run(tmp_path, probe=probe(), transcript=said)
    entities = Entities.model_validate(output.fields[ENTITIES])
    assert entities.people == ["Sophie Germain"]
    assert entities.places is not None
    assert "Chouami" not in entities.places
    assert output.model_versions["ner_fr"] == "fr_core_news_sm 3.8.0"


def test_a_place_opening_a_sentence_is_still_a_place(tmp_path: Path) -> None:
    sentences = [
        "So this is day three in Lisbon and the trams are packed.",
        "Get off one stop early and walk up the steps behind the church.",
        "Follow along. Porto is next.",
    ]
    output = run(tmp_path, probe=probe(), transcript=transcript(sentences))
    entities = Entities.model_validate(output.fields[ENTITIES])
    # "Porto" at a sentence's start is no proof for the gazetteer, and NER reads it as a
    # person: the gazetteer knows it as a place, so it is one.
    assert entities.places == ["Lisbon", "Porto"]
    assert entities.people == []


RUN_CLUB = [
    "Static stretching before a run is doing basically nothing for you.",
    "Holding a hamstring stretch while your muscles are cold is not preventing injuries.",
    "What actually helps is five minutes of leg swings, skips and walking lunges.",
    "Keep the long holds for afterwards, when your body is actually warm.",
    "Come run with us on Saturday at eight.",
    "We meet by the cafe in Victoria Park.",
]


def test_what_follows_the_closing_call_is_its_ask_not_the_subject(tmp_path: Path) -> None:
    output = run(tmp_path, probe=probe(), transcript=transcript(RUN_CLUB))
    overview = ContentOverview.model_validate(output.fields[OVERVIEW])
    entities = Entities.model_validate(output.fields[ENTITIES])
    assert overview.summary is not None
    assert "Victoria Park" not in overview.summary
    assert not any("Victoria" in topic or "cafe" in topic for topic in entities.topics or [])
    # The place is still one the video names.
    assert entities.places == ["Victoria Park"]


def test_english_steps_are_the_sentences_that_open_with_a_verb() -> None:
    from clipapi.pipeline.steps.understanding import Report
    from clipapi.pipeline.steps.understanding_text import instructions

    lines = [
        "Stop binning your sourdough discard.",
        "Okay, mix about 200 grams of discard with olive oil.",
        "Let me show you the crackers.",
        "The dough rests overnight.",
        "Chop the waste out from both faces.",
    ]
    report = Report()
    assert instructions(lines, "en", {"okay", "so"}, report) == {1, 4}
    assert instructions(["Mélange la farine.", "Ajoutez le sucre."], "fr", (), report) == set()


def test_an_anecdote_about_someone_of_ones_own_is_comedy(tmp_path: Path) -> None:
    """A sister quoted, through the recogniser (no quotation marks): told for a laugh,
    though e5 alone reads its props (a car, a bumper) as another category."""
    lines = [
        "My sister borrowed my car for one afternoon.",
        "She brings it back and goes, it was like that when I got it.",
        "The front bumper is sitting on the back seat.",
        "Then she asks, can I take it again on Friday?",
        "Honestly, I'm not even mad anymore.",
    ]
    output = run(tmp_path, probe=probe(), transcript=transcript(lines))
    assert ContentOverview.model_validate(output.fields[OVERVIEW]).category == "Comedy"
