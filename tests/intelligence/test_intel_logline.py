"""The logline says what happens in the video, in its language, naming only what it says;
a logline the generative writer wrote and checked is used as it stands."""

from __future__ import annotations

import re
from dataclasses import replace

from intel_samples import TUTORIAL, music_montage, spoken, talking_tutorial

from clipapi.intelligence.signals import Line
from clipapi.intelligence.story import analyse_story
from clipapi.pipeline.layer_inputs import from_outputs
from clipapi.pipeline.step import StepOutput
from clipapi.signals.text_faithful import names, numbers
from clipapi.signals.text_logline import write_logline
from clipapi.signals.text_writer import opening_words
from clipapi.signals.writer_language import phrasing


def test_the_tutorials_logline_follows_its_beats() -> None:
    s = talking_tutorial(**spoken(TUTORIAL), topics=("budget", "savings"))
    story = analyse_story(s)
    assert story is not None
    assert story.logline.startswith(
        "The video opens with a question, goes through a list on a budget"
    )
    # No template names ("hook", "steps") and nothing the video did not say.
    assert not re.search(r"\b(hook|steps|payoff|cta)\b", story.logline)
    source = " ".join(text for _, text in TUTORIAL)
    assert numbers(story.logline) <= numbers(source)
    assert all(name.lower() in source.lower() for name in names(story.logline, "en"))


def test_a_how_to_video_in_german_shows_how() -> None:
    sentences = [
        "Heute zeige ich dir, wie du ein Sauerteigbrot backst.",
        "Du brauchst nur Mehl, Wasser und Salz.",
        "Folge mir für mehr Rezepte.",
    ]
    logline = write_logline("de", ("hook", "solution", "cta"), sentences[0], sentences, ("Brot",))
    assert logline == (
        "Das Video zeigt, wie du ein Sauerteigbrot backst und endet mit einem Aufruf an die "
        "Zuschauer."
    )


def test_other_languages_have_their_own_phrasing() -> None:
    asked = ["¿Sabías esto?", "Este es el mirador más bonito de Lisboa."]
    spanish = write_logline("es", ("hook", "list_item", "list_item"), asked[0], asked, ("Lisboa",))
    assert spanish == "El vídeo empieza con una pregunta y repasa una lista sobre Lisboa."
    told = ["Hier, mon appartement a été inondé.", "L'appartement est vide."]
    french = write_logline("fr", ("hook", "story", "reveal"), told[0], told, ("appartement",))
    assert french == (
        "La vidéo raconte une histoire sur l'appartement et se termine par une révélation."
    )


def test_without_topics_or_a_how_to_the_first_line_is_quoted() -> None:
    logline = write_logline("en", ("hook",), "Wait for it…", ["Wait for it…"], ())
    assert logline == 'The video opens with "Wait for it".'
    # A long first line is quoted up to where its claim ends, not cut mid-thought.
    first = "Here are three pickleball shots that will win you so many more points at the club."
    logline = write_logline("en", ("hook", "list_item"), first, [first], ())
    assert logline == 'The video opens with "Here are three pickleball shots".'
    # A greeting of its own opens nothing: the line after it is quoted.
    said = ["Morning.", "It's just me, a kettlebell and the living room floor today."]
    logline = write_logline("en", ("hook",), said[0], said, ())
    assert logline == f'The video opens with "{said[1][:-1]}".'
    # On screen, a short first line is the video's title, not a greeting.
    shown = ["SUNDAY RESET", "FRESH SHEETS", "LAUNDRY"]
    logline = write_logline(
        "en", ("hook", "cta"), shown[0], shown, (), None, "follow", spoken=False
    )
    assert logline == 'The video opens with "Sunday reset" and ends by asking viewers to follow.'


def test_a_checked_generated_logline_is_used_as_it_stands() -> None:
    s = replace(
        talking_tutorial(**spoken(TUTORIAL)),
        written_logline="A creator explains how to start a budget in three steps.",
    )
    story = analyse_story(s)
    assert story is not None
    assert story.logline == "A creator explains how to start a budget in three steps."


def test_the_generated_logline_travels_from_the_understanding_step() -> None:
    outputs = {
        "media_understanding": StepOutput(signals={"logline": "A cook makes carbonara."}),
        "transcription": StepOutput(signals={"sentences": [], "words": []}),
    }
    assert from_outputs(outputs).written_logline == "A cook makes carbonara."
    assert from_outputs({}).written_logline is None


def test_on_screen_lines_tell_a_silent_video() -> None:
    s = talking_tutorial(
        words=(),
        sentences=(),
        on_screen_text=(Line(0.2, 2.0, "3 mistakes beginners make"), Line(3.0, 6.0, "No warm-up")),
        topics=("warm-up",),
    )
    story = analyse_story(s)
    assert story is not None
    # "warm-up", shown once, is too weak to state as the subject: the opening line is quoted
    assert story.logline == 'The video opens with "3 mistakes beginners make".'


