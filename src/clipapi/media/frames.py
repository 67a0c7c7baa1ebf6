"""One decode pass over a video's frames, converting only what the analysis keeps.

Every decoded frame gets a tiny colour thumbnail (cheap; cut detection needs every frame to
place a cut on the right frame). Frames due on the motion grid (10 fps) can be read as a
320-px-wide grey image and frames due on the sample grid (2 fps) as a ~540-px colour image;
both conversions are lazy, so a frame nobody asks for is never converted. PyAV does not apply
the display rotation, so the grey and colour images are turned upright here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import av
import cv2
import numpy as np
from av.stream import Disposition
from av.video.frame import VideoFrame
from av.video.stream import VideoStream
from numpy.typing import NDArray

from clipapi.errors import MediaError
from clipapi.media.probe import open_media

Image = NDArray[np.uint8]

# A run of undecodable packets this long means the rest of the file is damaged too.
MAX_CONSECUTIVE_BAD_PACKETS = 50


@dataclass(frozen=True)
class SamplingPlan:
    motion_fps: float = 10.0
    motion_width: int = 320
    sample_fps: float = 2.0
    # Colour samples: the short side at most this, the long side at most `sample_long_side`.
    sample_short_side: int = 540
    sample_long_side: int = 960
    # Thumbnail for cut detection, long side x short side, in the coded orientation.
    thumb_long: int = 64
    thumb_short: int = 36


class DecodedFrame:
    """A decoded frame while the pass is on it; read `thumb`, ask for `gray()` / `colour()`."""

    def __init__(
        self,
        frame: VideoFrame,
        index: int,
        t: float,
        thumb: Image,
        *,
        motion_due: bool,
        sample_due: bool,
        rotation: int,
        plan: SamplingPlan,
    ) -> None:
        self._frame = frame
        self.index = index
        self.t = t
        self.thumb = thumb
        self.motion_due = motion_due
        self.sample_due = sample_due
        self._rotation = rotation
        self._plan = plan

    def gray(self) -> Image:
        """Upright grey image `plan.motion_width` wide (never upscaled)."""
        width, height = _fit_display(
            self._frame.width, self._frame.height, self._rotation, width=self._plan.motion_width
        )
        image = self._frame.reformat(
            width=width, height=height, format="gray", interpolation="AREA"
        ).to_ndarray()
        return _upright(np.asarray(image, dtype=np.uint8), self._rotation)

    def small_gray(self, short_side: int) -> Image:
        """Grey image in the coded orientation, short side about `short_side` (never
        upscaled); from the decoder's luma plane when it is planar 4:2:0 (no colour
        conversion), limited-range levels left as they are."""
        frame = self._frame
        scale = min(1.0, short_side / min(frame.width, frame.height))
        width, height = max(1, round(frame.width * scale)), max(1, round(frame.height * scale))
        if frame.format.name in _PLANAR_420 and len(frame.planes) == 3:
            plane = frame.planes[0]
            luma = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(-1, plane.line_size)
            # Every few pixels first, keeping twice the target's resolution for the average.
            step = max(1, int(1 / scale) // 2)
            coarse = luma[: frame.height : step, : frame.width : step]
            image = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_AREA)
            return np.asarray(image, dtype=np.uint8)
        image = frame.reformat(width=width, height=height, format="gray").to_ndarray()
        return np.asarray(image, dtype=np.uint8)

    def colour(self) -> Image:
        """Upright BGR image, short side ≤ `plan.sample_short_side` (never upscaled)."""
        plan = self._plan
        width, height = _fit_sides(
            self._frame.width, self._frame.height, plan.sample_short_side, plan.sample_long_side
        )
        image = self._frame.reformat(
            width=width, height=height, format="bgr24", interpolation="AREA"
        ).to_ndarray()
        return _upright(np.asarray(image, dtype=np.uint8), self._rotation)


class FrameStream:
    """Iterate once over a file's main video stream; `reached_limit` tells whether the pass
    stopped at `max_duration_s` rather than at the end of the file."""

    def __init__(
        self,
        path: Path,
        *,
        rotation: int = 0,
        plan: SamplingPlan = SamplingPlan(),
        max_duration_s: float | None = None,
        check: Callable[[], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.rotation = rotation % 360
        self.plan = plan
        self.max_duration_s = max_duration_s
        self.check = check
        self.reached_limit = False
        # The stream's first timestamp in seconds, which frame times are counted from.
        self.start_s = 0.0
        self.frame_count = 0
        self.bad_packets = 0

    def __iter__(self) -> Iterator[DecodedFrame]:
        plan = self.plan
        next_motion = 0.0
        next_sample = 0.0
        last_t = -1.0
        with open_media(self.path) as container:
            stream = _main_video_stream(container.streams.video)
            # One decoding thread: FFmpeg's frame threads cost ~12 % more CPU (3.1 -> 3.5 s for
            # the 60 s 1080p benchmark clip), and the pass already keeps both cores busy with
            # its sample thread and the steps beside it.
            stream.thread_count = 1
            if _small_for_consumers(stream, plan):
                # Every picture the pass keeps is at most half the coded size, where the
                # deblocking filter's few-pixel smoothing of block edges is averaged away:
                # skipping it saves about a fifth of the decoding time.
                stream.codec_context.options = {"skip_loop_filter": "all"}
            start = self.start_s = _start_time(stream)
            rate = float(stream.average_rate or stream.guessed_rate or 0) or 25.0
            for frame in self._decode(container, stream):
                if self.check is not None:
                    self.check()
                if frame.time is not None:
                    t = float(frame.time) - start
                else:
                    t = last_t + 1 / rate if last_t >= 0 else 0.0
                # Broken files repeat or reorder timestamps; keep time moving forward.
                t = max(t, 0.0, last_t + 1e-6)
                if self.max_duration_s is not None and t > self.max_duration_s:
                    self.reached_limit = True
                    return
                last_t = t
                motion_due = t + 1e-6 >= next_motion
                if motion_due:
                    next_motion = _next_tick(next_motion, t, plan.motion_fps)
                sample_due = t + 1e-6 >= next_sample
                if sample_due:
                    next_sample = _next_tick(next_sample, t, plan.sample_fps)
                decoded = DecodedFrame(
                    frame,
                    self.frame_count,
                    t,
                    _thumbnail(frame, plan),
                    motion_due=motion_due,
                    sample_due=sample_due,
                    rotation=self.rotation,
                    plan=plan,
                )
                self.frame_count += 1
                yield decoded

    def _decode(
        self, container: av.container.InputContainer, stream: VideoStream
    ) -> Iterator[VideoFrame]:
        consecutive_bad = 0
        for packet in container.demux(stream):
            try:
                frames = packet.decode()
            except av.ExitError as exc:
                raise MediaError("The file took too long to read", code="media_limits") from exc
            except av.FFmpegError:
                # A damaged packet costs its frames, not the analysis.
                self.bad_packets += 1
                consecutive_bad += 1
                if consecutive_bad > MAX_CONSECUTIVE_BAD_PACKETS:
                    return
                continue
            consecutive_bad = 0
            for frame in frames:
                if isinstance(frame, VideoFrame):
                    yield frame


def _main_video_stream(streams: tuple[VideoStream, ...] | list[VideoStream]) -> VideoStream:
    # The same choice as the probe: cover art is a video stream, but not the video.
    for stream in streams:
        if not stream.disposition & Disposition.attached_pic:
            return stream
    raise MediaError("The file has no video stream")


def _small_for_consumers(stream: VideoStream, plan: SamplingPlan) -> bool:
    """Whether every image the pass makes is at most half the coded size."""
    width, height = stream.codec_context.width, stream.codec_context.height
    return bool(width and height) and min(width, height) >= 2 * plan.sample_short_side


def _start_time(stream: VideoStream) -> float:
    """Seconds of the stream's first timestamp, which players show as 0."""
    if stream.start_time is None or stream.time_base is None or stream.start_time <= 0:
        return 0.0
    return float(stream.start_time * stream.time_base)


