"""Keywords (YAKE) and topics (YAKE candidates ranked with embedding centrality)."""

from __future__ import annotations

import numpy as np
from text_samples import COOKING, SPANISH, TECH_REVIEW

from clipapi.inference import text_models
from clipapi.signals.text_keywords import (
    headed,
    keyphrases,
    rank_topics,
    tags_in_context,
    within_names,
)
from clipapi.signals.text_summary import split_sentences


def topics_of(text: str, language: str = "en") -> list[str]:
    extractor = text_models.keyphrase_extractor(language, 3, 20)
    candidates = keyphrases(text, extractor)
    embed = text_models.embedder()
    centroid = embed(split_sentences(text)).mean(axis=0)
    centroid /= np.linalg.norm(centroid)
    return rank_topics(candidates, embed(candidates), centroid, extractor.stopword_set)


def test_cooking_keywords_and_topics() -> None:
    keywords = keyphrases(COOKING, text_models.keyphrase_extractor("en", 2, 16))
    assert "pasta" in keywords
    assert "today" not in keywords  # spoken filler
    topics = topics_of(COOKING)
    assert topics[0] == "perfect pasta carbonara"
    assert len(topics) == 5
    assert all(len(t.split()) >= 2 for t in topics[:3])


def test_review_topics_keep_proper_nouns_as_written() -> None:
    topics = topics_of(TECH_REVIEW)
    assert "Samsung Galaxy" in topics
    assert "honest review" in topics


def test_words_shown_only_in_capitals_come_back_in_their_own_case() -> None:
    # A text slideshow: every word in capitals, a name also said in its own case elsewhere.
    text = "POV: MISO HEARS THE TREAT BAG FROM 3 ROOMS AWAY. MISO RUNS. Miso loves the TREAT BAG."
    keywords = keyphrases(text, text_models.keyphrase_extractor("en", 2, 16))
    assert "treat bag" in keywords
    assert "Miso" in keywords  # as the text writes it outside capitals
    assert "POV" in keywords  # an initialism keeps its capitals
    assert not [k for k in keywords if k.isupper() and k != "POV"]


def test_spanish_keywords_use_spanish_stop_words() -> None:
    keywords = keyphrases(SPANISH, text_models.keyphrase_extractor("es", 2, 16))
    assert keywords
    assert not {"de", "el", "con", "y"} & {k.lower() for k in keywords}


def test_too_little_text_has_no_keywords() -> None:
    assert keyphrases("pasta night", text_models.keyphrase_extractor("en", 2, 16)) == []


def test_topics_skip_phrases_sharing_a_word() -> None:
    candidates = ["pasta carbonara", "perfect pasta", "black pepper", "pepper"]
    vectors = np.eye(4, dtype=np.float32)
    topics = rank_topics(candidates, vectors, np.ones(4, dtype=np.float32) / 2)
    assert topics == ["pasta carbonara", "black pepper"]


def test_topics_skip_a_word_said_again_in_another_form() -> None:
    candidates = ["hearts", "octopus", "heart", "blue blood"]
    vectors = np.eye(4, dtype=np.float32)
    topics = rank_topics(candidates, vectors, np.ones(4, dtype=np.float32) / 2)
    assert topics == ["blue blood", "hearts", "octopus"]  # phrases of two words first


def test_topic_candidates_drop_interface_words_captions_and_non_noun_phrases() -> None:
    from clipapi.signals.text_keywords import topic_candidates
    from clipapi.signals.writer_language import phrasing

    candidates = ["open", "follow", "stop scrolling now", "person obtaining", "battery life"]
    kept = topic_candidates(
        candidates,
        phrasing("en").interface_words,
        shown_lines=["STOP SCROLLING NOW!"],
        tags=[["VERB"], ["VERB"], ["VERB", "VERB", "ADV"], ["NOUN", "VERB"], ["NOUN", "NOUN"]],
    )
    assert kept == ["battery life"]
    # Without a tagger (other languages) only interface words and captions are dropped.
    assert topic_candidates(["Link", "Sparplan"], phrasing("de").interface_words) == ["Sparplan"]


