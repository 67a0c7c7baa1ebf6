"""A steady beat under a voice, found from onsets outside the voice's frequencies (method
`band-beat.v2`).

The audio event detector hears music by its harmony; a drum beat mixed well under a voice-over
has little of it and reads as no music. A beat is periodic where speech is not: in the onset
envelope of the bands a voice barely reaches (BANDS: under 150 Hz, the kick and the bass;
4-8 kHz, the hi-hats and snares), the normalised autocorrelation at some beat period (BEAT_BPM
range) stands out. Each WINDOW_S window (every STEP_S) whose strongest band reaches
MIN_PERIODICITY is beat; beat windows joined are the beat spans. A beat is steady, so it must
hold over two overlapping windows in a row (9 s) unless the clip has only one window: speech
alone reached the threshold in single windows (0.30 and 0.33 on two scripted voice-overs),
where every bed under a voice held it over consecutive windows. A bed 20 dB under a voice can
stand out in no two windows in a row (a drum pattern at 90 BPM under the voice-over of
bench/music_under_voice.py read 0.46, 0.17, 0.27 and 0.33, once: an indication), yet it
keeps its period from window to window where speech does not: over a clip of three windows
or more, the windows' mean autocorrelation at the one period they share best (`steady_lag`)
reaching MIN_STEADY_PERIODICITY makes every window that reaches MIN_WINDOW_AT_LAG at that
period beat too. Under a voice, the tempo is
read from the onsets of these bands only (clipapi.signals.audio_tempo, the audio step).

MIN_PERIODICITY sits between speech and a beat 20 dB under it (docs/accuracy.md): 6 s windows
of recorded and synthetic speech alone reach at most PERIODICITY_SPEECH_MAX, a drum pattern
20 dB under a voice-over at least PERIODICITY_BEAT_MIN in one of the two bands. Known limits:
a beat with no energy in either band (soft pads, a piano) is left to the event detector; a
steady mechanical rhythm (a ticking clock, an engine) reads as a beat. The voice still leaks
into both bands, enough to blur which pulses are accented: a drum pattern at 75 or 90 BPM
under a voice can still be read an octave off (docs/accuracy.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.audio_spans import Span, normalise_spans

METHOD = "band-beat.v2"
HOP = 256
N_FFT = 1024
N_MELS = 40
BANDS: dict[str, tuple[float, float]] = {"low": (0.0, 150.0), "high": (4000.0, 8000.0)}
BEAT_BPM = (60.0, 200.0)
TREND_S = 1.0
WINDOW_S = 6.0
STEP_S = 3.0
MIN_PERIODICITY = 0.28
PERIODICITY_SPEECH_MAX = 0.26
PERIODICITY_BEAT_MIN = 0.31
# Over a clip of at least MIN_STEADY_WINDOWS windows, the windows' mean autocorrelation at one
# shared beat period (`steady_lag`): 59 clips of speech alone (the creator clips without a bed,
# piper, espeak-ng and recorded voices) reach at most 0.18, every drum pattern or song 20 dB
# under a voice-over at least 0.21 (docs/accuracy.md). Once a clip holds such a beat, each
# window whose autocorrelation at that period reaches MIN_WINDOW_AT_LAG is beat.
MIN_STEADY_PERIODICITY = 0.195
MIN_STEADY_WINDOWS = 3
MIN_WINDOW_AT_LAG = 0.1


@dataclass(frozen=True)
class Beat:
    spans: tuple[Span, ...]
    band: tuple[float, float] | None  # the band where the beat is most periodic
    periodicity: float  # the strongest window's
    steady: float = 0.0  # the windows' mean at the one period they share best (`steady_lag`)


def band_envelopes(pcm: NDArray[np.floating], sr: int) -> dict[str, NDArray[np.float64]]:
    """Per band, the mean rise of log-mel energy frame to frame (HOP samples a frame)."""
    import librosa

    power = librosa.feature.melspectrogram(
        y=np.asarray(pcm, dtype=np.float32), sr=sr, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS
    )
    levels = librosa.power_to_db(power)
    centres = librosa.mel_frequencies(n_mels=N_MELS, fmax=sr / 2)
    envelopes: dict[str, NDArray[np.float64]] = {}
    for name, (low, high) in BANDS.items():
        chosen = (centres >= low) & (centres < high)
        if not chosen.any():
            continue
        rise = np.maximum(0.0, np.diff(levels[chosen], axis=1)).mean(axis=0)
        envelopes[name] = rise.astype(np.float64)
    return envelopes


def autocorrelation(envelope: NDArray[np.float64], frames_per_s: float) -> NDArray[np.float64]:
    """The envelope's normalised autocorrelation at lags 0 to the longest beat period, after
    taking out its moving average over TREND_S: sound starting or stopping inside the window
    (a pause, a quiet stretch) would otherwise correlate at every lag. Empty where the window
    is too short or silent."""
    width = max(1, round(TREND_S * frames_per_s))
    trend = np.convolve(envelope, np.ones(width) / width, mode="same")
    centred = envelope - trend
    energy = float(np.dot(centred, centred))
    longest = int(frames_per_s * 60.0 / BEAT_BPM[0])
    if energy <= 0 or centred.size <= longest + 1:
        return np.zeros(0)
    spectrum = np.fft.rfft(centred, n=2 * centred.size)
    correlation: NDArray[np.float64] = np.fft.irfft(spectrum * np.conj(spectrum))[: longest + 1]
    return correlation / energy


def periodicity(envelope: NDArray[np.float64], frames_per_s: float) -> float:
    """The highest normalised autocorrelation of the envelope at a lag of one beat period."""
    return beat_peak(autocorrelation(envelope, frames_per_s), frames_per_s)


def beat_peak(correlation: NDArray[np.float64], frames_per_s: float) -> float:
    """The highest of an `autocorrelation` at a lag of one beat period (0 where empty)."""
    if correlation.size == 0:
        return 0.0
    return float(correlation[int(frames_per_s * 60.0 / BEAT_BPM[1]) :].max())


def steady_lag(
    correlations: list[NDArray[np.float64]], frames_per_s: float
) -> tuple[float, int] | None:
    """The windows' mean autocorrelation at the one beat period where it is highest, and that
    lag (frames): a beat keeps its period from window to window, speech does not."""
    rows = [c for c in correlations if c.size]
    if len(rows) < MIN_STEADY_WINDOWS:
        return None
    shortest = int(frames_per_s * 60.0 / BEAT_BPM[1])
    mean = np.mean(rows, axis=0)[shortest:]
    lag = int(mean.argmax())
    return float(mean[lag]), shortest + lag


def find_beat(pcm: NDArray[np.floating], sr: int) -> Beat:
    """Where a steady beat sounds, from band onsets, in windows."""
    envelopes = band_envelopes(pcm, sr)
    if not envelopes:
        return Beat((), None, 0.0)
    fps = sr / HOP
    size, step = round(WINDOW_S * fps), round(STEP_S * fps)
    frames = next(iter(envelopes.values())).size
    starts = range(0, max(1, frames - size + 1), step)
    correlations = {
        name: [autocorrelation(e[start : start + size], fps) for start in starts]
        for name, e in envelopes.items()
    }
    windows = [
        {name: beat_peak(c[n], fps) for name, c in correlations.items()} for n in range(len(starts))
    ]
    best = max((max(w.values()) for w in windows), default=0.0)
    found = {n for n, w in enumerate(windows) if max(w.values()) >= MIN_PERIODICITY}
    held = {n for n in found if len(starts) == 1 or {n - 1, n + 1} & found}
    scores = {name: sum(windows[n][name] for n in held) for name in envelopes}
    # A beat too far under the voice for any window to stand out alone still keeps its period
    # across the clip: the windows at that one lag.
    steady = {
        name: shared
        for name, c in correlations.items()
        if (shared := steady_lag(c, fps)) is not None
    }
    band_name = max(steady, key=lambda n: steady[n][0]) if steady else None
    steadiest = steady[band_name][0] if band_name is not None else 0.0
    if band_name is not None and steadiest >= MIN_STEADY_PERIODICITY:
        period = steady[band_name][1]
        beat_at_lag = {
            n
            for n, c in enumerate(correlations[band_name])
            if c.size and c[period] >= MIN_WINDOW_AT_LAG
        }
        held |= beat_at_lag
        if not scores or not any(scores.values()):
            scores = {band_name: 1.0}
    if not held:
        return Beat((), None, best, steadiest)
    spans = [(starts[n] / fps, min(frames, starts[n] + size) / fps) for n in sorted(held)]
    band = BANDS[max(scores, key=lambda n: scores[n])]
    return Beat(tuple(normalise_spans(spans, len(pcm) / sr)), band, best, steadiest)