def _next_tick(previous: float, t: float, fps: float) -> float:
    """The next grid time after `t`; a gap in the video skips ticks instead of bunching them."""
    period = 1.0 / fps
    tick = previous + period
    if tick <= t:
        tick = previous + period * (math.floor((t - previous) / period) + 1)
    return tick


def _thumbnail(frame: VideoFrame, plan: SamplingPlan) -> Image:
    if frame.width >= frame.height:
        width, height = plan.thumb_long, plan.thumb_short
    else:
        width, height = plan.thumb_short, plan.thumb_long
    if frame.format.name in _PLANAR_420 and len(frame.planes) == 3:
        # Every frame passes here: read every few pixels of each plane straight from the
        # decoder's buffers (about 0.3 ms at 1080p, against 1-2 ms through swscale).
        planes = [
            _strided_plane(frame, index, width, height, chroma=index > 0) for index in range(3)
        ]
        y, u, v = (cv2.resize(p, (width, height), interpolation=cv2.INTER_AREA) for p in planes)
        if frame.format.name == "yuv420p":  # limited range: stretch to the full range
            y, u, v = (
                cv2.LUT(y, _LUMA_STRETCH),
                cv2.LUT(u, _CHROMA_STRETCH),
                cv2.LUT(v, _CHROMA_STRETCH),
            )
        ycrcb = cv2.merge((y, v, u))
        return np.asarray(cv2.cvtColor(ycrcb, cv2.COLOR_YCrCb2BGR), dtype=np.uint8)
    coarse = frame.reformat(
        width=min(frame.width, width * 4),
        height=min(frame.height, height * 4),
        format="bgr24",
        interpolation="FAST_BILINEAR",
    ).to_ndarray()
    thumb = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_AREA)
    return np.asarray(thumb, dtype=np.uint8)


