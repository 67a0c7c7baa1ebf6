"""Camera motion from sparse optical flow between grey frames, 320 px wide (sampled at 2.5 fps).

Each pair of frames gives a similarity transform (shift, scale, rotation) fitted with RANSAC
to tracked corners, so people moving in front of the camera are outliers, not camera
motion. A shot is classified from its pairs' rates per second, zoom first (a zoom about an
off-centre point also shifts the picture), then pan/tilt (a steady shift in one direction),
then handheld (shift that keeps changing direction), else static.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import cv2
import numpy as np
from numpy.typing import NDArray

MotionKind = Literal["static", "pan", "tilt", "zoom", "handheld"]
MOTION_KINDS: tuple[MotionKind, ...] = ("static", "pan", "tilt", "zoom", "handheld")

GRID = 4
CORNERS_PER_CELL = 12
MIN_TRACKED = 12  # fewer tracked corners than this and the pair says nothing
FB_MAX_ERROR = 0.5  # pixels a forward-backward track may miss its start by
# The camera's transform must hold across this many grid cells (of 16): one moving subject
# covers fewer, a moving background more.
MIN_INLIER_CELLS = 6
LK_WINDOW = (21, 21)
LK_LEVELS = 3

# Classification thresholds, in frame widths (or log-scale) per second.
ZOOM_RATE = 0.04  # |d ln(scale)/dt|: 4 % magnification change per second
PAN_RATE = 0.03  # steady shift of 3 % of the frame width per second
DIRECTION_CONSISTENCY = 0.7  # |mean velocity| / mean |velocity| for a steady move
SHAKE_RATE = 0.025  # median jitter (deviation from the steady velocity) per second


@dataclass(frozen=True)
class PairMotion:
    """Camera transform from one frame to the next; shifts in frame widths."""

    dt: float
    dx: float
    dy: float
    log_scale: float
    rotation: float  # radians
    flow: float  # mean displacement of tracked points, frame widths (camera + subjects)
    tracked: int
    valid: bool


@dataclass(frozen=True)
class ShotMotion:
    kind: MotionKind | None  # None when too few pairs were measured
    # Median picture velocity, frame widths/s; > 0 moves the picture right/down, so a camera
    # panning right has a negative pan_rate.
    pan_rate: float
    tilt_rate: float
    zoom_rate: float  # median d ln(scale)/dt; > 0 zooms in
    jitter: float  # median deviation from the steady velocity, widths/s
    pairs: int


@dataclass(frozen=True)
class MotionSummary:
    dominant: MotionKind | None
    shares: dict[MotionKind, float]  # fraction of the measured duration per kind


def pair_motion(previous: NDArray[np.uint8], current: NDArray[np.uint8], dt: float) -> PairMotion:
    """Fit the camera's similarity transform between two grey frames of the same size.

    Corners are picked per cell of a grid so a textured subject cannot crowd out the
    background, tracked forward and back (a track that does not return is dropped), and the
    transform counts as camera motion only when its inliers cover a good part of the frame;
    otherwise the pair is marked invalid (a subject moved, the camera cannot be told).
    """
    height, width = previous.shape[:2]
    corners, cells = _grid_corners(previous)
    if len(corners) < MIN_TRACKED:
        return _invalid(dt)
    start = corners.reshape(-1, 1, 2)
    moved, status, _ = cv2.calcOpticalFlowPyrLK(
        previous, current, start, start.copy(), winSize=LK_WINDOW, maxLevel=LK_LEVELS
    )
    back, status_back, _ = cv2.calcOpticalFlowPyrLK(
        current, previous, moved, moved.copy(), winSize=LK_WINDOW, maxLevel=LK_LEVELS
    )
    round_trip = np.linalg.norm((back - start).reshape(-1, 2), axis=1)
    ok = (status.ravel() == 1) & (status_back.ravel() == 1) & (round_trip < FB_MAX_ERROR)
    begin, end = start.reshape(-1, 2)[ok], moved.reshape(-1, 2)[ok]
    tracked_cells = cells[ok]
    if len(begin) < MIN_TRACKED:
        return _invalid(dt)
    flow = float(np.linalg.norm(end - begin, axis=1).mean()) / width
    matrix, inliers = cv2.estimateAffinePartial2D(
        begin, end, method=cv2.RANSAC, ransacReprojThreshold=1.0, maxIters=500
    )
    if matrix is None or inliers is None:
        return PairMotion(dt, 0.0, 0.0, 0.0, 0.0, flow, len(begin), False)
    inlier_mask = inliers.ravel() == 1
    covered = len(set(tracked_cells[inlier_mask].tolist()))
    if int(inlier_mask.sum()) < MIN_TRACKED or covered < MIN_INLIER_CELLS:
        return PairMotion(dt, 0.0, 0.0, 0.0, 0.0, flow, len(begin), False)
    a, b = float(matrix[0, 0]), float(matrix[1, 0])
    scale = math.hypot(a, b)
    # Express the shift about the frame centre, so a centred zoom has none.
    cx, cy = width / 2.0, height / 2.0
    centre = matrix @ np.array([cx, cy, 1.0])
    return PairMotion(
        dt=dt,
        dx=float(centre[0] - cx) / width,
        dy=float(centre[1] - cy) / width,
        log_scale=math.log(scale) if scale > 0 else 0.0,
        rotation=math.atan2(b, a),
        flow=flow,
        tracked=int(inlier_mask.sum()),
        valid=True,
    )


def _grid_corners(gray: NDArray[np.uint8]) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Up to CORNERS_PER_CELL corners in each cell of a GRID x GRID grid, and their cells."""
    height, width = gray.shape[:2]
    points: list[NDArray[np.float32]] = []
    cells: list[int] = []
    for row in range(GRID):
        y0, y1 = row * height // GRID, (row + 1) * height // GRID
        for col in range(GRID):
            x0, x1 = col * width // GRID, (col + 1) * width // GRID
            found = cv2.goodFeaturesToTrack(
                gray[y0:y1, x0:x1],
                maxCorners=CORNERS_PER_CELL,
                qualityLevel=0.05,
                minDistance=6,
                blockSize=7,
            )
            if found is None:
                continue
            found = found.reshape(-1, 2) + np.array([x0, y0], dtype=np.float32)
            points.append(found.astype(np.float32))
            cells.extend([row * GRID + col] * len(found))
    if not points:
        return np.zeros((0, 2), dtype=np.float32), np.zeros(0, dtype=np.int64)
    return np.concatenate(points), np.array(cells, dtype=np.int64)


