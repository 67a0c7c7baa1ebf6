"""Jump cuts: frames removed inside one recording, the framing unchanged.

A jump cut moves the subject at once (a head, a hand, a shoulder is somewhere else from one
frame to the next) while the colours stay those of the same picture, so the hard-cut test
(`visual_shots`) sees nothing: its score rises only a little. Three measures together tell
a jump from motion and from an overlay changing:

- the frame's aligned thumbnail score is a spike against its neighbours' (as for a hard
  cut, with a lower floor): motion changes every frame a little, a jump one frame a lot;
- the share of the picture that changed *outside thin strokes* is a spike too. Letters are
  thin strokes, so a caption changing on a still speaker changes strokes only, while a
  speaker jumping changes broad areas (skin, clothes, background behind them);
- the two frames' colour histograms stay alike (different colours are a scene cut, left to
  the hard-cut test).

Neighbours skip repeated frames, as in `visual_shots`, so a low-rate source stored at a
higher rate is compared with its own real changes. A frame with no real change after it
(the last of a clip, or followed by repeats only) is no jump: with nothing after it, a
spike cannot be told from motion starting.

What the test cannot see: a jump that lands in motion going on both sides of it (hands
still moving the same way), or on nearly the same pose, changes no more than a frame of
that motion does; a jump into fast motion stands no higher than the motion's own frames;
and a jump whose one large change is the picture's brightness reads as a camera's exposure
step within one recording, which is no cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from clipapi.signals.visual_shots import MIN_SHOT_S, REPEAT_SCORE, histogram_similarity

# Aligned thumbnail score (mean |dYCrCb| out of 255) a jump needs, and how far above its
# neighbours' mean it must stand.
MIN_JUMP_SCORE = 1.0
JUMP_RATIO = 2.5
# Share of the picture changed outside strokes, and its ratio to the neighbours' mean.
MIN_BROAD_CHANGE = 0.005
BROAD_RATIO = 3.0
# The two ratios multiplied: each may be modest, not both.
JOINT_RATIO = 10.0
# Each must also be this many times the largest of the neighbours': a low-rate source stored
# at 30 fps changes in steps between near-repeats, and one step may stand out against the
# near-repeats but not against the other steps.
MAX_RATIO = 1.7
BROAD_MAX_RATIO = 1.5
# Measured on jump cuts made from recordings (talking, signing; frames removed) and on clips
# without any: jumps reach 2.5-6.4 (score) and 3.2-12.7 (broad), 1.9-3.6 and 1.9-7 against
# the largest neighbour; motion in talking heads and signing reaches 2.4 and 2.9 (product 7),
# a caption changing on a still speaker 6 but 0.3 (broad), steps of a 12 fps GIF 1.5 and 1.3
# against the largest neighbour.
# Colour histograms at least this alike: the same picture. A scene cut scores ~0.4, a head
# turning far between two frames of one recording 0.84; only frames the hard-cut test left
# alone get here, so this keeps a jump from claiming a change of scene, not a cut's place.
MIN_HISTOGRAM_SIMILARITY = 0.75
# Frames each side whose scores make the baseline, and how far to look past repeats.
NEIGHBOURS = 2
SEARCH = 4
# The grey pictures compared: about this short side, where letters are a few px wide.
BROAD_SHORT_SIDE = 270
PIXEL_CHANGE = 30  # grey levels a pixel must change by to count
STROKE_KERNEL = 11  # px: bright or dark lines thinner than this are strokes
STROKE_CONTRAST = 40
STROKE_GROW = 5  # px around a stroke (anti-aliased edges, outlines) left out too
BROAD_FLOOR = 0.002  # baseline floor: a still picture's neighbours change nothing


@dataclass(frozen=True)
class JumpCandidate:
    """A frame that may start a jump cut, with the broad change of the frame pairs around
    it, by the index of a pair's second frame (its own index among them)."""

    index: int
    broad: Mapping[int, float]


def stroke_pixels(gray: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """Thin bright or dark lines (letters, outlines), grown a little."""
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (STROKE_KERNEL, STROKE_KERNEL))
    bright = cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, kernel)
    dark = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, kernel)
    strokes = (np.maximum(bright, dark) >= STROKE_CONTRAST).astype(np.uint8)
    grow = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (STROKE_GROW, STROKE_GROW))
    return np.asarray(cv2.dilate(strokes, grow) > 0, dtype=np.bool_)


