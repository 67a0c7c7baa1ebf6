"""Face measurements from per-frame detections (YuNet boxes with five landmarks).

"Face to camera" means a frontal face: the nose tip sits between the eyes, not far off to
one side (yaw up to roughly 30°), judged from the landmarks alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from clipapi.signals.visual_timeline import per_second_mean

# nose-to-near-eye / nose-to-far-eye distance along the eye line; 1 is perfectly frontal.
FRONTAL_MIN_BALANCE = 0.45
# A face smaller than this fraction of the frame's area is background, not "to camera".
FRONTAL_MIN_AREA = 0.004


@dataclass(frozen=True)
class FaceDetection:
    x: float
    y: float
    width: float
    height: float
    score: float
    # (x, y) of right eye, left eye, nose tip, right and left mouth corner (subject's sides)
    landmarks: tuple[tuple[float, float], ...]

    @property
    def area(self) -> float:
        return max(0.0, self.width) * max(0.0, self.height)


@dataclass(frozen=True)
class FrameFaces:
    t: float
    faces: tuple[FaceDetection, ...]
    frame_area: float


@dataclass(frozen=True)
class FaceSummary:
    presence_ratio: float
    face_to_camera_ratio: float
    max_faces: int
    mean_face_area: float | None  # largest face's share of the frame, where present
    first_frame_face: bool
    multi_face_ratio: float  # samples with two or more faces


def frontal_balance(face: FaceDetection) -> float:
    """0-1: how centred the nose is between the eyes (1 = looking straight at the camera)."""
    if len(face.landmarks) < 3:
        return 0.0
    (rx, ry), (lx, ly), (nx, ny) = face.landmarks[:3]
    axis_x, axis_y = lx - rx, ly - ry
    length = math.hypot(axis_x, axis_y)
    if length < 1e-6:
        return 0.0
    # Position of the nose projected on the eye line: 0 at one eye, 1 at the other.
    along = ((nx - rx) * axis_x + (ny - ry) * axis_y) / (length * length)
    if not 0.0 < along < 1.0:
        return 0.0
    return min(along, 1.0 - along) / max(along, 1.0 - along)


def is_facing_camera(face: FaceDetection, frame_area: float) -> bool:
    large_enough = frame_area > 0 and face.area / frame_area >= FRONTAL_MIN_AREA
    return large_enough and frontal_balance(face) >= FRONTAL_MIN_BALANCE


def summarise_faces(frames: Sequence[FrameFaces]) -> FaceSummary | None:
    if not frames:
        return None
    with_face = [f for f in frames if f.faces]
    facing = [f for f in frames if any(is_facing_camera(face, f.frame_area) for face in f.faces)]
    areas = [
        max(face.area for face in f.faces) / f.frame_area for f in with_face if f.frame_area > 0
    ]
    count = len(frames)
    return FaceSummary(
        presence_ratio=round(len(with_face) / count, 3),
        face_to_camera_ratio=round(len(facing) / count, 3),
        max_faces=max(len(f.faces) for f in frames),
        mean_face_area=round(min(1.0, sum(areas) / len(areas)), 4) if areas else None,
        first_frame_face=bool(frames[0].faces),
        multi_face_ratio=round(sum(1 for f in frames if len(f.faces) >= 2) / count, 3),
    )


def presence_per_second(frames: Sequence[FrameFaces], duration_s: float) -> list[float | None]:
    """Share of each whole second's samples that show a face; None where nothing sampled."""
    return per_second_mean(
        ((frame.t, 1.0 if frame.faces else 0.0) for frame in frames), duration_s, digits=3
    )
