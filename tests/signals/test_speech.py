"""Speech measurements on hand-made words and signals."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from numpy.typing import NDArray

from clipapi.signals.speech import (
    ChannelEvidence,
    Recognition,
    Segment,
    Word,
    all_words,
    channel_evidence,
    channel_speakers,
    segment_confidence,
    shared_word_ratio,
    speaking_time_s,
    speech_rate_wpm,
    split_sentences,
    spoken_language,
    voices_rate_wpm,
    word_count,
)

SR = 16_000


def words(*spans: tuple[float, float, str]) -> list[Word]:
    return [Word(start, end, " " + text, 0.9) for start, end, text in spans]


def segment(spoken: list[Word], speaker: str | None = None) -> Segment:
    text = "".join(w.text for w in spoken).strip()
    return Segment(spoken[0].start, spoken[-1].end, text, -0.2, 0.01, tuple(spoken), speaker)


def recognition(segments: list[Segment], language: str | None = "en") -> Recognition:
    return Recognition(tuple(segments), language, 0.93, 10.0, 8.0)


@pytest.mark.parametrize(
    ("avg_logprob", "expected"),
    [(0.0, 1.0), (-0.1, 0.905), (-0.3, 0.741), (-1.0, 0.368), (0.2, 1.0), (-50.0, 0.0)],
)
def test_confidence_is_the_geometric_mean_token_probability(
    avg_logprob: float, expected: float
) -> None:
    assert segment_confidence(avg_logprob) == pytest.approx(expected, abs=1e-3)


def test_confidence_of_a_non_finite_logprob_is_zero() -> None:
    assert segment_confidence(float("-inf")) == 0.0
    assert segment_confidence(float("nan")) == 0.0


def test_word_count_uses_words_else_the_text() -> None:
    timed = segment(words((0, 0.5, "one"), (0.5, 1.0, "two")))
    untimed = Segment(2.0, 3.0, "three four five", -0.2, 0.0, ())
    assert word_count([timed, untimed]) == 5
    assert word_count([]) == 0


def test_speaking_time_bridges_short_gaps_and_drops_pauses() -> None:
    spoken = words((0.0, 0.4, "a"), (0.6, 1.0, "b"), (3.0, 3.5, "c"), (3.9, 4.0, "d"))
    # 0.0-1.0 (0.2 s gap bridged), 1.0-3.0 is a 2 s pause, 3.0-4.0 (0.4 s gap bridged)
    assert speaking_time_s(spoken) == pytest.approx(2.0)
    assert speaking_time_s(spoken, bridge_s=0.1) == pytest.approx(0.4 + 0.4 + 0.5 + 0.1)
    assert speaking_time_s([]) == 0.0


def test_rate_is_over_speaking_time_not_clip_length() -> None:
    # 10 words, 0.3 s each back to back (3 s of speech), then 30 s of silence, 10 more words.
    first = [Word(i * 0.3, i * 0.3 + 0.3, f" w{i}", 0.9) for i in range(10)]
    second = [Word(33 + i * 0.3, 33 + i * 0.3 + 0.3, f" v{i}", 0.9) for i in range(10)]
    assert speech_rate_wpm(first + second) == 200  # 20 words in 6 s of speech


def test_rate_needs_a_few_words() -> None:
    assert speech_rate_wpm(words((0, 0.2, "hi"), (0.3, 0.5, "there"))) is None
    assert speech_rate_wpm([]) is None
    zero_length = [Word(1.0, 1.0, f" w{i}", 0.9) for i in range(6)]
    assert speech_rate_wpm(zero_length) is None


def test_two_voices_at_once_are_not_one_fast_talker() -> None:
    a = [Word(i * 0.4, i * 0.4 + 0.4, f" a{i}", 0.9) for i in range(10)]  # 150 wpm
    b = [Word(i * 0.4, i * 0.4 + 0.4, f" b{i}", 0.9) for i in range(10)]  # 150 wpm, same time
    assert voices_rate_wpm([a, b]) == 150
    assert speech_rate_wpm(a + b) == 300  # what merging them would claim


def test_sentences_split_at_punctuation_and_long_silence() -> None:
    spoken = words(
        (0.0, 0.3, "Hello"),
        (0.3, 0.6, "there."),
        (0.8, 1.0, "How"),
        (1.0, 1.2, "are"),
        (1.2, 1.5, "you?"),
        (1.7, 2.0, "fine"),
        (5.0, 5.4, "later"),
        (5.4, 5.8, "on"),
    )
    sentences = split_sentences(spoken, speaker="A")
    assert [(s.text, s.start, s.end) for s in sentences] == [
        ("Hello there.", 0.0, 0.6),
        ("How are you?", 0.8, 1.5),
        ("fine", 1.7, 2.0),
        ("later on", 5.0, 5.8),
    ]
    assert {s.speaker for s in sentences} == {"A"}
    assert split_sentences([]) == []


def test_an_unpunctuated_run_closes_at_a_comma_or_a_breath_once_it_is_long() -> None:
    # 24 words with no full stop; a comma after word 22, a breath before word 8.
    run = []
    t = 0.0
    for i in range(24):
        t += 0.35 if i == 8 else 0.05
        text = f"w{i}," if i == 21 else f"w{i}"
        run.append((t, t + 0.25, text))
        t += 0.25
    sentences = split_sentences(words(*run))
    # The early breath does not split a short phrase; the comma splits the long one.
    assert [len(s.text.split()) for s in sentences] == [22, 2]
    assert sentences[0].text.endswith("w21,")


def test_sentence_end_after_a_closing_quote_and_in_other_scripts() -> None:
    spoken = words((0, 0.5, 'said "no."'), (0.6, 1.0, "好。"), (1.1, 1.5, "next"))
    assert [s.text for s in split_sentences(spoken)] == ['said "no."', "好。", "next"]


def test_a_full_stop_before_a_lower_case_word_ends_no_sentence() -> None:
    spoken = words(
        (0.0, 0.3, "dying"),
        (0.3, 0.5, "at"),
        (0.5, 0.7, "4"),
        (0.7, 0.8, "p"),
        (0.8, 1.0, ".m."),
        (1.0, 1.2, "to"),
        (1.2, 1.6, "bedtime."),
        (1.8, 2.0, "Visit"),
        (2.0, 2.3, "Crumb"),
        (2.3, 2.6, "Co."),
        (2.6, 2.8, "on"),
        (2.8, 3.0, "Fifth"),
        (3.0, 3.3, "Street."),
        (3.4, 3.6, "Then"),
        (3.6, 3.9, "coffee?"),
        (4.0, 4.2, "yes"),
    )
    spoken[4] = dataclasses.replace(spoken[4], text=".m.")  # as the recogniser glues it to "p"
    assert [s.text for s in split_sentences(spoken)] == [
        "dying at 4 p.m. to bedtime.",
        "Visit Crumb Co. on Fifth Street.",
        "Then coffee?",
        "yes",
    ]


def test_all_words_orders_interleaved_segments_by_time() -> None:
    a = segment(words((0.0, 0.5, "a1"), (2.0, 2.5, "a2")), "A")
    b = segment(words((1.0, 1.5, "b1")), "B")
    assert [w.text.strip() for w in all_words([a, b])] == ["a1", "b1", "a2"]


def test_language_comes_from_the_pass_with_most_words_and_is_null_without_words() -> None:
    english = recognition([segment(words((0, 1, "one"), (1, 2, "two")))], "en")
    german = recognition([segment(words((0, 1, "eins")))], "de")
    assert spoken_language([german, english]) == ("en", 0.93)
    # The recogniser names a language even for silence; without words we report none.
    assert spoken_language([recognition([], "en")]) == (None, None)
    assert spoken_language([]) == (None, None)


def voice(seconds: float, seed: int, bursts: list[tuple[float, float]]) -> NDArray[np.float32]:
    """Noise shaped into speech-like bursts (on within `bursts`, silent elsewhere)."""
    rng = np.random.default_rng(seed)
    signal = np.zeros(int(seconds * SR), dtype=np.float32)
    for start, end in bursts:
        span = slice(int(start * SR), int(end * SR))
        count = span.stop - span.start
        envelope = 0.5 + 0.5 * np.sin(np.linspace(0, 12 * np.pi, count))
        signal[span] = (0.1 * rng.standard_normal(count) * envelope).astype(np.float32)
    return signal


def test_separate_voices_on_separate_channels_are_separate() -> None:
    left = voice(4.0, 1, [(0.2, 1.8), (2.5, 3.9)])
    right = voice(4.0, 2, [(0.1, 0.9), (1.5, 3.0)])  # overlapping turns, like an interview
    evidence = channel_evidence(left, right, SR)
    assert evidence.separate, evidence
    assert abs(evidence.sample_correlation) < 0.05
    assert evidence.envelope_correlation < 0.3


def test_one_mix_on_both_channels_is_not_separate() -> None:
    mix = voice(4.0, 1, [(0.2, 1.8), (2.5, 3.9)])
    assert not channel_evidence(mix, mix.copy(), SR).separate  # dual mono
    # Two microphones hearing one voice: a delayed, quieter copy plus a little room noise.
    other = np.roll(mix, 8) * 0.5 + voice(4.0, 3, [(0, 4.0)]) * 0.05
    evidence = channel_evidence(mix, other.astype(np.float32), SR)
    assert not evidence.separate, evidence
    assert evidence.sample_correlation > 0.8  # found at the 8-sample lag
    assert evidence.envelope_correlation > 0.7


def test_a_silent_or_one_sided_stereo_track_is_not_separate() -> None:
    silent = np.zeros(4 * SR, dtype=np.float32)
    talk = voice(4.0, 1, [(0.2, 3.8)])
    assert not channel_evidence(silent, silent.copy(), SR).separate
    assert not channel_evidence(talk, silent, SR).separate  # panned hard to one side
    assert not channel_evidence(silent[:10], silent[:10], SR).separate  # shorter than a frame


def test_evidence_thresholds() -> None:
    assert ChannelEvidence(0.5, 0.5, 0.01, 0.2).separate
    assert not ChannelEvidence(0.5, 0.04, 0.01, 0.2).separate
    assert not ChannelEvidence(0.5, 0.5, 0.35, 0.2).separate
    assert not ChannelEvidence(0.5, 0.5, 0.01, 0.6).separate


def test_channel_speakers_labels_each_channel_and_counts_two() -> None:
    left = recognition([segment(words((0.3, 0.8, "He"), (0.8, 1.4, "began.")))])
    right = recognition([segment(words((0.1, 0.6, "The"), (0.6, 1.2, "horizon.")))])
    speakers = channel_speakers(left, right)
    assert speakers is not None
    assert speakers.count == 2
    assert speakers.warning is None
    assert [(s.speaker, s.text) for s in speakers.segments] == [
        ("B", "The horizon."),
        ("A", "He began."),
    ]


def test_the_same_words_on_both_channels_are_one_voice() -> None:
    spoken = words((0.3, 0.8, "ask"), (0.8, 1.2, "not"), (1.2, 1.6, "what"))
    echoed = [Word(w.start + 0.1, w.end + 0.1, w.text.upper(), 0.5) for w in spoken]
    assert shared_word_ratio(spoken, echoed) == 1.0
    assert channel_speakers(recognition([segment(spoken)]), recognition([segment(echoed)])) is None


def test_speech_on_one_channel_only_leaves_the_count_unmeasured() -> None:
    left = recognition([segment(words((0.3, 0.8, "hello")))])
    speakers = channel_speakers(left, recognition([]))
    assert speakers is not None
    assert speakers.count is None
    assert speakers.warning is not None
    assert [s.speaker for s in speakers.segments] == [None]
    assert shared_word_ratio([], words((0, 1, "x"))) == 0.0
