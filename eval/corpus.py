"""Build the labelled evaluation corpus into a folder, deterministically, from the committed
media in tests/data/media and the generators in tests/data (PyAV, OpenCV and numpy only;
espeak-ng for the non-English speech where it is installed).

    .venv/bin/python eval/corpus.py OUT_DIR [--only NAME ...] [--group GROUP]

Each item is a media file plus `<name>.json`, its ground truth; `corpus.json` lists them all
(and the items that could not be built, with the reason). The truth keys, all optional except
name/media/origin/source/has_audio:

    speech        {"language", "text", "real", "channels"?}; null: no speech in the clip
    language      the clip's language (ISO 639-1), or null where it has no words at all
    music         {"bpm"}; null: no music (judged only where the clip has audio)
    silences      [[start, end], ...] of inserted digital silence
    cuts          [t, ...] hard cut times (seconds, exact frame starts); [] for a single take
    jump_cuts     [t, ...] cuts inside one recording (frames removed, same framing), scored
                  apart from `cuts`
    faces         {"presence": fraction of the duration with a face, "max": most faces}
    captions      [[start, end, text], ...] burned-in captions
    scene_text    [text, ...] printed in the scene (not captions: stylised, partly hidden)
    entities      {"brands"|"hashtags"|"mentions"|"people"|"organisations": [...]}
    speaker_count the number of distinct voices
    speaker_turns [[start, end, voice], ...] who speaks when (eval/corpus_voices.py)
    group         a named part of the corpus (`clipapi eval --group`), e.g. "creators";
                  the held-out groups "creators-holdout", "creators-pt",
                  "creators-en2", "creators-intl", "creators-mix", "creators-blind",
                  "creators-blind2", "creators-blind3", "creators-blind4",
                  "creators-blind5", "creators-blind6", "creators-blind7",
                  "creators-blind8", "creators-blind9" and "creators-blind10" are built
                  only when named
    meaning       labels of the meaning layer (eval/creators.py): category, hook_type,
                  hook_source, cta {present, kind, spoken, shown}, topic_words, numbers

Attribution of the recorded media: tests/data/README.md (intel-iot-devkit/sample-videos,
CC BY 4.0; SYSTRAN/faster-whisper test data, MIT).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

import av
import cv2
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
MEDIA = DATA / "media"
VERSION = "corpus.v1"
MANIFEST = "corpus.json"
SR = 16_000

Frame = NDArray[np.uint8]
Pcm = NDArray[np.float32]  # (channels, samples) at SR


def _load(name: str) -> ModuleType:
    """tests/data is not a package: load a generator script by path, once."""
    key = f"clipapi_eval_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, DATA / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


make_media = _load("make_media")
make_captions = _load("make_captions")
make_audio = _load("make_audio")


def _load_eval(name: str) -> ModuleType:
    """A sibling script of this one (eval/ is not a package either)."""
    key = f"clipapi_eval_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


creators = _load_eval("creators")

# --- ground-truth texts ---------------------------------------------------------------------

JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
LEFT = (
    "He began a confused complaint against the wizard, who had vanished behind the curtain "
    "on the left."
)
RIGHT = "The horizon seems extremely distant."
TTS = {
    "de": "Guten Morgen. Heute scheint die Sonne, und wir gehen gemeinsam in den Park. "
    "Am Abend kochen wir eine große Suppe für die ganze Familie.",
    "es": "Buenos días. Hoy hace mucho sol y vamos juntos al parque. "
    "Por la noche preparamos una sopa grande para toda la familia.",
    "en": "Yesterday Barack Obama visited the offices of Greenpeace in Amsterdam. "
    "Later he met Serena Williams and they talked about tennis.",
}
TTS_ENTITIES = {
    "en": {"people": ["Barack Obama", "Serena Williams"], "organisations": ["Greenpeace"]}
}

TALKING_CAPTIONS = (
    (0.0, 2.5, "MY FELLOW AMERICANS"),
    (2.5, 5.5, "ASK NOT WHAT YOUR COUNTRY CAN DO"),
    (5.5, 8.0, "FILMED ON MY IPHONE"),
    (8.0, 11.0, "#HISTORY @JFKLIBRARY"),
)
SLIDESHOW_CAPTIONS = (
    (0.0, 1.5, "FIVE TIPS FOR BETTER SLEEP"),
    (1.5, 3.0, "KEEP YOUR ROOM COOL"),
    (3.0, 4.5, "NO SCREENS BEFORE BED"),
    (4.5, 6.0, "FOLLOW FOR MORE #SLEEPTIPS"),
)
# Montage shots: (source, frames at 30 fps); neighbours always come from different recordings.
MONTAGE_FPS = 30
MONTAGE_SHOTS = (
    ("asl_again.mkv", 60),
    ("head-pose-face-female.gif", 54),
    ("car-park-6s.mp4", 75),
    ("asl_thanks.mkv", 48),
    ("head-pose-face-female.gif", 45),
    ("car-park-6s.mp4", 60),
    ("asl_again.mkv", 66),
)
FACE_SOURCES = frozenset({"asl_again.mkv", "asl_thanks.mkv", "head-pose-face-female.gif"})
# Jump-cut clip: (source, first source frame, frames at 30 fps); a shot from the same source
# as the one before it is a jump cut (frames removed), else a scene cut.
JUMP_SHOTS = (
    ("asl_again.mkv", 0, 40),
    ("asl_again.mkv", 55, 40),
    ("asl_again.mkv", 20, 40),
    ("head-pose-face-female.gif", 0, 45),
    ("head-pose-face-female.gif", 14, 45),
)
BARS_CUTS = (1.0, 2.0, 3.0)
# Background music under a voice: this many dB below it (active-speech RMS against the
# song's), a usual level for a music bed under speech.
MUSIC_UNDER_VOICE_DB = 12.0

CC_BY = "intel-iot-devkit/sample-videos, CC BY 4.0"
MIT = "SYSTRAN/faster-whisper test data, MIT"


# --- decoding and writing -------------------------------------------------------------------


def decode_audio(path: Path, layout: str = "mono") -> Pcm:
    """The first audio stream as (channels, samples) float32 at SR."""
    chunks: list[NDArray[np.float32]] = []
    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SR)
        for frame in container.decode(audio=0):
            chunks.extend(out.to_ndarray() for out in resampler.resample(frame))
        chunks.extend(out.to_ndarray() for out in resampler.resample(None))
    return np.concatenate(chunks, axis=1).astype(np.float32)


def decode_video(path: Path) -> tuple[list[Frame], float]:
    """Every frame (BGR) and the stream's average frame rate."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        rate = float(stream.average_rate or 25)
        frames = [frame.to_ndarray(format="bgr24") for frame in container.decode(stream)]
    return frames, rate


