"""Silences on tone bursts with known gaps, on noise floors and on digital silence."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from clipapi.signals.audio_silence import longest_pause_s, measure_silence
from conftest import make_audio

SR = 16_000


def flat(spans: Sequence[tuple[float, float]]) -> list[float]:
    return [t for span in spans for t in span]


BURSTS = [(0.0, 1.0), (1.5, 3.0), (5.0, 5.2), (5.3, 7.0)]  # gaps: 0.5 s, 2.0 s, 0.1 s


def test_tone_bursts_give_their_gaps_to_the_frame() -> None:
    silence = measure_silence(make_audio.tone_bursts(BURSTS, 8.0), SR)
    # The 0.1 s gap is shorter than a silence; the 1 s tail after the last burst is one.
    assert flat(silence.spans) == pytest.approx(
        flat([(1.0, 1.5), (3.0, 5.0), (7.0, 8.0)]), abs=0.011
    )
    assert silence.silence_ratio == pytest.approx(3.5 / 8.0, abs=0.005)
    assert silence.longest_silence_s == pytest.approx(2.0, abs=0.011)
    assert not silence.digital_silence


def test_silence_is_relative_to_the_clip() -> None:
    # A -50 dBFS hum under a loud tone is silence; the same hum alone is the programme.
    rng = np.random.default_rng(0)
    hum = (0.003 * rng.standard_normal(6 * SR)).astype(np.float32)
    loud = make_audio.tone_bursts([(0.0, 2.0), (4.0, 6.0)], 6.0, amplitude=0.5)
    under_tone = measure_silence(loud + hum, SR)
    assert flat(under_tone.spans) == pytest.approx([2.0, 4.0], abs=0.011)
    assert under_tone.threshold_dbfs > -60
    assert measure_silence(hum, SR).spans == ()


def test_anything_under_the_absolute_floor_is_silence() -> None:
    quiet = make_audio.tone_bursts([(1.0, 2.0)], 3.0, amplitude=0.0005)  # peaks at -66 dBFS
    silence = measure_silence(quiet, SR)
    assert silence.silence_ratio == 1.0
    assert silence.threshold_dbfs == -60.0


def test_digital_silence() -> None:
    silence = measure_silence(make_audio.silence(4.0), SR)
    assert silence.digital_silence
    assert silence.spans == ((0.0, 4.0),)
    assert silence.silence_ratio == 1.0
    assert silence.longest_silence_s == 4.0


def test_longest_pause_between_speech_spans() -> None:
    assert longest_pause_s([(0.3, 2.3), (3.3, 4.4), (5.4, 7.6), (8.2, 10.5)]) == pytest.approx(1.0)
    assert longest_pause_s([(0.0, 4.0)]) == 0.0
    assert longest_pause_s([]) is None
