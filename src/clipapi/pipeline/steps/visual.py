"""visual: shots, keyframes, camera motion, faces, on-screen text and picture quality.

The step decodes the video once (`media/frames.py`), hands the frames to the visual pass
(`signals/visual_pass.py`, which measures everything and encodes the keyframes' JPEGs from
the frames it holds), stores the keyframes and builds the step's output. Models are in
`inference/faces.py` and `inference/ocr.py`, loaded on first use only.
"""

from __future__ import annotations

from typing import Any

from clipapi.media.frames import FrameStream, SamplingPlan
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals.visual_pass import measure
from clipapi.signals.visual_report import KeyframeImage
from clipapi.signals.visual_samples import SampleModels

# Camera motion at 2.5 fps: the motion tests pass at this rate as at 10 fps, for a quarter of
# the optical-flow and grey-conversion work (rates are per second, so the thresholds hold). A
# shot needs two pairs, 0.8 s, for its camera motion to be told.
SAMPLING = SamplingPlan(motion_fps=2.5)

MODEL_VERSIONS = {
    "shots": "thumb-aligned-adaptive.v1+jumps.v1",
    "keyframes": "shot-sharpest.v1",
    "faces": "yunet-2023mar",
    "motion": "lk-affine.v1",
    "quality": "quality.v1",
    "motifs": "visual-motifs.v1",
}


class VisualStep:
    name = "visual_analysis"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        media = ctx.signals("probe")
        stream = FrameStream(
            ctx.media_path(),
            rotation=int(media.get("rotation") or 0),
            plan=SAMPLING,
            max_duration_s=ctx.request.max_duration_s,
            check=ctx.check_deadline,
        )
        visual = measure(stream, _models())
        report = visual.finish(media.get("duration_s"), reached_limit=stream.reached_limit)
        versions = {**MODEL_VERSIONS}
        if report is None:
            return StepOutput(
                warnings=["visual analysis not measured: no video frame could be decoded"],
                model_versions=versions,
            )
        if report.ocr_reads:
            from clipapi.inference.ocr import model_version

            versions["ocr"] = model_version()
        analysis = {"keyframes": _store_keyframes(ctx, report.keyframes), **report.analysis}
        return StepOutput(
            fields={"media_understanding.visual_analysis": analysis},
            signals=report.signals,
            warnings=report.warnings,
            model_versions=versions,
        )


def _models() -> SampleModels:
    from clipapi.inference.base import ModelUnavailable
    from clipapi.inference.faces import detect_faces
    from clipapi.inference.ocr import read_text

    return SampleModels(
        detect_faces=detect_faces, read_text=read_text, unavailable=(ModelUnavailable,)
    )


def _store_keyframes(ctx: StepContext, images: list[KeyframeImage]) -> list[dict[str, Any]]:
    keyframes = []
    for n, image in enumerate(images):
        ctx.storage.put_bytes(ctx.blob_key("keyframes", f"{n}.jpg"), image.jpeg)
        keyframes.append(
            {
                "frame_index": image.frame_index,
                "t": round(image.t, 3),
                "image_url": None,  # signed when the result is served
                "shot_index": image.shot_index,
            }
        )
    return keyframes