def silence(seconds: float, channels: int = 1) -> Pcm:
    return np.zeros((channels, round(seconds * SR)), dtype=np.float32)


def mono(samples: NDArray[np.float32]) -> Pcm:
    return np.asarray(samples, dtype=np.float32).reshape(1, -1)


def write_clip(
    path: Path,
    frame_at: Callable[[int], Frame],
    *,
    frames: int,
    width: int,
    height: int,
    fps: int,
    audio: Pcm | None = None,
) -> Path:
    """H.264 (single-threaded x264, deterministic) plus, when given, AAC at SR in an MP4."""
    with av.open(str(path), mode="w", format="mp4") as output:
        video = output.add_stream("libx264", rate=fps)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast", "threads": "1", "crf": "20"}
        sound: AudioStream | None = None
        if audio is not None:
            sound = output.add_stream("aac", rate=SR)
            assert isinstance(sound, AudioStream)
            sound.layout = "stereo" if audio.shape[0] == 2 else "mono"
            sound.bit_rate = 96_000 * audio.shape[0]
        for index in range(frames):
            picture = av.VideoFrame.from_ndarray(frame_at(index), format="bgr24")
            picture = picture.reformat(format="yuv420p")
            picture.pts = index
            picture.time_base = Fraction(1, fps)
            output.mux(video.encode(picture))
        output.mux(video.encode(None))
        if sound is not None and audio is not None:
            layout = "stereo" if audio.shape[0] == 2 else "mono"
            for start in range(0, audio.shape[1], 1024):
                block = np.ascontiguousarray(audio[:, start : start + 1024])
                chunk = av.AudioFrame.from_ndarray(block, format="fltp", layout=layout)
                chunk.sample_rate = SR
                chunk.pts = start
                chunk.time_base = Fraction(1, SR)
                output.mux(sound.encode(chunk))
            output.mux(sound.encode(None))
    return path


