"""Peaks, clipping, short-term RMS and BS.1770 loudness on hand-made signals."""

from __future__ import annotations

import numpy as np
import pytest

from clipapi.signals.audio_levels import RMS_FLOOR_DB, combine_peaks, measure_peaks, rms_profile
from clipapi.signals.audio_loudness import measure_loudness

SR = 16_000


def sine(amplitude: float, hz: float = 440.0, seconds: float = 2.0, phase: float = 0.0):
    t = np.arange(round(seconds * SR)) / SR
    return amplitude * np.sin(2 * np.pi * hz * t + phase)


def test_clean_sine_has_no_clipping_and_its_own_peak() -> None:
    levels = measure_peaks(sine(0.5), SR)
    assert levels.clipping_ratio == 0.0
    assert levels.sample_peak_dbfs == pytest.approx(-6.02, abs=0.05)
    assert levels.true_peak_dbfs == pytest.approx(-6.02, abs=0.1)


@pytest.mark.parametrize("hz", [50.0, 440.0])
def test_full_scale_sine_touches_the_ceiling_without_clipping(hz: float) -> None:
    assert measure_peaks(sine(1.0, hz), SR).clipping_ratio == 0.0


def test_clipped_sine_counts_its_flat_tops() -> None:
    # 2 x sin clipped to +-1 sits at the rails wherever |sin| >= 0.5: two thirds of the time.
    clipped = np.clip(sine(2.0), -1.0, 1.0)
    assert measure_peaks(clipped, SR).clipping_ratio == pytest.approx(2 / 3, abs=0.01)
    # As 16-bit PCM decodes it: the flat tops are equal values just under full scale.
    pcm16 = np.round(clipped * 32767) / 32768
    assert measure_peaks(pcm16, SR).clipping_ratio == pytest.approx(2 / 3, abs=0.01)


def test_samples_over_full_scale_count_as_clipping() -> None:
    overs = sine(1.05)  # a lossy decode that overshoots: every sample above 1.0 will clip
    expected = float(np.mean(np.abs(overs) > 1.0))
    assert measure_peaks(overs, SR).clipping_ratio == pytest.approx(expected)


def test_true_peak_finds_the_peak_between_samples() -> None:
    # A quarter-rate sine sampled 45 degrees off its crests: samples at 0.707, true peak 1.0.
    levels = measure_peaks(sine(1.0, SR / 4, phase=np.pi / 4), SR)
    assert levels.sample_peak_dbfs == pytest.approx(-3.01, abs=0.01)
    assert levels.true_peak_dbfs == pytest.approx(0.0, abs=0.3)


def test_peaks_over_channels_and_blocks_combine() -> None:
    left, right = sine(0.25), np.clip(sine(2.0), -1, 1)
    both = measure_peaks(np.stack([left, right]), SR)
    blocks = combine_peaks(
        [
            measure_peaks(np.stack([left, right])[:, :16000], SR),
            measure_peaks(np.stack([left, right])[:, 16000:], SR),
        ]
    )
    assert both.total_samples == blocks.total_samples == 2 * left.size
    assert both.clipping_ratio == pytest.approx(1 / 3, abs=0.01)
    assert blocks.clipping_ratio == pytest.approx(both.clipping_ratio, abs=0.001)
    assert blocks.sample_peak == both.sample_peak == 1.0


def test_digital_silence_has_no_peak() -> None:
    levels = measure_peaks(np.zeros(SR), SR)
    assert levels.true_peak_dbfs is None
    assert levels.clipping_ratio == 0.0
    assert measure_peaks(np.zeros(0), SR).clipping_ratio is None


def test_rms_profile_per_half_second() -> None:
    x = np.concatenate([sine(0.5, seconds=1.0), np.zeros(SR // 2), sine(0.05, seconds=0.75)])
    profile = rms_profile(x, SR)
    assert profile.window_s == 0.5
    assert len(profile.values_db) == 5  # 2.25 s: four full windows and a quarter one
    sine_rms_db = 20 * np.log10(0.5 / np.sqrt(2))
    assert profile.values_db[0] == pytest.approx(sine_rms_db, abs=0.1)
    assert profile.values_db[2] == RMS_FLOOR_DB
    assert profile.values_db[3] == pytest.approx(sine_rms_db - 20, abs=0.2)


def test_loudness_of_a_1khz_reference_tone() -> None:
    # BS.1770: a 1 kHz sine at -20 dBFS peak in one channel reads -20 - 3.01 = -23.0 LUFS.
    loudness = measure_loudness(sine(0.1, 1000.0, seconds=10.0), SR)
    assert loudness.integrated_lufs == pytest.approx(-23.0, abs=0.3)
    assert loudness.loudness_range_lu == pytest.approx(0.0, abs=0.5)


def test_loudness_range_of_a_quiet_and_a_loud_part() -> None:
    x = np.concatenate([sine(0.05, 1000.0, seconds=10.0), sine(0.5, 1000.0, seconds=10.0)])
    loudness = measure_loudness(x, SR)
    assert loudness.loudness_range_lu == pytest.approx(20.0, abs=1.5)


def test_loudness_is_none_where_it_cannot_be_measured() -> None:
    silent = measure_loudness(np.zeros(5 * SR), SR)
    assert silent.integrated_lufs is None
    assert silent.loudness_range_lu is None
    short = measure_loudness(sine(0.5, seconds=0.2), SR)
    assert short.integrated_lufs is None
    one_second = measure_loudness(sine(0.5, 1000.0, seconds=1.0), SR)
    assert one_second.integrated_lufs is not None
    assert one_second.loudness_range_lu is None
