"""Sample levels: true peak, clipping, and short-term RMS energy over time.

True peak follows ITU-R BS.1770-4 Annex 2 in spirit: the signal is oversampled 4x with a
polyphase low-pass (scipy `resample_poly`, Kaiser window) and the largest absolute value is
taken, so inter-sample peaks that a DAC or an encoder would produce are counted. Measure it on
the native-rate channels: a mono downmix of correlated stereo reads up to 3 dB high (FFmpeg
downmixes with 0.707 per channel).

Clipping (method `clip-runs.v1`): a sample counts as clipped when
- it is over full scale (|x| > 1): any fixed-point playback clips it;
- it belongs to a flat top: at least CLIP_MIN_RUN consecutive samples at or above CLIP_LEVEL
  holding one value (within FLAT_TOLERANCE, far below a 16-bit step), as PCM clipping leaves;
- or it belongs to a plateau: at least PLATEAU_MIN_S of consecutive samples at or above
  PLATEAU_LEVEL of full scale that stay within PLATEAU_SPREAD of each other. A lossy codec does
  not keep a flat top at full scale (FFmpeg's AAC rebuilds a hard-clipped sine as a plateau at
  0.95 with a 0.3 % ripple), but it keeps it flat and long; the crest of a clean waveform
  above ~30 Hz moves more than that within 1 ms.
Clipping that lasts under 1 ms per crest (a hard-clipped tone above ~500 Hz) and then goes
through a lossy codec is not seen. A clean sine peaking at full scale is never counted.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

CLIP_METHOD = "clip-runs.v1"
TRUE_PEAK_OVERSAMPLE = 4
CLIP_LEVEL = 0.99  # -0.09 dBFS
CLIP_MIN_RUN = 3
FLAT_TOLERANCE = 1e-6
PLATEAU_LEVEL = 0.85
PLATEAU_SPREAD = 0.004
PLATEAU_MIN_S = 0.001
RMS_WINDOW_S = 0.5
RMS_FLOOR_DB = -100.0  # digital silence reads as this, not -inf (the signal is JSON)


@dataclass(frozen=True)
class PeakLevels:
    """Peaks and clipping over every channel; combine blocks with `combine_peaks`."""

    true_peak: float  # linear, 1.0 = full scale
    sample_peak: float
    clipped_samples: int
    total_samples: int

    @property
    def true_peak_dbfs(self) -> float | None:
        return _dbfs(self.true_peak)

    @property
    def sample_peak_dbfs(self) -> float | None:
        return _dbfs(self.sample_peak)

    @property
    def clipping_ratio(self) -> float | None:
        return self.clipped_samples / self.total_samples if self.total_samples else None


@dataclass(frozen=True)
class RmsProfile:
    """RMS level of consecutive windows in dBFS (the last window may be shorter)."""

    window_s: float
    values_db: tuple[float, ...]


def measure_peaks(
    samples: NDArray[np.floating],
    sample_rate: int,
    oversample: int = TRUE_PEAK_OVERSAMPLE,
    clip_level: float = CLIP_LEVEL,
    clip_min_run: int = CLIP_MIN_RUN,
) -> PeakLevels:
    """Peaks of `samples` at `sample_rate`, shaped (n,) for mono or (channels, n)."""
    from scipy.signal import resample_poly

    block = np.atleast_2d(np.asarray(samples, dtype=np.float64))
    if block.size == 0:
        return PeakLevels(0.0, 0.0, 0, 0)
    sample_peak = float(np.max(np.abs(block)))
    true_peak = sample_peak
    if oversample > 1 and block.shape[1] > 1:
        true_peak = max(
            true_peak, float(np.max(np.abs(resample_poly(block, oversample, 1, axis=1))))
        )
    clipped = sum(
        _clipped_in_runs(channel, sample_rate, clip_level, clip_min_run) for channel in block
    )
    return PeakLevels(true_peak, sample_peak, clipped, int(block.size))


def combine_peaks(parts: Iterable[PeakLevels]) -> PeakLevels:
    """The levels of consecutive blocks taken together."""
    true_peak = sample_peak = 0.0
    clipped = total = 0
    for part in parts:
        true_peak = max(true_peak, part.true_peak)
        sample_peak = max(sample_peak, part.sample_peak)
        clipped += part.clipped_samples
        total += part.total_samples
    return PeakLevels(true_peak, sample_peak, clipped, total)


def rms_profile(
    pcm: NDArray[np.floating], sample_rate: int, window_s: float = RMS_WINDOW_S
) -> RmsProfile:
    """RMS in dBFS per `window_s` window of a mono signal."""
    size = max(1, round(window_s * sample_rate))
    x = np.asarray(pcm, dtype=np.float64)
    values: list[float] = []
    for start in range(0, x.size, size):
        window = x[start : start + size]
        power = float(np.mean(window * window))
        db = 10 * math.log10(power) if power > 0 else RMS_FLOOR_DB
        values.append(round(max(RMS_FLOOR_DB, db), 1))
    return RmsProfile(window_s, tuple(values))


def _clipped_in_runs(
    channel: NDArray[np.float64], sample_rate: int, level: float, min_run: int
) -> int:
    magnitude = np.abs(channel)
    clipped = magnitude > 1.0
    step = np.abs(np.diff(channel))
    # flat[i]: samples i and i+1 are both high and (nearly) equal; k such pairs span k+1.
    hot = magnitude >= level
    flat = hot[:-1] & hot[1:] & (step <= FLAT_TOLERANCE)
    for start, end in _runs(flat):
        if end - start + 1 >= min_run:
            clipped[start : end + 1] = True
    high = magnitude >= PLATEAU_LEVEL
    steady = high[:-1] & high[1:] & (step <= PLATEAU_SPREAD)
    shortest = max(min_run, round(PLATEAU_MIN_S * sample_rate))
    for start, end in _runs(steady):
        run = channel[start : end + 1]
        if run.size >= shortest and float(run.max() - run.min()) <= PLATEAU_SPREAD:
            clipped[start : end + 1] = True
    return int(clipped.sum())


def _runs(mask: NDArray[np.bool_]) -> Iterator[tuple[int, int]]:
    """[start, end) of each run of true values."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    yield from zip(
        np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True
    )


def _dbfs(linear: float) -> float | None:
    return round(20 * math.log10(linear), 2) if linear > 0 else None
