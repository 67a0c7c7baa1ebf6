"""A steady beat under a voice, found from onsets outside the voice's frequencies (method
`band-beat.v1`).

The audio event detector hears music by its harmony; a drum beat mixed well under a voice-over
has little of it and reads as no music. A beat is periodic where speech is not: in the onset
envelope of the bands a voice barely reaches (BANDS: under 150 Hz, the kick and the bass;
4-8 kHz, the hi-hats and snares), the normalised autocorrelation at some beat period (BEAT_BPM
range) stands out. Each WINDOW_S window (every STEP_S) whose strongest band reaches
MIN_PERIODICITY is beat; beat windows joined are the beat spans. A beat is steady, so it must
hold over two overlapping windows in a row (9 s) unless the clip has only one window: speech
alone reached the threshold in single windows (0.30 and 0.33 on two scripted voice-overs),
where every bed under a voice held it over consecutive windows. Under a voice, the tempo is
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

METHOD = "band-beat.v1"
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


@dataclass(frozen=True)
class Beat:
    spans: tuple[Span, ...]
    band: tuple[float, float] | None  # the band where the beat is most periodic
    periodicity: float  # the strongest window's


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


def periodicity(envelope: NDArray[np.float64], frames_per_s: float) -> float:
    """The highest normalised autocorrelation of the envelope at a lag of one beat period,
    after taking out its moving average over TREND_S: sound starting or stopping inside the
    window (a pause, a quiet stretch) would otherwise correlate at every lag."""
    width = max(1, round(TREND_S * frames_per_s))
    trend = np.convolve(envelope, np.ones(width) / width, mode="same")
    centred = envelope - trend
    energy = float(np.dot(centred, centred))
    shortest = int(frames_per_s * 60.0 / BEAT_BPM[1])
    longest = int(frames_per_s * 60.0 / BEAT_BPM[0])
    if energy <= 0 or centred.size <= longest + 1:
        return 0.0
    spectrum = np.fft.rfft(centred, n=2 * centred.size)
    correlation = np.fft.irfft(spectrum * np.conj(spectrum))[: longest + 1] / energy
    return float(correlation[shortest : longest + 1].max())


def find_beat(pcm: NDArray[np.floating], sr: int) -> Beat:
    """Where a steady beat sounds, from band onsets, in windows."""
    envelopes = band_envelopes(pcm, sr)
    if not envelopes:
        return Beat((), None, 0.0)
    fps = sr / HOP
    size, step = round(WINDOW_S * fps), round(STEP_S * fps)
    frames = next(iter(envelopes.values())).size
    starts = range(0, max(1, frames - size + 1), step)
    spans: list[Span] = []
    scores = dict.fromkeys(envelopes, 0.0)
    best = 0.0
    beat_windows: list[tuple[int, dict[str, float]]] = []
    for n, start in enumerate(starts):
        window = {name: periodicity(e[start : start + size], fps) for name, e in envelopes.items()}
        strongest = max(window.values())
        best = max(best, strongest)
        if strongest >= MIN_PERIODICITY:
            beat_windows.append((n, window))
    found = {n for n, _ in beat_windows}
    held = {n for n in found if len(starts) == 1 or {n - 1, n + 1} & found}
    for n, window in beat_windows:
        if n in held:
            start = starts[n]
            spans.append((start / fps, min(frames, start + size) / fps))
            for name, value in window.items():
                scores[name] += value
    if not spans:
        return Beat((), None, best)
    band = BANDS[max(scores, key=lambda n: scores[n])]
    return Beat(tuple(normalise_spans(spans, len(pcm) / sr)), band, best)
