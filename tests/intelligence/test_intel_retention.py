"""retention.v1: drop-risk moments from measured events, pacing, and the design score."""

from __future__ import annotations

from dataclasses import replace

from intel_samples import levels, spoken, talking_tutorial

from clipapi.intelligence.layers import creator_layer, score_layer
from clipapi.intelligence.retention import analyse_retention
from clipapi.intelligence.signals import Signals, Word
from clipapi.intelligence.story import analyse_story


def _design(s: Signals) -> int:
    detail = score_layer(s, creator_layer(s)).retention_design
    assert detail is not None
    return detail.score


def test_a_mid_video_silence_adds_a_drop_risk_at_its_time_and_lowers_retention_design() -> None:
    before = talking_tutorial()
    after = replace(before, silences=((14.2, 16.7),))
    found = analyse_retention(after)

    assert found is not None
    silence = [m for m in found.drop_risk_moments if m.kind == "silence"]
    assert len(silence) == 1
    assert silence[0].timestamp == 14.2
    assert silence[0].severity == "major"
    assert silence[0].duration_s == 2.5
    assert _design(after) < _design(before)
    detail = score_layer(after, creator_layer(after)).retention_design
    assert detail is not None
    assert any(f.factor == "silence" and f.t == 14.2 and f.effect < 0 for f in detail.factors)


def test_silences_at_the_edges_and_short_pauses_are_not_drop_risks() -> None:
    s = talking_tutorial(silences=((0.0, 2.0), (10.0, 10.6), (26.8, 28.0)))
    found = analyse_retention(s)

    assert found is not None
    assert not [m for m in found.drop_risk_moments if m.kind == "silence"]


def test_a_shot_longer_than_the_format_allows_is_a_static_shot_risk() -> None:
    s = talking_tutorial(cut_times=(2.0,), content_format="voiceover_broll")
    found = analyse_retention(s)

    assert found is not None
    static = [m for m in found.drop_risk_moments if m.kind == "static_shot"]
    assert [m.timestamp for m in static] == [8.0]  # the 26 s shot from 2.0 s, limit 6 s
    assert static[0].severity == "moderate"


def test_a_cut_inside_a_word_is_flagged() -> None:
    s = talking_tutorial(cut_times=(6.6,))  # "First," is spoken 6.5-6.75 s
    found = analyse_retention(s)

    assert found is not None
    mid_word = [m for m in found.drop_risk_moments if m.kind == "cut_mid_word"]
    assert [m.timestamp for m in mid_word] == [6.6]
    assert "First," in mid_word[0].reason


def test_an_energy_drop_without_silence_is_flagged_once() -> None:
    quiet_from_12s = levels(12.0) + levels(16.0, -34.0)
    found = analyse_retention(talking_tutorial(rms_db=quiet_from_12s))

    assert found is not None
    drops = [m for m in found.drop_risk_moments if m.kind == "energy_drop"]
    assert [m.timestamp for m in drops] == [12.0]


def test_slow_speech_is_flagged_and_pacing_follows_cuts_and_words() -> None:
    slow_words = tuple(Word(2.0 + i, 2.5 + i, "word") for i in range(20))
    slow = talking_tutorial(
        words=slow_words,
        sentences=spoken(((2.0, "so " * 19 + "so."),))["sentences"],
        cut_times=(),
        cuts_per_minute=0.0,
    )
    slow = replace(
        slow,
        sentences=(replace(slow.sentences[0], end=22.0),),  # type: ignore[index]
    )
    fast = talking_tutorial(cut_times=tuple(float(t) for t in range(1, 28)), cuts_per_minute=58.0)
    slow_found, fast_found = analyse_retention(slow), analyse_retention(fast)

    assert slow_found is not None
    assert fast_found is not None
    assert slow_found.pacing == "slow"
    assert fast_found.pacing == "fast"
    assert any(m.kind == "slow_speech" for m in slow_found.drop_risk_moments)
    assert slow_found.retention_score < fast_found.retention_score


def test_a_payoff_at_the_very_end_of_the_content_is_late() -> None:
    script = (
        (0.3, "What if you never had to budget again?"),
        (4.0, "Let me explain how my week went."),
        (9.0, "I went shopping and then I went home."),
        (14.0, "I cooked dinner and watched a show."),
        (19.0, "I went to bed early on Sunday night."),
        (24.0, "And that's how I saved money without trying."),
    )
    s = talking_tutorial(duration_s=28.0, **spoken(script))
    found = analyse_retention(s, analyse_story(s))

    assert found is not None
    late = [m for m in found.drop_risk_moments if m.kind == "late_payoff"]
    assert [m.timestamp for m in late] == [24.0]


def test_no_timed_signal_means_no_retention_analysis() -> None:
    assert analyse_retention(Signals(duration_s=10.0)) is None