def still_clip(path: Path, audio: Pcm, level: int = 110) -> Path:
    """Audio under a 160x90 grey picture at 10 fps, as long as the audio."""
    grey = np.full((90, 160, 3), level, dtype=np.uint8)
    frames = max(1, round(audio.shape[1] / SR * 10))
    return write_clip(
        path, lambda _: grey, frames=frames, width=160, height=90, fps=10, audio=audio
    )


def ping_pong(count: int, position: int) -> int:
    """Index into a clip of `count` frames played forwards then backwards, with no jump."""
    if count < 2:
        return 0
    cycle = 2 * count - 2
    position %= cycle
    return position if position < count else cycle - position


def fit(frame: Frame, width: int, height: int) -> Frame:
    """Scale to cover width x height, cropping the overflow (vertically: from near the top,
    where the faces are)."""
    scale = max(width / frame.shape[1], height / frame.shape[0])
    scaled = cv2.resize(
        frame,
        (round(frame.shape[1] * scale), round(frame.shape[0] * scale)),
        interpolation=cv2.INTER_AREA,
    )
    x = (scaled.shape[1] - width) // 2
    y = (scaled.shape[0] - height) // 4
    return np.ascontiguousarray(scaled[y : y + height, x : x + width])


def espeak(text: str, voice: str, folder: Path) -> Pcm | None:
    """`text` spoken by espeak-ng (mono, SR), or None where espeak-ng is not installed."""
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    wav = folder / f"espeak-{voice}.wav"
    subprocess.run([program, "-v", voice, "-s", "150", "-w", str(wav), text], check=True)
    pcm = decode_audio(wav)
    wav.unlink()
    return pcm


# --- the items ------------------------------------------------------------------------------


class Skip(Exception):
    """The item cannot be built on this machine (the reason is printed, nothing is faked)."""


@dataclass(frozen=True)
class Recipe:
    name: str
    build: Callable[[Path], dict[str, Any]]  # writes the media into the folder, returns truth


