"""Hand-made frames for the visual signal tests: textures moved like a camera would."""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray


def texture(
    width: int, height: int, seed: int, *, colour: bool = True, blob: int = 8
) -> NDArray[np.uint8]:
    """Smooth random blobs with fine grain: corners to track, no letters."""
    rng = np.random.default_rng(seed)
    channels = 3 if colour else 1
    small = rng.integers(0, 256, size=(height // blob + 2, width // blob + 2, channels))
    big = cv2.resize(small.astype(np.uint8), (width, height), interpolation=cv2.INTER_CUBIC)
    big = big.reshape(height, width, channels)
    grain = rng.integers(-20, 21, size=big.shape)
    image = np.clip(big.astype(np.int16) + grain, 0, 255).astype(np.uint8)
    return image if colour else image[..., 0]


def view(
    scene: NDArray[np.uint8], cx: float, cy: float, scale: float, size: tuple[int, int]
) -> NDArray[np.uint8]:
    """What a camera centred on (cx, cy) of `scene`, magnified by `scale`, sees."""
    width, height = size
    matrix = np.array([[scale, 0.0, width / 2 - scale * cx], [0.0, scale, height / 2 - scale * cy]])
    warped = cv2.warpAffine(scene, matrix, (width, height), flags=cv2.INTER_LINEAR)
    return np.asarray(warped, dtype=np.uint8)


def camera_path(
    kind: str, frames: int, fps: float, seed: int = 0
) -> list[tuple[float, float, float]]:
    """(cx, cy, scale) per frame for a camera move, relative to the scene centre."""
    rng = np.random.default_rng(seed)
    path = []
    for i in range(frames):
        t = i / fps
        if kind == "static":
            path.append((0.0, 0.0, 1.0))
        elif kind == "pan":
            path.append((60.0 * t, 0.0, 1.0))
        elif kind == "tilt":
            path.append((0.0, 50.0 * t, 1.0))
        elif kind == "zoom":
            path.append((0.0, 0.0, math.exp(0.15 * t)))
        elif kind == "shake":
            path.append((float(rng.normal(0, 2.5)), float(rng.normal(0, 2.5)), 1.0))
        else:
            raise ValueError(kind)
    return path
