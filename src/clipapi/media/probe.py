"""Probe an uploaded or fetched media file: refuse what is unsafe or unusable, describe the rest.

Only local regular files are opened, and FFmpeg is told so twice: the protocol whitelist is
`file` (so a playlist cannot make the demuxer fetch a URL or open `concat:`/`data:` resources)
and the demuxer whitelist is `ProbeLimits.allowed_formats` (so an HLS playlist or an ffconcat
script renamed `.mp4` is refused after content sniffing, before its header is read and before
it opens anything it references).
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import av
from av.container import InputContainer
from av.stream import Disposition
from av.video.stream import VideoStream

from clipapi.errors import MediaError

Orientation = Literal["portrait", "landscape", "square"]

# Demuxer names exactly as FFmpeg reports them. MP4/MOV (and their 3GP/M4A siblings, which
# share one demuxer) and Matroska/WebM are the product's formats; GIF is accepted too because
# short-form clips are often shared as GIFs and its pixel count is bounded like any video.
MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"
MATROSKA_FAMILY = "matroska,webm"
GIF = "gif"
DEFAULT_ALLOWED_FORMATS: frozenset[str] = frozenset({MP4_FAMILY, MATROSKA_FAMILY, GIF})

# How far into a file we look for the first picture before calling it undecodable.
FIRST_FRAME_PACKET_BUDGET = 600

# Ratios people name; a frame within this relative distance of one gets its name.
ASPECT_SNAP_TOLERANCE = 0.02
NAMED_ASPECTS: tuple[tuple[int, int], ...] = (
    (1, 1),
    (16, 9),
    (9, 16),
    (4, 3),
    (3, 4),
    (4, 5),
    (5, 4),
    (3, 2),
    (2, 3),
    (16, 10),
    (10, 16),
    (21, 9),
    (9, 21),
    (2, 1),
    (1, 2),
)

# Containers and encoders round a few tens of milliseconds onto nominal durations; a "60 s"
# clip must not be refused by a 60 s plan.
DURATION_GRACE_S = 0.5


@dataclass(frozen=True)
class ProbeLimits:
    max_pixels: int = 8192 * 8192
    max_dimension: int = 8192
    max_streams: int = 16
    max_container_duration_s: float = 4 * 3600
    allowed_formats: frozenset[str] = DEFAULT_ALLOWED_FORMATS
    # Bounds opening (header + stream analysis) and each read while finding the first frame.
    open_timeout_s: float = 30.0


@dataclass(frozen=True)
class ProbeResult:
    duration_s: float | None
    # Display size: rotation applied, so a 1920x1080 stream tagged 90° reports 1080x1920.
    width: int
    height: int
    # Size of the decoded pictures before rotation.
    coded_width: int
    coded_height: int
    # Clockwise degrees a player turns the picture (the convention of the old `rotate` tag).
    rotation: int
    aspect_ratio: str
    orientation: Orientation
    fps: float | None
    frame_count: int | None
    video_codec: str
    audio_codec: str | None
    has_audio: bool
    audio_sample_rate: int | None
    audio_channels: int | None
    bitrate: int | None
    size_bytes: int
    # Short name (mp4, mov, 3gp, m4a, matroska, webm, gif); format_name is FFmpeg's demuxer.
    container: str
    format_name: str
    stream_count: int
    # The stream decoders should read, so every step analyses the same picture.
    video_stream_index: int

    def to_media(self) -> dict[str, Any]:
        return {
            "duration_s": self.duration_s,
            "width": self.width,
            "height": self.height,
            "aspect_ratio": self.aspect_ratio,
            "orientation": self.orientation,
            "fps": self.fps,
            "rotation": self.rotation,
            "has_audio": self.has_audio,
            "codecs": {"video": self.video_codec, "audio": self.audio_codec},
            "bitrate": self.bitrate,
            "size_bytes": self.size_bytes,
            "container": self.container,
        }


def open_media(path: Path, limits: ProbeLimits = ProbeLimits()) -> InputContainer:
    """Open a local media file with FFmpeg restricted to the file protocol and allowed formats."""
    path = Path(path)
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise MediaError("The media is not a regular file")
    if info.st_size == 0:
        raise MediaError("The file is empty")
    options = {
        "protocol_whitelist": "file",
        "format_whitelist": ",".join(sorted(limits.allowed_formats)),
        # Also handed to the decoders that stream analysis opens, so a huge declared frame is
        # refused there instead of being allocated.
        "max_pixels": str(limits.max_pixels),
    }
    try:
        # An absolute path can never be read as a protocol prefix ("concat:", "subfile:").
        return av.open(
            str(path.resolve()),
            mode="r",
            options=options,
            timeout=(limits.open_timeout_s, limits.open_timeout_s),
        )
    except av.ExitError as exc:
        raise MediaError("The file took too long to read", code="media_limits") from exc
    except av.FFmpegError as exc:
        raise MediaError(_unreadable_message(limits)) from exc


def probe(path: Path, limits: ProbeLimits = ProbeLimits()) -> ProbeResult:
    """Check a media file against `limits` and describe it; raises MediaError when refused."""
    path = Path(path)
    with open_media(path, limits) as container:
        format_name = container.format.name
        if format_name not in limits.allowed_formats:
            raise MediaError(_unreadable_message(limits))
        stream_count = len(container.streams)
        if stream_count > limits.max_streams:
            raise MediaError(
                f"The file has {stream_count} streams; at most {limits.max_streams} are accepted",
                code="media_limits",
            )
        video = _main_video_stream(container)
        if video.codec_context is None:
            raise MediaError("The video codec is not supported")
        coded_width, coded_height = video.width, video.height
        _check_frame_size(coded_width, coded_height, limits)
        declared = _declared_durations(container)
        if declared and max(declared) > limits.max_container_duration_s:
            raise MediaError(
                f"The file declares a duration of {max(declared) / 3600:.1f} h; at most "
                f"{limits.max_container_duration_s / 3600:.1f} h is accepted",
                code="media_limits",
            )
        video_codec = video.codec_context.name
        frame_rotation = _first_frame_rotation(container, video, limits)
        rotation = _normalise_rotation(frame_rotation, video.metadata.get("rotate"))

        fps = _frame_rate(video)
        frame_count = video.frames or None
        duration_s = _duration(container, video)
        if duration_s is None and frame_count and fps:
            duration_s = frame_count / fps

        audio = container.streams.audio[0] if container.streams.audio else None
        audio_context = audio.codec_context if audio is not None else None
        size_bytes = path.stat().st_size
        bitrate = container.bit_rate or None
        if bitrate is None and duration_s:
            bitrate = round(size_bytes * 8 / duration_s)

        width, height = coded_width, coded_height
        if rotation in (90, 270):
            width, height = height, width
        display_width, display_height = _display_size(video, width, height, rotation)
        aspect_ratio = describe_aspect_ratio(display_width, display_height)
        return ProbeResult(
            duration_s=round(duration_s, 3) if duration_s is not None else None,
            width=width,
            height=height,
            coded_width=coded_width,
            coded_height=coded_height,
            rotation=rotation,
            aspect_ratio=aspect_ratio,
            orientation=_orientation(aspect_ratio, display_width, display_height),
            fps=round(fps, 3) if fps else None,
            frame_count=frame_count,
            video_codec=video_codec,
            audio_codec=audio_context.name if audio_context is not None else None,
            has_audio=audio is not None,
            audio_sample_rate=(audio_context.sample_rate or None) if audio_context else None,
            audio_channels=(audio_context.layout.nb_channels or None) if audio_context else None,
            bitrate=bitrate,
            size_bytes=size_bytes,
            container=_short_container_name(format_name, container.metadata, path),
            format_name=format_name,
            stream_count=stream_count,
            video_stream_index=video.index,
        )


def check_duration(probe_result: ProbeResult, max_duration_s: float | None) -> None:
    """Refuse a video longer than the plan allows; unknown durations are capped while decoding."""
    duration = probe_result.duration_s
    if max_duration_s is None or duration is None:
        return
    if duration > max_duration_s + DURATION_GRACE_S:
        raise MediaError(
            f"Video is {duration:.0f} s long; your plan allows at most {max_duration_s:.0f} s",
            code="duration_exceeded",
        )


def describe_aspect_ratio(width: int, height: int) -> str:
    """Name the ratio ("9:16") when it is close to a common one, else give the reduced fraction."""
    if width <= 0 or height <= 0:
        raise ValueError("width and height must be positive")
    ratio = width / height
    best: tuple[float, tuple[int, int]] | None = None
    for named in NAMED_ASPECTS:
        distance = abs(ratio / (named[0] / named[1]) - 1)
        if distance <= ASPECT_SNAP_TOLERANCE and (best is None or distance < best[0]):
            best = (distance, named)
    if best is not None:
        return f"{best[1][0]}:{best[1][1]}"
    divisor = math.gcd(width, height)
    return f"{width // divisor}:{height // divisor}"


def _unreadable_message(limits: ProbeLimits) -> str:
    names = {MP4_FAMILY: "MP4/MOV", MATROSKA_FAMILY: "MKV/WebM", GIF: "GIF"}
    known = [names[name] for name in names if name in limits.allowed_formats]
    others = sorted(limits.allowed_formats - names.keys())
    return f"The file is not a readable video (accepted formats: {', '.join(known + others)})"


def _main_video_stream(container: InputContainer) -> VideoStream:
    # Cover art in an M4A/MKV is a video stream too, but not a video.
    candidates = [
        stream
        for stream in container.streams.video
        if not stream.disposition & Disposition.attached_pic
    ]
    if not candidates:
        raise MediaError("The file has no video stream")
    return candidates[0]


def _check_frame_size(width: int, height: int, limits: ProbeLimits) -> None:
    if width <= 0 or height <= 0:
        # FFmpeg blanks the size when the declared one fails its own check or our max_pixels,
        # so a missing size is most often a pixel bomb; either way nothing is decoded.
        raise MediaError(
            "The video's frame size is missing or above the accepted "
            f"{limits.max_dimension}x{limits.max_dimension} pixels",
            code="media_limits",
        )
    if (
        width > limits.max_dimension
        or height > limits.max_dimension
        or width * height > limits.max_pixels
    ):
        raise MediaError(
            f"The video is {width}x{height} pixels; at most {limits.max_dimension} pixels per "
            f"side and {limits.max_pixels / 1e6:.0f} megapixels are accepted",
            code="media_limits",
        )


def _declared_durations(container: InputContainer) -> list[float]:
    """Durations the header claims, container first, then each stream's."""
    durations: list[float] = []
    if container.duration and container.duration > 0:
        durations.append(container.duration / av.time_base)
    for stream in container.streams:
        if stream.duration and stream.duration > 0 and stream.time_base:
            durations.append(float(stream.duration * stream.time_base))
    return durations


