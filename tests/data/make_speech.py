"""Put recorded speech under a small video, with PyAV only, for the transcript tests.

    python tests/data/make_speech.py tests/data/media/jfk.flac OUT.mp4 [--mono]

The video is 160x90 grey at 10 fps for the audio's duration; the audio is re-encoded as AAC
at its own sample rate with its channels kept (a stereo file stays stereo, left and right in
place), so the speaker-by-channel method sees what the recording holds.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.audio.stream import AudioStream
from av.video.stream import VideoStream
from numpy.typing import NDArray

WIDTH, HEIGHT, FPS = 160, 90, 10


def speech_video(audio_path: Path, path: Path, *, mono: bool = False) -> Path:
    """An MP4 (H.264 + AAC) carrying `audio_path`'s sound under a grey picture; `mono`
    downmixes it first."""
    samples, rate, layout = _read_audio(audio_path, mono)
    duration_s = samples.shape[1] / rate
    with av.open(str(path), mode="w", format="mp4") as output:
        video = output.add_stream("libx264", rate=FPS)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.options = {"preset": "ultrafast", "threads": "1"}
        sound = output.add_stream("aac", rate=rate)
        assert isinstance(sound, AudioStream)
        sound.layout = layout
        sound.bit_rate = 96_000 * samples.shape[0]
        grey = np.full((HEIGHT, WIDTH, 3), 128, dtype=np.uint8)
        for index in range(round(duration_s * FPS)):
            frame = av.VideoFrame.from_ndarray(grey, format="rgb24").reformat(format="yuv420p")
            frame.pts = index
            frame.time_base = Fraction(1, FPS)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        chunk = 1024
        for start in range(0, samples.shape[1], chunk):
            piece = np.ascontiguousarray(samples[:, start : start + chunk])
            block = av.AudioFrame.from_ndarray(piece, format="fltp", layout=layout)
            block.sample_rate = rate
            block.pts = start
            block.time_base = Fraction(1, rate)
            output.mux(sound.encode(block))
        output.mux(sound.encode(None))
    return path


def _read_audio(path: Path, mono: bool) -> tuple[NDArray[np.float32], int, str]:
    """(channels x samples float32, sample rate, layout) of the first audio stream."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        layout = "stereo" if stream.codec_context.channels == 2 and not mono else "mono"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=rate)
        chunks = [
            out.to_ndarray()
            for frame in container.decode(stream)
            for out in resampler.resample(frame)
        ]
        chunks += [out.to_ndarray() for out in resampler.resample(None)]
    return np.concatenate(chunks, axis=1).astype(np.float32), rate, layout


if __name__ == "__main__":
    print(speech_video(Path(sys.argv[1]), Path(sys.argv[2]), mono="--mono" in sys.argv[3:]))
