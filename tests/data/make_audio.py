"""Deterministic synthetic audio with exact ground truth, for the audio and catalog tests.

Signals are float32 mono arrays (numpy only); `write_mp4` / `write_wav` put them in files with
PyAV. Every generator is a pure function of its arguments (noise comes from a seeded RNG).

    python tests/data/make_audio.py OUT_DIR    # writes a few example files to listen to
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream
from numpy.typing import NDArray

SR = 16_000
Pcm = NDArray[np.float32]

# Chord roots (semitones above A2 = 110 Hz) a song draws its bars from: the natural minor
# scale. Each seed draws its own sequence, so two songs share nothing but their instruments and
# no song repeats itself exactly (a fingerprint match has one right offset).
CHORD_ROOTS = (0, 2, 3, 5, 7, 8, 10)


def silence(duration_s: float, sr: int = SR) -> Pcm:
    return np.zeros(round(duration_s * sr), dtype=np.float32)


def tone(duration_s: float, hz: float = 440.0, amplitude: float = 0.3, sr: int = SR) -> Pcm:
    t = np.arange(round(duration_s * sr)) / sr
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def tone_bursts(
    spans: Sequence[tuple[float, float]],
    duration_s: float,
    hz: float = 440.0,
    amplitude: float = 0.3,
    sr: int = SR,
) -> Pcm:
    """A sine present exactly inside `spans` (seconds), digital silence elsewhere."""
    out = silence(duration_s, sr)
    full = tone(duration_s, hz, amplitude, sr)
    for start, end in spans:
        a, b = round(start * sr), round(end * sr)
        out[a:b] = full[a:b]
    return out


def _hit(length_s: float, decay_s: float, sr: int) -> NDArray[np.float64]:
    t = np.arange(round(length_s * sr)) / sr
    envelope: NDArray[np.float64] = np.exp(-t / decay_s)
    return envelope


def _place(out: NDArray[np.float64], sound: NDArray[np.float64], at_s: float, sr: int) -> None:
    start = round(at_s * sr)
    if start >= out.size:
        return
    end = min(out.size, start + sound.size)
    out[start:end] += sound[: end - start]


def click_track(bpm: float, duration_s: float, sr: int = SR, accent_every: int = 4) -> Pcm:
    """A metronome: a short 1.5 kHz blip on every beat, the downbeat louder and higher."""
    out = np.zeros(round(duration_s * sr))
    period = 60.0 / bpm
    t = np.arange(round(0.03 * sr)) / sr
    for index in range(int(duration_s / period) + 1):
        accent = index % accent_every == 0
        hz = 2000.0 if accent else 1500.0
        blip = (0.8 if accent else 0.5) * np.sin(2 * np.pi * hz * t) * np.exp(-t / 0.008)
        _place(out, blip, index * period, sr)
    return out.astype(np.float32)


def drum_pattern(bpm: float, duration_s: float, sr: int = SR, seed: int = 0) -> Pcm:
    """Kick on beats 1 and 3, snare on 2 and 4, closed hi-hat on every eighth note."""
    rng = np.random.default_rng(seed)
    out = np.zeros(round(duration_s * sr))
    beat = 60.0 / bpm
    t_kick = np.arange(round(0.25 * sr)) / sr
    # A kick is a sine sweeping down from 150 to 50 Hz.
    kick = 0.9 * np.sin(2 * np.pi * (50 * t_kick + 100 * 0.04 * (1 - np.exp(-t_kick / 0.04))))
    kick *= np.exp(-t_kick / 0.12)
    snare = 0.5 * rng.standard_normal(round(0.2 * sr)) * _hit(0.2, 0.05, sr)
    hat_noise = rng.standard_normal(round(0.05 * sr))
    hat = 0.2 * np.diff(hat_noise, prepend=0.0) * _hit(0.05, 0.01, sr)  # high-passed noise
    for index in range(int(duration_s / beat) + 1):
        at = index * beat
        _place(out, kick if index % 2 == 0 else snare, at, sr)
        _place(out, hat, at, sr)
        _place(out, 0.6 * hat, at + beat / 2, sr)
    return out.astype(np.float32)


def music(
    bpm: float,
    duration_s: float,
    sr: int = SR,
    seed: int = 0,
    drums: bool = True,
) -> Pcm:
    """A "song": drums, a bass note on every beat, sustained triads (one chord per bar of four
    beats, in a key and with roots drawn from CHORD_ROOTS by `seed`) and a melody of random
    pentatonic eighth notes."""
    rng = np.random.default_rng(seed)
    beat = 60.0 / bpm
    n = round(duration_s * sr)
    t = np.arange(n) / sr
    bar = (t / (4 * beat)).astype(int)
    key = int(rng.integers(12))
    roots = key + rng.choice(np.asarray(CHORD_ROOTS), size=int(bar[-1]) + 1 if n else 1)
    root_semis = roots[bar]
    root_hz = 110.0 * 2.0 ** (root_semis / 12.0)
    pads = np.zeros(n)
    for interval, gain in ((0, 0.12), (4, 0.09), (7, 0.09), (12, 0.05)):
        hz = root_hz * 2.0 ** (interval / 12.0) * 2  # one octave up from the bass
        phase = 2 * np.pi * np.cumsum(hz) / sr
        pads += gain * (np.sin(phase) + 0.3 * np.sin(2 * phase))
    bass = np.zeros(n)
    beat_pos = (t % beat) / beat
    bass_phase = 2 * np.pi * np.cumsum(root_hz) / sr
    bass = 0.25 * np.sin(bass_phase) * np.exp(-beat_pos * 4)
    # A melody: a random pentatonic note per eighth note, fixed by the seed.
    eighth = beat / 2
    notes = rng.choice(np.array([0, 2, 4, 7, 9, 12]), size=int(duration_s / eighth) + 2)
    note_index = (t / eighth).astype(int)
    melody_hz = 440.0 * 2.0 ** ((root_semis + notes[note_index]) / 12.0)
    melody_env = np.exp(-((t % eighth) / eighth) * 3)
    melody = 0.1 * np.sin(2 * np.pi * np.cumsum(melody_hz) / sr) * melody_env
    out = pads + bass + melody
    if drums:
        out = out + drum_pattern(bpm, duration_s, sr, seed)
    peak = float(np.max(np.abs(out))) or 1.0
    return (0.7 * out / peak).astype(np.float32)


def mix(*parts: tuple[Pcm, float]) -> Pcm:
    """Sum signals given as (pcm, gain); the result is as long as the longest."""
    length = max(p.size for p, _ in parts)
    out = np.zeros(length)
    for pcm, gain in parts:
        out[: pcm.size] += gain * pcm
    return out.astype(np.float32)


def load_flac(path: Path, sr: int = SR) -> Pcm:
    """A recorded file decoded to mono float32 at `sr` with PyAV."""
    chunks = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=sr)
        for frame in container.decode(audio=0):
            chunks.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(frame))
        chunks.extend(o.to_ndarray().reshape(-1) for o in resampler.resample(None))
    return np.concatenate(chunks).astype(np.float32)


def _encode_audio(
    output: av.container.OutputContainer, stream: AudioStream, pcm: Pcm, sr: int
) -> None:
    chunk = 1024
    for start in range(0, pcm.size, chunk):
        block = np.ascontiguousarray(pcm[start : start + chunk], dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(block.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = sr
        frame.pts = start
        frame.time_base = Fraction(1, sr)
        output.mux(stream.encode(frame))
    output.mux(stream.encode(None))


def write_mp4(path: Path, pcm: Pcm, sr: int = SR, *, video: bool = True, fps: int = 5) -> Path:
    """H.264 (a small grey picture, unless `video` is false) + AAC mono in an MP4."""
    path = Path(path)
    duration_s = pcm.size / sr
    with av.open(str(path), mode="w", format="mp4") as output:
        picture: VideoStream | None = None
        if video:
            picture = output.add_stream("libx264", rate=fps)
            assert isinstance(picture, VideoStream)
            picture.width, picture.height, picture.pix_fmt = 64, 64, "yuv420p"
            picture.options = {"preset": "ultrafast", "threads": "1"}
        sound = output.add_stream("aac", rate=sr)
        assert isinstance(sound, AudioStream)
        sound.layout = "mono"
        if picture is not None:
            grey = np.full((64, 64, 3), 96, dtype=np.uint8)
            for index in range(max(1, round(duration_s * fps))):
                frame = av.VideoFrame.from_ndarray(grey, format="rgb24").reformat(format="yuv420p")
                frame.pts = index
                frame.time_base = Fraction(1, fps)
                output.mux(picture.encode(frame))
            output.mux(picture.encode(None))
        _encode_audio(output, sound, pcm, sr)
    return path


def write_wav(path: Path, pcm: Pcm, sr: int = SR) -> Path:
    """16-bit PCM WAV."""
    path = Path(path)
    with av.open(str(path), mode="w", format="wav") as output:
        stream = output.add_stream("pcm_s16le", rate=sr)
        assert isinstance(stream, AudioStream)
        stream.layout = "mono"
        _encode_audio(output, stream, pcm, sr)
    return path


def main(argv: Sequence[str]) -> None:
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    write_wav(folder / "click_100.wav", click_track(100, 10))
    write_wav(folder / "drums_75.wav", drum_pattern(75, 10))
    write_wav(folder / "song_a_120.wav", music(120, 20, seed=1))
    write_mp4(folder / "song_b_96.mp4", music(96, 20, seed=2))


if __name__ == "__main__":
    main(sys.argv[1:])
