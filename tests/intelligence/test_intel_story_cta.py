"""story.v2 and cta.v2: beats with their spans, the logline, and the call to action."""

from __future__ import annotations

from dataclasses import replace

from intel_samples import TUTORIAL, music_montage, spoken, talking_tutorial

from clipapi.intelligence.cta import analyse_cta
from clipapi.intelligence.layers import creator_layer, score_layer
from clipapi.intelligence.signals import Line, Signals
from clipapi.intelligence.story import analyse_story


def _cta_effectiveness(s: Signals) -> int:
    detail = score_layer(s, creator_layer(s)).cta_effectiveness
    assert detail is not None
    return detail.score


def test_beats_follow_the_sentences_with_their_time_spans() -> None:
    s = talking_tutorial(**spoken((*TUTORIAL, (26.0, "Follow for more money tips."))))
    cta = analyse_cta(s)
    assert cta is not None
    story = analyse_story(s, tuple(m.line.start for m in cta.mentions))

    assert story is not None
    assert story.beats == ("hook", "context", "list_item", "proof", "payoff", "cta")
    spans = {span.beat: (span.start, span.end) for span in story.beat_spans}
    # The hook beat runs from the opening caption to the end of the hook window.
    assert spans["hook"] == (0.0, 2.65)
    assert spans["list_item"][0] == 6.5
    assert spans["cta"][0] == 26.0
    starts = [span.start for span in story.beat_spans]
    assert starts == sorted(starts)
    # The logline says what happens, from the beats and the measured topics.
    assert story.logline.startswith("The video opens with a question")
    assert story.logline.endswith("ends with a call to action.")


def test_a_video_without_speech_takes_its_beats_from_on_screen_text() -> None:
    captions = (
        Line(0.2, 2.0, "3 mistakes beginners make"),
        Line(3.0, 6.0, "First: no warm-up"),
        Line(7.0, 10.0, "Finally, the fix"),
    )
    story = analyse_story(music_montage(on_screen_text=captions))

    assert story is not None
    assert story.beats == ("hook", "list_item", "payoff")


def test_no_text_at_all_means_no_story() -> None:
    assert analyse_story(music_montage()) is None


def test_a_spoken_follow_for_more_at_the_end_is_the_cta_and_raises_its_score() -> None:
    without = talking_tutorial()
    with_cta = talking_tutorial(**spoken((*TUTORIAL, (26.0, "Follow for more money tips."))))
    before, after = analyse_cta(without), analyse_cta(with_cta)

    assert before is not None
    assert before.present is False
    assert after is not None
    assert after.present is True
    assert after.type == "follow"
    assert after.text == "Follow for more money tips."
    assert after.timestamp == 26.0
    assert after.spoken is True
    assert after.shown is False
    assert _cta_effectiveness(with_cta) > _cta_effectiveness(without)


def test_a_cta_both_spoken_and_shown_beats_one_that_is_only_spoken() -> None:
    spoken_only = talking_tutorial(**spoken((*TUTORIAL, (26.0, "Follow for more money tips."))))
    both = replace(
        spoken_only,
        on_screen_text=(*(spoken_only.on_screen_text or ()), Line(26.0, 28.0, "Follow for part 2")),
    )
    found = analyse_cta(both)

    assert found is not None
    assert (found.spoken, found.shown) == (True, True)
    assert _cta_effectiveness(both) > _cta_effectiveness(spoken_only)


def test_a_shown_link_in_bio_is_typed_and_marked_as_shown() -> None:
    s = music_montage(on_screen_text=(Line(17.0, 20.0, "Full recipe: link in bio"),))
    found = analyse_cta(s)

    assert found is not None
    assert (found.type, found.spoken, found.shown, found.timestamp) == (
        "link_in_bio",
        False,
        True,
        17.0,
    )


def test_nothing_to_read_means_no_cta_measurement() -> None:
    assert analyse_cta(Signals(duration_s=10.0)) is None


def test_the_hook_beat_ends_at_the_hook_window_not_at_the_end_of_a_long_first_sentence() -> None:
    long_first = (
        "So last year I started the budgeting method everyone keeps talking about and I want to "
        "walk you through exactly how the whole thing went for me over three months"
    )
    s = talking_tutorial(
        on_screen_text=(),
        **spoken(
            (
                (0.2, long_first),
                (9.5, "The problem is most people never track small purchases."),
                (13.0, "Instead, use one card for everything and check it weekly."),
                (17.0, "Turns out I was spending 300 dollars on snacks."),
            )
        ),
    )
    story = analyse_story(s)

    assert story is not None
    hook = story.first("hook")
    assert hook is not None
    assert hook.start == 0.2
    assert hook.end == 6.0  # the hook window's longest stretch, not the sentence's 8.9 s
    assert story.beats[:2] == ("hook", "story")  # the rest of the first sentence narrates
    assert story.beats[2:] == ("problem", "solution", "reveal")


