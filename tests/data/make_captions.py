"""Generate clips with burned-in captions (known text and times), with PyAV and OpenCV only.

    python tests/data/make_captions.py captions OUT.mp4                # the default captions
    python tests/data/make_captions.py talking SRC OUT.mp4 --seconds 10  # a 1080x1920 benchmark

`make_caption_clip` draws white text with a black outline (the usual short-form caption
style) over a slowly drifting textured background, so OCR must read the text, not a blank
card. `make_talking_clip` scales a real face clip (e.g. `media/asl_thanks.mkv`, looped) into
a 9:16 frame with captions under it: faces, text and motion at phone resolution.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from av.video.stream import VideoStream
from numpy.typing import NDArray

Caption = tuple[float, float, str]  # start s, end s, text

# Ground truth for the default caption clip: two changes, two lines in the middle caption.
DEFAULT_CAPTIONS: tuple[Caption, ...] = (
    (0.0, 1.5, "FIVE TIPS FOR BETTER SLEEP"),
    (1.5, 3.0, "KEEP YOUR ROOM COOL"),
    (3.0, 4.5, "NO SCREENS BEFORE BED"),
)

FONT = cv2.FONT_HERSHEY_DUPLEX


def make_caption_clip(
    path: Path,
    captions: Sequence[Caption] = DEFAULT_CAPTIONS,
    *,
    width: int = 540,
    height: int = 960,
    fps: int = 30,
    duration_s: float | None = None,
    font_scale: float = 1.1,
) -> Path:
    """An H.264 MP4 of `captions` drawn near the lower third over a textured background."""
    duration = duration_s if duration_s is not None else max(end for _, end, _ in captions)
    background = _texture(width * 2, height, seed=7)
    frames = round(duration * fps)

    def frame_at(index: int) -> NDArray[np.uint8]:
        t = index / fps
        shift = (index * 2) % width  # a slow drift: the picture moves, the caption does not
        image = np.ascontiguousarray(background[:, shift : shift + width])
        for start, end, text in captions:
            if start <= t < end:
                draw_caption(image, text, font_scale=font_scale)
        return image

    return _encode(path, frame_at, frames, width, height, fps)


def make_talking_clip(
    path: Path,
    source: Path,
    captions: Sequence[Caption],
    *,
    width: int = 1080,
    height: int = 1920,
    fps: int = 30,
    duration_s: float = 10.0,
) -> Path:
    """`source`'s frames (looped back and forth) in the upper part of a `width`x`height`
    frame, captions below them."""
    with av.open(str(source)) as container:
        clip = [f.to_ndarray(format="bgr24") for f in container.decode(video=0)]
    scale = width / clip[0].shape[1]
    scaled_h = round(clip[0].shape[0] * scale)
    top = (height - scaled_h) // 3

    def frame_at(index: int) -> NDArray[np.uint8]:
        t = index / fps
        # Ping-pong through the source so the loop has no jump that reads as a cut.
        cycle = 2 * len(clip) - 2
        position = index % cycle
        source_index = position if position < len(clip) else cycle - position
        image = np.full((height, width, 3), 40, dtype=np.uint8)
        image[top : top + scaled_h] = cv2.resize(
            clip[source_index], (width, scaled_h), interpolation=cv2.INTER_LINEAR
        )
        for start, end, text in captions:
            if start <= t < end:
                draw_caption(image, text, font_scale=2.4, y_fraction=0.8)
        return image

    return _encode(path, frame_at, round(duration_s * fps), width, height, fps)


def draw_caption(
    image: NDArray[np.uint8], text: str, *, font_scale: float, y_fraction: float = 0.72
) -> None:
    """White text, black outline, centred; wrapped onto lines that fit 90 % of the width."""
    height, width = image.shape[:2]
    thickness = max(2, round(font_scale * 2))
    lines = _wrap(text, font_scale, thickness, int(width * 0.9))
    line_height = int(cv2.getTextSize("Ag", FONT, font_scale, thickness)[0][1] * 1.8)
    y = int(height * y_fraction) - line_height * (len(lines) - 1) // 2
    for line in lines:
        (text_width, _), _ = cv2.getTextSize(line, FONT, font_scale, thickness)
        x = (width - text_width) // 2
        cv2.putText(image, line, (x, y), FONT, font_scale, (0, 0, 0), thickness * 3, cv2.LINE_AA)
        cv2.putText(image, line, (x, y), FONT, font_scale, (255, 255, 255), thickness, cv2.LINE_AA)
        y += line_height


def _wrap(text: str, font_scale: float, thickness: int, max_width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and cv2.getTextSize(candidate, FONT, font_scale, thickness)[0][0] <= max_width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _texture(width: int, height: int, seed: int) -> NDArray[np.uint8]:
    """Smooth coloured blobs: detail for the eye, no letters for OCR."""
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 200, size=(max(2, height // 48), max(2, width // 48), 3))
    return cv2.resize(small.astype(np.uint8), (width, height), interpolation=cv2.INTER_CUBIC)


def _encode(
    path: Path,
    frame_at: Callable[[int], NDArray[np.uint8]],
    frame_count: int,
    width: int,
    height: int,
    fps: int,
) -> Path:
    path = Path(path)
    with av.open(str(path), mode="w", format="mp4") as output:
        video = output.add_stream("libx264", rate=fps)
        assert isinstance(video, VideoStream)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast", "threads": "1", "crf": "20"}
        for index in range(frame_count):
            frame = av.VideoFrame.from_ndarray(frame_at(index), format="bgr24")
            frame = frame.reformat(format="yuv420p")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    captions = commands.add_parser("captions", help="the default caption clip")
    captions.add_argument("out", type=Path)
    talking = commands.add_parser("talking", help="a 1080x1920 face clip with captions")
    talking.add_argument("source", type=Path)
    talking.add_argument("out", type=Path)
    talking.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    if args.command == "captions":
        print(make_caption_clip(args.out))
    else:
        lines = [
            "THIS IS HOW I LEARNED",
            "SIGN LANGUAGE IN A MONTH",
            "PRACTICE EVERY DAY",
            "WATCH UNTIL THE END",
        ]
        step = args.seconds / len(lines)
        timed = [(i * step, (i + 1) * step, line) for i, line in enumerate(lines)]
        print(make_talking_clip(args.out, args.source, timed, duration_s=args.seconds))


if __name__ == "__main__":
    main()
