"""Face summaries from detections: presence, facing the camera, size."""

from __future__ import annotations

from clipapi.signals.visual_faces import (
    FaceDetection,
    FrameFaces,
    frontal_balance,
    is_facing_camera,
    presence_per_second,
    summarise_faces,
)

AREA = 540.0 * 960.0


def _face(nose_x: float, size: float = 150.0) -> FaceDetection:
    # Eyes at x=200 and x=260: a nose at 230 is centred, at 255 the head is turned.
    return FaceDetection(
        x=160,
        y=200,
        width=size,
        height=size * 1.3,
        score=0.95,
        landmarks=((200, 260), (260, 260), (nose_x, 290), (210, 320), (250, 320)),
    )


def test_frontal_balance_reads_head_turn_from_landmarks() -> None:
    assert frontal_balance(_face(230)) == 1.0
    assert frontal_balance(_face(255)) < 0.2
    assert frontal_balance(_face(300)) == 0.0  # nose outside the eyes: profile
    assert is_facing_camera(_face(232), AREA)
    assert not is_facing_camera(_face(255), AREA)
    assert not is_facing_camera(_face(230, size=10), AREA)  # a face in the crowd


def test_summary_over_samples() -> None:
    frames = [
        FrameFaces(0.0, (_face(230),), AREA),
        FrameFaces(0.5, (_face(255),), AREA),
        FrameFaces(1.0, (_face(230), _face(231)), AREA),
        FrameFaces(1.5, (), AREA),
    ]
    summary = summarise_faces(frames)
    assert summary is not None
    assert summary.presence_ratio == 0.75
    assert summary.face_to_camera_ratio == 0.5
    assert summary.max_faces == 2
    assert summary.first_frame_face
    assert summary.multi_face_ratio == 0.25
    assert summary.mean_face_area == round(150 * 195 / AREA, 4)
    assert presence_per_second(frames, 2.0) == [1.0, 0.5]
    assert summarise_faces([]) is None
