"""On-screen text recognition with RapidOCR (PP-OCRv6 small det + rec, ONNX, in its wheel).

The engine is built once under a lock, pointed at the model files inside the installed
`rapidocr` package so it never reaches for its downloader, with `Det.limit_type: max`
(images are only ever shrunk to 736 px, which cut peak memory from ~700 MB to ~220 MB here)
and without the 180° direction classifier (video text is upright). Calls are serialised:
the engine keeps per-call state and the ONNX sessions already use every core.
"""

from __future__ import annotations

import threading
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clipapi.inference.base import ModelRunner, ModelUnavailable
from clipapi.inference.threads import model_threads
from clipapi.signals.visual_text import TextLine

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"
MIN_CONFIDENCE = 0.5


class OcrUnavailable(ModelUnavailable):
    """RapidOCR or its bundled models could not be loaded."""


class TextReader(ModelRunner[Any, "NDArray[np.uint8]", Any]):
    """RapidOCR's engine; predictions are serialised (see the module doc)."""

    name = "RapidOCR"

    def __init__(self) -> None:
        super().__init__()
        self._run_lock = threading.Lock()

    def _load(self) -> Any:
        try:
            from rapidocr import RapidOCR

            models = Path(_package_dir()) / "models"
            for name in (DET_MODEL, REC_MODEL):
                if not (models / name).is_file():
                    raise OcrUnavailable(f"the rapidocr wheel has no {name}")
            return RapidOCR(
                params={
                    "Global.log_level": "warning",
                    "Global.use_cls": False,
                    "Det.limit_type": "max",
                    "EngineConfig.onnxruntime.intra_op_num_threads": model_threads(),
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                    "Det.model_path": str(models / DET_MODEL),
                    "Rec.model_path": str(models / REC_MODEL),
                }
            )
        except OcrUnavailable:
            raise
        except Exception as exc:  # the package raises its own and omegaconf's errors
            raise OcrUnavailable(f"RapidOCR could not be loaded: {exc}") from exc

    def _predict(self, engine: Any, crop: NDArray[np.uint8]) -> Any:
        with self._run_lock:
            try:
                return engine(crop)
            except Exception as exc:  # the models load on first use, inside this call
                raise OcrUnavailable(f"RapidOCR failed: {exc}") from exc


_READER = TextReader()


def model_version() -> str:
    try:
        version = metadata.version("rapidocr")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"rapidocr-{version} PP-OCRv6-small"


def read_text(
    bgr: NDArray[np.uint8], region: tuple[int, int, int, int] | None = None
) -> list[TextLine]:
    """Lines of text in a BGR picture (only inside `region`, x0 y0 x1 y1, when given), boxes
    as fractions of the whole picture's width and height."""
    height, width = bgr.shape[:2]
    x0, y0, x1, y1 = region or (0, 0, width, height)
    crop = bgr[y0:y1, x0:x1]
    if crop.size == 0:
        return []
    result = _READER.predict(crop)
    if result.txts is None or result.boxes is None or result.scores is None:
        return []
    lines = []
    for box, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
        cleaned = " ".join(str(text).split())
        if not cleaned or float(score) < MIN_CONFIDENCE:
            continue
        xs = [x0 + float(p[0]) for p in box]
        ys = [y0 + float(p[1]) for p in box]
        lines.append(
            TextLine(
                text=cleaned,
                confidence=round(float(score), 4),
                box=(
                    max(0.0, min(xs) / width),
                    max(0.0, min(ys) / height),
                    min(1.0, max(xs) / width),
                    min(1.0, max(ys) / height),
                ),
            )
        )
    return lines


def _package_dir() -> str:
    import rapidocr

    return str(Path(rapidocr.__file__).resolve().parent)