def test_the_hooks_own_wording_is_not_a_topic_unless_the_video_comes_back_to_it() -> None:
    from clipapi.signals.text_keywords import topic_candidates

    opening = "Stop buying bread, because today I'm showing you sourdough."
    rest = "You only need flour and water. This sourdough bread lasts a week."
    kept = topic_candidates(
        ["buying bread", "sourdough bread", "sourdough", "SOURDOUGH STARTER"],
        (),
        opening=opening,
        rest=rest,
    )
    assert kept == ["sourdough bread", "sourdough", "sourdough starter"]
    # A name said only in the hook is still the subject.
    hook = "This is the most broken loadout right now, and Epic Games hasn't noticed."
    assert topic_candidates(
        ["broken loadout", "Epic Games"], (), opening=hook, rest="Pump in slot one."
    ) == ["Epic Games"]
    assert topic_candidates(
        ["minutes", "20 minutes workout", "home"], (), generic={"minutes", "home"}
    ) == ["20 minutes workout"]
    # a general noun after words that only qualify it names nothing; after a noun it does
    assert topic_candidates(
        ["key bit", "whole thing", "leg day", "breakfast burritos"],
        (),
        tags=[["ADJ", "NOUN"], ["ADJ", "NOUN"], ["NOUN", "NOUN"], ["NOUN", "NOUN"]],
        generic={"bit", "thing", "day"},
    ) == ["leg day", "breakfast burritos"]


def test_a_subject_said_throughout_outranks_a_phrase_said_once() -> None:
    text = (
        "This pasta takes ten minutes. Salt the water while the spaghetti cooks. "
        "Then toss the pasta with lemon. The pasta goes glossy."
    )
    candidates = ["pasta", "spaghetti cooks", "lemon"]
    vectors = np.eye(3, dtype=np.float32)
    centre = np.ones(3, dtype=np.float32) / np.sqrt(3)
    assert rank_topics(candidates, vectors, centre)[0] == "spaghetti cooks"  # longer first
    assert rank_topics(candidates, vectors, centre, text=text)[0] == "pasta"


def test_speech_not_heard_well_puts_the_topics_written_on_screen_first() -> None:
    text = "Tieno una semana en la saga. La saga es enorme. OAXACA ES LA MEJOR CIUDAD"
    candidates = ["saga", "semana", "Oaxaca"]
    vectors = np.eye(3, dtype=np.float32)
    centre = np.ones(3, dtype=np.float32) / np.sqrt(3)
    assert rank_topics(candidates, vectors, centre, text=text)[0] == "saga"
    written = "OAXACA ES LA MEJOR CIUDAD PARA COMER"
    ranked = rank_topics(candidates, vectors, centre, text=text, written=written)
    assert ranked == ["Oaxaca", "saga", "semana"]  # the rest keep their order


def test_a_phrase_is_tagged_where_the_text_says_it() -> None:
    from clipapi.signals.text_keywords import tags_in_context

    tagged = [("I", "PRON"), ("'m", "AUX"), ("hiding", "VERB"), ("the", "DET"), ("gifts", "NOUN")]
    assert tags_in_context("hiding", tagged) == ["VERB"]
    assert tags_in_context("the gifts", tagged) == ["DET", "NOUN"]
    assert tags_in_context("wrapping paper", tagged) is None


def test_a_general_word_in_front_of_a_topic_is_dropped() -> None:
    from clipapi.signals.text_keywords import topic_candidates
    from clipapi.signals.writer_language import GENERIC_NOUNS

    kept = topic_candidates(
        ["min lemon pasta", "minutes"],
        (),
        tags=[["NOUN", "NOUN", "NOUN"], ["NOUN"]],
        generic=GENERIC_NOUNS,
    )
    assert kept == ["lemon pasta"]
    # Colloquial "thing" and "stuff" name no subject in any language.
    said = ["truc", "Zeug", "roba", "grève"]
    assert topic_candidates(said, (), generic=GENERIC_NOUNS) == ["grève"]
    # The word a spoken list counts its items with ("Number 1, Severance") names none of them.
    said = ["Number", "número", "Nummer", "Severance"]
    assert topic_candidates(said, (), generic=GENERIC_NOUNS) == ["Severance"]


def test_a_common_adjective_is_no_topic_alone_but_may_open_a_name() -> None:
    from clipapi.signals.text_keywords import topic_candidates
    from clipapi.signals.writer_language import GENERIC_NOUNS, LONE_ADJECTIVES

    kept = topic_candidates(
        ["petit", "petit chargeur", "New York", "Grand Canyon"],
        (),
        generic=GENERIC_NOUNS,
        alone=LONE_ADJECTIVES,
    )
    assert kept == ["petit chargeur", "New York", "Grand Canyon"]


def test_a_preposition_or_article_in_front_is_no_part_of_a_topic_but_a_name_keeps_its_own() -> None:
    from clipapi.signals.text_keywords import topic_candidates

    kept = topic_candidates(
        ["past Vic", "The Weeknd", "the dashboard"],
        (),
        tags=[["ADP", "PROPN"], ["DET", "PROPN"], ["DET", "NOUN"]],
    )
    assert kept == ["Vic", "The Weeknd", "dashboard"]


