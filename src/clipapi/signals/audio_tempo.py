"""Tempo in beats per minute, with a guard against double and half tempo.

Method `beat_track + fold.v2`:

1. librosa's dynamic-programming beat tracker (`beat.beat_track`, 16 ms hop) runs on each
   music span of at least MIN_SPAN_S (longest first, MAX_ANALYSED_S at most); the tempo of a
   span is refined from its beat times (each snapped to the strongest onset within two frames,
   then a least-squares line over the beats numbered interval by interval), which is finer
   than the tracker's tempo grid.
2. Fold by octaves into [TEMPO_MIN_BPM, TEMPO_MAX_BPM).
3. Within that range the octave is ambiguous when both T and 2T fit (T in [70, 90)). A
   tempogram cannot settle it: autocorrelation is as high at two beats' lag as at one. We look
   at the music instead: on the pulse grid of the fast reading, split the pulses into
   alternate phases and compare their mean accent (sum over mel bands of the rise in
   magnitude), each less the background: the mean accent a quarter and three quarters of the
   way between pulses, where a voice over the music leaks onsets as much as on the pulses.
   When the weaker phase carries at least OFFBEAT_ACCENT_MIN of the stronger one's accent
   above the background, every pulse is played (kick/snare on each: the fast tempo); below
   it, the in-between pulses are subdivisions (a hi-hat playing eighths over a 75 BPM groove:
   the slow tempo, not 150). The threshold sits between the readings of grooves at 75-90 BPM
   with eighth-note hi-hats (at most 0.13) and of 140-150 BPM with a drum on every beat (at
   least 0.30), 10-20 dB under a voice-over (bench/music_under_voice.py, its last column), and
   alone read 0.00-0.12 and 0.73-0.98 (once, docs/accuracy.md). The range edges take
   EDGE_TOLERANCE, so a 70 BPM song measured at 69.8 is still weighed against 139.6 instead
   of being forced up an octave.
4. Spans are combined by the median weighted by their beats.

Known limits: a true tempo outside [70, 180) is reported folded into it (60 BPM reads 120);
triple relations (T vs 1.5T), which beat trackers sometimes lock onto in music without
percussion, are not corrected.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.audio_spans import Span, normalise_spans

METHOD = "beat_track + fold.v2"
TEMPO_MIN_BPM = 70.0
TEMPO_MAX_BPM = 180.0
OFFBEAT_ACCENT_MIN = 0.2
EDGE_TOLERANCE = 0.03
HOP = 256
N_FFT = 1024
ACCENT_MELS = 32
MIN_SPAN_S = 4.0
MAX_ANALYSED_S = 120.0
MIN_BEATS = 4
SNAP_FRAMES = 2
# Accent of a pulse: the largest envelope value from one frame before to two after it
# (onsets peak slightly after the beat the tracker places).
_ACCENT_BEFORE, _ACCENT_AFTER = 1, 2


@dataclass(frozen=True)
class Tempo:
    bpm: float
    tracker_bpm: float  # the beat tracker's own estimate on the longest span, before folding
    beat_count: int
    analysed_s: float
    offbeat_accent: float | None  # weaker/stronger phase accent where the octave was ambiguous


@dataclass(frozen=True)
class _SpanTempo:
    bpm: float
    tracker_bpm: float
    beats: int
    offbeat_accent: float | None


def estimate_tempo(
    pcm: NDArray[np.floating],
    sample_rate: int,
    spans: Sequence[Span] | None = None,
    onset_bands: Sequence[tuple[float, float]] | None = None,
    accent_bands: Sequence[tuple[float, float]] | None = None,
) -> Tempo | None:
    """Tempo over `spans` (seconds; default the whole signal); None without a steady beat.
    Under a voice, `onset_bands` (Hz) limit the onsets to the bands where the beat sounds and
    the voice does not, and `accent_bands` the accents that settle the octave to the bands the
    voice does not reach (clipapi.signals.audio_beat): kick and snare on the beat, hi-hats
    between."""
    x = np.asarray(pcm, dtype=np.float32)
    duration = x.size / sample_rate
    chosen = normalise_spans(spans if spans is not None else [(0.0, duration)], duration)
    chosen = sorted((s for s in chosen if s[1] - s[0] >= MIN_SPAN_S), key=lambda s: s[0] - s[1])
    results: list[_SpanTempo] = []
    analysed = 0.0
    for start, end in chosen:
        end = min(end, start + MAX_ANALYSED_S - analysed)
        if end - start < MIN_SPAN_S:
            break
        part = x[round(start * sample_rate) : round(end * sample_rate)]
        found = _span_tempo(part, sample_rate, onset_bands, accent_bands)
        analysed += end - start
        if found is not None:
            results.append(found)
    if not results:
        return None
    return Tempo(
        bpm=round(_weighted_median([r.bpm for r in results], [r.beats for r in results]), 2),
        tracker_bpm=round(results[0].tracker_bpm, 2),
        beat_count=sum(r.beats for r in results),
        analysed_s=round(analysed, 2),
        offbeat_accent=results[0].offbeat_accent,
    )


def fold_bpm(bpm: float) -> float:
    """`bpm` moved by octaves into [TEMPO_MIN_BPM, TEMPO_MAX_BPM)."""
    while bpm < TEMPO_MIN_BPM:
        bpm *= 2
    while bpm >= TEMPO_MAX_BPM:
        bpm /= 2
    return bpm


def choose_octave(slow_bpm: float, offbeat_accent: float) -> float:
    """Between `slow_bpm` and twice it, given the weaker/stronger phase accent ratio of the
    fast reading's pulses."""
    return 2 * slow_bpm if offbeat_accent >= OFFBEAT_ACCENT_MIN else slow_bpm