def _talking_head_en(folder: Path) -> dict[str, Any]:
    """A 720x1280 face-to-camera clip: the asl_again recording looped back and forth (no jump
    that reads as a cut), burned-in captions under it and JFK's words laid under it."""
    speech = mono(decode_audio(MEDIA / "jfk.flac")[0])
    face, _ = decode_video(MEDIA / "asl_again.mkv")
    width, height, fps = 720, 1280, 30
    scaled_h = round(face[0].shape[0] * width / face[0].shape[1])
    top = (height - scaled_h) // 3
    scaled = [cv2.resize(f, (width, scaled_h), interpolation=cv2.INTER_AREA) for f in face]

    def frame_at(index: int) -> Frame:
        t = index / fps
        image = np.full((height, width, 3), 40, dtype=np.uint8)
        image[top : top + scaled_h] = scaled[ping_pong(len(scaled), index)]
        for start, end, text in TALKING_CAPTIONS:
            if start <= t < end:
                make_captions.draw_caption(image, text, font_scale=1.5, y_fraction=0.8)
        return image

    duration = speech.shape[1] / SR
    write_clip(
        folder / "talking_head_en.mp4",
        frame_at,
        frames=round(duration * fps),
        width=width,
        height=height,
        fps=fps,
        audio=speech,
    )
    return {
        "media": "talking_head_en.mp4",
        "origin": "composite",
        "source": f"asl_again.mkv ({CC_BY}) looped, jfk.flac ({MIT}) under it, captions drawn",
        "duration_s": round(duration, 3),
        "has_audio": True,
        "speech": {"language": "en", "text": JFK, "real": True},
        "language": "en",
        "music": None,
        "speaker_count": 1,
        "cuts": [],
        "faces": {"presence": 1.0, "max": 1},
        "captions": [list(c) for c in TALKING_CAPTIONS],
        "scene_text": ["MISFITS"],
        "entities": {"brands": ["Apple"], "hashtags": ["#history"], "mentions": ["@jfklibrary"]},
    }


def _montage_music_128(folder: Path) -> dict[str, Any]:
    """Seven shots of four recordings with hard cuts at known frames, a 128 BPM song under
    them."""
    width, height, fps = 640, 360, MONTAGE_FPS
    sources = {name: decode_video(MEDIA / name) for name, _ in MONTAGE_SHOTS}
    plan: list[tuple[int, str]] = []  # (first output frame, source)
    cuts: list[float] = []
    frame = 0
    for name, count in MONTAGE_SHOTS:
        if frame:
            cuts.append(round(frame / fps, 6))
        plan.append((frame, name))
        frame += count
    total = frame
    fitted = {
        name: [fit(f, width, height) for f in frames] for name, (frames, _) in sources.items()
    }

    def frame_at(index: int) -> Frame:
        first, name = max((p for p in plan if p[0] <= index), key=lambda p: p[0])
        rate = sources[name][1]
        position = int((index - first) / fps * rate)
        return fitted[name][ping_pong(len(fitted[name]), position)]

    duration = total / fps
    song = mono(make_audio.music(128, duration, seed=3))
    write_clip(
        folder / "montage_music_128.mp4",
        frame_at,
        frames=total,
        width=width,
        height=height,
        fps=fps,
        audio=song,
    )
    face_frames = sum(count for name, count in MONTAGE_SHOTS if name in FACE_SOURCES)
    return {
        "media": "montage_music_128.mp4",
        "origin": "composite",
        "source": f"asl_again, head-pose-face-female, car-park-6s, asl_thanks ({CC_BY}) cut "
        "together; synthetic 128 BPM song (tests/data/make_audio.py music, seed 3)",
        "duration_s": round(duration, 3),
        "has_audio": True,
        "speech": None,
        "music": {"bpm": 128},
        "cuts": cuts,
        "faces": {"presence": round(face_frames / total, 3), "max": 1},
    }


def _jump_cuts(folder: Path) -> dict[str, Any]:
    """Jump cuts (frames removed inside one recording, the framing unchanged), as a talking
    head is edited, and one scene cut between two recordings; no audio track."""
    width, height, fps = 640, 360, MONTAGE_FPS
    sources = {name: decode_video(MEDIA / name) for name in {n for n, _, _ in JUMP_SHOTS}}
    fitted = {
        name: [fit(f, width, height) for f in frames] for name, (frames, _) in sources.items()
    }
    frames: list[Frame] = []
    cuts: list[float] = []
    jumps: list[float] = []
    previous: str | None = None
    for name, start, count in JUMP_SHOTS:
        if previous is not None:
            (jumps if name == previous else cuts).append(round(len(frames) / fps, 6))
        rate = sources[name][1]
        clip = fitted[name]
        frames += [clip[ping_pong(len(clip), start + int(i / fps * rate))] for i in range(count)]
        previous = name
    write_clip(
        folder / "jump_cuts.mp4",
        lambda index: frames[index],
        frames=len(frames),
        width=width,
        height=height,
        fps=fps,
    )
    return {
        "media": "jump_cuts.mp4",
        "origin": "composite",
        "source": f"asl_again.mkv and head-pose-face-female.gif ({CC_BY}) with frames removed "
        "(jump cuts) and one cut between them; no audio track",
        "duration_s": round(len(frames) / fps, 3),
        "has_audio": False,
        "speech": None,
        "cuts": cuts,
        "jump_cuts": jumps,
        "faces": {"presence": 1.0, "max": 1},
    }


