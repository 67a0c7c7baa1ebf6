"""Visual motifs and a cinematography sentence, derived only from measured signals.

Every motif is a threshold on a measurement (below); nothing is guessed from pixels by a
classifier. A measurement that is missing (None) never produces a motif.

| motif | rule |
|---|---|
| `face-to-camera` | a frontal face in ≥ 50 % of sampled frames |
| `close-up` | a face in ≥ 50 % of frames, the largest covering ≥ 5 % of the frame on average |
| `multiple-people` | two or more faces in ≥ 30 % of frames |
| `no-faces` | a face in < 5 % of frames |
| `b-roll` | some shot shows a face ≥ 50 % of the time and faceless shots (< 20 %) fill ≥ 15 % |
| `text-overlay` | legible text (OCR) on screen ≥ 30 % of the duration |
| `static-shot` | camera static for ≥ 80 % of the measured duration |
| `handheld` | handheld motion for ≥ 50 % of the measured duration |
| `moving-camera` | pan, tilt or zoom for ≥ 30 % of the measured duration |
| `single-shot` | no cut |
| `fast-cuts` | ≥ 20 cuts per minute (shots average ≤ 3 s) and at least 3 shots |
| `letterboxed` | bars cover ≥ 8 % of the frame |
| `low-light` | mean luma < 0.25 |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

FACE_TO_CAMERA_MIN = 0.5
CLOSE_UP_PRESENCE_MIN = 0.5
CLOSE_UP_AREA_MIN = 0.05
MULTIPLE_PEOPLE_MIN = 0.3
NO_FACES_MAX = 0.05
BROLL_FACE_SHOT_MIN = 0.5
BROLL_FACELESS_SHOT_MAX = 0.2
BROLL_SHARE_MIN = 0.15
TEXT_OVERLAY_MIN = 0.3
STATIC_SHARE_MIN = 0.8
HANDHELD_SHARE_MIN = 0.5
MOVING_SHARE_MIN = 0.3
FAST_CUTS_PER_MINUTE = 20.0
FAST_CUTS_MIN_SHOTS = 3
LETTERBOX_MIN = 0.08
LOW_LIGHT_MAX = 0.25


@dataclass(frozen=True)
class VisualFacts:
    duration_s: float
    shot_count: int | None = None
    cuts_per_minute: float | None = None
    motion_shares: Mapping[str, float] | None = None
    face_presence: float | None = None
    face_to_camera: float | None = None
    face_area: float | None = None
    multi_face: float | None = None
    # (duration, face presence) per shot, for b-roll
    shot_faces: Sequence[tuple[float, float]] = field(default_factory=tuple)
    text_coverage: float | None = None
    letterboxing: float | None = None
    brightness: float | None = None


def derive_motifs(facts: VisualFacts) -> list[str]:
    motifs: list[str] = []
    if facts.face_to_camera is not None and facts.face_to_camera >= FACE_TO_CAMERA_MIN:
        motifs.append("face-to-camera")
    if _close_up(facts):
        motifs.append("close-up")
    if facts.multi_face is not None and facts.multi_face >= MULTIPLE_PEOPLE_MIN:
        motifs.append("multiple-people")
    if facts.face_presence is not None and facts.face_presence < NO_FACES_MAX:
        motifs.append("no-faces")
    if _b_roll(facts):
        motifs.append("b-roll")
    if facts.text_coverage is not None and facts.text_coverage >= TEXT_OVERLAY_MIN:
        motifs.append("text-overlay")
    shares = facts.motion_shares or {}
    if shares.get("static", 0.0) >= STATIC_SHARE_MIN:
        motifs.append("static-shot")
    if shares.get("handheld", 0.0) >= HANDHELD_SHARE_MIN:
        motifs.append("handheld")
    if sum(shares.get(kind, 0.0) for kind in ("pan", "tilt", "zoom")) >= MOVING_SHARE_MIN:
        motifs.append("moving-camera")
    if facts.shot_count == 1:
        motifs.append("single-shot")
    if _fast_cuts(facts):
        motifs.append("fast-cuts")
    if facts.letterboxing is not None and facts.letterboxing >= LETTERBOX_MIN:
        motifs.append("letterboxed")
    if facts.brightness is not None and facts.brightness < LOW_LIGHT_MAX:
        motifs.append("low-light")
    return motifs


def describe_cinematography(facts: VisualFacts) -> str | None:
    """One sentence from the measurements, e.g. "Static camera, single shot, close-up face
    dominant."; None when nothing was measured."""
    parts = [
        part
        for part in (
            _camera_phrase(facts.motion_shares),
            _shots_phrase(facts),
            _faces_phrase(facts),
            _text_phrase(facts.text_coverage),
        )
        if part
    ]
    if facts.letterboxing is not None and facts.letterboxing >= LETTERBOX_MIN:
        parts.append("letterboxed")
    if facts.brightness is not None and facts.brightness < LOW_LIGHT_MAX:
        parts.append("dim lighting")
    if not parts:
        return None
    sentence = ", ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


