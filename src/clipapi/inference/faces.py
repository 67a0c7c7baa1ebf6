"""Face detection with YuNet (OpenCV's `FaceDetectorYN`), weights shipped in the package.

`data/models/face_detection_yunet_2023mar.onnx` (232 KB, MIT, `LICENSE-yunet.txt` beside it)
is read once under a lock; each thread gets its own detector because a detector keeps its
input size as state between calls.
"""

from __future__ import annotations

import threading
from importlib.resources import as_file, files
from typing import TYPE_CHECKING, Any

from clipapi.signals.visual_faces import FaceDetection

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

MODEL_FILE = "face_detection_yunet_2023mar.onnx"
MODEL_VERSION = "yunet-2023mar"
# Measured on this project's clips: 0.85 keeps every real face and no false ones.
SCORE_THRESHOLD = 0.85
NMS_THRESHOLD = 0.3
TOP_K = 50

_load_lock = threading.Lock()
_model_bytes: list[bytes] = []
_local = threading.local()


class FaceModelUnavailable(RuntimeError):
    """The YuNet weights or OpenCV's DNN module could not be loaded."""


def detect_faces(bgr: NDArray[np.uint8]) -> list[FaceDetection]:
    """Faces in one BGR picture, most confident first."""
    height, width = bgr.shape[:2]
    detector = _detector()
    if getattr(_local, "size", None) != (width, height):
        detector.setInputSize((width, height))
        _local.size = (width, height)
    _, found = detector.detect(bgr)
    if found is None:
        return []
    faces = [
        FaceDetection(
            x=float(row[0]),
            y=float(row[1]),
            width=float(row[2]),
            height=float(row[3]),
            score=float(row[14]),
            landmarks=tuple((float(row[4 + 2 * i]), float(row[5 + 2 * i])) for i in range(5)),
        )
        for row in found
    ]
    return sorted(faces, key=lambda face: face.score, reverse=True)


def _detector() -> Any:
    detector = getattr(_local, "detector", None)
    if detector is None:
        import cv2
        import numpy as np

        weights = np.frombuffer(_weights(), dtype=np.uint8)
        try:
            detector = cv2.FaceDetectorYN.create(
                "onnx", weights, weights[:0], (320, 320), SCORE_THRESHOLD, NMS_THRESHOLD, TOP_K
            )
        except cv2.error as exc:
            raise FaceModelUnavailable(f"YuNet could not be loaded: {exc}") from exc
        _local.detector = detector
        _local.size = (320, 320)
    return detector


def _weights() -> bytes:
    if not _model_bytes:
        with _load_lock:
            if not _model_bytes:
                resource = files("clipapi").joinpath("data", "models", MODEL_FILE)
                try:
                    with as_file(resource) as path:
                        _model_bytes.append(path.read_bytes())
                except OSError as exc:
                    raise FaceModelUnavailable(f"{MODEL_FILE} is missing: {exc}") from exc
    return _model_bytes[0]