def broad_change(
    before: NDArray[np.uint8],
    after: NDArray[np.uint8],
    strokes: tuple[NDArray[np.bool_], NDArray[np.bool_]] | None = None,
) -> float:
    """0-1: share of the picture whose grey level changed, leaving out thin strokes of
    either frame (`strokes`: their `stroke_pixels`, when already at hand)."""
    if before.shape != after.shape or before.size == 0:
        return 1.0
    before_strokes, after_strokes = strokes or (stroke_pixels(before), stroke_pixels(after))
    changed = cv2.absdiff(before, after) >= PIXEL_CHANGE
    return float((changed & ~(before_strokes | after_strokes)).mean())


def detect_jumps(
    scores: Sequence[float] | NDArray[np.float64],
    times: Sequence[float] | NDArray[np.float64],
    thumbs: NDArray[np.uint8],
    candidates: Sequence[JumpCandidate],
    cut_indices: Sequence[int],
    *,
    min_shot_s: float = MIN_SHOT_S,
) -> tuple[int, ...]:
    """Frames starting a jump cut, from the per-frame scores of `visual_shots.frame_scores`,
    the thumbnails and the broad changes measured around candidate frames; a jump within
    `min_shot_s` of a hard cut (`cut_indices`) or of a stronger jump is dropped."""
    values = np.asarray(scores, dtype=np.float64)
    stamps = np.asarray(times, dtype=np.float64)
    found: list[int] = []
    for candidate in sorted(candidates, key=lambda c: c.index):
        i = candidate.index
        if not 0 < i < len(values) or not _is_jump(values, thumbs, candidate):
            continue
        if any(abs(stamps[i] - stamps[c]) < min_shot_s for c in cut_indices):
            continue
        if stamps[i] - stamps[0] < min_shot_s:
            continue
        if found and stamps[i] - stamps[found[-1]] < min_shot_s:
            if values[i] > values[found[-1]]:
                found[-1] = i
            continue
        found.append(i)
    return tuple(found)


@dataclass(frozen=True)
class JumpMeasures:
    """What the jump test reads at one candidate frame: its aligned score against its
    neighbours' (their mean, floored, and the largest), the two frames' colour histogram
    similarity, and its broad change against its neighbours' (None where not measured)."""

    score: float
    baseline: float
    largest: float
    histogram: float
    broad: float | None
    broad_mean: float
    broad_largest: float

    def as_ratios(self) -> dict[str, float | None]:
        """The measures as the thresholds read them, for reports."""
        broad = self.broad
        return {
            "score": round(self.score, 2),
            "ratio": round(self.score / self.baseline, 2),
            "over_largest": round(self.score / self.largest, 2) if self.largest else None,
            "histogram": round(self.histogram, 3),
            "broad": None if broad is None else round(broad, 4),
            "broad_ratio": None
            if broad is None
            else round(broad / max(self.broad_mean, BROAD_FLOOR), 2),
            "broad_over_largest": None
            if broad is None or not self.broad_largest
            else round(broad / self.broad_largest, 2),
        }


def jump_measures(
    values: NDArray[np.float64], thumbs: NDArray[np.uint8], c: JumpCandidate
) -> JumpMeasures:
    """The measures `_is_jump` decides on, at candidate `c` (per-frame aligned `values` of
    `visual_shots.frame_scores`, the thumbnails)."""
    i = c.index
    neighbours = _neighbour_indices(values, i)
    around = [c.broad[j] for j in neighbours if j in c.broad]
    return JumpMeasures(
        score=float(values[i]),
        baseline=max(float(np.mean(values[neighbours])) if neighbours else 0.0, 0.3),
        largest=max((float(values[j]) for j in neighbours), default=0.0),
        histogram=histogram_similarity(thumbs[i - 1], thumbs[i]),
        broad=c.broad.get(i),
        broad_mean=float(np.mean(around)) if around else 0.0,
        broad_largest=max(around, default=0.0),
    )