def _bars_cuts_noaudio(folder: Path) -> dict[str, Any]:
    """Scrolling colour bars, a new palette at each cut, no audio track (make_media)."""
    make_media.make_clip(
        folder / "bars_cuts_noaudio.mp4",
        width=320,
        height=180,
        duration_s=4.0,
        audio=False,
        cuts=BARS_CUTS,
    )
    return {
        "media": "bars_cuts_noaudio.mp4",
        "origin": "synthetic",
        "source": "tests/data/make_media.py make_clip, cuts at 1, 2 and 3 s, no audio track",
        "duration_s": 4.0,
        "has_audio": False,
        "speech": None,
        "language": None,
        "cuts": list(BARS_CUTS),
        "faces": {"presence": 0.0, "max": 0},
    }


def _caption_slideshow(folder: Path) -> dict[str, Any]:
    """Four burned-in captions over a drifting textured background, no audio (make_captions)."""
    make_captions.make_caption_clip(folder / "caption_slideshow.mp4", SLIDESHOW_CAPTIONS)
    return {
        "media": "caption_slideshow.mp4",
        "origin": "synthetic",
        "source": "tests/data/make_captions.py make_caption_clip, 540x960, no audio track",
        "duration_s": 6.0,
        "has_audio": False,
        "speech": None,
        "language": "en",
        "cuts": [],
        "faces": {"presence": 0.0, "max": 0},
        "captions": [list(c) for c in SLIDESHOW_CAPTIONS],
        "entities": {"hashtags": ["#sleeptips"]},
    }


def _music(bpm: int, seed: int) -> Callable[[Path], dict[str, Any]]:
    def build(folder: Path) -> dict[str, Any]:
        name = f"music_{bpm}"
        duration = 12.0
        still_clip(folder / f"{name}.mp4", mono(make_audio.music(bpm, duration, seed=seed)))
        return {
            "media": f"{name}.mp4",
            "origin": "synthetic",
            "source": f"tests/data/make_audio.py music({bpm} BPM, seed {seed}) under a grey "
            "picture",
            "duration_s": duration,
            "has_audio": True,
            "speech": None,
            "language": None,
            "music": {"bpm": bpm},
            "cuts": [],
            "faces": {"presence": 0.0, "max": 0},
        }

    return build


