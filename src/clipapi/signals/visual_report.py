"""The visual pass's measurements as the result's `visual_analysis` field and the signals
later steps read (cut times, motion and face presence per second, first-frame facts)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.visual_faces import FaceSummary, FrameFaces, presence_per_second
from clipapi.signals.visual_motifs import VisualFacts, derive_motifs, describe_cinematography
from clipapi.signals.visual_motion import MotionSummary, PairMotion, ShotMotion
from clipapi.signals.visual_quality import FrameQuality, QualitySummary
from clipapi.signals.visual_samples import OCR_READS_PER_S
from clipapi.signals.visual_shots import ShotSpan, cuts_per_minute, thumb_similarity
from clipapi.signals.visual_text import TimedText, text_coverage
from clipapi.signals.visual_timeline import per_second_mean

TEXT_HOOK_WINDOW_S = 1.0


@dataclass(frozen=True)
class Sample:
    t: float
    quality: FrameQuality


@dataclass(frozen=True)
class KeyframeImage:
    frame_index: int
    t: float
    shot_index: int
    jpeg: bytes


@dataclass(frozen=True)
class VisualMeasurements:
    duration_s: float
    cuts: dict[float, str]  # time -> "hard" | "jump", in time order
    shots: list[ShotSpan]
    shot_motion: list[ShotMotion]
    motion: MotionSummary
    pairs: list[tuple[float, float, PairMotion]]
    faces: FaceSummary | None  # None: not measured
    frame_faces: list[FrameFaces]
    samples: list[Sample]
    quality: QualitySummary | None
    text: list[TimedText] | None  # None: not measured
    ocr_reads: int
    ocr_deferred: int
    first_thumb: NDArray[np.uint8]
    last_thumb: NDArray[np.uint8]


@dataclass(frozen=True)
class VisualReport:
    analysis: dict[str, Any]  # `visual_analysis` without its keyframes
    signals: dict[str, Any]
    keyframes: list[KeyframeImage]
    warnings: list[str]
    ocr_reads: int


def build_report(
    measured: VisualMeasurements, keyframes: list[KeyframeImage], warnings: list[str]
) -> VisualReport:
    warnings = list(warnings)
    if measured.motion.dominant is None:
        warnings.append("camera motion not measured: too little texture to track between frames")
    if measured.ocr_deferred:
        warnings.append(
            f"on-screen text: {measured.ocr_deferred} changed frames were not read "
            f"(OCR budget {OCR_READS_PER_S:g} per second); short-lived text may be missing"
        )
    return VisualReport(
        analysis=_analysis(measured),
        signals=_signals(measured),
        keyframes=keyframes,
        warnings=warnings,
        ocr_reads=measured.ocr_reads if measured.text is not None else 0,
    )


def _analysis(m: VisualMeasurements) -> dict[str, Any]:
    faces, quality, motion, duration = m.faces, m.quality, m.motion, m.duration_s
    facts = VisualFacts(
        duration_s=duration,
        shot_count=len(m.shots),
        cuts_per_minute=cuts_per_minute(len(m.cuts), duration),
        motion_shares={str(kind): share for kind, share in motion.shares.items()} or None,
        face_presence=faces.presence_ratio if faces else None,
        face_to_camera=faces.face_to_camera_ratio if faces else None,
        face_area=faces.mean_face_area if faces else None,
        multi_face=faces.multi_face_ratio if faces else None,
        shot_faces=_shot_faces(m.shots, m.frame_faces) if faces else (),
        text_coverage=text_coverage(m.text, duration) if m.text is not None else None,
        letterboxing=quality.letterboxing if quality else None,
        brightness=quality.brightness if quality else None,
    )
    return {
        "shots": [
            {
                "index": s.index,
                "start": s.start,
                "end": s.end,
                "camera_motion": sm.kind,
                "kind": m.cuts.get(s.start),
            }
            for s, sm in zip(m.shots, m.shot_motion, strict=True)
        ],
        "shot_count": len(m.shots),
        "cuts_per_minute": facts.cuts_per_minute,
        "cinematography": describe_cinematography(facts),
        "camera_motion": (
            {"dominant": motion.dominant, "shares": motion.shares} if motion.dominant else None
        ),
        "motifs": derive_motifs(facts),
        "on_screen_text": _text_items(m.text) if m.text is not None else None,
        "faces": _faces_field(faces),
        "quality": asdict(quality) if quality else None,
    }


def _signals(m: VisualMeasurements) -> dict[str, Any]:
    cut_times = tuple(m.cuts)
    duration, faces, text = m.duration_s, m.faces, m.text
    # Flow between two shots is a cut, not motion.
    steady = [
        (t0, pair.flow / (t1 - t0))
        for t0, t1, pair in m.pairs
        if t1 > t0 and not any(t0 < cut <= t1 for cut in cut_times)
    ]
    return {
        "duration_s": duration,
        "cut_times": list(cut_times),
        "cut_kinds": list(m.cuts.values()),
        "shots": [
            {"start": s.start, "end": s.end, "camera_motion": sm.kind, "kind": m.cuts.get(s.start)}
            for s, sm in zip(m.shots, m.shot_motion, strict=True)
        ],
        "motion_per_s": per_second_mean(steady, duration),
        "first_frame_face": faces.first_frame_face if faces else None,
        "first_frame_text": (
            any(line.start < TEXT_HOOK_WINDOW_S for line in text) if text is not None else None
        ),
        "first_last_similarity": thumb_similarity(m.first_thumb, m.last_thumb),
        "face_presence_per_s": presence_per_second(m.frame_faces, duration) if faces else None,
        "blur_per_s": per_second_mean(
            ((s.t, s.quality.sharpness) for s in m.samples), duration, digits=1
        ),
        "on_screen_text": _text_items(text) if text is not None else None,
        "ocr_reads": m.ocr_reads,
    }


def _shot_faces(shots: list[ShotSpan], frames: list[FrameFaces]) -> list[tuple[float, float]]:
    result = []
    for shot in shots:
        inside = [f for f in frames if shot.start <= f.t < shot.end]
        if inside:
            presence = sum(1 for f in inside if f.faces) / len(inside)
            result.append((shot.duration, presence))
    return result


def _text_items(text: list[TimedText]) -> list[dict[str, Any]]:
    return [
        {"start": line.start, "end": line.end, "text": line.text, "confidence": line.confidence}
        for line in text
    ]


def _faces_field(faces: FaceSummary | None) -> dict[str, Any] | None:
    if faces is None:
        return None
    return {
        "presence_ratio": faces.presence_ratio,
        "face_to_camera_ratio": faces.face_to_camera_ratio,
        "max_faces": faces.max_faces,
        "mean_face_area": faces.mean_face_area,
    }
