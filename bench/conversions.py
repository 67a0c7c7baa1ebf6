"""Per-frame CPU of the visual pass's picture conversions, against the alternatives timed for
them, on frames of the 60 s 1080x1920 benchmark clip (bench/_media.py).

    PYTHONPATH=src .venv/bin/python bench/conversions.py [--frames 40]

Each way is timed by the calling thread's CPU (`time.thread_time`), best of five passes over
the same decoded frames, and compared with the pass's own output (mean absolute difference in
grey or colour levels):
- grey picture for camera motion: swscale (`DecodedFrame.gray`) against the decoder's luma
  plane scaled by OpenCV;
- colour sample for faces and OCR: swscale (`DecodedFrame.colour`) against the decoder's three
  planes scaled and converted by OpenCV;
- cut thumbnail: the pass's strided planes (`frames._thumbnail`) against nearest-neighbour
  sampling to twice the size, then an area average.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import av
import cv2
import numpy as np
from av.video.frame import VideoFrame
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/_media.py

import _media

from clipapi.media.frames import (
    _CHROMA_STRETCH,
    _LUMA_STRETCH,
    DecodedFrame,
    SamplingPlan,
    _thumbnail,
)

Image = NDArray[np.uint8]


def _plane(frame: VideoFrame, index: int) -> Image:
    plane = frame.planes[index]
    rows = (frame.height + 1) // 2 if index else frame.height
    cols = (frame.width + 1) // 2 if index else frame.width
    data = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(-1, plane.line_size)
    return data[:rows, :cols]


def _ycrcb(y: Image, u: Image, v: Image) -> Image:
    y, u, v = cv2.LUT(y, _LUMA_STRETCH), cv2.LUT(u, _CHROMA_STRETCH), cv2.LUT(v, _CHROMA_STRETCH)
    return np.asarray(cv2.cvtColor(cv2.merge((y, v, u)), cv2.COLOR_YCrCb2BGR), np.uint8)


def _best_ms(convert: Callable[[VideoFrame], Image], frames: list[VideoFrame]) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.thread_time()
        for frame in frames:
            convert(frame)
        best = min(best, (time.thread_time() - start) / len(frames))
    return best * 1000


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--frames", type=int, default=40, help="frames, one a second")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "clipapi-bench")
    args = parser.parse_args(argv)
    clip = _media.build_clip(args.cache.resolve(), 60.0)
    frames: list[VideoFrame] = []
    with av.open(str(clip)) as container:
        stream = container.streams.video[0]
        stream.thread_count = 1
        for index, frame in enumerate(container.decode(stream)):
            if index % 30 == 0:
                frames.append(frame)
            if len(frames) == args.frames:
                break
    plan = SamplingPlan()

    def decoded(frame: VideoFrame) -> DecodedFrame:
        thumb = np.zeros((1, 1, 3), np.uint8)
        return DecodedFrame(
            frame, 0, 0.0, thumb, motion_due=True, sample_due=True, rotation=0, plan=plan
        )

    grey_size = decoded(frames[0]).gray().shape[::-1]
    colour_size = decoded(frames[0]).colour().shape[1::-1]
    thumb_size = _thumbnail(frames[0], plan).shape[1::-1]

    def grey_planes(frame: VideoFrame) -> Image:
        image = cv2.resize(_plane(frame, 0), grey_size, interpolation=cv2.INTER_AREA)
        return np.asarray(cv2.LUT(image, _LUMA_STRETCH), np.uint8)

    def colour_planes(frame: VideoFrame) -> Image:
        y, u, v = (
            cv2.resize(_plane(frame, i), colour_size, interpolation=cv2.INTER_AREA)
            for i in range(3)
        )
        return _ycrcb(y, u, v)

    def thumb_nearest(frame: VideoFrame) -> Image:
        twice = (thumb_size[0] * 2, thumb_size[1] * 2)
        y, u, v = (
            cv2.resize(
                cv2.resize(_plane(frame, i), twice, interpolation=cv2.INTER_NEAREST),
                thumb_size,
                interpolation=cv2.INTER_AREA,
            )
            for i in range(3)
        )
        return _ycrcb(y, u, v)

    ways: list[tuple[str, Callable[[VideoFrame], Image], Callable[[VideoFrame], Image]]] = [
        ("grey (motion)", lambda f: decoded(f).gray(), grey_planes),
        ("colour (samples)", lambda f: decoded(f).colour(), colour_planes),
        ("cut thumbnail", lambda f: _thumbnail(f, plan), thumb_nearest),
    ]
    print(f"{len(frames)} frames of {clip.name}, CPU ms a frame (best of 5)")
    for name, current, other in ways:
        difference = np.mean(
            [np.abs(current(f).astype(np.int16) - other(f).astype(np.int16)).mean() for f in frames]
        )
        print(
            f"{name:18s} the pass {_best_ms(current, frames):6.3f}  "
            f"alternative {_best_ms(other, frames):6.3f}  "
            f"mean difference {difference:.2f} levels"
        )


if __name__ == "__main__":
    main()
