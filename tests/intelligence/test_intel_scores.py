"""scores.v1: the eight scores move the right way on counterfactual signals, are explained,
and are identical across runs."""

from __future__ import annotations

import re
from dataclasses import asdict, replace

from intel_samples import music_montage, spoken, talking_tutorial

from clipapi.intelligence.layers import creator_layer, score_layer
from clipapi.intelligence.scores import ScoreSet
from clipapi.intelligence.signals import Signals
from clipapi.schemas.result import SCORE_NAMES


def _scores(s: Signals) -> ScoreSet:
    return score_layer(s, creator_layer(s))


def _score(s: Signals, name: str) -> int:
    detail = getattr(_scores(s), name)
    assert detail is not None, name
    score: int = detail.score
    return score


def test_every_score_is_an_integer_with_its_factors_and_method() -> None:
    result = _scores(talking_tutorial())

    for name in SCORE_NAMES:
        detail = getattr(result, name)
        assert detail is not None, name
        assert isinstance(detail.score, int)
        assert 0 <= detail.score <= 100
        assert re.search(r"\.v\d+$", detail.method)
    assert result.hook_strength is not None
    assert {f.factor for f in result.hook_strength.factors} >= {
        "time_to_first_word",
        "question",
        "face_in_first_frame",
    }


def test_blurring_every_frame_lowers_visual_clarity() -> None:
    sharp = talking_tutorial()
    blurred = replace(sharp, sharpness=8.0)

    assert _score(blurred, "visual_clarity") < _score(sharp, "visual_clarity")
    detail = _scores(blurred).visual_clarity
    assert detail is not None
    assert any(f.factor == "sharpness" and f.effect < 0 and f.value == 8.0 for f in detail.factors)


def test_dark_flat_letterboxed_pictures_lower_visual_clarity() -> None:
    good = talking_tutorial()
    for worse in (
        replace(good, brightness=0.08),
        replace(good, contrast=0.03),
        replace(good, letterboxing=0.3),
    ):
        assert _score(worse, "visual_clarity") < _score(good, "visual_clarity")


def test_clipping_the_audio_lowers_audio_clarity() -> None:
    clean = talking_tutorial()
    clipped = replace(clean, clipping_ratio=0.02, true_peak_dbfs=0.4)

    assert _score(clipped, "audio_clarity") < _score(clean, "audio_clarity")
    detail = _scores(clipped).audio_clarity
    assert detail is not None
    assert any(f.factor == "clipping" and f.effect == -40.0 for f in detail.factors)


def test_off_target_loudness_and_mumbled_speech_lower_audio_clarity() -> None:
    clean = talking_tutorial()
    assert _score(replace(clean, integrated_lufs=-30.0), "audio_clarity") < _score(
        clean, "audio_clarity"
    )
    assert _score(replace(clean, asr_confidence=0.45), "audio_clarity") < _score(
        clean, "audio_clarity"
    )


def test_no_audio_track_leaves_audio_clarity_unmeasured_and_a_silent_one_scores_low() -> None:
    no_track = talking_tutorial(has_audio=False, words=(), sentences=(), clipping_ratio=None)
    silent = talking_tutorial(words=(), sentences=(), silence_ratio=1.0, integrated_lufs=None)

    assert _scores(no_track).audio_clarity is None
    detail = _scores(silent).audio_clarity
    assert detail is not None
    assert detail.score < 30
    assert [f.factor for f in detail.factors] == ["silent_track"]


def test_a_music_montage_without_speech_lowers_confidence() -> None:
    speech = _score(talking_tutorial(), "confidence_overall")
    montage = _scores(music_montage())

    assert montage.confidence_overall.score < speech
    effects = {f.factor: f.effect for f in montage.confidence_overall.factors}
    assert effects["word_evidence"] == 0.0  # nothing the meaning layer says rests on words
    assert effects["null_field"] < 0  # no story


def test_missing_inputs_low_asr_confidence_and_short_videos_lower_confidence() -> None:
    full = _score(talking_tutorial(), "confidence_overall")

    assert (
        _score(talking_tutorial(missing=frozenset({"visual_analysis"})), "confidence_overall")
        < full
    )
    assert _score(talking_tutorial(asr_confidence=0.5), "confidence_overall") < full
    one_line = talking_tutorial(duration_s=4.0, **spoken(((0.3, "Save more money."),)))
    assert _score(one_line, "confidence_overall") < full


def test_a_dense_tutorial_has_more_educational_value_than_chat() -> None:
    from intel_samples import spoken

    chat = talking_tutorial(
        topics=(),
        keywords=(),
        **spoken(
            (
                (0.3, "Hey guys, so good to see you."),
                (4.0, "It was such a lovely day today."),
                (9.0, "We just hung out and had a great time."),
            )
        ),
    )

    assert _score(chat, "educational_value") < _score(talking_tutorial(), "educational_value")


def test_overall_clarity_is_explained_by_the_six_execution_scores() -> None:
    result = _scores(talking_tutorial())
    overall = result.overall_creator_clarity

    assert overall is not None
    assert {f.factor for f in overall.factors} == set(SCORE_NAMES[:6])
    assert overall.score == round(50 + sum(f.effect for f in overall.factors))


def test_the_same_signals_give_identical_scores_every_time() -> None:
    runs = [asdict(_scores(talking_tutorial())) for _ in range(3)]
    montage_runs = [asdict(_scores(music_montage())) for _ in range(3)]

    assert runs[0] == runs[1] == runs[2]
    assert montage_runs[0] == montage_runs[1] == montage_runs[2]