_PLANAR_420 = frozenset({"yuv420p", "yuvj420p"})
# Limited-range levels (luma 16-235, chroma 16-240) stretched to 0-255, as tables.
_LEVELS = np.arange(256, dtype=np.float32)
_LUMA_STRETCH = np.clip((_LEVELS - 16.0) * (255.0 / 219.0), 0, 255).astype(np.uint8)
_CHROMA_STRETCH = np.clip((_LEVELS - 128.0) * (255.0 / 224.0) + 128.0, 0, 255).astype(np.uint8)


def _strided_plane(
    frame: VideoFrame, index: int, width: int, height: int, *, chroma: bool
) -> Image:
    plane = frame.planes[index]
    rows = (frame.height + 1) // 2 if chroma else frame.height
    cols = (frame.width + 1) // 2 if chroma else frame.width
    data = np.frombuffer(memoryview(plane), dtype=np.uint8).reshape(-1, plane.line_size)[
        :rows, :cols
    ]
    # Keep at least twice the thumbnail's resolution for the area average.
    step = max(1, min(rows // (height * 2), cols // (width * 2)))
    return np.ascontiguousarray(data[::step, ::step])


def _fit_display(coded_w: int, coded_h: int, rotation: int, *, width: int) -> tuple[int, int]:
    """Coded size whose upright picture is at most `width` wide."""
    display_w = coded_h if rotation in (90, 270) else coded_w
    scale = min(1.0, width / display_w)
    return _even(coded_w * scale), _even(coded_h * scale)


def _fit_sides(coded_w: int, coded_h: int, short: int, long: int) -> tuple[int, int]:
    scale = min(1.0, short / min(coded_w, coded_h), long / max(coded_w, coded_h))
    return _even(coded_w * scale), _even(coded_h * scale)


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def _upright(image: Image, rotation: int) -> Image:
    """Turn a coded picture the way a player shows it (`rotation` clockwise degrees)."""
    if rotation == 0:
        return image
    turned: Image = np.ascontiguousarray(np.rot90(image, k=-(rotation // 90)))
    return turned
