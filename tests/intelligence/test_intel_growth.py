"""Layer 3: retention curve, view range, platform fit, trend matching and virality."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from intel_samples import music_montage, spoken, talking_tutorial

from clipapi.intelligence.hook import analyse_hook
from clipapi.intelligence.layers import creator_layer, growth_layer
from clipapi.intelligence.platform_fit import analyse_platform_fit
from clipapi.intelligence.retention import analyse_retention
from clipapi.intelligence.retention_curve import predict_curve
from clipapi.intelligence.signals import CatalogTrack, Line, Signals
from clipapi.intelligence.trends import TrendEntry, Trends, match_trends
from clipapi.intelligence.virality import HIGH_FACTOR, LOW_FACTOR, predict_views

FINANCE = TrendEntry(
    "Personal finance tips",
    "growth",
    "finance",
    keywords=("budget", "save money", "side hustle"),
    hashtags=("moneytok", "budgeting"),
)
SOUND = TrendEntry("Aesthetic edits", "peak", "lifestyle", audio_titles=("Aesthetic",))
CATALOG = (FINANCE, SOUND)


@pytest.mark.parametrize("duration", [2.5, 28.0, 61.3, 180.0])
def test_the_retention_curve_starts_at_one_on_the_documented_grid_and_never_rises(
    duration: float,
) -> None:
    s = talking_tutorial(duration_s=duration, silences=((1.2, 2.4),))
    curve = predict_curve(duration, analyse_hook(s), analyse_retention(s))

    assert curve is not None
    times = [p.t for p in curve]
    expected = [t for t in (0, 1, 2, 3, 5) if t <= duration]
    expected += list(range(10, int(duration) + 1, 5))
    if int(duration) > expected[-1]:
        expected.append(int(duration))  # whole seconds, as the reference shows them
    assert times == expected
    assert all(type(t) is int for t in times)
    assert curve[0].retention == 1.0
    values = [p.retention for p in curve]
    assert all(b <= a for a, b in itertools.pairwise(values))
    assert all(0.0 <= v <= 1.0 for v in values)


def test_a_stronger_hook_keeps_more_viewers_past_3_s_and_a_drop_risk_steps_the_curve_down() -> None:
    strong = talking_tutorial()
    weak = talking_tutorial(**spoken(((3.0, "okay so um"), (6.0, "let us start"))))
    strong_curve = predict_curve(28.0, analyse_hook(strong), analyse_retention(strong))
    weak_curve = predict_curve(28.0, analyse_hook(weak), analyse_retention(weak))
    assert strong_curve is not None
    assert weak_curve is not None
    assert strong_curve[3].retention > weak_curve[3].retention

    quiet = replace(strong, silences=((12.0, 14.5),))
    quiet_curve = predict_curve(28.0, analyse_hook(quiet), analyse_retention(quiet))
    assert quiet_curve is not None
    plain = {p.t: p.retention for p in strong_curve}
    stepped = {p.t: p.retention for p in quiet_curve}
    # Viewers lost between 10 s and 15 s: more with the silence at 12 s.
    assert stepped[15.0] / stepped[10.0] < plain[15.0] / plain[10.0]
    assert stepped[10.0] / stepped[5.0] == pytest.approx(plain[10.0] / plain[5.0], abs=0.01)


def test_the_view_range_scales_from_the_creators_followers_when_known() -> None:
    small, large = (
        talking_tutorial(follower_count=10_000),
        talking_tutorial(follower_count=1_000_000),
    )
    small_range, basis = predict_views(small, "tiktok", 50)
    large_range, _ = predict_views(large, "tiktok", 50)

    assert basis == "creator_counts"
    assert small_range is not None
    assert large_range is not None
    assert small_range.expected == 1_000  # 10 % of followers at a score of 50
    assert large_range.expected == 100 * small_range.expected
    assert small_range.low < small_range.expected < small_range.high
    assert small_range.high / small_range.low == pytest.approx(HIGH_FACTOR / LOW_FACTOR)


def test_without_creator_counts_the_view_range_uses_the_platform_baseline() -> None:
    s = talking_tutorial(follower_count=None)
    tiktok, basis = predict_views(s, "tiktok", 50)
    youtube, _ = predict_views(s, "youtube", 50)
    better, _ = predict_views(s, "tiktok", 80)

    assert basis == "platform_baseline"
    assert tiktok is not None
    assert youtube is not None
    assert better is not None
    assert tiktok.expected != youtube.expected
    assert better.expected == 4 * tiktok.expected  # +30 points = two doublings
    assert tiktok.high >= 20 * tiktok.low  # wide and honest


def test_the_virality_model_names_its_basis_factors_and_evidence() -> None:
    s = talking_tutorial()
    growth = growth_layer(s, creator_layer(s), CATALOG)
    virality = growth.virality

    assert virality is not None
    assert virality.view_range_basis == "platform_baseline"
    assert all(isinstance(f, str) for f in virality.factors)
    assert "strong hook" in virality.factors
    assert {e.factor for e in virality.evidence} >= {"hook", "retention", "trend_growth"}
    assert virality.completion_pressure is not None
    assert 0.0 <= virality.completion_pressure <= 1.0


def test_an_upload_takes_the_best_fitting_platform_and_a_landscape_frame_is_flagged() -> None:
    s = talking_tutorial(platform="upload", duration_s=20.0, width=1920, height=1080)
    fit = analyse_platform_fit(s, None, None, None, None)

    assert fit is not None
    assert fit.platform in ("tiktok", "instagram", "youtube")
    assert fit.aspect_ratio_fit is not None
    assert fit.aspect_ratio_fit < 0.5
    assert any("reframe to vertical" in tip for tip in fit.recommendations)


def test_a_video_over_three_minutes_does_not_fit_youtube_shorts() -> None:
    fit = analyse_platform_fit(
        talking_tutorial(platform="youtube", duration_s=240.0), None, None, None, None
    )

    assert fit is not None
    assert fit.duration_fit == 0.0


def test_loopability_is_measured_from_the_first_and_last_frames_and_sound() -> None:
    looping = analyse_platform_fit(
        talking_tutorial(first_last_similarity=0.95), None, None, None, None
    )
    not_looping = analyse_platform_fit(
        talking_tutorial(first_last_similarity=0.1), None, None, None, None
    )
    unmeasured = analyse_platform_fit(
        talking_tutorial(first_last_similarity=None), None, None, None, None
    )

    assert looping is not None
    assert not_looping is not None
    assert unmeasured is not None
    assert looping.loopability is not None
    assert not_looping.loopability is not None
    assert looping.loopability > not_looping.loopability
    assert unmeasured.loopability is None


def test_a_shared_hashtag_or_two_keywords_match_a_trend_and_one_keyword_does_not() -> None:
    tagged = match_trends(talking_tutorial(hashtags=("MoneyTok",)), CATALOG)
    two_words = talking_tutorial(hashtags=(), **spoken(((0.3, "How I budget to save money."),)))
    one_word = talking_tutorial(hashtags=(), **spoken(((0.3, "My budget this month."),)))

    assert tagged is not None
    assert [m.trend for m in tagged.matched_trends] == ["Personal finance tips"]
    assert tagged.trend_category == "finance"
    assert tagged.cycle_stage == "growth"
    found = match_trends(replace(two_words, topics=(), keywords=()), CATALOG)
    assert found is not None
    assert found.matched_trends[0].matched == ("budget", "save money")
    none = match_trends(replace(one_word, topics=(), keywords=()), CATALOG)
    assert none is not None
    assert none.matched_trends == ()
    assert none.trend_category is None
    assert none.cycle_stage is None


def test_trending_audio_comes_from_the_music_catalog_flag_or_a_trend_sound() -> None:
    flagged = music_montage(track_title=None, catalog_track=CatalogTrack("Song", "A", True, 0.8))
    unflagged = music_montage(track_title=None, catalog_track=CatalogTrack("Song", "A", False))
    by_trend = music_montage()  # "Aesthetic", a sound of the SOUND trend

    assert _trends(flagged).uses_trending_audio is True
    assert _trends(unflagged).uses_trending_audio is False
    matched = _trends(by_trend)
    assert matched.uses_trending_audio is True
    assert matched.matched_trends[0].trend == "Aesthetic edits"
    without_audio = replace(
        music_montage(track_title=None, on_screen_text=(Line(0.0, 2.0, "My week"),)),
        missing=frozenset({"audio_analysis"}),
    )
    assert _trends(without_audio).uses_trending_audio is None


def _trends(s: Signals) -> Trends:
    found = match_trends(s, CATALOG)
    assert found is not None
    return found
