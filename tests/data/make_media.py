"""Generate small synthetic clips (good and hostile) for the media tests, with PyAV only.

    python tests/data/make_media.py synthetic OUT_DIR        # every clip into OUT_DIR
    python tests/data/make_media.py cut SRC DST --seconds 6  # stream-copy the start of SRC

Output is deterministic for a given PyAV/FFmpeg build (single-threaded x264, fixed content).
Tests call the functions directly and write into pytest's tmp dirs.
"""

from __future__ import annotations

import argparse
import math
import struct
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
from av.audio.stream import AudioStream
from av.video.stream import VideoStream

# Known times (seconds) of the hard cuts in the "cuts" clip; scene tests assert against them.
CUT_TIMES_S: tuple[float, float] = (1.0, 2.0)

# RGB palettes, one per scene; neighbours differ strongly in hue and brightness.
SCENE_PALETTES: tuple[tuple[tuple[int, int, int], ...], ...] = (
    (  # classic bright bars
        (235, 235, 235),
        (235, 235, 16),
        (16, 235, 235),
        (16, 235, 16),
        (235, 16, 235),
        (235, 16, 16),
        (16, 16, 235),
        (16, 16, 16),
    ),
    ((20, 20, 60), (40, 40, 90), (20, 60, 20), (60, 20, 20)),  # dark, cold
    ((255, 200, 0), (255, 120, 0), (255, 255, 160), (200, 80, 0)),  # bright, warm
)

_MP4_LIKE = {".mp4": "mp4", ".mov": "mov", ".mkv": "matroska", ".ts": "mpegts"}