def classify_shot(pairs: Sequence[PairMotion], min_pairs: int = 2) -> ShotMotion:
    """Decide a shot's camera motion from its frame pairs (zoom before pan)."""
    valid = [p for p in pairs if p.valid and p.dt > 0]
    if len(valid) < min_pairs:
        return ShotMotion(None, 0.0, 0.0, 0.0, 0.0, len(valid))
    vx = np.array([p.dx / p.dt for p in valid])
    vy = np.array([p.dy / p.dt for p in valid])
    vz = np.array([p.log_scale / p.dt for p in valid])
    # Medians: a subject crossing the frame for a moment must not move the camera.
    mean_vx, mean_vy = float(np.median(vx)), float(np.median(vy))
    mean_vz = float(np.median(vz))
    speeds = np.hypot(vx, vy)
    jitter = float(np.median(np.hypot(vx - mean_vx, vy - mean_vy)))
    steady = math.hypot(mean_vx, mean_vy)
    consistency = _ratio(math.hypot(float(vx.mean()), float(vy.mean())), float(speeds.mean()))
    zoom_consistency = _ratio(abs(float(vz.mean())), float(np.abs(vz).mean()))
    kind: MotionKind
    if abs(mean_vz) >= ZOOM_RATE and zoom_consistency >= DIRECTION_CONSISTENCY:
        kind = "zoom"
    elif steady >= PAN_RATE and consistency >= DIRECTION_CONSISTENCY:
        kind = "pan" if abs(mean_vx) >= abs(mean_vy) else "tilt"
    elif jitter >= SHAKE_RATE:
        kind = "handheld"
    else:
        kind = "static"
    return ShotMotion(
        kind=kind,
        pan_rate=round(mean_vx, 4),
        tilt_rate=round(mean_vy, 4),
        zoom_rate=round(mean_vz, 4),
        jitter=round(jitter, 4),
        pairs=len(valid),
    )


def summarise_motion(kinds: Sequence[tuple[MotionKind | None, float]]) -> MotionSummary:
    """Shares of duration per kind over shots given as (kind, duration); unmeasured shots
    are left out of the shares."""
    totals: dict[MotionKind, float] = {}
    for kind, duration in kinds:
        if kind is not None and duration > 0:
            totals[kind] = totals.get(kind, 0.0) + duration
    measured = sum(totals.values())
    if measured <= 0:
        return MotionSummary(None, {})
    shares = {kind: round(value / measured, 3) for kind, value in totals.items()}
    dominant = max(shares, key=lambda k: shares[k])
    return MotionSummary(dominant, shares)


def _ratio(part: float, whole: float) -> float:
    return part / whole if whole > 1e-9 else 0.0


def _invalid(dt: float) -> PairMotion:
    return PairMotion(dt, 0.0, 0.0, 0.0, 0.0, 0.0, 0, False)
