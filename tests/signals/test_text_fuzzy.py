"""Brands and names that survive recognition errors, and places from the gazetteer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clipapi.inference import text_models
from clipapi.signals import text_fuzzy
from clipapi.signals.text_fuzzy import (
    BOTH_MIN,
    _best,
    fuzzy_brands,
    heard_as_shown,
    index_keys,
    mender,
    names_as_shown,
    respaced,
    respacer,
    similarity,
    spoken_names,
)
from clipapi.signals.text_places import match_places


def test_similarity_is_one_minus_the_normalised_edit_distance() -> None:
    assert similarity("samsung", "samsung") == 1.0
    assert similarity("samsung", "samsong") == 1 - 1 / 7
    assert similarity("", "abc") == 0.0
    assert similarity("kitten", "sitting") == 1 - 3 / 7


def test_a_brand_misheard_and_misread_is_found_from_both_channels() -> None:
    lexicon = text_models.brand_lexicon()
    spoken = "Honestly the Samsong beats every phone I tried this year."
    assert fuzzy_brands(spoken, ["SAMSUNC S24 REVIEW"], lexicon) == ["Samsung"]
    # Heard alone, a near miss of a short name proves nothing.
    assert fuzzy_brands(spoken, [], lexicon) == []
    # A longer name misheard alone counts when very close ("Instagran": 8 of 9 letters).
    assert fuzzy_brands("My reels on Instagran do well.", [], lexicon) == ["Instagram"]
    assert fuzzy_brands("My reels on Instaglum do well.", [], lexicon) == []


def test_ordinary_words_are_never_fuzzy_brands() -> None:
    lexicon = text_models.brand_lexicon()
    spoken = "Grab an Apples and a Target of the day, then Dove into the pool."
    assert fuzzy_brands(spoken, ["APPLES"], lexicon) == []


def test_only_capitalised_words_past_a_sentence_start_are_heard_as_names() -> None:
    assert spoken_names("Then Elon Mask said it. Great talk with Tim Cook!") == [
        ["Elon", "Mask"],
        ["Tim", "Cook"],
    ]


def test_a_name_is_written_as_the_screen_writes_it() -> None:
    assert names_as_shown(["Elon Mask", "Gordon Ramsay"], ["ELON MUSK", "INTERVIEW"]) == [
        "Elon Musk",
        "Gordon Ramsay",
    ]
    # A lower-case run is not a name on screen.
    assert names_as_shown(["Anna Berg"], ["anna berk"]) == ["Anna Berg"]
    # A word said letter by letter keeps its capitals in a name shown in capitals.
    assert names_as_shown(["MCI World"], ["MSCI WORLD: RUND 1400 FIRMEN"]) == ["MSCI World"]


def test_a_long_transcript_costs_no_more_comparisons_than_the_names_it_holds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each distinct word run is compared once per lexicon name of about its length, however
    # often the video says it: the cost follows the names, not the transcript's length.
    compared: list[tuple[str, str]] = []

    bounded = text_fuzzy._similarity_from

    def counted(a: str, b: str, floor: float) -> float:
        compared.append((a, b))
        return bounded(a, b, floor)

    monkeypatch.setattr(text_fuzzy, "_similarity_from", counted)
    lexicon = text_models.brand_lexicon()
    said = " ".join(f"Then Maria walked to Berlin with Jonas number {i}." for i in range(300))
    fuzzy_brands(said, ["DAY IN BERLIN", "SUBSCRIBE"], lexicon)
    once = len(compared)
    compared.clear()
    fuzzy_brands(said.split(" number 0.")[0] + ".", ["DAY IN BERLIN", "SUBSCRIBE"], lexicon)
    assert 0 < once == len(compared)


def test_places_in_six_languages_come_back_as_the_video_writes_them() -> None:
    gazetteer = text_models.place_gazetteer()
    texts = [
        "Wir fliegen nach München und dann weiter nach Lissabon.",
        "El mejor mirador de Lisboa. Lisboa de noche.",
        "TROIS JOURS À ROME",
        "Un weekend a Firenze con gli amici.",
    ]
    # One place per entry, in its most frequent form ("Lisboa" twice, "Lissabon" once).
    assert match_places(texts, gazetteer) == ["Lisboa", "München", "Rome", "Firenze"]


def test_a_place_misheard_by_a_letter_is_found_as_spelled() -> None:
    gazetteer = text_models.place_gazetteer()
    spoken = "On a pris un café à Manseille avant midi."
    assert match_places([spoken], gazetteer, spoken=spoken) == ["Marseille"]
    # NER reading the misheard name as a place of its own names the same place.
    assert match_places([spoken], gazetteer, ["Manseille"], spoken=spoken) == ["Marseille"]
    # Heard alone, a six-letter name one letter off is another word, not the place.
    assert match_places(["A trip to Bertin."], gazetteer, spoken="A trip to Bertin.") == []


def test_places_that_are_ordinary_words_match_only_mid_sentence_and_capitalised() -> None:
    gazetteer = text_models.place_gazetteer()
    assert match_places(["Turkey with cranberry sauce. Florence cooked it."], gazetteer) == []
    assert match_places(["We moved to Austin last year."], gazetteer) == ["Austin"]
    assert match_places(["A china plate from the turkey farm."], gazetteer) == []


def test_ner_places_outside_the_gazetteer_follow_its_matches() -> None:
    gazetteer = text_models.place_gazetteer()
    found = match_places(
        ["Hiking near Zermatt, Switzerland."], gazetteer, ["Zermatt", "Switzerland"]
    )
    assert found == ["Switzerland", "Zermatt"]


@given(
    st.text("aeilnorst", min_size=3, max_size=12),
    st.lists(
        st.tuples(st.sampled_from("sid"), st.integers(0, 20), st.sampled_from("aelnxz")), max_size=4
    ),
)
def test_the_letter_bound_never_skips_a_key_close_enough(
    alias: str, edits: list[tuple[str, int, str]]
) -> None:
    # `_best` skips keys by their letters before comparing; a key it skips (here: the alias
    # with a few letters substituted, inserted or deleted) is never one the full comparison
    # would have found within BOTH_MIN.
    key = alias
    for operation, at, letter in edits:
        at %= len(key) + 1
        if operation == "i":
            key = key[:at] + letter + key[at:]
        elif key:
            at = min(at, len(key) - 1)
            key = key[:at] + (letter if operation == "s" else "") + key[at + 1 :]
    if abs(len(key) - len(alias)) <= max(2, len(alias) // 4):
        assert (_best(alias, index_keys({key})) >= BOTH_MIN) == (similarity(alias, key) >= BOTH_MIN)


@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.sampled_from([0.5, 0.75]))
def test_the_bounded_distance_agrees_with_the_full_one_above_its_floor(
    a: str, b: str, floor: float
) -> None:
    full = similarity(a, b)
    bounded = text_fuzzy._similarity_from(a, b, floor)
    assert bounded == (full if full >= floor and (a or b) else 0.0)


def test_a_space_the_reader_missed_is_put_back_where_the_speech_says_two_words() -> None:
    said = "You do not need a gym membership. I don't know a lot about it, and into it."
    assert respaced("YOU DON'T NEED AGYM", said) == "YOU DON'T NEED A GYM"
    assert respaced("ALOT OF REPS", said) == "A LOT OF REPS"
    # A word the speech says whole stays whole; nothing the speech does not say is split.
    assert respaced("INTO THE GYM", said) == "INTO THE GYM"
    assert respaced("DONT SKIP", said) == "DONT SKIP"
    assert respaced("AGYM", "") == "AGYM"
    # A word a dictionary holds was read right where the recogniser split it.
    misheard = "Nobody knows what cocktail at tire means."
    assert respaced("WHAT IS COCKTAIL ATTIRE", misheard) == "WHAT IS COCKTAIL AT TIRE"
    assert respaced("WHAT IS COCKTAIL ATTIRE", misheard, lambda: {"attire"}) == (
        "WHAT IS COCKTAIL ATTIRE"
    )


def test_a_letter_the_reader_got_wrong_is_put_right_where_the_speech_says_the_word() -> None:
    said = "59% of Americans couldn't cover a $1,000 emergency. Step 1 is a buffer, Sparplam."
    lexicon = {"emergency", "buffer", "sparplan", "americans"}
    mend = mender(said, lambda: lexicon)
    assert mend("59% CAN'T COVER A $1000 EMERGENGY") == "59% CAN'T COVER A $1000 EMERGENCY"
    assert mend("An emergengy fund") == "An emergency fund"
    assert mend("Emergengy") == "Emergency"
    # A word the dictionary holds stays as read, and a word said is never mended to a guess
    # of the recogniser's that no dictionary holds.
    assert mend("SPARPLAN") == "SPARPLAN"
    assert mender("the Sparplam", lambda: {"sparplan"})("SPARPLAN") == "SPARPLAN"
    assert mender("the buffer", lambda: {"buffer", "puffer"})("PUFFER") == "PUFFER"
    # Short words, the first letter, other lengths: not one letter misread.
    assert mend("BUFFERS, UMERGENCY, EMERGENC") == "BUFFERS, UMERGENCY, EMERGENC"
    # The dictionary is read only when a word is a candidate.
    asked: list[int] = []
    mender("nothing near", lambda: asked.append(1) or set())("A PLAIN CAPTION")
    assert not asked


def test_a_word_the_recogniser_made_up_is_read_as_the_screen_spells_its_sound() -> None:
    said = (
        "Day one, get lost in the little streets of Alphamau. Number three, Chagan, feudal Japan."
    )
    shown = ["DAY 1: ALFAMA", "3. SHOGUN", "GET LOST"]
    lexicon = {"little", "streets", "number", "three", "feudal", "japan", "year"}
    as_shown = heard_as_shown(said, shown, lambda: lexicon)
    assert as_shown(said) == (
        "Day one, get lost in the little streets of Alfama. Number three, Shogun, feudal Japan."
    )
    assert (
        heard_as_shown("ich mache grünches", ["DEAD BUG STATT CRUNCHES"], lambda: set())(
            "Keine grünches mehr"
        )
        == "Keine crunches mehr"
    )
    # A word a dictionary holds was heard, whatever the screen shows of its sound; so was a
    # word with an apostrophe; a sound two words on screen share names neither.
    assert heard_as_shown("the streets", ["STRATS"], lambda: {"streets"})("streets") == "streets"
    assert heard_as_shown("you're here", ["YEAR"], lambda: set())("you're") == "you're"
    two = heard_as_shown("Chagan", ["SHOGUN", "SHOGAN"], lambda: set())
    assert two("Chagan") == "Chagan"
    # Nothing on screen sounds like the speech: the dictionary is never read.
    asked: list[int] = []
    plain = heard_as_shown("a plain line", ["HELLO"], lambda: asked.append(1) or set())
    assert plain("a plain line") == "a plain line"
    assert not asked


def test_in_every_language_two_short_words_run_together_are_split() -> None:
    leading = {"a", "tu", "de", "dos", "en", "el"}
    lexicon = {"madre", "dela"}

    def read(text: str) -> str:
        return respaced(text, "", lambda: lexicon, leading, words_after=False)

    assert read("CUANDO LE DICES ATU MADRE") == "CUANDO LE DICES A TU MADRE"
    assert read("ENEL CENTRO") == "EN EL CENTRO"
    # Not into a longer word, nor a word the dictionary holds, nor into any word it holds.
    assert read("5 DEDOS") == "5 DEDOS"
    assert read("DELA") == "DELA"
    assert read("AMADRE") == "AMADRE"


def test_in_english_a_short_word_run_into_a_word_a_dictionary_holds_is_split() -> None:
    lexicon = {"trim", "note", "ote", "tone", "rest", "another", "onto"}
    calls: list[int] = []

    def known() -> set[str]:
        calls.append(1)
        return lexicon

    leading = {"a", "an", "to", "the", "on", "of"}
    assert respaced("HOW TOTRIM YOUR CAT'S NAILS", "", known, leading) == (
        "HOW TO TRIM YOUR CAT'S NAILS"
    )
    # The shortest leading word first: the longer rest is the surer word.
    assert respaced("ANOTE", "", known, leading) == "A NOTE"
    # Two short words run together need no dictionary; a word the dictionary holds stays.
    assert respaced("OFTHE BEST", "", known, leading) == "OF THE BEST"
    assert respaced("ANOTHER ONTO", "", known, leading) == "ANOTHER ONTO"
    # A rest under four letters is no evidence ("ANVIL" is no "an vil"), and a word said
    # alone is never split.
    assert respaced("ANVIL", "", lambda: {"vil"}, leading) == "ANVIL"
    assert respaced("TOTRIM", "I totrim", known, leading) == "TOTRIM"
    # Without a dictionary only the speech splits; it is read only when a word needs it.
    assert respaced("HOW TOTRIM", "", None, leading) == "HOW TOTRIM"
    calls.clear()
    assert respaced("SAVE THIS", "", known, leading) == "SAVE THIS"
    assert not calls
    # and read once for all the words of all the lines
    respace = respacer("", known, leading)
    assert [respace("HOW TOTRIM"), respace("ANOTE")] == ["HOW TO TRIM", "A NOTE"]
    assert len(calls) == 1


def test_the_shipped_vocabularies_split_a_run_together_caption_and_keep_real_words() -> None:
    from clipapi.inference.text_models import known_words
    from clipapi.signals.writer_language import phrasing

    leading = phrasing("en").function_words
    said = "Get a proper pair of clippers."
    text = "HOW TOTRIM YOUR CAT'S NAILS ABOUT AWEEK NOWHERE ONTO ANOTHER ATTEMPT INTERESTING"
    assert respaced(text, said, known_words, leading) == (
        "HOW TO TRIM YOUR CAT'S NAILS ABOUT A WEEK NOWHERE ONTO ANOTHER ATTEMPT INTERESTING"
    )
    # Rarer words come from the pronouncing dictionary: "attire" is no "at tire", said so.
    assert respaced("COCKTAIL ATTIRE", "cocktail at tire", known_words, leading) == (
        "COCKTAIL ATTIRE"
    )
