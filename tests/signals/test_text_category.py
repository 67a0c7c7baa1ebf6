"""Category: the zero-shot label of the video's words over the reference's creator categories."""

from __future__ import annotations

import json
from importlib.resources import files

import numpy as np
from text_samples import CATEGORY_TEXTS, COOKING, HELD_OUT_CATEGORY_TEXTS, SPANISH, TECH_REVIEW

from clipapi.inference import text_models
from clipapi.signals import text_category
from clipapi.signals.text_category import CategoryResult, classify_category
from clipapi.signals.text_summary import split_sentences, word_count

REFERENCE_CATEGORIES = (
    "Educational",
    "Entertainment",
    "Comedy",
    "Lifestyle",
    "Food & Cooking",
    "Fitness",
    "Beauty & Fashion",
    "Tech",
    "Business & Finance",
    "Gaming",
    "Music",
    "Travel",
    "News",
    "Sports",
    "Pets & Animals",
    "Art & DIY",
    "Motivation",
)

# Written for these tests in each supported language other than English; none of them is a
# prototype sentence.
OTHER_LANGUAGES = [
    (
        "Food & Cooking",
        "Heute machen wir Kartoffelsuppe. Die Kartoffeln schälen, mit Zwiebeln anbraten und "
        "eine halbe Stunde köcheln lassen. Zum Schluss mit Sahne verfeinern.",
    ),
    (
        "Fitness",
        "Rutina de piernas para hacer en casa. Tres series de sentadillas, luego zancadas y "
        "puente de glúteos. Descansa treinta segundos entre cada ejercicio.",
    ),
    (
        "Business & Finance",
        "Si tu veux épargner, ouvre un livret et mets de côté dix pour cent de ton salaire "
        "chaque mois. Ensuite, investis dans un ETF mondial sur le long terme.",
    ),
    (
        "Travel",
        "Três dias em Lisboa: visitamos o bairro de Alfama, comemos pastel de nata em Belém e "
        "pegamos o elétrico vinte e oito. O hotel ficava perto do rio.",
    ),
    (
        "Tech",
        "Ho provato il nuovo telefono per una settimana. La batteria dura due giorni, la "
        "fotocamera è ottima di notte ma lo schermo è un po' scuro.",
    ),
    (
        "Pets & Animals",
        "Unser Hund Bruno hat heute zum ersten Mal den Schnee gesehen. Er ist durch den Garten "
        "gerannt und wollte gar nicht mehr rein.",
    ),
    (
        "News",
        "El parlamento aprobó ayer la reforma de las pensiones. La oposición anunció que "
        "recurrirá la ley ante el tribunal constitucional.",
    ),
    (
        "Beauty & Fashion",
        "Ma routine maquillage du quotidien : un peu de fond de teint, du mascara et un rouge "
        "à lèvres nude. Et pour la tenue, un jean droit avec une chemise blanche.",
    ),
]


def categorise(text: str) -> CategoryResult:
    sentences = split_sentences(text)
    vectors = text_models.embedder()(sentences)
    return classify_category(
        vectors, word_count(sentences), text_models.meaning_labels().categories
    )


def test_the_label_file_ships_exactly_the_reference_categories_in_six_languages() -> None:
    data = json.loads((files("clipapi") / "data" / "labels" / "categories.json").read_text("utf-8"))
    assert tuple(data["labels"]) == REFERENCE_CATEGORIES
    for prototypes in data["labels"].values():
        assert set(prototypes) == {"en", "de", "es", "fr", "pt", "it"}
        assert len(prototypes["en"]) >= 3
    assert text_models.meaning_labels().categories.names == REFERENCE_CATEGORIES


def test_a_cooking_tutorial_is_food_and_cooking_with_a_score_and_a_margin() -> None:
    result = categorise(COOKING)
    assert result.category == "Food & Cooking"
    assert result.score is not None
    assert 0.0 < result.score <= 1.0
    assert result.margin is not None
    assert result.margin > 0
    assert result.runner_up is not None
    assert result.runner_up != "Food & Cooking"
    assert result.warning is None


def test_a_phone_review_is_tech_and_a_spanish_recipe_is_food() -> None:
    assert categorise(TECH_REVIEW).category == "Tech"
    assert categorise(SPANISH).category == "Food & Cooking"