def test_a_vlog_that_narrates_its_day_does_not_end_with_a_reveal() -> None:
    vlog = (
        (0.5, "Hi everyone, it's Sunday afternoon and I'm just doing my weekly reset."),
        (5.0, "Changed the sheets, and now I'm meal prepping a big pot of chili."),
        (10.0, "It's nothing fancy, but it makes the week feel a lot less chaotic."),
    )
    story = analyse_story(talking_tutorial(**spoken(vlog)))

    assert story is not None
    assert not {"payoff", "reveal"} & set(story.beats)
    assert "reveal" not in story.logline


def test_a_story_hook_without_a_cue_word_opens_a_story_beat() -> None:
    trip = (
        (0.4, "Our rental car died in the middle of nowhere in Iceland, no signal at all."),
        (5.5, "About twenty minutes later a farmer pulls over and tows us to his place."),
        (11.0, "Best night of the whole trip, honestly."),
    )
    s = replace(talking_tutorial(on_screen_text=(), **spoken(trip)), topics=("Iceland",))

    told = analyse_story(s, hook_type="story")
    plain = analyse_story(s)

    assert told is not None
    assert plain is not None
    # No line carries a story cue ("so I", "last year"): the hook method's story type
    # makes the lines after it the story; without it they set the scene.
    assert told.beats[:2] == ("hook", "story")
    assert plain.beats[:2] == ("hook", "context")
    assert told.logline.startswith("The video tells a story about Iceland")


def test_a_comic_anecdote_is_told_as_a_story_whatever_its_hook() -> None:
    navi = (
        (0.4, "Wartet bis zum Ende, ich schwöre, mein Vater hat das wirklich gesagt."),
        (5.5, "Wir fahren in den Urlaub, und das Navi sagt: In 300 Metern links abbiegen."),
        (11.0, "Ich so: Papa, links."),
        (14.0, "Er so: Das Navi kennt sich nicht aus, ich fahr die Strecke seit 30 Jahren."),
    )
    s = replace(talking_tutorial(on_screen_text=(), **spoken(navi)), language="de")

    story = analyse_story(s, hook_type="curiosity_gap")

    assert story is not None
    # No line carries a story cue; the father named and his words played back tell one.
    assert story.beats[:2] == ("hook", "story")


RECIPE = (
    (0.4, "If you've got an air fryer and ten minutes, I'm gonna show you salmon bites."),
    (5.5, "Cube the salmon and toss it in soy, honey and garlic."),
    (11.0, "Four hundred degrees for eight minutes and shake the basket halfway."),
)


def test_the_steps_after_a_tutorial_promise_are_the_solution() -> None:
    s = talking_tutorial(on_screen_text=(), **spoken(RECIPE))

    taught = analyse_story(s, hook_type="tutorial_promise")
    plain = analyse_story(s)

    assert taught is not None
    assert plain is not None
    assert taught.beats == ("hook", "solution")
    assert plain.beats == ("hook", "context")


def test_a_call_only_shown_over_the_speech_is_the_cta_beat_while_it_is_up() -> None:
    card = Line(12.5, 16.0, "SAVE THIS FOR DINNER")
    s = talking_tutorial(on_screen_text=(card,), duration_s=16.0, **spoken(RECIPE))
    found = analyse_cta(s)
    assert found is not None
    assert (found.type, found.shown, found.spoken) == ("save", True, False)

    story = creator_layer(s).story

    assert story is not None
    assert story.beats[-1] == "cta"
    assert (story.beat_spans[-1].start, story.beat_spans[-1].end) == (12.5, 16.0)
    # The step said under the card keeps the time before it.
    assert story.beat_spans[-2].end == 12.5
    assert story.logline.endswith("ends by asking viewers to save it.")


def test_a_list_item_opens_its_line_an_ordinal_inside_a_sentence_narrates() -> None:
    trip = (
        (0.4, "On my first day in Lisbon, I queued two hours for tram 28."),
        (5.5, "Then a local told me the first stop is always packed."),
        (11.0, "So I walked to the third stop and got on straight away."),
    )
    habits = (
        (0.4, "These three habits fixed my mornings."),
        (4.0, "One. My phone charges in the kitchen, not next to my bed."),
        (9.0, "Two. I lay out tomorrow's clothes before I brush my teeth."),
    )
    told = analyse_story(talking_tutorial(on_screen_text=(), **spoken(trip)), hook_type="story")
    listed = analyse_story(talking_tutorial(on_screen_text=(), **spoken(habits)))

    assert told is not None
    assert listed is not None
    assert "list_item" not in told.beats
    assert told.beats == ("hook", "story")
    assert listed.beats == ("hook", "list_item")
