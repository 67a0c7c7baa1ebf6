"""The default writer on creator videos in six languages: titles are whole headlines of at
most ten words in the video's own words, summaries are whole sentences, and nothing names a
person, place, brand or number the video does not."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from writer_samples import CLIPS, Clip

from clipapi.signals.text_faithful import names, numbers
from clipapi.signals.text_logline import write_logline
from clipapi.signals.text_meaning import line_key
from clipapi.signals.text_summary_writer import elide, quotable, write_summary
from clipapi.signals.text_writer import (
    MAX_TITLE_WORDS,
    WriterSources,
    casing,
    central_order,
    clean_line,
    drop_fillers,
    headline,
    how_to,
    is_whole,
    lower_case_words,
    recase,
    told_of,
    with_noun_capitals,
    write_title,
)
from clipapi.signals.writer_language import ALL_FUNCTION_WORDS, phrasing
from clipapi.signals.writer_topics import salient_topics, with_determiner

SENTENCE_END = re.compile(r"[.!?]$")


def sources(clip: Clip) -> WriterSources:
    return WriterSources(
        clip.language, clip.sentences, (), clip.on_screen, clip.platform_title, (), clip.topics
    )


def said(clip: Clip) -> str:
    shown = [text for _, _, text in clip.on_screen]
    platform = [clip.platform_title] if clip.platform_title else []
    return "\n".join([*clip.sentences, *shown, *platform])


def assert_only_what_the_video_says(text: str, clip: Clip) -> None:
    source = said(clip)
    assert numbers(text) <= numbers(source), text
    lowered = source.lower()
    for name in names(text, clip.language):
        assert name.lower() in lowered, (name, text)


@pytest.mark.parametrize("clip", CLIPS, ids=[c.name for c in CLIPS])
def test_titles_are_whole_short_and_in_the_videos_words(clip: Clip) -> None:
    title = write_title(sources(clip))
    assert title.text is not None
    assert len(title.text.split()) <= MAX_TITLE_WORDS
    assert not title.text.endswith(("…", "...", ","))
    last = re.findall(r"\w+", title.text.lower())[-1]
    assert last not in phrasing(clip.language).function_words, title.text
    # In the video's language: every word of the title is a word of the video.
    video_words = set(re.findall(r"\w+", said(clip).lower()))
    assert set(re.findall(r"\w+", title.text.lower())) <= video_words, title.text
    assert_only_what_the_video_says(title.text, clip)


@pytest.mark.parametrize("clip", CLIPS, ids=[c.name for c in CLIPS])
def test_summaries_are_one_or_two_whole_sentences(clip: Clip) -> None:
    summary = write_summary(sources(clip))
    assert summary.text is not None
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])", summary.text)
    assert 1 <= len(pieces) <= 2, summary.text
    for piece in pieces:
        assert SENTENCE_END.search(piece), piece
        assert piece[0].isupper(), piece
    assert "…" not in summary.text
    assert "..." not in summary.text
    assert_only_what_the_video_says(summary.text, clip)


def test_the_expected_titles() -> None:
    by_name = {clip.name: write_title(sources(clip)) for clip in CLIPS}
    # The on-screen headline, re-cased from the speech where it was shown in capitals.
    assert (by_name["recipe_en"].text, by_name["recipe_en"].source) == (
        "Sourdough for beginners",
        "on_screen_headline",
    )
    assert by_name["review_fr"].text == "Mon avis sur ce téléphone"
    # A caption that names no topic is a hook, not a headline: the spoken how-to wins.
    assert by_name["finance_de"].text == "Wie du mit der 50-30-20-Regel dein Gehalt aufteilst"
    # A how-to clause as spoken, a core claim, the platform's title without its hashtags.
    assert by_name["recipe_pt"].text == "Como fazer pão de queijo em casa"
    assert by_name["travel_es"].text == "Este es el mirador más bonito de Lisboa"
    assert by_name["news_en"].text == "The EU charger rule explained in 60 seconds"


def test_summaries_say_what_the_video_does_and_for_whom() -> None:
    by_name = {clip.name: write_summary(sources(clip)).text for clip in CLIPS}
    assert by_name["recipe_en"] == (
        "The video shows how to bake sourdough at home for beginners. You only need flour, "
        "water and salt, plus a starter that's about a week old."
    )
    summary = by_name["finance_de"]
    assert summary is not None
    assert summary.startswith("Das Video zeigt, wie du mit der 50-30-20-Regel dein Gehalt")
    # "téléphone" alone, a common noun, tells less than the video's own words, which are
    # quoted, the opening line first.
    assert by_name["review_fr"] == (
        "J'utilise ce téléphone depuis deux semaines, voici mon avis honnête. "
        "L'appareil photo est excellent, même la nuit."
    )


def test_a_burned_in_caption_of_the_speech_is_not_a_headline() -> None:
    ph = phrasing("en")
    spoken = ["I've been using the new phone for two weeks and here is my review."]
    caption = [(0.2, 1.5, "I've been using the new phone")]
    assert headline(caption, spoken, ph) is None
    assert headline([(0.0, 4.0, "HONEST PHONE REVIEW")], spoken, ph) == "HONEST PHONE REVIEW"


def test_a_hook_caption_that_names_no_topic_is_not_a_headline() -> None:
    ph = phrasing("en")
    shown = [(0.0, 3.0, "YOU WON'T BELIEVE THIS ENDING"), (0.5, 5.0, "Crispy chickpeas in 20 min")]
    assert headline(shown, [], ph, {"chic", "air"}) == "Crispy chickpeas in 20 min"
    assert headline(shown[:1], [], ph, {"chic"}) is None
    # With no topics known, the line is not judged by them.
    assert headline(shown[:1], [], ph) == "YOU WON'T BELIEVE THIS ENDING"


def test_a_teaser_caption_is_not_a_headline_even_when_it_names_a_topic() -> None:
    subject = {"scen", "movi", "endi"}
    for language, teaser in [
        ("en", "WAIT FOR THE LAST SCENE"),
        ("en", "Watch till the end"),
        ("de", "Warte bis zur letzten Szene"),
        ("es", "Espera a la última escena"),
        ("fr", "Attends la fin de la scène"),
        ("it", "Aspetta la fine della scena"),
    ]:
        ph = phrasing(language)
        assert headline([(0.0, 3.5, teaser)], [], ph, subject) is None, teaser
    # "Watch me …" heads a video: only a line asking to keep watching is a teaser.
    shown = [(0.0, 3.5, "Watch me fix this scene")]
    assert headline(shown, [], phrasing("en"), subject) == "Watch me fix this scene"
    # The title then comes from what the video says about its subject.
    said = (
        "The ending of this movie made everyone leave.",
        "For two hours it sells you a heist.",
    )
    sources = WriterSources(
        "en", said, on_screen=((0.0, 3.5, "wait for the last scene"),), topics=("ending", "movie")
    )
    assert write_title(sources).text == "The ending of this movie made everyone leave"


def test_interface_lines_and_late_flashes_are_not_headlines() -> None:
    ph = phrasing("en")
    assert headline([(0.0, 3.0, "Follow for more")], [], ph) is None
    assert headline([(0.0, 3.0, "Link in bio")], [], ph) is None
    assert headline([(12.0, 12.8, "Quick tip here")], [], ph) is None
    late = [(12.0, 16.0, "The real secret"), (25.0, 28.0, "Part 2 tomorrow: follow")]
    assert headline(late, [], ph) == "The real secret"
    # The closing caption asks, however long it stays: never the headline.
    assert headline(late[1:], [], ph) is None
    assert headline([(25.0, 28.0, "VISIT CRUMB AND CO, FIFTH STREET")], [], ph) is None
    # Knowing the video's length, the end card is the line that stays to the end: a title card
    # shown late and gone before the end still heads the video.
    card = [(6.0, 10.0, "CHICAGO MARATHON")]
    assert headline(card, [], ph, duration_s=30.0) == "CHICAGO MARATHON"
    assert headline(card, [], ph, duration_s=10.2) is None
    # Without late cards (over speech heard well), a line after the opening labels its moment.
    seal = [(9.0, 12.5, "CHECK THE SEAL")]
    assert headline(seal, [], ph, duration_s=30.0) == "CHECK THE SEAL"
    assert headline(seal, [], ph, duration_s=30.0, late_cards=False) is None
    opening = [(1.0, 4.0, "CHECK THE SEAL")]
    assert headline(opening, [], ph, duration_s=30.0, late_cards=False) == "CHECK THE SEAL"
    # A figure shown mid-video annotates that moment; a line of figures is data anywhere.
    amounts = [(8.5, 13.0, "1 cup discard + 3 tbsp olive oil")]
    assert headline(amounts, [], ph, duration_s=30.0) is None
    assert headline([(0.0, 3.0, "30 m Garn, 4 mm")], [], phrasing("de")) is None
    assert headline([(0.0, 3.0, "A string: 7 7 10 7 5 3 2")], [], ph) is None
    assert headline([(0.0, 3.0, "$9 to drive into Manhattan")], [], ph) == (
        "$9 to drive into Manhattan"
    )
    # How much in how long is a claim, its joining word a word.
    sum_in_weeks = [(0.0, 3.0, "1378 € IN 52 SETTIMANE")]
    assert headline(sum_in_weeks, [], phrasing("it")) == "1378 € IN 52 SETTIMANE"
    # Figures set out as data, short parts joined by a sign, head nothing even in the opening;
    # a part that makes a claim does.
    for data in ["40G OATS + 1 SCOOP WHEY", "NON-VOLLEY ZONE = 7 FT", "INCLINE 12 / SPEED 3"]:
        assert headline([(4.0, 8.0, data)], [], ph) is None, data
    claim = [(0.0, 3.0, "30 VENTES = LES IMPÔTS SONT AU COURANT")]
    assert headline(claim, [], phrasing("fr")) is not None
    # Items set out as a list, with or without figures, head nothing either.
    for listed in ["POLEGAR - DEDO - BASE - DEDO", "SALT, PEPPER, GARLIC"]:
        assert headline([(0.0, 3.0, listed)], [], ph) is None, listed
    assert headline([(0.0, 3.0, "Salt, pepper and a little garlic")], [], ph) is not None


def test_the_first_line_of_the_opening_heads_the_video() -> None:
    # Shown first, however long a later opening line stays.
    shown = [(0.0, 3.0, "TREINO DE GLÚTEO EM CASA"), (4.0, 9.0, "PONTE - 15x")]
    assert headline(shown, [], phrasing("pt")) == "TREINO DE GLÚTEO EM CASA"
    shown = [(0.0, 3.0, "SUNDAY RESET"), (3.0, 7.0, "FRESH SHEETS")]
    assert headline(shown, [], phrasing("en"), duration_s=20.0) == "SUNDAY RESET"


def test_a_clause_that_only_introduces_someone_titles_only_after_every_claim() -> None:
    said = (
        "So this is Willis Gibson, he goes by Blue Scuti online, and he was 13 here.",
        "In December 2023 he got the original NES Tetris to freeze at level 157.",
    )
    sources = WriterSources("en", said, topics=("Willis Gibson", "Tetris", "Blue Scuti"))
    assert not (write_title(sources).text or "").startswith("This is")
    # Alone, it still names the place: "Questa è la Seceda" heads a travel clip.
    alone = WriterSources("it", ("Questa è la Seceda, nelle Dolomiti.",), topics=("Seceda",))
    assert (write_title(alone).text or "").startswith("Questa è la Seceda")


def test_an_opening_question_stands_alone_as_a_title_whatever_word_it_opens_on() -> None:
    said = (
        "When did you last clean your washing machine? Because if your towels smell off, "
        "that's probably why.",
        "Pull back the rubber seal on the door, that's where the grey gunk hides.",
        "Take the detergent drawer out and soak it in hot water.",
    )
    sources = WriterSources(
        "en", said, steps=frozenset({1, 2}), topics=("washing machine", "seal", "door")
    )
    assert write_title(sources).text == "When did you last clean your washing machine?"


def test_a_sentence_a_little_too_long_is_titled_without_the_words_that_only_stress_it() -> None:
    said = (
        "Why does eating ice cream too fast literally hurt your head?",
        "The roof of your mouth has a ton of blood vessels right there.",
    )
    sources = WriterSources("en", said, topics=("ice cream", "blood vessels"))
    assert write_title(sources).text == "Why does eating ice cream too fast hurt your head?"
    # One that fits keeps them.
    short = WriterSources(
        "en", ("This is honestly the best ice cream in town.",), topics=("ice cream",)
    )
    assert write_title(short).text == "This is honestly the best ice cream in town"


def test_a_spanish_question_keeps_its_opening_mark() -> None:
    assert clean_line("¿Por qué ya casi no hay ajolotes? #ciencia") == (
        "¿Por qué ya casi no hay ajolotes?"
    )


def test_one_opening_caption_of_the_first_line_is_a_headline_and_subtitles_are_not() -> None:
    ph = phrasing("en")
    said = ["35% of your credit score comes down to one thing.", "Did you pay on time."]
    opening = (0.0, 3.0, "35% OF YOUR CREDIT SCORE")
    assert headline([opening], said, ph) == "35% OF YOUR CREDIT SCORE"
    subtitles = [(0.0, 3.0, "35% of your credit score"), (3.0, 6.0, "comes down to one thing")]
    assert headline(subtitles, said, ph) is None


def test_titles_never_end_in_a_function_word_in_any_language() -> None:
    for language, fragment in [
        ("en", "How I saved money with"),
        ("de", "So sparst du mit der"),
        ("es", "Cómo ahorrar dinero con el"),
        ("fr", "Comment économiser avec les"),
    ]:
        assert not is_whole(fragment, phrasing(language)), fragment
    assert is_whole("How I saved money", phrasing("en"))


def test_a_line_written_on_screen_may_end_in_a_stranded_word() -> None:
    # The creator typed the whole line: "about" or "yet" ends it; "the" or "and" never does.
    ph = phrasing("en")
    for line in ["THE LISBON VIEW NOBODY TALKS ABOUT", "DON'T OPEN AN LLC YET"]:
        assert is_whole(line, ph, written=True), line
        assert not is_whole(line, ph), line  # cut from speech, the same words stop short
        assert headline([(0.0, 3.0, line)], [], ph) == line
    for fragment in ["TOP 3 TIPS FOR THE", "SALT YOUR WATER AND", "SPAREN MIT DER"]:
        assert not is_whole(fragment, ph, written=True), fragment


def test_a_how_to_clause_longer_than_a_title_is_cut_before_what_qualifies_it() -> None:
    long = "Here is how to make a very creamy pasta carbonara without any cream at all tonight."
    assert how_to([long], phrasing("en"), MAX_TITLE_WORDS) == (
        "how to make a very creamy pasta carbonara"
    )
    assert how_to([long], phrasing("en"), 14) == (
        "how to make a very creamy pasta carbonara without any cream at all tonight"
    )
    # Nowhere to cut it: no title.
    endless = "Here is how to make very creamy and very rich and very glossy pasta carbonara."
    assert how_to([endless], phrasing("en"), MAX_TITLE_WORDS) is None


def test_how_the_creator_presents_doing_it_titles_the_video_and_is_told_of_them() -> None:
    ph = phrasing("en")
    said = "Here's how I meal prep protein overnight oats for the whole week, 4 jars in 5 minutes."
    assert how_to([said], ph, MAX_TITLE_WORDS) == "how I meal prep protein overnight oats"
    assert how_to([said], ph, 14, told=True) == (
        "how they meal prep protein overnight oats for the whole week"
    )
    assert told_of("how I\u2019m cleaning my oven, and we'll see") == (
        "how they're cleaning their oven, and they'll see"
    )
    assert told_of("how I moved to the US with my cat") == "how they moved to the US with their cat"
    # Only where the creator presents it: "how I did it" is said of anything.
    assert how_to(["I still don't know how I passed that exam."], ph, MAX_TITLE_WORDS) is None
    sources = WriterSources("en", (said, "Each jar gets oats, whey and chia seeds."))
    assert write_title(sources).text == "How I meal prep protein overnight oats"
    summary = write_summary(sources).text or ""
    assert summary.startswith("The video shows how they meal prep protein overnight oats")


@pytest.mark.parametrize(
    ("said", "language", "clause"),
    [
        ("There's 1 card that nobody at my level knows how to play against.", "en", None),
        ("I had no idea how to cook rice until last year.", "en", None),
        ("Je ne sais pas comment faire une quiche.", "fr", None),
        ("Don't worry, here's how to fold a fitted sheet.", "en", "how to fold a fitted sheet"),
        ("Today I'll show you how to make pasta carbonara.", "en", "how to make pasta carbonara"),
        # What another learned is what they did, not how to do it; the creator's own is.
        ("So my cat figured out how to open doors last week.", "en", None),
        ("My dog finally learned how to open the fridge.", "en", None),
        ("I figured out how to fold a fitted sheet.", "en", "how to fold a fitted sheet"),
    ],
)
def test_a_how_to_that_nobody_knows_is_not_what_the_video_shows(
    said: str, language: str, clause: str | None
) -> None:
    assert how_to([said], phrasing(language), MAX_TITLE_WORDS) == clause


def test_a_word_written_in_lower_case_as_often_as_inside_a_name_stays_a_word() -> None:
    said = [
        "Stop charging your phone to 100% every single night.",
        "Leave Optimized Battery Charging on.",
        "My iphone and my iPhone case.",
    ]
    known = casing(said)
    assert "charging" not in known  # once a word, once inside a setting's name
    assert known["optimized"] == "Optimized"
    assert known["iphone"] == "iPhone"  # a capital inside a word is never a sentence's
    assert recase("STOP CHARGING TO 100%", known) == "Stop charging to 100%"


def test_capitals_are_re_cased_from_how_the_speech_writes_each_word() -> None:
    known = {"lissabon": "Lissabon", "iphone": "iPhone", "tage": "Tage"}
    # The first word is capitalised (unless a number opens the line), the rest as the speech
    # writes them: German nouns keep their capitals because the speech writes them so.
    assert recase("3 TAGE IN LISSABON", known) == "3 Tage in Lissabon"
    assert recase("15 MIN LEMON PASTA", known) == "15 min lemon pasta"
    assert recase("DAYS IN LISSABON", known) == "Days in Lissabon"
    assert recase("IPHONE TRICKS", known) == "iPhone tricks"
    assert recase("Already cased", known) == "Already cased"
    # A word that cannot be said as written is spelt out: it keeps its capitals.
    assert recase("SPF BEFORE OR AFTER?", known) == "SPF before or after?"
    assert recase("MY TV SETUP FOR A 4-DAY WEEK", known) == "My TV setup for a 4-day week"
    assert recase("GYM BAG ESSENTIALS", known) == "Gym bag essentials"
    # each sentence of a caption opens with a capital
    assert recase("90% FROM THE LINE. UNDERHAND.", known) == "90% from the line. Underhand."
    assert recase("SAY THE NUMBER. THEN STOP. IPHONE TOO", known) == (
        "Say the number. Then stop. iPhone too"
    )
    # Initialisms that hold a vowel keep their capitals too; words they are not stay words.
    assert recase("POV: MISO HEARS THE TREAT BAG", known) == "POV: miso hears the treat bag"
    assert recase("FRENCH ATC STRIKE", known) == "French ATC strike"
    assert recase("MSCI WORLD: 1400 FIRMEN", known) == "MSCI world: 1400 firmen"
    assert recase("USA LA CREMA", known) == "Usa la crema"


def test_capitals_are_re_cased_with_the_names_found_and_the_nouns_a_language_capitalises() -> None:
    names = ("New York", "iPad Air", "York")
    # A name of several words is placed as a whole, the longest first, and only as a whole word.
    assert recase("THE BEST PIZZA IN NEW YORK", {}, names) == "The best pizza in New York"
    assert recase("IPAD AIR OR IPADS?", {}, names) == "iPad Air or ipads?"
    assert recase("YORKSHIRE PUDDING", {}, names) == "Yorkshire pudding"
    # German nouns the caller marks as written with a capital; the speech's forms come first.
    capitalised = {"minuten", "rücken"}
    line = "10 MINUTEN FÜR EINEN STARKEN RÜCKEN"
    assert recase(line, {}, (), capitalised) == "10 Minuten für einen starken Rücken"
    said = {"rücken": "rücken"}
    assert recase(line, said, (), capitalised) == "10 Minuten für einen starken rücken"


def test_a_german_topic_from_a_caption_in_capitals_gets_its_nouns_capitals() -> None:
    capitals = {"rücken": math.inf, "sie": 0.56}
    german = phrasing("de")
    assert with_noun_capitals("starken rücken", capitals, german) == "starken Rücken"
    assert with_noun_capitals("sie", capitals, german) == "sie"  # a function word never
    assert with_noun_capitals("Rücken", capitals, german) == "Rücken"
    assert with_noun_capitals("starken rücken", capitals, phrasing("en")) == "starken rücken"
    # a topic of one word read only from capitals is named as a noun, whatever the table holds;
    # one the sources write in lower case is no noun
    lower = lower_case_words(["Der Zug fährt langsam.", "10 MIN TREPPE"])
    assert lower == {"fährt", "langsam"}
    assert with_noun_capitals("treppe", capitals, german, lower) == "Treppe"
    assert with_noun_capitals("fährt", capitals, german, lower) == "fährt"
    assert with_noun_capitals("treppe", capitals, phrasing("en"), lower) == "treppe"


def test_a_german_headline_gets_its_nouns_back_from_the_vocabulary_odds() -> None:
    sources = WriterSources(
        "de",
        sentences=("Heute zeige ich dir eine kurze Übung für jeden Tag.",),
        on_screen=((0.0, 3.0, "10 MINUTEN FÜR EINEN STARKEN RÜCKEN"),),
        topics=("Rücken",),
        duration_s=20.0,
        # "sie" is written "Sie" more often than not, but a function word never gets a capital.
        capitals={"minuten": 0.26, "rücken": math.inf, "sie": 0.56},
    )
    assert write_title(sources).text == "10 Minuten für einen starken Rücken"
    # Only a language that capitalises its nouns reads the odds: elsewhere a capital marks a name.
    # A function word the speech capitalised past a sentence's start is not a name.
    spanish = WriterSources(
        "es",
        sentences=(
            "Te enseño a hacer un delineado que aguanta todo el día En menos de un minuto.",
        ),
        on_screen=((0.0, 3.0, "DELINEADO EN 1 MINUTO"),),
        topics=("delineado",),
        duration_s=20.0,
    )
    assert write_title(spanish).text == "Delineado en 1 minuto"
    english = replace(sources, language="en")
    assert write_title(english).text == "10 minuten für einen starken rücken"


def test_nothing_to_write_from_is_null_with_a_reason() -> None:
    empty = WriterSources("en")
    assert write_title(empty).text is None
    assert write_title(empty).warning
    assert write_summary(empty).text is None
    assert write_summary(empty).warning


def test_the_most_central_sentence_comes_first() -> None:
    vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    order = central_order(vectors)
    assert order[0] == 1
    assert set(order) == {0, 1, 2}
    assert central_order(np.zeros((0, 2), dtype=np.float32)) == ()


def test_function_words_cover_every_language() -> None:
    assert {"the", "der", "el", "le", "o", "il"} <= ALL_FUNCTION_WORDS


def test_a_call_to_act_is_never_quoted_and_subjects_like_saving_stay() -> None:
    clip = Clip(
        "finance_en",
        "en",
        (
            "Follow me and subscribe for a new money tip every single day.",
            "Save money by moving ten percent of your pay on payday.",
            "Most people spend first and save whatever is left, which is usually nothing.",
        ),
        ("save money", "payday"),
        ((0.0, 3.0, "Save money on payday"),),
    )
    summary = write_summary(sources(clip)).text
    assert summary is not None
    assert "Follow" not in summary
    assert write_title(sources(clip)).text == "Save money on payday"


def test_an_opening_caption_whose_figures_are_said_is_a_headline() -> None:
    """ "LA REGOLA 50/30/20" names one word, but the speech says its three figures."""
    sources = WriterSources(
        "it",
        sentences=(
            "Il 50 per cento del tuo stipendio dovrebbe andare alle spese fisse, e non di più.",
            "Un altro 30 per cento è per quello che ti piace, cene fuori, viaggi, abbonamenti.",
            "E il 20 per cento lo metti da parte appena arriva lo stipendio.",
        ),
        central=(0, 2, 1),
        on_screen=((0.0, 2.8, "LA REGOLA 50/30/20"),),
        topics=("stipendio", "spese", "abbonamenti"),
    )
    assert write_title(sources).text == "La regola 50/30/20"
    # A label of one word and one figure is too little: "3 SHOTS" heads nothing.
    label = WriterSources(
        "en",
        sentences=("Here are 3 shots that will win you more points.",),
        on_screen=((0.0, 2.8, "3 SHOTS"),),
        topics=("points",),
    )
    assert write_title(label).text != "3 shots"


def test_a_headline_that_names_no_subject_is_led_by_the_name_the_video_is_about() -> None:
    sentences = (
        "So this is the Oura Ring, and I've worn it to bed every night for a month.",
        "Sleep tracking lined up with my Apple Watch within a few minutes on most nights.",
    )
    review = WriterSources(
        "en",
        sentences=sentences,
        central=(0, 1),
        on_screen=((0.0, 2.8, "WHAT IT FOUND AFTER 30 NIGHTS"),),
        topics=("Oura Ring", "Apple Watch", "nights"),
    )
    assert write_title(review).text == "Oura Ring: What it found after 30 nights"
    # A common noun first: the name still leads, as what the video opens on and returns to.
    common = replace(review, topics=("nights", "Oura Ring"))
    assert write_title(common).text == "Oura Ring: What it found after 30 nights"
    # A headline naming the name already stays as it is.
    named = replace(review, on_screen=((0.0, 2.8, "THE OURA RING AFTER 30 NIGHTS"),))
    assert write_title(named).text == "The Oura Ring after 30 nights"


def test_a_title_that_names_none_of_what_the_video_is_about_is_led_by_it() -> None:
    # Fortnite is what the video returns to; the headline names only a detail of it.
    sentences = (
        "This loadout in Fortnite is honestly the most broken thing in the game right now.",
        "Pump first, then the Fortnite sniper, then heals, and you win every late fight.",
    )
    game = WriterSources(
        "en",
        sentences=sentences,
        central=(0, 1),
        on_screen=((0.0, 2.8, "MOST BROKEN SETUP RIGHT NOW"),),
        topics=("sniper", "Fortnite"),
        names=("Fortnite",),
        things=("Fortnite",),
    )
    assert write_title(game).text == "Fortnite: Most broken setup right now"
    # A person's name is no subject to lead with, and a headline naming the subject keeps it.
    person = replace(game, things=())
    assert write_title(person).text == "Most broken setup right now"
    named = replace(game, on_screen=((0.0, 2.8, "MOST BROKEN FORTNITE LOADOUT"),))
    assert write_title(named).text == "Most broken Fortnite loadout"


def test_a_subject_phrase_leads_a_title_only_when_the_opening_says_it() -> None:
    opening = (
        "Last night my roommate tried to return a rotisserie chicken.",
        "Half of the rotisserie chicken was already gone, and he kept a straight face.",
        "The manager just stared at the rotisserie chicken and gave him store credit.",
    )
    skit = WriterSources(
        "en",
        sentences=opening,
        central=(0, 1, 2),
        on_screen=((0.0, 2.8, "MY ROOMMATE IS UNWELL"),),
        topics=("roommate", "rotisserie chicken", "store credit"),
    )
    assert write_title(skit).text == "My roommate is unwell"  # the headline names a subject
    told = replace(skit, topics=("rotisserie chicken", "store credit"))
    assert write_title(told).text == "Rotisserie chicken: My roommate is unwell"
    later = replace(told, sentences=("Last night my roommate tried something.", *opening[1:]))
    assert write_title(later).text == "My roommate is unwell"


def test_the_opening_headline_survives_a_misheard_subject() -> None:
    # Speech recognition turned "Gnocchi" and "Kartoffeln" into other words, so no topic names
    # the dish; the caption shown at the start is still the video's headline.
    garbled = (
        "Wusstest du, dass du hier in zehn Minuten nilpst machen kannst?",
        "Du brauchst nur zwei Klosterkatoffeln und eine Prise Salz.",
        "Folg mir für mehr.",
    )
    sources = WriterSources(
        "de",
        sentences=garbled,
        central=(1, 0, 2),
        on_screen=((0.0, 3.0, "GNOCCHI IN 10 MINUTEN"), (0.0, 3.0, "WAIT FOR IT")),
        topics=("Klosterkatoffeln", "Prise"),
    )
    title = write_title(sources)
    assert title.text == "Gnocchi in 10 Minuten"
    assert title.source == "on_screen_headline"
    # A hook line alone is no headline, however early it is shown.
    hook_only = WriterSources(
        "en",
        sentences=("Wait for it, this trick saves your sourdough.",),
        central=(0,),
        on_screen=((0.0, 3.0, "WAIT FOR IT"),),
        topics=("sourdough",),
    )
    assert write_title(hook_only).source != "on_screen_headline"


def test_over_speech_the_recogniser_could_not_make_out_the_opening_caption_heads() -> None:
    # espeak-like French that Whisper turned into other words: no topic names the shelf
    garbled = (
        "On commence à mettre de plâche de paie carréquelles, je pousserai moins.",
        "As-li tout mis sur les mécanes, on fixe le tout au monde à mettre des chemins.",
    )
    shown = ((0.0, 3.0, "UNE ÉTAGÈRE EN 1 HEURE"), (0.0, 3.0, "WAIT"))
    misheard = WriterSources(
        "fr", sentences=garbled, central=(0, 1), on_screen=shown, topics=("mécanes",), heard=0.49
    )
    title = write_title(misheard)
    assert (title.text, title.source) == ("Une étagère en 1 heure", "on_screen_headline")
    # Heard well, the same words would have to name the subject to head the video.
    assert write_title(replace(misheard, heard=0.93)).source != "on_screen_headline"


def test_a_video_that_says_nothing_is_headed_by_its_opening_caption() -> None:
    shown = (
        (0.0, 3.0, "POV: you said you'd only foster him for a week"),
        (3.0, 6.0, "DAY 1: under the sofa. won't come out"),
        (6.0, 9.0, "DAY 7: nugget has chosen me"),
    )
    silent = WriterSources("en", (), on_screen=shown, topics=("sofa", "nugget"), duration_s=18.0)
    assert write_title(silent).text == "POV: you said you'd only foster him for a week"
    # over speech the line that names the subject heads
    said = WriterSources(
        "en", ("He hid under the sofa for a day.",), on_screen=shown, topics=("sofa",)
    )
    assert write_title(said).text != "POV: you said you'd only foster him for a week"


def test_speech_not_heard_well_is_not_quoted_as_a_title() -> None:
    # espeak-like Portuguese Whisper read as Italian: fluent guesses, no line on screen
    garbled = (
        "Poi ci è insiato che il vasico dosamba non prende i due in meno di un minuto.",
        "Dedo, base, dedo domessa ben dev'acadrino.",
    )
    sources = WriterSources("it", garbled, central=(1, 0), topics=("dedo",), heard=0.45)
    title = write_title(sources)
    assert title.text is None
    assert title.warning == (
        "title: no headline on screen, and the speech was not heard clearly enough to quote"
        " (mean word probability 0.45)"
    )
    # a topic made of guesses titles nothing; one written on screen or found as a name does
    assert write_title(replace(sources, topics=("dedo domessa",))).text is None
    shown = replace(sources, topics=("ritmo do samba",), on_screen=((9.0, 12.0, "RITMO DO SAMBA"),))
    assert write_title(shown).text is not None
    named = replace(sources, topics=("Pandeiro Samba",), names=("Pandeiro Samba",))
    assert write_title(named).text == "Pandeiro Samba"
    # heard well, the speech titles it
    assert write_title(replace(sources, heard=0.9)).text is not None


def test_a_list_item_is_no_headline_and_a_two_word_clause_no_claim() -> None:
    sources = WriterSources(
        "en",
        sentences=(
            "These three habits fix my mornings.",
            "Perfect plan.",
            "My phone sleeps in the kitchen now.",
        ),
        central=(1, 0, 2),
        on_screen=((0.0, 3.0, "1. PHONE SLEEPS IN THE KITCHEN"),),
        topics=("morning habits", "plan"),
    )
    title = write_title(sources)
    assert title.source == "core_claim"
    assert title.text == "These three habits fix my mornings"


def test_a_caption_written_in_lower_case_starts_with_a_capital() -> None:
    sources = WriterSources(
        "en",
        sentences=("This movie ending changes everything about the film.",),
        central=(0,),
        on_screen=((0.0, 3.0, "the ending nobody saw coming"),),
        topics=("movie ending",),
    )
    assert write_title(sources).text == "The ending nobody saw coming"


def test_a_claim_too_long_for_a_title_drops_what_qualifies_it() -> None:
    sources = WriterSources(
        "en",
        sentences=(
            "You do not need a gym membership to get in shape this year.",
            "Three rounds of squats, then rest.",
        ),
        central=(0, 1),
        topics=("gym", "squats"),
    )
    title = write_title(sources)
    assert (title.source, title.text) == ("core_claim", "You do not need a gym membership")
    # A relative clause qualifies the noun before it: the claim is what comes first.
    said = ("Here are three pickleball shots that will win you way more points this weekend.",)
    title = write_title(WriterSources("en", said, topics=("pickleball", "points")))
    # … and "Here are" only presents it.
    assert title.text == "Three pickleball shots"
    said = ("Voici comment centrer ta terre sur le tour en trois étapes.",)
    title = write_title(WriterSources("fr", said, topics=("terre", "tour")))
    assert title.text == "Comment centrer ta terre sur le tour en trois étapes"  # how, no call


def test_an_item_of_a_list_said_aloud_is_no_title() -> None:
    sources = WriterSources(
        "en",
        sentences=(
            "Three, water before coffee every single day.",
            "These habits fixed my mornings for good.",
        ),
        central=(0, 1),
        topics=("water", "mornings"),
    )
    assert write_title(sources).text == "These habits fixed my mornings for good"


def test_with_no_claim_naming_a_topic_the_opening_line_is_the_title() -> None:
    sources = WriterSources(
        "en",
        sentences=("Nobody is coming to save you, and that's good news.", "Perfect plan."),
        central=(1, 0),
        topics=("perfect plan",),
    )
    title = write_title(sources)
    assert (title.source, title.text) == (
        "opening_line",
        "Nobody is coming to save you, and that's good news",
    )


def test_a_short_label_on_screen_is_a_headline_even_when_said() -> None:
    sources = WriterSources(
        "en",
        sentences=(
            "Last Sunday I crossed the finish line of the Chicago marathon.",
            "I never skipped the boring easy days.",
        ),
        central=(1, 0),
        on_screen=((5.0, 9.0, "CHICAGO MARATHON"),),
        topics=("Chicago", "boring easy days"),
    )
    title = write_title(sources)
    assert (title.source, title.text) == ("on_screen_headline", "Chicago marathon")


def test_a_line_that_asks_the_viewer_is_no_headline() -> None:
    sources = WriterSources(
        "en",
        sentences=(
            "Here's the split that got me out of debt.",
            "Half of your budget goes to needs.",
        ),
        central=(1, 0),
        on_screen=((0.0, 14.0, "FREE BUDGET SHEET: LINK IN BIO"),),
        topics=("budget",),
    )
    assert write_title(sources).source != "on_screen_headline"


def test_a_claim_naming_a_salient_topic_makes_the_title() -> None:
    # "hill" leads the topics but is said once; "Zelda" is a name: its claim is the title.
    said = [
        "Okay, listen.",
        "I will die on this hill.",
        "The new Zelda is overrated.",
        "Half of the shrines feel like homework.",
    ]
    topics = ("hill", "shrines", "Zelda")
    title = write_title(WriterSources("en", tuple(said), topics=topics))
    assert title.text == "The new Zelda is overrated"


def test_the_opening_line_counts_one_topic_more_towards_the_title() -> None:
    # A creator's hook is usually the video's title: the opening claim, naming one topic, over
    # a later one that names two.
    said = (
        "Brain freeze has almost nothing to do with your brain.",
        "When something cold hits the roof of your mouth, the blood vessels there clamp shut.",
        "Then they open again, and the pain stops.",
    )
    topics = ("blood vessels", "brain freeze", "mouth")
    title = write_title(WriterSources("en", said, central=(1, 2, 0), topics=topics))
    assert title.text == "Brain freeze has almost nothing to do with your brain"
    # Said later, the first line is one claim among the others.
    later = WriterSources("en", (said[1], said[0], said[2]), central=(0, 2, 1), topics=topics)
    assert write_title(later).text != said[0].rstrip(".")


def test_salient_topics_are_names_acronyms_or_said_twice() -> None:
    said = ["Half eaten, the chicken came back.", "My Zelda save and the LLC.", "A chicken again."]
    known = casing(said)
    en = salient_topics(
        ["Half", "crowded lookout", "chicken", "Zelda", "LLC"], said, phrasing("en"), known
    )
    assert en == ["the chicken", "Zelda"]  # at most two, a common noun as it is said
    assert salient_topics(["LLC", "Half"], said, phrasing("en"), known) == ["LLC"]
    shouted = ["AIR FRYER SALMON BITES", "The salmon bites are crispy."]
    caption = salient_topics(["AIR FRYER SALMON BITES"], shouted, phrasing("en"), casing(shouted))
    assert caption == []  # a caption in capitals is no acronym
    # Nor is a short word of one where the video speaks and never writes it so ("VIEW" is
    # shouted; "LLC" above is written so by the speech); with no speech it is read as one.
    lisbon = ["This is day three in Lisbon.", "THE LISBON VIEW"]
    assert salient_topics(["VIEW"], lisbon, phrasing("en"), casing(lisbon)) == []
    assert salient_topics(["VIEW"], ["THE LISBON VIEW"], phrasing("en"), {}) == ["VIEW"]
    # German writes every noun with a capital: "Bürokonto", said once, is no name.
    gesagt = ["Das Geld liegt auf dem Bürokonto.", "Die Inflation frisst das Geld."]
    de = salient_topics(["Bürokonto", "Geld"], gesagt, phrasing("de"), casing(gesagt))
    assert de == ["Geld"]
    # Two names said as one, a linking word between them, are named as said.
    dit = ["Au Festival de Cannes, les selfies sont interdits.", "Le Festival de Cannes, quoi."]
    fr = salient_topics(["Festival", "Cannes"], dit, phrasing("fr"), casing(dit))
    assert fr == ["Festival de Cannes"]
    # A name that opens a sentence is known by its later words; a common noun before an
    # acronym is no name.
    dicho = ["Lamine Yamal ya es el mejor extremo del mundo.", "Y el chip GPS, nada."]
    es = salient_topics(["Lamine Yamal", "chip GPS"], dicho, phrasing("es"), casing(dicho))
    assert es == ["Lamine Yamal"]


def test_salient_topics_said_side_by_side_are_named_together_and_never_twice() -> None:
    said = ["Last Sunday I crossed the finish line of the Chicago Marathon.", "Marathon done."]
    known = casing(said)
    assert salient_topics(["Marathon", "Chicago"], said, phrasing("en"), known) == [
        "the Chicago Marathon"  # with the article the video says it with
    ]
    pasta = ["The lemon pasta I make.", "Zest two lemons, then the pasta and lemon juice."]
    topics = ["lemon pasta", "lemons", "pasta"]
    assert salient_topics(topics, pasta, phrasing("en"), casing(pasta)) == ["the lemon pasta"]
    # two captions shown one after the other are not side by side
    shown = ["It is the bollards in Poland and Italy.", "POLAND", "ITALY"]
    named = salient_topics(["Poland", "Italy"], shown, phrasing("en"), casing(shown))
    assert named == ["Poland", "Italy"]


def test_a_second_topic_is_named_only_when_the_video_keeps_coming_back_to_it() -> None:
    said = [
        "The lemon pasta I make every week.",
        "Salt the water, then the pasta goes in.",
        "A splash of pasta water and the pasta is glossy.",
    ]
    known = casing(said)
    topics = ["lemon pasta", "water"]  # water: said twice, pasta four times
    assert salient_topics(topics, said, phrasing("en"), known) == ["the lemon pasta"]
    skit = [
        "My roommate bought a chicken.",
        "The chicken is gone, and so is my roommate.",
        "My roommate says the chicken left.",
    ]
    both = salient_topics(["chicken", "roommate"], skit, phrasing("en"), casing(skit))
    assert both == ["a chicken", "the roommate"]  # each three times


def test_a_summary_quotes_sentences_that_stand_alone_in_the_videos_order() -> None:
    said = (
        "Nobody is coming to save you, and that's the best news you'll hear today.",
        "It means the thing you're waiting for is already in your hands.",
        "Then you start small and you keep going every single day.",
        "Ten minutes of the hard thing beats a perfect plan you start next month.",
    )
    # The most central sentences come first; the summary still quotes in the video's order.
    summary = write_summary(WriterSources("en", said, central=(3, 1, 2, 0))).text
    assert summary == (
        "Nobody is coming to save you, and that's the best news you'll hear today. "
        "Ten minutes of the hard thing beats a perfect plan you start next month."
    )


def test_a_sentence_that_gives_the_reason_for_the_one_before_is_not_quoted() -> None:
    en, fr = phrasing("en"), phrasing("fr")
    assert quotable("Because if your towels smell off, that's probably why.", en) is None
    assert quotable("Parce que le pain durcit vite, il faut le congeler.", fr) is None
    assert quotable("Car prices went up 20 percent this year in the city.", en) is not None


def test_a_summary_does_not_frame_the_video_with_what_its_title_names() -> None:
    said = (
        "You do not need a gym membership to get in shape with a home workout.",
        "Do three rounds of twenty squats, then push-ups until your form breaks.",
        "Rest a minute between rounds and do the home workout four days a week.",
    )
    shown = ((0.0, 3.0, "YOU DON'T NEED A GYM"),)
    topics = ("home workout",)
    clip = WriterSources("en", said, central=(1, 2, 0), topics=topics, on_screen=shown)
    framed = write_summary(clip).text or ""
    assert framed.startswith("The video is about a home workout.")
    # Under "Your home workout" the frame says nothing new: two sentences are quoted.
    summary = write_summary(clip, "Your home workout").text or ""
    assert not summary.startswith("The video is about")
    assert summary.count(".") == 2
    # A title that names something else leaves the frame; with nothing to quote it stays too.
    assert write_summary(clip, "Four days a week").text == framed
    unquotable = WriterSources("en", ("Home workout?",), topics=topics, on_screen=shown)
    assert write_summary(unquotable, "Home workout").text == write_summary(unquotable).text
    # A common noun alone ("a gym") says too little to frame the video with: its words are
    # quoted, the opening line first.
    plain = WriterSources("en", said, central=(1, 2, 0), topics=("gym",), on_screen=shown)
    assert (write_summary(plain).text or "").startswith("You do not need a gym membership")
    # Its determiner makes no name of it, even where the video says "A" as one (a chord).
    chords = (*said, "It works for A and E too, you just pull the gym note down.")
    plain = WriterSources("en", chords, central=(1, 2, 0), topics=("gym",), on_screen=shown)
    assert (write_summary(plain).text or "").startswith("You do not need a gym membership")
    # A frame led by a common noun tells as little ("the emergencies and Christmas"); one
    # led by a phrase leaves a second topic that tells nothing out ("a bag").
    led = WriterSources("en", said, central=(1, 2, 0), topics=("gym", "Christmas"))
    assert not (write_summary(led).text or "").startswith("The video is about")
    both = WriterSources("en", said, central=(1, 2, 0), topics=("home workout", "gym"))
    assert (write_summary(both).text or "").startswith("The video is about a home workout.")
    # Where no tagger read the topics, only a name frames the video: "enigma abbiamo perso"
    # runs a noun into a verb.
    escape = (
        "Questa è l'escape room più difficile di Milano, e noi l'abbiamo chiusa in tempo.",
        "Sul primo enigma abbiamo perso quasi 20 minuti, tutti a guardare un lucchetto.",
    )
    untagged = WriterSources("it", escape, topics=("enigma abbiamo perso", "room"))
    untagged = replace(untagged, topics_tagged=False)
    assert not (write_summary(untagged).text or "").startswith("Il video parla")
    named = replace(untagged, topics=("Milano", "enigma abbiamo perso"))
    assert (write_summary(named).text or "").startswith("Il video parla di Milano.")
    # With nothing to quote, it still frames the video.
    shown_only = ((0.0, 4.0, "POV: you finally nail the riff"), (4.0, 8.0, "the riff, again"))
    riff = WriterSources("en", (), topics=("riff",), on_screen=shown_only)
    assert write_summary(riff).text == "The video is about the riff."
    assert write_summary(riff, "POV: you finally nail the riff").text == (
        "The video is about the riff."
    )
    # Nor is the title quoted again as the summary.
    caption = "POV: MISO HEARS THE TREAT BAG"
    slideshow = WriterSources(
        "en",
        (),
        topics=("treat bag",),
        on_screen=((0.0, 3.0, caption),),
        caption_sentences=(caption,),
    )
    title = "POV: miso hears the treat bag"
    assert write_summary(slideshow).text == f"The video is about the treat bag. {title}."
    assert write_summary(slideshow, title).text == "The video is about the treat bag."


def test_a_call_to_action_is_never_quoted_or_titled() -> None:
    said = (
        "Send this to the friend whose phone battery is always on five percent.",
        "Nobody is coming to save you, and that's the best news you'll hear today.",
        "Ten minutes of the hard thing beats a perfect plan you start next month.",
    )
    calls = frozenset({line_key(said[0])})
    plain = WriterSources("en", said, central=(0, 1, 2), topics=("phone battery",))
    marked = WriterSources("en", said, central=(0, 1, 2), topics=("phone battery",), calls=calls)
    assert "Send this" in (write_summary(plain).text or "")
    summary = write_summary(marked).text or ""
    assert "Send this" not in summary
    assert "Nobody is coming to save you" in summary
    assert "friend" in (write_title(plain).text or "")
    assert "friend" not in (write_title(marked).text or "")


def test_a_name_said_once_in_passing_does_not_frame_the_video() -> None:
    said = (
        "The IMAX print of Oppenheimer was 11 miles of film, and I finally saw it.",
        "Only 30 theaters could project it, so I drove 3 hours to Lincoln Square.",
        "During the Trinity test the sound just cuts out.",
        "Christopher Nolan keeps saying film beats digital, and I get it now.",
    )
    topics = ("Lincoln Square", "Trinity test", "IMAX", "Oppenheimer")
    clip = WriterSources("en", said, central=(0, 3, 1, 2), topics=topics)
    summary = write_summary(clip).text or ""
    assert "Lincoln Square" not in summary.split(".")[0]
    assert summary.startswith("The video is about IMAX and Oppenheimer.")
    # Said again later, a name is what the video comes back to.
    again = (*said, "Lincoln Square has the last 70 mm projector in town.")
    summary = write_summary(replace(clip, sentences=again)).text or ""
    assert summary.startswith("The video is about Lincoln Square")
    # The logline tells what the video is about the same way.
    logline = write_logline("en", ("hook", "story"), said[0], said, topics, "curiosity_gap")
    assert logline == "The video opens with a teaser and tells a story about IMAX and Oppenheimer."


def test_a_frame_names_a_common_noun_as_the_video_says_it() -> None:
    en, fr = phrasing("en"), phrasing("fr")
    assert with_determiner("lemon pasta", ["the lemon pasta I make"], en) == "the lemon pasta"
    # A possessive speaks for the creator: the frame uses the article.
    assert with_determiner("credit score", ["35% of your credit score"], en) == "the credit score"
    assert with_determiner("téléphone", ["J'utilise ce téléphone"], fr) == "ce téléphone"
    assert with_determiner("appareil photo", ["L'appareil photo"], fr) == "l'appareil photo"
    # Never said with a determiner of its own: not named ("the last scene" is no "the scene").
    assert with_determiner("scene", ["Wait for the last scene."], en) is None
    assert with_determiner("Bürokonto", ["auf dem Bürokonto"], phrasing("de")) == "Bürokonto"
    # The frame and the video's words meet where a preposition takes an article.
    assert elide("La vidéo parle de le four et de les frites.", "fr") == (
        "La vidéo parle du four et des frites."
    )
    assert elide("El vídeo habla de el mirador.", "es") == "El vídeo habla del mirador."
    assert elide("Il video parla di il mare.", "it") == "Il video parla del mare."
    # The article put for an Italian possessive takes its noun's form: "parla dello stipendio".
    it = phrasing("it")
    assert with_determiner("stipendio", ["il tuo stipendio"], it) == "lo stipendio"
    assert with_determiner("amica", ["la mia amica"], it) == "l'amica"
    assert with_determiner("cane", ["il mio cane"], it) == "il cane"


def test_a_run_on_sentence_is_quoted_by_its_first_main_clause() -> None:
    run_on = (
        "The ending of this movie made half the theater walk out, and I finally understand why, "
        "for two hours it sells you a heist, and then the last scene tells you none of it "
        "happened and nobody in my row saw it coming at all."
    )
    summary = write_summary(WriterSources("en", (run_on,))).text
    assert summary == "The ending of this movie made half the theater walk out."


@settings(max_examples=200, deadline=None)
@given(
    said=st.lists(st.text(max_size=120), max_size=5),
    shown=st.lists(
        st.tuples(st.floats(0, 30, allow_nan=False), st.floats(0, 30, allow_nan=False), st.text()),
        max_size=4,
    ),
    topics=st.lists(st.text(max_size=30), max_size=5),
    language=st.sampled_from(["en", "de", "es", "fr", "pt", "it", None]),
)
def test_the_writer_takes_any_words_without_failing(
    said: list[str],
    shown: list[tuple[float, float, str]],
    topics: list[str],
    language: str | None,
) -> None:
    # Speech recognition and OCR hand the writer anything: punctuation, emoji, empty lines.
    sources = WriterSources(
        language, tuple(said), on_screen=tuple(shown), topics=tuple(topics), duration_s=30.0
    )
    write_title(sources)
    write_summary(sources)
    first = said[0] if said else ""
    write_logline(language, ("hook", "cta"), first, said, topics, "question", "follow", shown=[])


def test_a_sentence_opening_with_an_article_or_a_dummy_subject_is_quotable() -> None:
    for language, sentence in [
        ("it", "Il segreto è lasciare riposare l'impasto per una notte intera."),
        ("fr", "Il y a une raison simple pour laquelle le ciel est bleu."),
        ("de", "Es gibt drei Regeln für einen guten Sauerteig zu Hause."),
    ]:
        assert quotable(sentence, phrasing(language)) == sentence, language
    assert quotable("It means the thing you want is already here.", phrasing("en")) is None


def test_a_logline_quotes_no_first_line_of_guesses() -> None:
    garbled = "On commence à mettre de plâche de paie carréquelles"
    heard_badly = {"first_line_heard": False}
    # the opening caption says how it opens
    with_caption = write_logline(
        "fr",
        ("hook",),
        garbled,
        [garbled],
        [],
        "curiosity_gap",
        **heard_badly,
        opening_caption="UNE ÉTAGÈRE EN 1 HEURE",
    )
    assert with_caption is not None
    assert "carréquelles" not in with_caption
    assert "« Une étagère en 1 heure »" in with_caption  # re-cased as the title is
    # no caption: the hook type says it
    typed = write_logline("fr", ("hook",), garbled, [garbled], [], "curiosity_gap", **heard_badly)
    assert typed is not None
    assert "carréquelles" not in typed
    # nothing else known: no logline, rather than the guesses
    assert write_logline("fr", ("hook",), garbled, [garbled], [], **heard_badly) is None
    # what it asks is still known, and said
    asked = write_logline(
        "fr", ("hook", "cta"), garbled, [garbled], [], None, "follow", **heard_badly
    )
    assert asked is not None
    assert "carréquelles" not in asked
    # heard surely, the first line is quoted as before
    assert "carréquelles" in write_logline("fr", ("hook",), garbled, [garbled], [], "curiosity_gap")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Hi everyone, it's Sunday and I'm doing my reset.", "It's Sunday and I'm doing my reset."),
        ("All right, the paper is taped down.", "The paper is taped down."),
        ("Hey guys, welcome back.", "Welcome back."),
        ("Everyone wants the result.", "Everyone wants the result."),
        ("Salut les amis, on commence.", "On commence."),
        ("You know the feeling.", "You know the feeling."),
        ("All right,", "All right,"),  # nothing else said: the words stay
        ("Hier, mon voisin a sonné chez moi.", "Mon voisin a sonné chez moi."),
        ("Oui, ça marche vraiment.", "Ça marche vraiment."),
        ("Ciao a tutti, oggi suono Nuvole Bianche.", "Oggi suono Nuvole Bianche."),
    ],
)
def test_leading_fillers_and_greetings_are_dropped(sentence: str, expected: str) -> None:
    language = "fr" if sentence.startswith(("Salut", "Hier", "Oui")) else "en"
    language = "it" if sentence.startswith("Ciao") else language
    assert drop_fillers(sentence, phrasing(language)) == expected


def test_a_german_clause_left_opening_with_its_verb_is_no_title_and_keeps_its_filler() -> None:
    # "also" holds the place before the verb: without it the clause opens "Bin ich …".
    de = phrasing("de")
    assert drop_fillers("also bin ich einfach durch die Stadt gelaufen", de).startswith("Also")
    assert drop_fillers("Also, ich zeige euch meinen Trick.", de) == "Ich zeige euch meinen Trick."
    said = (
        "Letzten Sommer habe ich meinen Zug in Wien verpasst, und das war das Beste.",
        "Der nächste fuhr erst am Morgen, also bin ich einfach durch die Stadt gelaufen.",
    )
    sources = WriterSources("de", said, central=(1, 0), topics=("Stadt", "Wien", "Zug"))
    assert write_title(sources).text == "Letzten Sommer habe ich meinen Zug in Wien verpasst"


def test_an_english_i_in_a_caption_in_capitals_keeps_its_capital() -> None:
    sources = WriterSources(
        "en",
        ("So these are the 3 pasta shapes I always keep in the cupboard.",),
        central=(0,),
        on_screen=((0.0, 3.0, "3 PASTA SHAPES I ALWAYS KEEP"),),
        topics=("pasta shapes", "cupboard"),
    )
    assert write_title(sources).text == "3 pasta shapes I always keep"


def test_an_english_clause_opening_on_a_past_verb_and_its_object_is_no_title() -> None:
    # "(he) made me write …": the subject was said before the "but"
    said = (
        "So when I was 24 I had to ask my dad for 2000 for a rental deposit, and I was mortified.",
        "He said yes, but made me write an actual little contract on the back of an envelope.",
        "Took me 20 months, and weirdly that's why all my bills are on autopay now.",
    )
    sources = WriterSources("en", said, central=(1, 2, 0), topics=("contract", "rental deposit"))
    title = write_title(sources).text or ""
    assert not title.startswith(("Made me", "Took me")), title
    # the subject the clause before it opened with is put back
    sources = WriterSources("en", said, central=(1, 2, 0), topics=("contract", "dad"))
    assert write_title(sources).text == "He made me write an actual little contract"


def test_a_french_clause_opening_on_its_verb_is_no_title() -> None:
    said = (
        "Tu t'es déjà demandé pourquoi le leader du Tour de France est en jaune ?",
        "L'Auto, le journal qui organisait la course, était imprimé sur du papier jaune.",
    )
    sources = WriterSources("fr", said, central=(1, 0), topics=("papier jaune", "Tour"))
    assert write_title(sources).text == "Pourquoi le leader du Tour de France est en jaune"
    # Without the question, the clause on its verb is still no title.
    sources = WriterSources("fr", said[1:], central=(0,), topics=("papier jaune", "Tour"))
    title = write_title(sources).text or ""
    assert not title.lower().startswith("était"), title


def test_a_caption_after_the_opening_titles_only_speech_not_heard_well() -> None:
    said = (
        "When did you last clean your washing machine, honestly?",
        "Pull back the rubber seal on the door and wipe the grey gunk out.",
    )
    seal = ((9.0, 12.5, "CHECK THE SEAL"),)
    topics = ("washing machine", "seal")
    clip = WriterSources("en", said, central=(1, 0), on_screen=seal, topics=topics, duration_s=30)
    assert write_title(clip).text == "When did you last clean your washing machine, honestly?"
    assert write_title(replace(clip, heard=0.6)).text == "Check the seal"
    # An opening line that names two things still comes before it.
    asked = ((0.0, 3.0, "WHY DOES MY LAUNDRY STINK?"), *seal)
    assert write_title(replace(clip, heard=0.6, on_screen=asked)).text == (
        "Why does my laundry stink?"
    )


def spoken_title(language: str, said: tuple[str, ...], topics: tuple[str, ...]) -> str | None:
    """The title of a video that only says `said`, its sentences central in their order."""
    return write_title(
        WriterSources(language, said, central=tuple(range(len(said))), topics=topics)
    ).text


def test_a_short_clause_of_where_or_how_is_no_title() -> None:
    said = (
        "Au Festival de Cannes, il y a un truc que t'as pas le droit de faire sur les marches.",
        "Depuis 2015, les selfies sont interdits sur le tapis rouge.",
    )
    topics = ("Festival de Cannes", "selfies")
    title = spoken_title("fr", said, topics)
    assert title == "Depuis 2015, les selfies sont interdits sur le tapis rouge"
    # A longer clause that opens on one holds its claim.
    said = ("On Friday night Peanut worked out the cage door, and vanished.",)
    title = spoken_title("en", said, ("cage door",))
    assert title == "On Friday night Peanut worked out the cage door"


def test_a_long_clause_drops_the_time_it_opens_with_before_it_is_cut() -> None:
    said = (
        "Last summer I quit my office job to run a coffee cart, and in month 3 I nearly quit.",
        "I paid for beans and milk upfront, and the market paid me 30 days later.",
    )
    topics = ("coffee cart", "office job")
    title = spoken_title("en", said, topics)
    assert title == "I quit my office job to run a coffee cart"
    # A short one keeps it; German, whose verb follows the time, keeps it too.
    said = ("Last summer I quit my office job.", "It was the best thing I did.")
    title = spoken_title("en", said, topics)
    assert title == "Last summer I quit my office job"
    said = ("Letzten Sommer habe ich meinen Bürojob gekündigt, um einen Kaffeewagen zu fahren.",)
    topics = ("Bürojob", "Kaffeewagen")
    title = spoken_title("de", said, topics) or ""
    assert not title.startswith("Habe ich"), title


def test_a_german_clause_may_end_on_its_verbs_particle() -> None:
    ph = phrasing("de")
    assert is_whole("Die Wand rund ums Fenster kühlt total aus", ph)
    assert is_whole("Der Akku lädt über Nacht auf", ph)
    assert not is_whole("Die Wand rund ums Fenster und die", ph)
    assert not is_whole("The wall around the window cools out", phrasing("en"))


def test_an_item_whose_number_was_said_alone_is_a_detail_of_the_list() -> None:
    # Recognised as "Three." then "Water before coffee …": both are the list's third item,
    # neither the video's claim nor its summary.
    said = (
        "These three habits fixed my mornings more than any productivity app ever did.",
        "One.",
        "My phone charges in the kitchen, not next to my bed.",
        "Two.",
        "I lay out tomorrow's clothes before I brush my teeth.",
        "Three.",
        "Water before coffee, every single day.",
    )
    shown = ((4.0, 8.0, "1. PHONE SLEEPS IN THE KITCHEN"), (12.0, 16.0, "3. WATER BEFORE COFFEE"))
    sources = WriterSources(
        "en",
        said,
        central=(6, 2, 0),
        on_screen=shown,
        topics=("Water", "coffee", "kitchen", "habits"),
    )
    assert sources.items == frozenset(range(1, 7))
    assert write_title(sources).text == "These three habits fixed my mornings"
    # "kitchen" is said and shown, but only in an item: no subject of the video
    summary = write_summary(sources).text or ""
    assert summary == (
        "These three habits fixed my mornings more than any productivity app ever did."
    )
    logline = write_logline(
        "en",
        ("hook", "list_item"),
        said[0],
        said,
        sources.topics,
        "bold_claim",
        shown=[t for *_, t in shown],
    )
    assert "kitchen" not in logline


def test_a_contracted_adjunct_is_cut_from_a_long_claim_like_a_whole_one() -> None:
    said = ("Here are three pickleball shots that'll win you way more points this weekend.",)
    sources = WriterSources("en", said, central=(0,), topics=("pickleball", "shots", "points"))
    assert write_title(sources).text == "Three pickleball shots"


def test_among_claims_naming_as_much_the_opening_line_is_the_title() -> None:
    said = [
        "You do not need a gym membership to get in shape.",
        "Honestly, you never did three rounds, 20 squats, then push-ups until your form "
        "breaks, then a one-minute plank.",
        "Rest a minute between rounds and do it four days a week.",
    ]
    topics = ("gym", "shape", "membership", "rounds", "squats")
    title = write_title(WriterSources("en", tuple(said), topics=topics))
    assert title.text == "You do not need a gym membership"


def test_a_logline_quotes_the_first_line_without_its_greeting() -> None:
    first = "Hi everyone, it's Sunday afternoon and I'm just doing my weekly reset."
    logline = write_logline("en", ("hook", "context"), first, [first], [])
    assert logline == (
        "The video opens with \"It's Sunday afternoon and I'm just doing my weekly reset\"."
    )


def test_a_long_opening_keeps_its_claim_and_the_place_it_closes_on() -> None:
    said = (
        "Our rental car died in the middle of nowhere in Iceland, no signal, and it was dark.",
        "We'd been driving the south coast for hours when the dashboard lit up.",
    )
    sources = WriterSources(
        "en", sentences=said, central=(1, 0), topics=("Iceland", "south coast", "car")
    )
    assert write_title(sources).text == "Our rental car died in Iceland"
    # In French the place opens with "à", which is no adjunct the claim is cut before.
    dit = ("Notre voiture est tombée en panne pendant la nuit sur une route à Marseille.",)
    french = WriterSources("fr", sentences=dit, central=(0,), topics=("Marseille",))
    assert write_title(french).text == "Notre voiture est tombée en panne à Marseille"
    # A closing adjunct that names no place is not kept across the middle.
    vague = replace(sources, sentences=(said[0].replace("Iceland", "the snow"), said[1]))
    assert "died in the snow" not in (write_title(vague).text or "")


def test_a_name_of_several_words_keeps_the_article_it_is_said_with() -> None:
    said = ["We drove the South Coast for hours.", "The new Zelda and Iceland."]
    topics = ["South Coast", "Iceland", "Zelda"]
    en = salient_topics(topics, said, phrasing("en"), casing(said))
    assert en == ["the South Coast", "Iceland"]  # "the new Zelda" puts no article on "Zelda"
    dicho = ["El Real Madrid no merecía ganar.", "Real Madrid, otra vez."]
    es = salient_topics(["Real Madrid"], dicho, phrasing("es"), casing(dicho))
    assert es == ["el Real Madrid"]
    # Said first without one, it stays bare; German puts none (its case would have to agree).
    bare = ["Google Pixel review.", "I love the Google Pixel."]
    assert salient_topics(["Google Pixel"], bare, phrasing("en"), casing(bare)) == ["Google Pixel"]
    gesagt = ["Ich war in der Sächsischen Schweiz.", "Sächsische Schweiz im Herbst."]
    assert salient_topics(["Sächsischen Schweiz"], gesagt, phrasing("de"), casing(gesagt)) == [
        "Sächsischen Schweiz"
    ]


def test_of_one_sentence_the_clause_that_opens_it_titles_before_a_later_shorter_one() -> None:
    # The recogniser ran three sentences into one; each clause names a topic.
    said = (
        "El 80% de la gente abandona sus propósitos antes de febrero, no es falta de ganas, "
        "es que empiezan demasiado grande.",
    )
    sources = WriterSources("es", sentences=said, central=(0,), topics=("propósitos", "ganas"))
    assert write_title(sources).text == "El 80% de la gente abandona sus propósitos"


# The held-out Oaxaca clip as the recogniser heard its espeak voice: every word a real one,
# the speech's mean word probability 0.76, under HEARD_WELL.
_OAXACA_HEARD = (
    "Tieno una semana en la saga y bueno, os cuento por la mañana.",
    "La lluna se en el mercado venden en el hiembre, por menos neceseuros, y son enormes.",
)


def test_speech_not_heard_well_is_neither_quoted_nor_framed_only_what_is_written() -> None:
    sources = WriterSources(
        "es",
        sentences=_OAXACA_HEARD,
        on_screen=((0.0, 3.2, "OAXACA ES LA MEJOR CIUDAD PARA COMER"),),
        topics=("saga", "Oaxaca", "mercado venden"),
        duration_s=28.0,
        heard=0.76,
        names=("Oaxaca",),
    )
    summary = write_summary(sources).text
    assert summary == "El vídeo trata sobre Oaxaca."
    # The same words heard well are quoted, as before.
    heard_well = write_summary(replace(sources, heard=0.9)).text or ""
    assert "Tieno una semana" in heard_well
    # A name a list or gazetteer found counts as written, wherever it was found.
    assert write_summary(replace(sources, on_screen=())).text == summary
    # Nothing written on screen names a topic: no summary rather than the guesses.
    unshown = replace(sources, on_screen=(), names=())
    assert write_summary(unshown).text is None


def test_a_logline_of_speech_not_heard_well_opens_with_the_caption_and_names_no_guess() -> None:
    caption = "OAXACA ES LA MEJOR CIUDAD PARA COMER"
    args = ("es", ("hook", "context"), _OAXACA_HEARD[0], list(_OAXACA_HEARD), ["saga"])
    badly = write_logline(*args, shown=[caption], opening_caption=caption, speech_heard_well=False)
    assert "Tieno" not in badly
    assert "saga" not in badly
    assert "«Oaxaca es la mejor ciudad para comer»" in badly
    assert "Tieno" in write_logline(*args, shown=[caption], opening_caption=caption)


def test_a_how_to_promised_in_a_call_to_action_is_not_the_title() -> None:
    said = (
        "Quase 40% dos brasileiros não têm 1 real guardado pra uma emergência, e isso assusta.",
        "A regra é simples: junta pelo menos 6 meses do seu custo de vida.",
        "Segue aqui que amanhã eu mostro como montar a sua começando com 50 reais por mês.",
    )
    plain = WriterSources("pt", said, central=(0, 1, 2), topics=("emergência",))
    assert write_title(plain).text == "Como montar a sua começando com 50 reais por mês"
    asked = replace(plain, calls=frozenset({line_key(said[2])}))
    assert write_title(asked).text == "Quase 40% dos brasileiros não têm 1 real guardado"


def test_a_brazilian_pra_opens_an_adjunct_a_title_may_drop() -> None:
    said = ("Por que toda mãe brasileira manda áudio de 7 minutos pra dizer que tá tudo bem?",)
    clip = WriterSources("pt", said, central=(0,), topics=("mãe brasileira", "áudio"))
    assert write_title(clip).text == "Por que toda mãe brasileira manda áudio de 7 minutos"


def test_clauses_join_by_the_words_of_the_videos_own_language() -> None:
    # "y" is "and" in Spanish but a pronoun in French ("il y a"); "ma" is "but" in Italian and
    # "my" in French; "o" is "or" in Spanish and "the" in Portuguese.
    assert phrasing("es").and_break.split("Abres la lata y ahí están los botones") == [
        "Abres la lata",
        "ahí están los botones",
    ]
    assert len(phrasing("fr").and_break.split("Je l'ai appris il y a des années")) == 1
    fr = WriterSources(
        "fr",
        ("Ma routine du soir avec trois produits de pharmacie.",),
        central=(0,),
        topics=("routine", "pharmacie"),
    )
    assert write_title(fr).text == "Ma routine du soir avec trois produits de pharmacie"
    pt = WriterSources(
        "pt", ("O segredo do pão de queijo é o polvilho azedo.",), central=(0,), topics=("pão",)
    )
    assert write_title(pt).text == "O segredo do pão de queijo é o polvilho azedo"


def test_a_day_set_off_by_a_comma_is_no_part_of_a_title() -> None:
    said = (
        "Hier, mon voisin a sonné chez moi à six heures.",
        "Il voulait savoir si ma perceuse faisait moins de bruit que la sienne.",
    )
    sources = WriterSources("fr", said, central=(0, 1), topics=("voisin", "perceuse"))
    assert write_title(sources).text == "Mon voisin a sonné chez moi à six heures"


@pytest.mark.parametrize(
    ("language", "said", "topics", "title"),
    [
        (
            "es",
            "La Ciudad de México es el mejor destino barato de todo el continente, y no acepto "
            "discusión.",
            ("Ciudad de México", "destino"),
            "La Ciudad de México es el mejor destino barato",
        ),
        (
            "fr",
            "Y a un truc dans Minecraft que j'aurais vraiment aimé savoir il y a des années.",
            ("Minecraft",),
            "Y a un truc dans Minecraft",
        ),
    ],
)
def test_a_long_claim_drops_its_relative_clause_or_the_scope_of_its_superlative(
    language: str, said: str, topics: tuple[str, ...], title: str
) -> None:
    sources = WriterSources(language, (said,), central=(0,), topics=topics)
    assert write_title(sources).text == title


@pytest.mark.parametrize(
    ("language", "said", "topics", "title"),
    [
        (
            "en",
            "Did you know your cat might be telling you it loves you every time it slowly blinks?",
            ("cat", "blinks"),
            "Your cat might be telling you it loves you",
        ),
        (
            "fr",
            "Tu savais qu'on peut passer une journée à Marseille avec moins de cinquante euros?",
            ("Marseille", "euros"),
            "On peut passer une journée à Marseille",
        ),
        (
            "es",
            "¿Sabías que en Minecraft puedes dormir sin cama?",
            ("Minecraft", "cama"),
            "En Minecraft puedes dormir sin cama",
        ),
    ],
)
def test_a_question_that_announces_a_fact_is_titled_by_the_fact(
    language: str, said: str, topics: tuple[str, ...], title: str
) -> None:
    sources = WriterSources(language, (said,), central=(0,), topics=topics)
    assert write_title(sources).text == title


def test_a_clause_opening_with_an_elided_conjunction_leans_on_what_came_before() -> None:
    # "Tu savais" heard as "Mais", a filler: what is left opens with "qu'".
    said = ("Mais qu'on peut passer la journée à Marseille avec moins de 50 euros.",)
    sources = WriterSources("fr", said, central=(0,), topics=("Marseille",))
    assert not (write_title(sources).text or "").lower().startswith("qu'")


@pytest.mark.parametrize(
    ("language", "said", "topic"),
    [
        ("es", "Así que hoy haz la versión mala de tu proyecto.", "versión mala"),
        ("fr", "Du coup je lave mes draps toutes les semaines.", "draps"),
        ("pt", "Por isso a flexão com joelho funciona tão bem.", "flexão"),
    ],
)
def test_a_sentence_opening_on_a_two_word_so_continues_the_one_before(
    language: str, said: str, topic: str
) -> None:
    sources = WriterSources(language, (said,), central=(0,), topics=(topic,))
    title = write_title(sources).text
    assert title != said.rstrip(".")
    assert not (title or "").lower().startswith(said.lower()[:6])


def test_an_english_clause_opening_on_an_auxiliary_leans_on_its_subject() -> None:
    said = (
        "And I sent it out to literary agents, which, if you don't know, is basically how you"
        " get a book deal.",
        "Number 44 asked for the full manuscript.",
    )
    sources = WriterSources("en", said, central=(0, 1), topics=("book deal", "manuscript"))
    assert write_title(sources).text == "Number 44 asked for the full manuscript"
    # a whole sentence that asks may open on one
    asked = ("Is a book deal worth 43 rejections?",)
    sources = WriterSources("en", asked, central=(0,), topics=("book deal",))
    assert write_title(sources).text == "Is a book deal worth 43 rejections?"


def test_a_clause_of_condition_or_emphasis_leans_on_the_rest_of_its_sentence() -> None:
    """ "Si vous prenez le train ce week-end" (if you take the train) and "Surtout sur les TGV"
    (especially on the TGV) say nothing alone."""
    said = (
        "Si vous prenez le train ce week-end, il y a un truc que la SNCF n'a pas expliqué.",
        "SUD-Rail appelle à la grève dès jeudi soir, surtout sur les TGV et les TER.",
    )
    sources = WriterSources("fr", said, central=(1, 0), topics=("TGV", "SNCF"))
    title = (write_title(sources).text or "").lower()
    assert not title.startswith(("si ", "surtout"))
    pele = ("Se você tem pele oleosa e pula o hidratante, você tá piorando a sua oleosidade.",)
    sources = WriterSources("pt", pele, central=(0,), topics=("pele oleosa", "oleosidade"))
    assert not (write_title(sources).text or "").startswith("Se você")


def test_an_end_card_the_creator_also_says_does_not_make_the_opening_caption_a_subtitle() -> None:
    said = (
        "Nobody is coming to save you.",
        "It means the gym, the savings, the side project.",
        "Do ten minutes today, ten tomorrow, and stop waiting to feel ready.",
        "Send this to someone who needs it.",
    )
    shown = ((0.0, 3.0, "NOBODY IS COMING TO SAVE YOU"), (16.0, 20.0, "SEND THIS TO SOMEONE"))
    sources = WriterSources(
        "en",
        said,
        on_screen=shown,
        central=(1, 2, 0, 3),
        topics=("gym", "savings", "side project"),
        duration_s=20.0,
    )
    assert write_title(sources).text == "Nobody is coming to save you"


def test_a_title_from_a_topic_alone_is_a_phrase_or_a_name_never_a_common_noun() -> None:
    bare = write_title(WriterSources("fr", topics=("euros",)))
    assert bare.text is None
    assert bare.warning is not None
    assert write_title(WriterSources("fr", topics=("euros", "vieux port"))).text == "Vieux port"
    named = write_title(WriterSources("en", topics=("Zelda",), names=("Zelda",)))
    assert (named.text, named.source) == ("Zelda", "topic")


def test_a_tutorials_steps_are_its_title_only_when_nothing_else_names_a_topic() -> None:
    lines = (
        "This is a hand cut dovetail, no router, no jig, just a saw and a chisel.",
        "Mark your tails first, cut on the waste side of the line.",
        "Chop the waste out from both faces so the edges don't blow out.",
    )
    topics = ("hand cut dovetail", "waste", "line")
    plain = WriterSources("en", lines, topics=topics)
    assert write_title(plain).text == "Cut on the waste side of the line"
    stepped = WriterSources("en", lines, topics=topics, steps=frozenset({1, 2}))
    assert write_title(stepped).text == "This is a hand cut dovetail"
    only_steps = WriterSources("en", lines[1:], topics=("waste", "line"), steps=frozenset({1}))
    assert write_title(only_steps).text is not None


def test_a_silent_video_labelling_its_moments_is_summarised_by_its_labels() -> None:
    shown = (
        (0.0, 3.0, "SUNDAY RESET"),
        (3.0, 7.0, "FRESH SHEETS"),
        (7.0, 11.0, "FRIDGE CLEAN-OUT"),
        (11.0, 15.0, "LAUNDRY"),
        (15.0, 19.0, "PLAN THE WEEK"),
        (19.0, 22.0, "FOLLOW FOR EVERY SUNDAY RESET"),
    )
    clip = WriterSources(
        "en",
        on_screen=shown,
        caption_sentences=tuple(text for *_, text in shown),
        topics=("Sunday reset", "fresh sheets", "laundry"),
        duration_s=22.0,
        calls=frozenset({line_key("FOLLOW FOR EVERY SUNDAY RESET")}),
    )
    title = write_title(clip).text
    assert title == "Sunday reset"
    summary = write_summary(clip, title)
    assert (
        summary.text == "Sunday reset: fresh sheets, fridge clean-out, laundry and plan the week."
    )
    assert summary.source == "shown_list"
    # One label is no list, a sentence shown is no label, and speech quoted comes first.
    assert write_summary(replace(clip, on_screen=shown[:2]), title).source != "shown_list"
    sentence = (*shown[:3], (11.0, 15.0, "THEN I DO ALL OF THE LAUNDRY AT ONCE"))
    assert write_summary(replace(clip, on_screen=sentence), title).source != "shown_list"
    said = ("I change the sheets first, then I clean out the whole fridge.",)
    assert write_summary(replace(clip, sentences=said), title).source != "shown_list"


def test_a_headline_keeps_the_sign_it_compares_with() -> None:
    said = ("A passkey is basically a key that lives on your phone.", "Passwords are done.")
    shown = ((0.5, 3.0, "PASSKEYS > PASSWORDS"),)
    clip = WriterSources("en", said, on_screen=shown, topics=("passkeys", "passwords"))
    assert write_title(replace(clip, duration_s=30.0)).text == "Passkeys > passwords"