def test_german_topics_end_in_a_noun_as_its_capitals_tell() -> None:
    from clipapi.signals.text_keywords import capital_tags, tags_in_context, topic_candidates

    said = (
        "Letzten Sommer habe ich meinen Zug in Wien verpasst.\n"
        "Also bin ich einfach durch die Stadt gelaufen.\n"
        "Manchmal ist der falsche Plan der richtige."
    )
    tagged = capital_tags(said)
    phrases = ["Stadt gelaufen", "falsche Plan", "Zug in Wien", "verpasst", "Letzten Sommer"]
    tags = [tags_in_context(p, tagged) or [] for p in phrases]
    assert tags[0] == ["NOUN", "ADJ"]
    assert tags[-1] == ["X", "NOUN"]  # a sentence's first word: its capital says nothing
    kept = topic_candidates(phrases, (), tags=tags)
    assert kept == ["falsche Plan", "Zug in Wien", "Letzten Sommer"]


def test_a_number_alone_is_no_topic() -> None:
    from clipapi.signals.text_keywords import topic_candidates

    kept = topic_candidates(
        ["ten", "2026", "3 ingredient cookies", "ten tomorrow", "Five Guys"],
        (),
        numbers={"ten", "five"},
    )
    assert kept == ["3 ingredient cookies", "ten tomorrow", "Five Guys"]


def test_a_topic_said_only_inside_a_longer_name_is_that_name() -> None:
    text = "La Ciudad de México es el mejor destino. El metro cuesta 5 pesos."
    names = ["Ciudad de México", "México", "Europa"]
    assert within_names(["Ciudad", "México", "pesos"], names, text) == ["Ciudad de México", "pesos"]
    # Said on its own too: the city, not only the club.
    said = "El Real Madrid juega en Madrid."
    assert within_names(["Madrid", "pesos"], ["Real Madrid"], said) == ["Madrid", "pesos"]
    # A span the recogniser's NER misread is no name to grow a topic into.
    news = "Sixty one companies in Britain cut Fridays for six months."
    assert within_names(["Fridays", "Britain"], ["Britain cut Fridays"], news) == [
        "Fridays",
        "Britain",
    ]


def test_a_word_is_tagged_where_it_is_a_noun_and_a_determiner_has_its_noun() -> None:
    # As fr_core_news_sm tags them.
    said = [("Le", "DET"), ("ciel", "NOUN"), ("est", "AUX"), ("bleu", "VERB"), (".", "PUNCT")]
    said += [("Le", "DET"), ("bleu", "NOUN"), ("est", "AUX"), ("dispersé", "VERB")]
    assert tags_in_context("bleu", said) == ["NOUN"]
    assert tags_in_context("est", said) == ["AUX"]
    assert tags_in_context("rouge", said) is None
    neighbour = [("mon", "DET"), ("voisin", "ADJ"), ("a", "AUX"), ("sonné", "VERB")]
    assert headed(neighbour)[1] == ("voisin", "NOUN")
    # An adjective before its noun stays one.
    cat = [("mon", "DET"), ("petit", "ADJ"), ("chat", "NOUN"), ("dort", "VERB")]
    assert headed(cat) == cat


def test_a_compound_cut_short_is_completed_and_its_parts_are_no_topics() -> None:
    # YAKE proposes at most three words: "air fryer salmon bites" comes back without "air".
    text = "10 min air fryer salmon bites\nI'm gonna show you these crispy salmon bites."
    candidates = ["fryer salmon bites", "air fryer", "air", "crispy", "honey"]
    vectors = np.eye(5, dtype=np.float32)
    centre = np.ones(5, dtype=np.float32) / np.sqrt(5)
    ranked = rank_topics(candidates, vectors, centre, text=text + " A bit of honey.")
    assert ranked == ["air fryer salmon bites", "honey"]
    # Without "air fryer" among YAKE's phrases, the word before proves nothing.
    two = np.eye(2, dtype=np.float32)
    alone = rank_topics(["fryer salmon bites", "honey"], two, two.sum(0) / np.sqrt(2), text=text)
    assert alone[0] == "fryer salmon bites"
    # A word said apart from the chosen topic at least once is a topic of its own.
    again = text + " Crispy is the point."
    assert "crispy" in rank_topics(candidates, vectors, centre, text=again)


def test_a_quantity_is_no_topic_in_any_of_the_six_languages() -> None:
    from clipapi.signals.text_keywords import topic_candidates

    quantities = [
        "twenty minutes",
        "Seventy",
        "percent",
        "eighteen hundred dollars",
        "Achtzig Prozent",
        "dreiundsechzig Euro",
        "fünfzehn Mal",
        "ochenta minutos",
        "Soixante-cinq watts",
        "cinquanta",
    ]
    subjects = ["3 ingredient cookies", "hundred flights", "pasta"]
    kept = topic_candidates(
        [*quantities, *subjects], (), generic={"minutes", "minutos"}, numbers={"cinq", "five"}
    )
    assert kept == subjects