def _duration(container: InputContainer, video: VideoStream) -> float | None:
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    if video.duration and video.duration > 0 and video.time_base:
        return float(video.duration * video.time_base)
    return None


def _first_frame_rotation(
    container: InputContainer, video: VideoStream, limits: ProbeLimits
) -> int:
    """Decode until the first picture (proving the stream decodes) and return its rotation."""
    video.codec_context.options = {"max_pixels": str(limits.max_pixels)}
    packets = 0
    try:
        for packet in container.demux(video):
            packets += 1
            if packets > FIRST_FRAME_PACKET_BUDGET:
                break
            try:
                frames = video.decode(packet)
            except av.ExitError:
                raise
            except av.FFmpegError:
                # A damaged packet is not fatal if a later one gives a picture.
                continue
            if frames:
                return frames[0].rotation
    except av.ExitError as exc:
        raise MediaError("The file took too long to read", code="media_limits") from exc
    except av.FFmpegError as exc:
        raise MediaError("The video could not be decoded (truncated or corrupt)") from exc
    raise MediaError("The video could not be decoded (truncated or corrupt)")


def _normalise_rotation(frame_rotation: int, rotate_tag: str | None) -> int:
    # FFmpeg's display matrix angle is counter-clockwise; the `rotate` tag older muxers and
    # phones wrote is clockwise. Report clockwise, snapped to a quarter turn.
    clockwise = -frame_rotation
    if frame_rotation == 0 and rotate_tag:
        try:
            clockwise = round(float(rotate_tag))
        except ValueError:
            clockwise = 0
    return (round(clockwise / 90) * 90) % 360