def _span_tempo(
    x: NDArray[np.float32],
    sr: int,
    onset_bands: Sequence[tuple[float, float]] | None,
    accent_bands: Sequence[tuple[float, float]] | None,
) -> _SpanTempo | None:
    import librosa

    if not onset_bands:
        onset = librosa.onset.onset_strength(y=x, sr=sr, hop_length=HOP)
    else:
        power = librosa.feature.melspectrogram(y=x, sr=sr, hop_length=HOP)
        rows = _band_rows(power.shape[0], sr, onset_bands)
        onset = librosa.onset.onset_strength(
            S=librosa.power_to_db(power[rows]), sr=sr, hop_length=HOP
        )
    if not np.any(onset > 0):
        return None
    tracker_tempo, beat_frames = librosa.beat.beat_track(
        onset_envelope=onset, sr=sr, hop_length=HOP
    )
    beats = librosa.frames_to_time(_snap(beat_frames, onset), sr=sr, hop_length=HOP)
    if beats.size < MIN_BEATS:
        return None
    period = _beat_period(beats)
    if period is None:
        return None
    tracked = 60.0 / period
    bpm = fold_bpm(tracked)
    offbeat: float | None = None
    ambiguous_slow = bpm * 2 < TEMPO_MAX_BPM * (1 + EDGE_TOLERANCE)
    ambiguous_fast = bpm / 2 >= TEMPO_MIN_BPM * (1 - EDGE_TOLERANCE)
    if ambiguous_slow or ambiguous_fast:
        slow = bpm if ambiguous_slow else bpm / 2
        grid = _pulse_grid(beats, round(math.log2(2 * slow / tracked)))
        offbeat = _phase_accent_ratio(_accent_envelope(x, sr, accent_bands), grid, sr)
        if offbeat is not None:
            bpm = choose_octave(slow, offbeat)
    return _SpanTempo(
        bpm=bpm,
        tracker_bpm=float(np.atleast_1d(tracker_tempo)[0]),
        beats=int(beats.size),
        offbeat_accent=None if offbeat is None else round(offbeat, 3),
    )


def _snap(frames: NDArray[np.int_], onset: NDArray[np.floating]) -> NDArray[np.int_]:
    """Each beat moved to the strongest onset within SNAP_FRAMES: the tracker's path bends
    toward its own tempo estimate, the onsets do not."""
    snapped = []
    for frame in frames:
        low, high = max(0, frame - SNAP_FRAMES), min(onset.size, frame + SNAP_FRAMES + 1)
        snapped.append(low + int(np.argmax(onset[low:high])))
    return np.unique(np.asarray(snapped, dtype=np.int_))