_CAMERA_WORDS = {
    "static": "static camera",
    "handheld": "handheld camera",
    "pan": "panning camera",
    "tilt": "tilting camera",
    "zoom": "zooming camera",
}


def _camera_phrase(shares: Mapping[str, float] | None) -> str | None:
    if not shares:
        return None
    dominant = max(shares, key=lambda kind: shares[kind])
    words = _CAMERA_WORDS.get(dominant, dominant)
    if shares[dominant] >= STATIC_SHARE_MIN:
        return words
    return f"mostly {words} ({round(shares[dominant] * 100)} % of the time)"


def _shots_phrase(facts: VisualFacts) -> str | None:
    if facts.shot_count is None:
        return None
    if facts.shot_count == 1:
        return "single shot"
    phrase = f"{facts.shot_count} shots"
    if facts.cuts_per_minute is not None:
        phrase += f" ({facts.cuts_per_minute:.0f} cuts per minute)"
    if _fast_cuts(facts):
        phrase += ", fast cutting"
    return phrase


def _faces_phrase(facts: VisualFacts) -> str | None:
    presence = facts.face_presence
    if presence is None:
        return None
    if presence < NO_FACES_MAX:
        return "no faces"
    if facts.multi_face is not None and facts.multi_face >= MULTIPLE_PEOPLE_MIN:
        return f"several people on screen ({round(facts.multi_face * 100)} % of the time)"
    if _close_up(facts):
        return "close-up face dominant"
    return f"a face on screen {round(presence * 100)} % of the time"


def _text_phrase(coverage: float | None) -> str | None:
    if coverage is None or coverage <= 0:
        return None
    if coverage >= TEXT_OVERLAY_MIN:
        return f"on-screen text {round(coverage * 100)} % of the time"
    return "brief on-screen text"


def _close_up(facts: VisualFacts) -> bool:
    return (
        facts.face_presence is not None
        and facts.face_area is not None
        and facts.face_presence >= CLOSE_UP_PRESENCE_MIN
        and facts.face_area >= CLOSE_UP_AREA_MIN
    )


def _fast_cuts(facts: VisualFacts) -> bool:
    return (
        facts.cuts_per_minute is not None
        and facts.shot_count is not None
        and facts.cuts_per_minute >= FAST_CUTS_PER_MINUTE
        and facts.shot_count >= FAST_CUTS_MIN_SHOTS
    )


def _b_roll(facts: VisualFacts) -> bool:
    shots = facts.shot_faces
    total = sum(duration for duration, _ in shots)
    if len(shots) < 2 or total <= 0:
        return False
    has_presenter = any(presence >= BROLL_FACE_SHOT_MIN for _, presence in shots)
    faceless = sum(d for d, presence in shots if presence < BROLL_FACELESS_SHOT_MAX)
    return has_presenter and faceless / total >= BROLL_SHARE_MIN
