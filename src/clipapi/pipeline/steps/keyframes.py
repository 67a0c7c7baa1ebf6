"""keyframes: the first frame and evenly spaced frames, as JPEGs in the blob store.

One decode pass; only the frames kept are converted. The visual step, where a preset runs
it, picks one keyframe per shot instead.
"""

from __future__ import annotations

import io
from typing import Any

import av
from PIL import Image

from clipapi.pipeline.step import StepContext, StepOutput

KEYFRAME_COUNT = 6
MAX_SIDE = 540
JPEG_QUALITY = 85


def keyframe_times(duration_s: float, count: int = KEYFRAME_COUNT) -> list[float]:
    """0 s, then `count - 1` instants spread evenly over the rest of the clip."""
    if duration_s <= 0:
        return [0.0]
    step = duration_s / count
    return [round(i * step, 3) for i in range(count)]


def _to_jpeg(image: Image.Image, rotation: int) -> bytes:
    if rotation:
        image = image.rotate(-rotation, expand=True)  # clockwise display rotation
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()


class KeyframesStep:
    name = "keyframes"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        media = ctx.signals("probe")
        duration = float(media.get("duration_s") or 0.0)
        rotation = int(media.get("rotation") or 0)
        wanted = keyframe_times(duration)
        keyframes: list[dict[str, Any]] = []
        with av.open(str(ctx.media_path())) as container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            for index, frame in enumerate(container.decode(stream)):
                ctx.check_deadline()
                t = float(frame.time or 0.0)
                if not wanted:
                    break
                if t + 1e-6 < wanted[0]:
                    continue
                while wanted and wanted[0] <= t + 1e-6:
                    wanted.pop(0)
                n = len(keyframes)
                ctx.storage.put_bytes(
                    ctx.blob_key("keyframes", f"{n}.jpg"),
                    _to_jpeg(frame.to_image(), rotation),  # type: ignore[no-untyped-call]
                )
                keyframes.append(
                    {"frame_index": index, "t": round(t, 3), "image_url": None, "shot_index": None}
                )
        return StepOutput(
            fields={"media_understanding.visual_analysis.keyframes": keyframes},
            model_versions={"keyframes": "uniform.v1"},
        )
