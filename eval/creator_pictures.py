"""The pictures of the scripted creator clips (eval/creators.py): seeded shapes on a gradient
that the camera drifts across (a person's silhouette in talking shots), quick shots for a
flashy opening, and captions drawn with Pillow as creators place them.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT, FPS = 360, 640, 15
FLASH_SHOTS_S = (0.4, 0.8, 1.2)  # quick cuts of an opening "flash"
BOLD_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)

Frame = NDArray[np.uint8]


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


def plan_shots(
    name: str, visual: str, opening: str | None, cuts: Sequence[float], frames: int
) -> tuple[list[Shot], list[float]]:
    """The shots in order and the cut times (exact frame starts). `visual`: talking (a person
    alternating with b-roll), broll or cards; opening "flash": three quick shots first."""
    starts = [0]
    if opening == "flash":
        starts += [round(t * FPS) for t in FLASH_SHOTS_S]
    starts += [round(t * FPS) for t in cuts]
    starts = sorted({s for s in starts if s < frames})
    seed = zlib.crc32(name.encode())
    shots: list[Shot] = []
    flashes = len(FLASH_SHOTS_S) if opening == "flash" else 0
    for index, first in enumerate(starts):
        if index < flashes:
            kind = "broll"
        elif visual == "talking":
            kind = "talking" if (index - flashes) % 2 == 0 else "broll"
        else:
            kind = visual
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