def test_the_logline_says_how_the_video_opens_and_what_it_asks() -> None:
    said = ["Unpopular opinion: do not open an LLC yet.", "An LLC costs fees every year."]
    beats = ("hook", "context", "cta")
    logline = write_logline("en", beats, said[0], said, ("LLC",), "controversy", "visit")
    assert logline == (
        "The video opens with a hot take, talks about LLC and ends with an invitation to visit."
    )
    gesagt = ["Das Deutschlandticket wird teurer.", "Ab Januar kostet das Deutschlandticket mehr."]
    german = write_logline("de", beats, gesagt[0], gesagt, ("Deutschlandticket",), None, "comment")
    assert german == (
        "Das Video spricht über das Thema Deutschlandticket und endet mit der Bitte um Kommentare."
    )
    # Without a kind, the call stays general; with only an opening to tell, the line is quoted.
    plain = write_logline("en", ("hook", "cta"), said[0], said[:1], (), "bold_claim", None)
    assert plain.startswith('The video opens with "Unpopular opinion')
    assert plain.endswith("and ends with a call to action.")


def test_a_long_first_line_is_quoted_up_to_its_first_clause_never_cut_mid_thought() -> None:
    first = (
        "The ending of this movie made half the theater walk out, and I finally understand why "
        "after two hours of it."
    )
    logline = write_logline("en", ("hook", "reveal"), first, [first], ())
    assert logline == (
        'The video opens with "The ending of this movie made half the theater walk out" and '
        "ends with a reveal."
    )
    run_on = " ".join(["word"] * 20)
    assert opening_words(run_on, 14, phrasing("en")) == " ".join(["word"] * 14) + "\u2026"


def test_a_list_items_caption_read_line_by_line_names_no_subject() -> None:
    # OCR reads the wrapped caption of habit one as two lines; only together are they an
    # item, and "kitchen", said and shown only in that item, is no subject of the logline.
    script = (
        (0.4, "These three habits fix my mornings more than any productivity app ever did."),
        (4.2, "One, my phone charges in the kitchen, not next to my bed."),
        (8.2, "Two, I lay out tomorrow's clothes before I brush my teeth."),
        (12.2, "Three, water before coffee every single day."),
    )
    shown = (
        Line(4.0, 8.0, "1. PHONE SLEEPS IN"),
        Line(4.0, 8.0, "THE KITCHEN"),
        Line(12.0, 16.0, "3. WATER BEFORE"),
        Line(12.0, 16.0, "COFFEE"),
    )
    s = talking_tutorial(
        **spoken(script), on_screen_text=shown, topics=("water", "kitchen", "coffee", "mornings")
    )
    story = analyse_story(s)
    assert story is not None
    assert "kitchen" not in story.logline


def test_a_video_without_speech_opens_with_its_whole_first_caption() -> None:
    # OCR returns a caption wrapped over two lines as two lines shown together.
    shown = (
        Line(0.0, 3.0, "POV: MISO HEARS"),
        Line(0.0, 3.0, "THE TREAT BAG"),
        Line(3.5, 6.0, "FROM 3 ROOMS AWAY"),
    )
    story = analyse_story(music_montage(on_screen_text=shown))
    assert story is not None
    assert story.logline.startswith('The video opens with "POV: miso hears the treat bag"')


def test_a_first_line_that_can_only_be_quoted_cut_short_is_told_by_its_hook_type() -> None:
    said = [
        "Unpopular opinion, but static stretching before a run is doing basically nothing for "
        "you, holding a hamstring stretch for thirty seconds while your muscles are cold.",
        "Keep the long holds for afterwards.",
    ]
    told = write_logline(
        "en", ("hook", "context", "cta"), said[0], said, (), "controversy", "visit"
    )
    assert told == "The video opens with a hot take and ends with an invitation to visit."
    # With no hook type to tell it by, the line is quoted as far as it can be.
    quoted = write_logline("en", ("hook", "context"), said[0], said, ())
    assert quoted.startswith('The video opens with "Unpopular opinion, but static stretching')


def test_what_closes_the_call_is_not_what_the_video_shows() -> None:
    script = (
        (0.0, "The most important six seconds in modern music came off a B-side."),
        (5.0, "Producers looped the drum break on thousands of tracks."),
        (10.0, "And the band never got paid for it."),
        (14.0, "Subscribe."),
        (15.0, "Next week I'm showing you how to chop it up."),
    )
    s = talking_tutorial(**spoken(script))
    story = analyse_story(s, cta_times=(14.0,), cta_kind="subscribe")
    assert story is not None
    assert story.logline is not None
    assert "how to chop" not in story.logline
    assert story.logline.endswith("ends by asking viewers to subscribe.")