def make_clip(
    path: Path,
    *,
    width: int = 360,
    height: int = 640,
    fps: int = 30,
    duration_s: float = 3.0,
    audio: bool = True,
    rotation: int | None = None,
    cuts: Sequence[float] = (),
    tone_hz: float = 440.0,
    sample_rate: int = 44100,
) -> Path:
    """Scrolling colour bars (a new palette after each cut) plus a sine tone.

    Container and codecs follow the suffix: .mp4/.mov/.mkv/.ts get H.264 + AAC, .webm gets
    VP8 + Opus. `rotation` is the clockwise display rotation a player applies (the `rotate`
    tag convention), stored as a display matrix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    webm = suffix == ".webm"
    container_format = "webm" if webm else _MP4_LIKE[suffix]
    frame_count = round(duration_s * fps)
    with av.open(str(path), mode="w", format=container_format) as output:
        video = output.add_stream("libvpx" if webm else "libx264", rate=fps)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"threads": "1"} if webm else {"preset": "ultrafast", "threads": "1"}
        if rotation:
            # PyAV takes counter-clockwise degrees (FFmpeg's display-matrix sense).
            video.set_display_rotation(-rotation)
        sound: AudioStream | None = None
        if audio:
            sound = output.add_stream(
                "libopus" if webm else "aac", rate=48000 if webm else sample_rate
            )
            assert isinstance(sound, AudioStream)
            sound.layout = "mono"
        for index in range(frame_count):
            scene = sum(1 for cut in cuts if index >= round(cut * fps))
            frame = av.VideoFrame.from_bytes(
                _bars_rgba(width, height, SCENE_PALETTES[scene % len(SCENE_PALETTES)], index * 4),
                width,
                height,
                format="rgba",
            ).reformat(format="yuv420p")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        if sound is not None:
            _write_tone(output, sound, duration_s, tone_hz)
    return path


def _bars_rgba(
    width: int, height: int, palette: Sequence[tuple[int, int, int]], offset: int
) -> bytes:
    bar_width = max(1, width // len(palette))
    row = bytearray()
    for x in range(width):
        red, green, blue = palette[((x + offset) // bar_width) % len(palette)]
        row += bytes((red, green, blue, 255))
    return bytes(row) * height


def _write_tone(
    output: av.container.OutputContainer, sound: AudioStream, duration_s: float, tone_hz: float
) -> None:
    rate = sound.rate
    total = round(duration_s * rate)
    chunk = 1024
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        samples = [0.3 * math.sin(2 * math.pi * tone_hz * (start + i) / rate) for i in range(count)]
        frame = av.AudioFrame(format="flt", layout="mono", samples=count)
        frame.planes[0].update(struct.pack(f"<{count}f", *samples))
        frame.sample_rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        output.mux(sound.encode(frame))
    output.mux(sound.encode(None))


def make_many_streams(path: Path, stream_count: int) -> Path:
    """A tiny Matroska file with one video stream and `stream_count - 1` silent PCM tracks."""
    path = Path(path)
    with av.open(str(path), mode="w", format="matroska") as output:
        video = output.add_stream("libx264", rate=10)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = 64, 64, "yuv420p"
        video.options = {"preset": "ultrafast", "threads": "1"}
        tracks: list[AudioStream] = []
        for _ in range(stream_count - 1):
            track = output.add_stream("pcm_s16le", rate=8000)
            assert isinstance(track, AudioStream)
            track.layout = "mono"
            tracks.append(track)
        for index in range(5):
            frame = _grey_frame(64, 64)
            frame.pts = index
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        for track in tracks:
            silence = av.AudioFrame(format="s16", layout="mono", samples=4000)
            silence.planes[0].update(bytes(8000))
            silence.sample_rate = 8000
            silence.pts = 0
            output.mux(track.encode(silence))
            output.mux(track.encode(None))
    return path


def _grey_frame(width: int, height: int) -> av.VideoFrame:
    frame = av.VideoFrame(width, height, "yuv420p")
    for plane in frame.planes:
        plane.update(bytes([128]) * plane.buffer_size)
    return frame


def make_pixel_bomb_gif(path: Path, width: int = 30000, height: int = 30000) -> Path:
    """A 40-byte GIF whose logical screen is `width` x `height` around a single pixel.

    A decoder allocates the whole screen for every frame, so this is a real pixel bomb.
    """
    header = b"GIF89a" + struct.pack("<HH", width, height) + bytes((0x80, 0, 0))
    palette = b"\x00\x00\x00\xff\xff\xff"
    image = b"," + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00"
    pixels = b"\x02\x02\x44\x01\x00"  # LZW min code size 2, one sub-block, terminator
    Path(path).write_bytes(header + palette + image + pixels + b";")
    return Path(path)


def make_long_claim_mkv(path: Path, declared_s: float = 10 * 3600) -> Path:
    """A half-second Matroska clip whose header claims `declared_s` seconds."""
    path = Path(path)
    make_many_streams(path, 1)
    data = bytearray(path.read_bytes())
    marker = data.find(b"\x44\x89")  # Segment Info > Duration, in milliseconds by default
    size = data[marker + 2]
    if size == 0x88:
        data[marker + 3 : marker + 11] = struct.pack(">d", declared_s * 1000)
    elif size == 0x84:
        data[marker + 3 : marker + 7] = struct.pack(">f", declared_s * 1000)
    else:
        raise RuntimeError("unexpected Matroska Duration element")
    path.write_bytes(bytes(data))
    return path


def make_text_as_video(path: Path) -> Path:
    Path(path).write_text("This is a shopping list, not a video.\n" * 40)
    return Path(path)


def make_empty(path: Path) -> Path:
    Path(path).write_bytes(b"")
    return Path(path)


def make_truncated(source: Path, path: Path, fraction: float = 0.5) -> Path:
    """The first `fraction` of `source`'s bytes (PyAV writes the MP4 index last)."""
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: int(len(data) * fraction)])
    return Path(path)


def make_zeroed_payload(source: Path, path: Path) -> Path:
    """An MP4 with an intact index and every media byte zeroed: opens, never decodes."""
    data = bytearray(Path(source).read_bytes())
    mdat, moov = data.find(b"mdat"), data.find(b"moov")
    if not 0 < mdat < moov:
        raise RuntimeError("expected mdat before moov")
    data[mdat + 4 : moov - 4] = bytes(moov - 4 - (mdat + 4))
    Path(path).write_bytes(bytes(data))
    return Path(path)