def test_a_word_always_said_before_its_partner_is_completed_by_it() -> None:
    from clipapi.signals.text_keywords import completed

    text = (
        "I ran the Chicago Marathon. The Chicago Marathon was hard. Open no LLC for a side hustle."
    )
    pairs = {"chicago marathon", "side hustle"}
    assert completed("Chicago", pairs, text) == "Chicago Marathon"
    assert completed("side", pairs, text, {"a"}) == "side hustle"
    # Said once with another word after it, or without YAKE's pair, it stays as it is.
    assert completed("side", pairs, text + " Pick a side today.") == "side"
    assert completed("Chicago", set(), text) == "Chicago"


def test_a_name_always_said_with_its_model_number_keeps_it() -> None:
    from clipapi.signals.text_keywords import with_model_number

    phone = "I've had this iPhone 15 Pro for a year, and the iPhone 15 Pro still lasts."
    assert with_model_number("Pro", phone) == "iPhone 15 Pro"
    assert with_model_number("Galaxy", "The Galaxy S24 is fast. The Galaxy S24 lasts.") == (
        "Galaxy S24"
    )
    assert with_model_number("RTX", "My RTX 4090 runs hot.") == "RTX 4090"
    assert with_model_number("Street", "It costs 9 dollars below 60th Street.") == "60th Street"
    # Two models, a year, a common word, or a number not always said with it: as it is.
    assert with_model_number("Galaxy", "The Galaxy S24 beats the Galaxy S23.") == "Galaxy"
    assert with_model_number("Marathon", "The Chicago Marathon 2024 was hot.") == "Marathon"
    assert with_model_number("pasta", "Pasta, 2 ways: pasta 2 ways.") == "pasta"
    assert with_model_number("Pro", phone + " Pro tip: turn it off.") == "Pro"


def test_a_hook_that_presents_its_subject_or_a_head_said_again_keeps_the_hooks_phrase() -> None:
    from clipapi.signals.text_keywords import topic_candidates

    # "This is a …" presents the subject the video is about, though it is said only once.
    presented = "This is a hand cut dovetail, no router, no jig, just a saw."
    assert topic_candidates(
        ["hand cut dovetail"], (), opening=presented, rest="Mark your tails first."
    ) == ["hand cut dovetail"]
    # A noun phrase whose head the video names again is its subject; without tags to say it
    # is a noun phrase, the hook's wording is left out as before.
    opening = "If you're still binning your sourdough discard, let me show you these."
    rest = "Mix about 200 grams of discard with olive oil."
    assert topic_candidates(
        ["sourdough discard"], (), tags=[["NOUN", "NOUN"]], opening=opening, rest=rest
    ) == ["sourdough discard"]
    assert topic_candidates(["sourdough discard"], (), opening=opening, rest=rest) == []
    # The subject the hook opens on, a verb after it, is the video's subject; a hook's label
    # ("Unpopular opinion:") and a general head ("Most people …") are not.
    nouns = [["NOUN", "NOUN"]]
    rest = "The blood vessels in your mouth clamp shut."
    freeze = "Brain freeze has almost nothing to do with your brain."
    assert topic_candidates(["brain freeze"], (), tags=nouns, opening=freeze, rest=rest) == [
        "brain freeze"
    ]
    label = "Unpopular opinion: meal prep is a waste."
    assert topic_candidates(["unpopular opinion"], (), tags=[["ADJ", "NOUN"]], opening=label) == []
    most = "Most people get brain freeze wrong."
    generic = ("people",)
    assert (
        topic_candidates(["most people"], (), tags=[["ADJ", "NOUN"]], opening=most, generic=generic)
        == []
    )


def test_an_adjective_that_only_points_is_no_part_of_a_topic() -> None:
    from clipapi.signals.text_keywords import topic_candidates
    from clipapi.signals.writer_language import GENERIC_NOUNS, POINTING_ADJECTIVES

    kept = topic_candidates(
        ["actual lips", "wrong order", "shower head"],
        (),
        tags=[["ADJ", "NOUN"], ["ADJ", "NOUN"], ["NOUN", "NOUN"]],
        generic=GENERIC_NOUNS | POINTING_ADJECTIVES,
    )
    assert kept == ["lips", "order", "shower head"]


def test_measures_and_months_are_no_topics() -> None:
    from clipapi.signals.text_keywords import topic_candidates
    from clipapi.signals.writer_language import GENERIC_NOUNS, LONE_ADJECTIVES

    kept = topic_candidates(
        ["grams", "good pinch", "October", "noviembre", "tablespoons", "crackers"],
        (),
        generic=GENERIC_NOUNS,
        alone=LONE_ADJECTIVES,
    )
    assert kept == ["crackers"]