def _frame_rate(video: VideoStream) -> float | None:
    for rate in (video.average_rate, video.guessed_rate, video.base_rate):
        if rate is not None and rate > 0:
            return float(rate)
    return None


def _display_size(video: VideoStream, width: int, height: int, rotation: int) -> tuple[int, int]:
    """Width and height as shown: non-square pixels (anamorphic video) stretched."""
    sar: Fraction | None = video.sample_aspect_ratio
    if sar is None or sar <= 0 or sar == 1:
        return width, height
    if rotation in (90, 270):
        return width, max(1, round(height * sar))
    return max(1, round(width * sar)), height


def _orientation(aspect_ratio: str, width: int, height: int) -> Orientation:
    if aspect_ratio == "1:1":
        return "square"
    return "portrait" if height > width else "landscape"


def _short_container_name(format_name: str, metadata: dict[str, str], path: Path) -> str:
    if format_name == MP4_FAMILY:
        brand = (metadata.get("major_brand") or "").strip().lower()
        if brand == "qt":
            return "mov"
        if brand.startswith("3g"):
            return "3gp"
        if brand.startswith("m4a"):
            return "m4a"
        return "mp4"
    if format_name == MATROSKA_FAMILY:
        return "webm" if _ebml_doctype(path) == "webm" else "matroska"
    return format_name


def _ebml_doctype(path: Path) -> str | None:
    # FFmpeg does not expose the EBML DocType; it sits in the first few dozen bytes.
    with path.open("rb") as handle:
        head = handle.read(64)
    marker = head.find(b"\x42\x82")
    if marker < 0 or marker + 3 > len(head):
        return None
    size_byte = head[marker + 2]
    if not size_byte & 0x80:
        return None
    size = size_byte & 0x7F
    return head[marker + 3 : marker + 3 + size].decode("ascii", "replace")
