"""The visual pass on hand-made frames, with stand-in models: what it measures, and what it
reports when a model cannot be loaded or fails."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray
from visual_frames import texture

from clipapi.signals.visual_faces import FaceDetection
from clipapi.signals.visual_pass import measure
from clipapi.signals.visual_samples import SampleModels
from clipapi.signals.visual_text import TextLine

FPS = 10
SIZE = (320, 180)  # width, height


@dataclass
class _Frame:
    """A frame as `media.frames.DecodedFrame` hands it over: motion every frame, a colour
    sample every half second."""

    image: NDArray[np.uint8]
    index: int

    @property
    def t(self) -> float:
        return self.index / FPS

    @property
    def thumb(self) -> NDArray[np.uint8]:
        return np.asarray(cv2.resize(self.image, (64, 36), interpolation=cv2.INTER_AREA))

    motion_due = True

    @property
    def sample_due(self) -> bool:
        return self.index % (FPS // 2) == 0

    def gray(self) -> NDArray[np.uint8]:
        return np.asarray(cv2.cvtColor(self.image, cv2.COLOR_BGR2GRAY))

    def colour(self) -> NDArray[np.uint8]:
        return self.image

    def small_gray(self, short_side: int) -> NDArray[np.uint8]:
        return self.gray()


def _frames(cut_at: int, count: int) -> list[_Frame]:
    """One still picture, then another from frame `cut_at` on: a cut."""
    first, second = texture(*SIZE, seed=1), texture(*SIZE, seed=2)
    return [_Frame(first if i < cut_at else second, i) for i in range(count)]


class _Unavailable(RuntimeError):
    pass


def _no_faces(image: NDArray[np.uint8]) -> Sequence[FaceDetection]:
    return []


def _no_text(image: NDArray[np.uint8], region: tuple[int, int, int, int] | None) -> list[TextLine]:
    return []


def _unavailable(*args: object) -> list[TextLine]:
    raise _Unavailable("weights missing")


def test_a_cut_between_two_pictures_makes_two_shots_with_a_keyframe_each() -> None:
    report = measure(_frames(25, 50), SampleModels(_no_faces, _no_text)).finish(
        5.0, reached_limit=False
    )
    assert report is not None
    assert report.signals["cut_times"] == [2.5]
    assert report.signals["cut_kinds"] == ["hard"]
    assert [(s["start"], s["end"]) for s in report.analysis["shots"]] == [(0.0, 2.5), (2.5, 5.0)]
    assert report.analysis["faces"]["presence_ratio"] == 0.0
    assert report.analysis["on_screen_text"] == []
    # The first frame, then the sharpest sample of each shot away from its edges.
    assert [(k.frame_index, k.shot_index) for k in report.keyframes] == [(0, 0), (5, 0), (30, 1)]
    for keyframe in report.keyframes:
        picture = cv2.imdecode(np.frombuffer(keyframe.jpeg, np.uint8), cv2.IMREAD_COLOR)
        assert picture.shape[:2] == (SIZE[1], SIZE[0])


def test_models_that_cannot_load_leave_their_fields_null_with_a_warning() -> None:
    models = SampleModels(_unavailable, _unavailable, unavailable=(_Unavailable,))
    report = measure(_frames(25, 50), models).finish(5.0, reached_limit=False)
    assert report is not None
    assert report.analysis["faces"] is None
    assert report.analysis["on_screen_text"] is None
    assert report.signals["face_presence_per_s"] is None
    assert report.ocr_reads == 0
    assert "faces not measured: weights missing" in report.warnings
    assert "on-screen text not measured: weights missing" in report.warnings
    assert report.signals["cut_times"] == [2.5]  # the rest is measured


def test_a_model_failure_that_is_not_unavailability_fails_the_pass() -> None:
    with pytest.raises(_Unavailable, match="weights missing"):
        measure(_frames(25, 50), SampleModels(_unavailable, _no_text))


def test_no_frames_no_report() -> None:
    assert measure([], SampleModels(_no_faces, _no_text)).finish(5.0, reached_limit=False) is None