def _beat_period(beats: NDArray[np.float64]) -> float | None:
    """Seconds per beat: least squares over beat times numbered by the median interval, so a
    beat the tracker skipped does not bend the fit."""
    intervals = np.diff(beats)
    median = float(np.median(intervals))
    if median <= 0:
        return None
    # Number each interval locally (1, or 2 across a skipped beat): numbering from the first
    # beat would drift by the median's frame quantisation over a long span.
    steps = np.maximum(1.0, np.round(intervals / median))
    index = np.concatenate(([0.0], np.cumsum(steps)))
    if np.unique(index).size < MIN_BEATS:
        return None
    slope = float(np.polyfit(index, beats, 1)[0])
    return slope if slope > 0 else None


def _pulse_grid(beats: NDArray[np.float64], octaves: int) -> NDArray[np.float64]:
    """Beat times moved `octaves` levels faster (midpoints inserted) or slower (thinned)."""
    grid = beats
    for _ in range(max(0, octaves)):
        grid = np.sort(np.concatenate([grid, (grid[:-1] + grid[1:]) / 2]))
    for _ in range(max(0, -octaves)):
        grid = grid[::2]
    return grid


def _accent_envelope(
    x: NDArray[np.float32], sr: int, bands: Sequence[tuple[float, float]] | None = None
) -> NDArray[np.float64]:
    """Per frame, the summed rise of magnitude over mel bands (those inside `bands` only,
    when given): linear, not log, so a quiet hi-hat over silence does not weigh like a kick
    drum."""
    import librosa

    power = librosa.feature.melspectrogram(
        y=x, sr=sr, n_fft=N_FFT, hop_length=HOP, n_mels=ACCENT_MELS
    )
    if bands:
        power = power[_band_rows(ACCENT_MELS, sr, bands)]
    magnitude = np.sqrt(power)
    rise = np.maximum(0.0, np.diff(magnitude, axis=1, prepend=magnitude[:, :1]))
    envelope: NDArray[np.float64] = rise.sum(axis=0).astype(np.float64)
    return envelope


def _band_rows(n_mels: int, sr: int, bands: Sequence[tuple[float, float]]) -> NDArray[np.bool_]:
    """Which of `n_mels` mel bands (up to sr/2) have their centre inside one of `bands`; at
    least the one nearest the first band's middle."""
    import librosa

    centres = librosa.mel_frequencies(n_mels=n_mels, fmax=sr / 2)
    rows = np.zeros(n_mels, dtype=np.bool_)
    for low, high in bands:
        rows |= (centres >= low) & (centres < high)
    if not rows.any():
        rows[int(np.argmin(np.abs(centres - (bands[0][0] + bands[0][1]) / 2)))] = True
    return rows


def _phase_accent_ratio(
    envelope: NDArray[np.float64], grid: NDArray[np.float64], sr: int
) -> float | None:
    """How strongly the weaker of the two alternate phases of `grid` is played, relative to
    the stronger: each phase's mean accent less the background accent, over the stronger's.
    The background is the mean accent a quarter and three quarters of the way between
    pulses, where neither phase plays: a voice over the music leaks onsets into every frame
    alike, and without taking it out they lift the weak phase towards the strong one."""
    accents = _accents(envelope, grid, sr)
    between = np.concatenate([grid[:-1] + np.diff(grid) / 4, grid[:-1] + 3 * np.diff(grid) / 4])
    background = _accents(envelope, between, sr)
    if accents.size < 2 * MIN_BEATS or background.size == 0:
        return None
    even, odd = float(accents[0::2].mean()), float(accents[1::2].mean())
    floor = float(background.mean())
    strongest = max(even, odd) - floor
    return max(0.0, min(even, odd) - floor) / strongest if strongest > 0 else None


def _accents(
    envelope: NDArray[np.float64], times: NDArray[np.float64], sr: int
) -> NDArray[np.float64]:
    """The accent at each of `times` (seconds) that lies inside the envelope."""
    frames = np.round(times * sr / HOP).astype(int)
    frames = frames[(frames >= _ACCENT_BEFORE) & (frames + _ACCENT_AFTER < envelope.size)]
    return np.array(
        [envelope[f - _ACCENT_BEFORE : f + _ACCENT_AFTER + 1].max() for f in frames],
        dtype=np.float64,
    )


def _weighted_median(values: Sequence[float], weights: Sequence[int]) -> float:
    order = np.argsort(values)
    sorted_values = np.asarray(values, dtype=np.float64)[order]
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64)[order])
    return float(sorted_values[np.searchsorted(cumulative, cumulative[-1] / 2)])