def test_the_english_sample_texts_are_mostly_right() -> None:
    texts = [*CATEGORY_TEXTS, *HELD_OUT_CATEGORY_TEXTS]
    wrong = [(name, categorise(text).category) for name, text in texts]
    wrong = [(want, got) for want, got in wrong if want != got]
    # Measured 33 of 34 with categories.v3 and v6 (docs/methods.md); the miss is a parenting text
    # (Motivation, margin 0.03).
    assert len(wrong) <= 4, wrong


def test_texts_in_the_other_supported_languages_are_mostly_right() -> None:
    wrong = [(want, categorise(text).category) for want, text in OTHER_LANGUAGES]
    wrong = [(want, got) for want, got in wrong if want != got]
    assert len(wrong) <= 1, wrong


def test_even_filler_gets_its_best_category_since_it_carries_words() -> None:
    result = categorise("okay so yeah um I don't know what to say really.")
    assert result.category in REFERENCE_CATEGORIES
    assert result.score is not None
    assert result.margin is not None


def test_a_video_without_words_gets_no_category_and_says_why() -> None:
    labels = text_models.meaning_labels().categories
    result = classify_category(np.zeros((0, 384), dtype=np.float32), 0, labels)
    assert result.category is None
    assert result.score is None
    assert result.warning is not None
    assert "no words" in result.warning


def categorise_in(text: str, language: str) -> CategoryResult:
    """As the understanding step does: each sentence's topic words name their category."""
    sentences = split_sentences(text)
    vectors = text_models.embedder()(sentences)
    words = text_models.category_words()
    return classify_category(
        vectors,
        word_count(sentences),
        text_models.meaning_labels().categories,
        None,
        [words.evidence(sentence, language) for sentence in sentences],
    )


def test_topic_words_match_inflected_forms_and_exist_outside_english_only() -> None:
    words = text_models.category_words()
    assert words.named("Mon chat a disparu pendant trois jours", "fr") == {
        "Pets & Animals": ("chat",)
    }
    assert "Pets & Animals" in words.named("Die Hunde und das Hundefutter", "de")
    assert "Pets & Animals" in words.named("I gatti dormono", "it")
    # What is worn names fashion in a caption the speech under it could not carry.
    assert words.named("3 FAÇONS DE NOUER UN FOULARD", "fr") == {"Beauty & Fashion": ("foulard",)}
    assert "Beauty & Fashion" in words.named("Zwei Schals, ein Look", "de")
    assert words.named("Mon chat a disparu", None) == {}
    # English has no list: the words moved as many clips wrong as right (docs/accuracy.md).
    assert words.named("My cat sat on the landlord's lease", "en") == {}
    # Accents are kept: Spanish "una" (a) is no "uña" (a nail).
    assert "Beauty & Fashion" not in words.named("Es una ciudad preciosa", "es")


def test_a_french_noun_names_the_subject_e5_reads_apart_from_it() -> None:
    text = (
        "Mon chat a disparu pendant trois jours. Je l'ai cherché partout dans le quartier. Et "
        "ce matin il m'attendait devant la porte, tranquille, en réclamant ses croquettes."
    )
    # Without its topic words ("chat", "croquettes") e5 reads another category here.
    assert categorise(text).category != "Pets & Animals"
    assert categorise_in(text, "fr").category == "Pets & Animals"
    # Where e5 reads the subject among its first two, in a near tie, the words decide it.
    penalties = (
        "Bon, on va parler penaltys vite fait. Le tireur a toutes les cartes en main, mais le "
        "gardien lit ses appuis. Les meilleurs tireurs choisissent leur côté avant la course "
        "d'élan. Moi en match j'en ai raté deux d'affilée."
    )
    alone, with_words = categorise(penalties), categorise_in(penalties, "fr")
    assert "Sports" in (alone.category, alone.runner_up)
    assert alone.margin is not None
    assert alone.margin < 0.02
    assert with_words.category == "Sports"
    assert with_words.margin is not None
    assert with_words.margin > 0.01


def test_the_paragraph_read_outside_english_is_the_opening_words_cut_on_a_word() -> None:
    units = ["Ich zeig euch heute meinen Teppich.", "  ", "Er ist aus Wolle."]
    assert text_category.paragraph(units) == "Ich zeig euch heute meinen Teppich. Er ist aus Wolle."
    cut = text_category.paragraph(["eins zwei drei vier"], max_chars=12)
    assert cut == "eins zwei"
