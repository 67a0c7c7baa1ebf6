"""The accuracy measures on hand-made inputs: each figure worked out by hand first."""

from __future__ import annotations

import pytest

from clipapi.evaluation.metrics import (
    CutMatch,
    ErrorRate,
    Ratio,
    bpm_error,
    caption_error,
    character_error,
    cut_times,
    entity_recall,
    jump_cut_times,
    language_accuracy,
    match_cuts,
    match_cuts_and_jumps,
    match_spans,
    presence_accuracy,
    same_language,
    scene_text_error,
    speaker_turn_accuracy,
    speaker_word_error,
    word_error,
)


def test_ratios_and_rates_pool_by_addition() -> None:
    assert (Ratio(1, 2) + Ratio(3, 3)).value == pytest.approx(4 / 5)
    assert Ratio().value is None
    assert (ErrorRate(1, 10) + ErrorRate(0, 30)).value == pytest.approx(1 / 40)
    assert ErrorRate().value is None


def test_word_error_ignores_case_and_punctuation() -> None:
    rate = word_error("And so, my fellow Americans.", "and so my fellow america")
    assert (rate.errors, rate.units) == (1, 5)


def test_speaker_word_error_takes_the_best_label_assignment() -> None:
    references = ["the horizon seems distant", "he began a complaint"]
    # Labels in the other order than the references: still no errors.
    both = speaker_word_error(
        references, {"A": "he began a complaint", "B": "the horizon seems distant"}
    )
    assert (both.errors, both.units) == (0, 8)
    # One voice never labelled: its words are all deletions.
    one = speaker_word_error(references, {"A": "he began a complaint"})
    assert (one.errors, one.units) == (4, 8)
    # A third label's text has no voice to match: insertions.
    extra = speaker_word_error(
        references,
        {"A": "he began a complaint", "B": "the horizon seems distant", "C": "thank you"},
    )
    assert (extra.errors, extra.units) == (2, 8)


def test_character_error_folds_case_and_spaces() -> None:
    assert character_error("KEEP  YOUR ROOM", "keep your room") == ErrorRate(0, 14)
    assert character_error("MISFITS", "MISTAITS") == ErrorRate(2, 7)


def test_caption_error_uses_the_readings_shown_with_each_caption() -> None:
    captions = [
        (0.0, 1.5, "FIVE TIPS"),
        (1.5, 3.0, "ASK NOT WHAT YOUR COUNTRY"),
        (3.0, 4.5, "NO SCREENS"),
    ]
    readings = [
        (0.0, 1.5, "FIVE TIPS"),
        (0.0, 4.5, "MISFITS"),  # a logo in the scene the whole time: never the closest
        (1.5, 3.0, "ASK NOT WHAT YOUR"),  # a two-line caption read as two lines
        (1.5, 3.0, "COUNTRY"),
        (4.6, 5.0, "NO SCREENS"),  # after the caption ended: not its reading
    ]
    rate = caption_error(captions, readings)
    # 0 + 0 (the two lines joined) + the unread third caption against the closest text shown
    # with it, the logo: "no screens" -> "misfits" is 8 edits.
    assert (rate.errors, rate.units) == (8, 9 + 25 + 10)
    alone = caption_error([(3.0, 4.5, "NO SCREENS")], [(4.6, 5.0, "NO SCREENS")])
    assert alone == ErrorRate(10, 10)  # nothing shown with it: every character missed


def test_caption_error_single_line_misread() -> None:
    rate = caption_error([(0.0, 2.0, "KEEP YOUR ROOM COOL")], [(0.5, 2.0, "KEEP YOUR R0OM COOL")])
    assert rate == ErrorRate(1, 19)


def test_scene_text_error_takes_the_closest_reading() -> None:
    assert scene_text_error(["MISFITS"], ["HELLO", "MISFIT5"]) == ErrorRate(1, 7)
    assert scene_text_error(["MISFITS"], []) == ErrorRate(7, 7)


def test_match_cuts_pairs_within_tolerance_closest_first() -> None:
    match = match_cuts([1.0, 2.0, 3.0], [1.033, 2.5, 2.95, 3.02])
    assert (match.true_positives, match.false_positives, match.false_negatives) == (2, 2, 1)
    assert sorted(match.errors_s) == pytest.approx([0.02, 0.033])
    assert match.precision == pytest.approx(0.5)
    assert match.recall == pytest.approx(2 / 3)
    assert match.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert match.mean_error_s == pytest.approx(0.0265)
    assert match.max_error_s == pytest.approx(0.033)


def test_one_found_cut_cannot_match_two_true_ones() -> None:
    match = match_cuts([1.0, 1.05], [1.02])
    assert (match.true_positives, match.false_positives, match.false_negatives) == (1, 0, 1)


def test_cut_scores_without_cuts_and_pooled() -> None:
    none = match_cuts([], [])
    assert (none.precision, none.recall, none.f1) == (1.0, 1.0, 1.0)
    assert none.mean_error_s is None
    spurious = match_cuts([], [0.5])
    assert (spurious.precision, spurious.recall) == (0.0, 1.0)
    pooled = match_cuts([1.0], [1.0]) + spurious + CutMatch()
    assert (pooled.true_positives, pooled.false_positives, pooled.false_negatives) == (1, 1, 0)
    assert pooled.f1 == pytest.approx(2 / 3)


