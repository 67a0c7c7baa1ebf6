"""keyframes: the first frame and evenly spaced frames, as JPEGs in the blob store.

For the presets without the visual step (which picks one keyframe per shot from its own
pass): the same frame stream (`media/frames.py`) and JPEG encoding as the visual pass, read
only as far as the last keyframe, and only the frames kept are converted.
"""

from __future__ import annotations

from typing import Any

from clipapi.media.frames import FrameStream, SamplingPlan
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals.visual_keyframes import encode_jpeg, uniform_times

MAX_SIDE = 540
# Only `colour()` is asked for, at most MAX_SIDE on either side.
PLAN = SamplingPlan(sample_short_side=MAX_SIDE, sample_long_side=MAX_SIDE)


class KeyframesStep:
    name = "keyframes"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        media = ctx.signals("probe")
        wanted = uniform_times(float(media.get("duration_s") or 0.0))
        stream = FrameStream(
            ctx.media_path(),
            rotation=int(media.get("rotation") or 0),
            plan=PLAN,
            check=ctx.check_deadline,
        )
        keyframes: list[dict[str, Any]] = []
        for frame in stream:
            if not wanted:
                break
            # This step has always reported container times, which a stream that does not
            # start at 0 puts ahead of the visual step's (counted from the first frame).
            t = frame.t + stream.start_s
            if t + 1e-6 < wanted[0]:
                continue
            while wanted and wanted[0] <= t + 1e-6:
                wanted.pop(0)
            n = len(keyframes)
            ctx.storage.put_bytes(
                ctx.blob_key("keyframes", f"{n}.jpg"), encode_jpeg(frame.colour())
            )
            keyframes.append(
                {
                    "frame_index": frame.index,
                    "t": round(t, 3),
                    "image_url": None,
                    "shot_index": None,
                }
            )
        return StepOutput(
            fields={"media_understanding.visual_analysis.keyframes": keyframes},
            model_versions={"keyframes": "uniform.v1"},
        )