def active_rms_db(pcm: NDArray[np.float32]) -> float:
    """RMS level (dBFS) over the 25 ms frames within 20 dB of the loudest: the level of the
    voice or music where it sounds, not diluted by its pauses."""
    usable = pcm[: pcm.size // 400 * 400].reshape(-1, 400).astype(np.float64)
    levels = np.sqrt((usable**2).mean(axis=1))
    loud = levels[levels >= levels.max() * 0.1]
    return float(20 * np.log10(np.sqrt((loud**2).mean())))


def _music_voice(bpm: int, seed: int, voice: str) -> Callable[[Path], dict[str, Any]]:
    """Recorded speech from one second in, over a song mixed MUSIC_UNDER_VOICE_DB below it."""

    def build(folder: Path) -> dict[str, Any]:
        if voice == "jfk":
            speech, text, origin = decode_audio(MEDIA / "jfk.flac")[0], JFK, "jfk.flac"
        elif voice == "left":
            speech = decode_audio(MEDIA / "stereo_diarization.wav", "stereo")[0]
            text, origin = LEFT, "the left channel of stereo_diarization.wav"
        else:
            both = decode_audio(MEDIA / "stereo_diarization.wav", "stereo")
            gap = np.zeros(SR, dtype=np.float32)
            speech = np.concatenate([both[1], gap, both[0]])
            text, origin = f"{RIGHT} {LEFT}", "both channels of stereo_diarization.wav in turn"
        duration = max(12.0, speech.size / SR + 2.0)
        song = make_audio.music(bpm, duration, seed=seed)
        gain_db = active_rms_db(speech) - MUSIC_UNDER_VOICE_DB - active_rms_db(song)
        mixed = make_audio.mix(
            (song, 10 ** (gain_db / 20)), (np.concatenate([np.zeros(SR), speech]), 1.0)
        )
        peak = float(np.max(np.abs(mixed))) or 1.0
        name = f"music_{bpm}_voice"
        still_clip(folder / f"{name}.mp4", mono(mixed / max(1.0, peak / 0.9)))
        return {
            "media": f"{name}.mp4",
            "origin": "composite",
            "source": f"{origin} ({MIT}) over tests/data/make_audio.py music({bpm} BPM, "
            f"seed {seed}) {MUSIC_UNDER_VOICE_DB:g} dB below the voice",
            "duration_s": round(mixed.size / SR, 3),
            "has_audio": True,
            "speech": {"language": "en", "text": text, "real": True},
            "language": "en",
            "music": {"bpm": bpm},
            "speaker_count": 2 if voice == "stereo" else 1,
            "cuts": [],
            "faces": {"presence": 0.0, "max": 0},
        }

    return build


def _speech_silences_en(folder: Path) -> dict[str, Any]:
    """Digital silence, JFK, silence, the left channel of stereo_diarization, silence."""
    jfk = decode_audio(MEDIA / "jfk.flac")
    left = mono(decode_audio(MEDIA / "stereo_diarization.wav", "stereo")[0])
    parts = [silence(2.0), jfk, silence(3.0), left, silence(1.5)]
    audio = np.concatenate(parts, axis=1)
    silences: list[list[float]] = []
    t = 0.0
    for part in parts:
        length = part.shape[1] / SR
        if not np.any(part):
            silences.append([round(t, 3), round(t + length, 3)])
        t += length
    still_clip(folder / "speech_silences_en.mp4", audio)
    return {
        "media": "speech_silences_en.mp4",
        "origin": "composite",
        "source": f"jfk.flac and the left channel of stereo_diarization.wav ({MIT}) between "
        "digital silences of 2, 3 and 1.5 s",
        "duration_s": round(t, 3),
        "has_audio": True,
        "speech": {"language": "en", "text": f"{JFK} {LEFT}", "real": True},
        "language": "en",
        "music": None,
        "speaker_count": 2,
        "silences": silences,
        "cuts": [],
        "faces": {"presence": 0.0, "max": 0},
    }


def _two_speakers_en(folder: Path) -> dict[str, Any]:
    """stereo_diarization.wav with its channels kept: one voice per channel, overlapping."""
    both = decode_audio(MEDIA / "stereo_diarization.wav", "stereo")
    still_clip(folder / "two_speakers_en.mp4", both)
    return {
        "media": "two_speakers_en.mp4",
        "origin": "real",
        "source": f"stereo_diarization.wav ({MIT}), channels kept",
        "duration_s": round(both.shape[1] / SR, 3),
        "has_audio": True,
        "speech": {
            "language": "en",
            "text": f"{LEFT} {RIGHT}",
            "real": True,
            "channels": [LEFT, RIGHT],
        },
        "language": "en",
        "music": None,
        "speaker_count": 2,
        "cuts": [],
        "faces": {"presence": 0.0, "max": 0},
    }


def _room_tone(folder: Path) -> dict[str, Any]:
    """Eight seconds of faint noise (about -50 dBFS RMS): quiet, but not digital silence."""
    rng = np.random.default_rng(11)
    noise = (rng.standard_normal(8 * SR) * 0.003).astype(np.float32)
    still_clip(folder / "room_tone.mp4", mono(noise), level=60)
    return {
        "media": "room_tone.mp4",
        "origin": "synthetic",
        "source": "seeded white noise at about -50 dBFS under a dark picture",
        "duration_s": 8.0,
        "has_audio": True,
        "speech": None,
        "language": None,
        "music": None,
        "cuts": [],
        "faces": {"presence": 0.0, "max": 0},
    }


def _tts(language: str) -> Callable[[Path], dict[str, Any]]:
    def build(folder: Path) -> dict[str, Any]:
        voice = espeak(TTS[language], language, folder)
        if voice is None:
            raise Skip("espeak-ng is not installed (apt-get install espeak-ng)")
        audio = np.concatenate([silence(0.5), voice, silence(0.5)], axis=1)
        name = f"speech_{language}_tts"
        still_clip(folder / f"{name}.mp4", audio)
        truth: dict[str, Any] = {
            "media": f"{name}.mp4",
            "origin": "synthetic",
            "source": f"espeak-ng voice {language!r} reading a known sentence",
            "duration_s": round(audio.shape[1] / SR, 3),
            "has_audio": True,
            "speech": {"language": language, "text": TTS[language], "real": False},
            "language": language,
            "music": None,
            "cuts": [],
            "faces": {"presence": 0.0, "max": 0},
        }
        if language in TTS_ENTITIES:
            truth["entities"] = TTS_ENTITIES[language]
        return truth

    return build


def _recorded(name: str, **truth: Any) -> Callable[[Path], dict[str, Any]]:
    def build(folder: Path) -> dict[str, Any]:
        shutil.copyfile(MEDIA / name, folder / name)
        return {"media": name, "origin": "real", **truth}

    return build


RECIPES: tuple[Recipe, ...] = (
    Recipe("talking_head_en", _talking_head_en),
    Recipe("montage_music_128", _montage_music_128),
    Recipe("jump_cuts", _jump_cuts),
    Recipe("bars_cuts_noaudio", _bars_cuts_noaudio),
    Recipe("caption_slideshow", _caption_slideshow),
    Recipe("music_75", _music(75, 1)),
    Recipe("music_100", _music(100, 4)),
    Recipe("music_75_voice", _music_voice(75, 5, "left")),
    Recipe("music_100_voice", _music_voice(100, 2, "jfk")),
    Recipe("music_128_voice", _music_voice(128, 6, "stereo")),
    Recipe("speech_silences_en", _speech_silences_en),
    Recipe("two_speakers_en", _two_speakers_en),
    Recipe("room_tone", _room_tone),
    Recipe("speech_de_tts", _tts("de")),
    Recipe("speech_es_tts", _tts("es")),
    Recipe("speech_en_tts", _tts("en")),
    Recipe(
        "car_park_silent",
        _recorded(
            "car-park-6s.mp4",
            source=f"car-park-6s.mp4 ({CC_BY}): a digital-silence AAC track",
            duration_s=6.0,
            has_audio=True,
            speech=None,
            language=None,
            music=None,
            silences=[[0.0, 6.0]],
            cuts=[],
            faces={"presence": 0.0, "max": 0},
        ),
    ),
    Recipe(
        "asl_again",
        _recorded(
            "asl_again.mkv",
            source=f"asl_again.mkv ({CC_BY}): no audio track",
            duration_s=2.6,
            has_audio=False,
            speech=None,
            cuts=[],
            faces={"presence": 1.0, "max": 1},
            scene_text=["MISFITS"],
        ),
    ),
    Recipe(
        "asl_thanks",
        _recorded(
            "asl_thanks.mkv",
            source=f"asl_thanks.mkv ({CC_BY}): no audio track",
            duration_s=1.7,
            has_audio=False,
            speech=None,
            cuts=[],
            faces={"presence": 1.0, "max": 1},
        ),
    ),
    Recipe(
        "head_pose_gif",
        _recorded(
            "head-pose-face-female.gif",
            source=f"head-pose-face-female.gif ({CC_BY}): no audio track",
            duration_s=1.9,
            has_audio=False,
            speech=None,
            language=None,
            cuts=[],
            faces={"presence": 1.0, "max": 1},
        ),
    ),
)


def _voices_recipes() -> tuple[Recipe, ...]:
    """The speaker and music-under-speech items of eval/corpus_voices.py."""
    spec = importlib.util.spec_from_file_location(
        "clipapi_eval_corpus_voices", ROOT / "eval" / "corpus_voices.py"
    )
    assert spec is not None
    assert spec.loader is not None
    voices = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(voices)

    def skipping(build: Callable[[Path], dict[str, Any]]) -> Callable[[Path], dict[str, Any]]:
        def run(folder: Path) -> dict[str, Any]:
            try:
                return build(folder)
            except voices.VoiceMissing as missing:
                raise Skip(str(missing)) from missing

        return run

    return tuple(Recipe(name, skipping(build)) for name, build in voices.RECIPES)


RECIPES += _voices_recipes()


def _creator(build_clip: Callable[[Path], dict[str, Any]]) -> Callable[[Path], dict[str, Any]]:
    def build(folder: Path) -> dict[str, Any]:
        try:
            return build_clip(folder)
        except creators.Unavailable as reason:
            raise Skip(str(reason)) from reason

    return build


RECIPES += tuple(Recipe(name, _creator(make)) for name, make in creators.recipes(write_clip))
NAMES = tuple(recipe.name for recipe in RECIPES)
# Named parts of the corpus, for `clipapi eval --group NAME`.
GROUPS: dict[str, tuple[str, ...]] = dict(creators.GROUPS)
# Held-out items are built only when named (--only, --group), never by default, so that the
# figures a change is tuned against do not include them.
HELD_OUT = frozenset(name for group in creators.HELD_OUT for name in GROUPS[group])


def selected(only: Collection[str] | None) -> set[str]:
    """The items `build` writes: `only`, or every item but the held-out ones."""
    return set(only) if only is not None else set(NAMES) - HELD_OUT


def build(
    folder: Path,
    only: Collection[str] | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Write the corpus (or the `only` items) into `folder`; returns the manifest's path.
    Without `only`, the held-out items are left out."""
    unknown = set(only or ()) - set(NAMES)
    if unknown:
        raise ValueError(f"unknown corpus items: {', '.join(sorted(unknown))}")
    wanted = selected(only)
    folder.mkdir(parents=True, exist_ok=True)
    items: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="corpus-", dir=folder) as scratch:
        for recipe in RECIPES:
            if recipe.name not in wanted:
                continue
            try:
                truth = {"name": recipe.name, **recipe.build(Path(scratch))}
            except Skip as reason:
                log(f"skipped {recipe.name}: {reason}")
                skipped.append({"name": recipe.name, "reason": str(reason)})
                continue
            shutil.move(Path(scratch) / truth["media"], folder / truth["media"])
            (folder / f"{recipe.name}.json").write_text(json.dumps(truth, indent=2) + "\n")
            items.append(truth)
    manifest = folder / MANIFEST
    document = {"version": VERSION, "items": items, "skipped": skipped}
    manifest.write_text(json.dumps(document, indent=2) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path)
    parser.add_argument("--only", nargs="+", choices=NAMES)
    parser.add_argument("--group", choices=sorted(GROUPS))
    args = parser.parse_args(argv)
    only = args.only
    if args.group:
        only = [*(only or ()), *GROUPS[args.group]]
    print(build(args.out, only))


if __name__ == "__main__":
    main()