def test_jump_cuts_are_scored_apart_from_scene_cuts() -> None:
    scenes, jumps = match_cuts_and_jumps([3.0], [1.5, 4.5], [1.52, 3.0, 6.0])
    # The cut found at 1.52 s is the first jump cut's hit, not a false scene cut; 6.0 is false.
    assert (scenes.true_positives, scenes.false_positives, scenes.false_negatives) == (1, 1, 0)
    assert (jumps.true_positives, jumps.false_negatives) == (1, 1)
    assert jumps.recall == pytest.approx(0.5)


def test_a_jump_cut_counts_only_when_reported_as_a_jump() -> None:
    shots = [
        {"start": 0.0, "end": 1.5, "kind": None},
        {"start": 1.52, "end": 3.0, "kind": "jump"},
        {"start": 3.0, "end": 4.5, "kind": "hard"},
        {"start": 4.5, "end": 6.0, "kind": "hard"},
    ]
    found = cut_times(shots)
    scenes, jumps = match_cuts_and_jumps(
        [3.0], [1.5, 4.5], found, found_jumps=jump_cut_times(shots)
    )
    # 4.5 s was found but called hard: not a jump hit, and not a false scene cut either.
    assert (jumps.true_positives, jumps.false_negatives) == (1, 1)
    assert (scenes.true_positives, scenes.false_positives, scenes.false_negatives) == (1, 0, 0)
    assert jump_cut_times([{"start": 0.0, "end": 1.0}]) is None


def test_cut_times_are_the_starts_of_every_shot_but_the_first() -> None:
    shots = [{"start": 1.0, "end": 2.0}, {"start": 0.0, "end": 1.0}, {"start": 2.0, "end": 3.0}]
    assert cut_times(shots) == [1.0, 2.0]
    assert cut_times(None) == []


def test_language_accuracy_compares_primary_subtags_and_nulls() -> None:
    assert same_language("en", "EN-us")
    assert same_language(None, None)
    assert not same_language(None, "en")
    assert not same_language("de", None)
    assert language_accuracy([("en", "en"), ("de", "nl"), (None, None), ("es", None)]) == Ratio(
        2, 4
    )


def test_presence_accuracy_counts_unmeasured_as_a_miss() -> None:
    assert presence_accuracy([(True, True), (False, False), (False, True), (True, None)]) == (
        Ratio(2, 4)
    )


def test_bpm_error_is_relative_and_octave_errors_count() -> None:
    assert bpm_error(100, 103) == pytest.approx(0.03)
    assert bpm_error(128, 64) == pytest.approx(0.5)
    assert bpm_error(75, 150) == pytest.approx(1.0)
    assert bpm_error(75, None) is None


def test_entity_recall_per_kind_case_folded_and_exact() -> None:
    recall = entity_recall(
        {
            "people": ["Barack Obama", "Serena Williams"],
            "hashtags": ["#history"],
            "brands": ["Apple"],
        },
        {"people": ["barack obama", "Williams"], "hashtags": ["#History"], "brands": None},
    )
    assert recall == {
        "people": Ratio(1, 2),  # a partial name is a miss
        "hashtags": Ratio(1, 1),
        "brands": Ratio(0, 1),  # not measured: nothing found
    }


def test_match_spans_by_overlap() -> None:
    match = match_spans([(0.0, 2.0), (13.0, 16.0), (21.0, 22.5)], [(0.0, 1.9), (13.2, 16.0)])
    assert match.found == Ratio(2, 3)
    assert sorted(match.boundary_errors_s) == pytest.approx([0.0, 0.0, 0.1, 0.2])
    assert match.mean_boundary_error_s == pytest.approx(0.075)
    # Overlapping less than half the union is not a find.
    assert match_spans([(0.0, 4.0)], [(3.0, 5.0)]).found == Ratio(0, 1)


def test_speaker_turn_accuracy_matches_labels_to_voices_one_to_one() -> None:
    turns = [(0.0, 2.0, "joe"), (2.5, 4.0, "amy"), (4.5, 6.0, "joe"), (6.5, 8.0, "amy")]
    swapped = [(0.0, 2.1, "B"), (2.4, 4.0, "A"), (4.4, 6.0, "B"), (6.5, 8.0, "A")]
    assert speaker_turn_accuracy(turns, swapped) == Ratio(4, 4)
    merged = [(0.0, 8.0, "A")]  # one label for both voices: one voice's turns are right
    assert speaker_turn_accuracy(turns, merged) == Ratio(2, 4)
    split = [(0.0, 2.0, "A"), (2.5, 4.0, "B"), (4.5, 6.0, "C"), (6.5, 8.0, "B")]
    assert speaker_turn_accuracy(turns, split) == Ratio(3, 4)
    # the longest overlap decides; a turn nothing covers is wrong
    partly = [(0.0, 0.5, "B"), (0.5, 2.0, "A"), (2.5, 4.0, "B"), (6.5, 8.0, "B")]
    assert speaker_turn_accuracy(turns, partly) == Ratio(3, 4)
    assert speaker_turn_accuracy(turns, []) == Ratio(0, 4)