def _is_jump(values: NDArray[np.float64], thumbs: NDArray[np.uint8], c: JumpCandidate) -> bool:
    if values[c.index] < MIN_JUMP_SCORE:
        return False
    if not any(j > c.index for j in _neighbour_indices(values, c.index)):
        return False  # nothing after it: motion starting reads the same
    m = jump_measures(values, thumbs, c)
    ratio = m.score / m.baseline
    if ratio < JUMP_RATIO or m.score < MAX_RATIO * m.largest:
        return False
    if m.histogram < MIN_HISTOGRAM_SIMILARITY:
        return False
    if m.broad is None or m.broad < MIN_BROAD_CHANGE:
        return False
    broad_ratio = m.broad / max(m.broad_mean, BROAD_FLOOR)
    return (
        broad_ratio >= BROAD_RATIO
        and ratio * broad_ratio >= JOINT_RATIO
        and m.broad >= BROAD_MAX_RATIO * m.broad_largest
    )


def _neighbour_indices(values: NDArray[np.float64], i: int) -> list[int]:
    """Up to NEIGHBOURS frames each side of i that are not repeats, at most SEARCH away."""
    found: list[int] = []
    for direction in (-1, 1):
        taken = 0
        for step in range(1, SEARCH + 1):
            j = i + direction * step
            if j < 1 or j >= len(values) or taken == NEIGHBOURS:
                break
            if values[j] >= REPEAT_SCORE:
                found.append(j)
                taken += 1
    return found


# A frame is looked at closely when its plain thumbnail difference is at least this, and
# this many times the mean of the two before it, then of those around it, and this many times
# the largest around it (lenient: the final test, `_is_jump`, is on aligned scores).
GATE_SCORE = 0.9
GATE_RATIO = 2.0
GATE_MAX_RATIO = 1.4


class JumpWatch:
    """Follows the frames of one pass and measures the broad change around frames that may
    start a jump cut, keeping the few frames before and after each one it needs.

    `push` takes each frame's index, its plain thumbnail difference from the frame before,
    and a way to get its grey picture (about `BROAD_SHORT_SIDE` short side), called only for
    frames near a candidate; `finish` returns the candidates for `detect_jumps`."""

    def __init__(self) -> None:
        self._window: list[_Held] = []
        self._pending: list[int] = []
        self._recent: list[float] = []
        self.candidates: list[JumpCandidate] = []

    def push(self, index: int, score: float, gray: Callable[[], NDArray[np.uint8]]) -> None:
        self._window.append(_Held(index, score, gray))
        if len(self._window) > 2 * SEARCH + 2:
            self._window.pop(0)
        recent = self._recent[-NEIGHBOURS:]
        baseline = max(sum(recent) / len(recent) if recent else 0.0, 0.3)
        if score >= GATE_SCORE and score >= GATE_RATIO * baseline:
            self._pending.append(index)
        if score >= REPEAT_SCORE:
            self._recent.append(score)
            del self._recent[:-NEIGHBOURS]
        while self._pending and self._pending[0] + SEARCH <= index:
            self._measure(self._pending.pop(0))

    def finish(self) -> list[JumpCandidate]:
        while self._pending:
            self._measure(self._pending.pop(0))
        return self.candidates

    def _measure(self, index: int) -> None:
        held = {h.index: h for h in self._window}
        scores = np.array([h.score for h in self._window], dtype=np.float64)
        position = index - self._window[0].index
        around = [float(scores[j]) for j in _neighbour_indices(scores, position)]
        if around and (
            scores[position] < GATE_RATIO * max(sum(around) / len(around), 0.3)
            or scores[position] < GATE_MAX_RATIO * max(around)
        ):
            return  # steady motion, not a spike: no need for the pictures
        broad = {
            j: broad_change(
                held[j - 1].gray(), held[j].gray(), (held[j - 1].strokes(), held[j].strokes())
            )
            for j in range(index - SEARCH, index + SEARCH + 1)
            if j in held and j - 1 in held
        }
        self.candidates.append(JumpCandidate(index, broad))


class _Held:
    """One frame of the window; its grey picture and strokes are made once, when asked."""

    def __init__(self, index: int, score: float, source: Callable[[], NDArray[np.uint8]]) -> None:
        self.index = index
        self.score = score
        self._source: Callable[[], NDArray[np.uint8]] | None = source
        self._gray: NDArray[np.uint8] | None = None
        self._strokes: NDArray[np.bool_] | None = None

    def gray(self) -> NDArray[np.uint8]:
        if self._gray is None:
            assert self._source is not None
            self._gray = self._source()
            self._source = None  # lets the decoded frame go
        return self._gray

    def strokes(self) -> NDArray[np.bool_]:
        if self._strokes is None:
            self._strokes = stroke_pixels(self.gray())
        return self._strokes