def make_hls_playlist(path: Path, segment_uri: str, segment: Path | None = None) -> Path:
    """An HLS playlist written to `path` (name it .mp4 to smuggle it), optionally with a
    local MPEG-TS segment generated at `segment`."""
    if segment is not None:
        make_clip(segment, width=64, height=64, fps=10, duration_s=1.0)
    Path(path).write_text(
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:1.0,\n{segment_uri}\n#EXT-X-ENDLIST\n"
    )
    return Path(path)


def make_ffconcat(path: Path, target_name: str) -> Path:
    """An ffconcat script (name it .mp4 to smuggle it) that pulls in a sibling file."""
    Path(path).write_text(f"ffconcat version 1.0\nfile '{target_name}'\n")
    return Path(path)


def cut_copy(source: Path, path: Path, seconds: float) -> Path:
    """Stream-copy every track's packets that decode within the first `seconds`."""
    with av.open(str(source)) as src, av.open(str(path), mode="w", format="mp4") as dst:
        mapping = {
            stream.index: dst.add_stream_from_template(stream)
            for stream in src.streams
            if stream.type in ("video", "audio")
        }
        for packet in src.demux(*[src.streams[index] for index in mapping]):
            if packet.dts is None or packet.time_base is None:
                continue
            # Cutting on decode order keeps every kept frame's references.
            if packet.dts * packet.time_base >= seconds:
                continue
            packet.stream = mapping[packet.stream.index]
            dst.mux(packet)
    return Path(path)


def make_all(folder: Path) -> dict[str, Path]:
    """Every synthetic case, keyed by name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    clips: dict[str, Path] = {}
    clips["portrait"] = make_clip(folder / "portrait-9x16.mp4")
    clips["cuts"] = make_clip(
        folder / "cuts.mp4", width=320, height=180, duration_s=3.0, cuts=CUT_TIMES_S
    )
    clips["rotated"] = make_clip(
        folder / "rotated-90.mp4", width=320, height=180, duration_s=1.0, rotation=90
    )
    clips["streams_10"] = make_many_streams(folder / "streams-10.mkv", 10)
    clips["streams_20"] = make_many_streams(folder / "streams-20.mkv", 20)
    clips["pixel_bomb"] = make_pixel_bomb_gif(folder / "bomb-30000.gif")
    clips["pixel_bomb_12k"] = make_pixel_bomb_gif(folder / "bomb-12000.gif", 12000, 12000)
    clips["too_wide"] = make_pixel_bomb_gif(folder / "wide-9000x100.gif", 9000, 100)
    clips["long_claim"] = make_long_claim_mkv(folder / "claims-10h.mkv")
    clips["text"] = make_text_as_video(folder / "notes.mp4")
    clips["empty"] = make_empty(folder / "empty.mp4")
    clips["truncated"] = make_truncated(clips["portrait"], folder / "truncated.mp4")
    clips["zeroed"] = make_zeroed_payload(clips["portrait"], folder / "zeroed.mp4")
    clips["hls"] = make_hls_playlist(
        folder / "playlist.mp4", "segment.ts", segment=folder / "segment.ts"
    )
    clips["hls_m3u8"] = make_hls_playlist(folder / "playlist.m3u8", "segment.ts")
    clips["ffconcat"] = make_ffconcat(folder / "concat.mp4", clips["portrait"].name)
    return clips


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    synthetic = commands.add_parser("synthetic", help="write every synthetic clip")
    synthetic.add_argument("out", type=Path)
    cut = commands.add_parser("cut", help="stream-copy the first seconds of a file")
    cut.add_argument("source", type=Path)
    cut.add_argument("destination", type=Path)
    cut.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args(argv)
    if args.command == "synthetic":
        for name, clip in make_all(args.out).items():
            print(f"{name}: {clip}")
    else:
        print(cut_copy(args.source, args.destination, args.seconds))


if __name__ == "__main__":
    main()
