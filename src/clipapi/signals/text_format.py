"""The video's format, decided by documented rules on measured signals (format-rules.v1).

Inputs (each measured by another step; None when that step did not run):
faces = share of sampled frames with a face (visual), speech = speech ratio (audio, else the
transcript's segment time over the duration), music = music ratio (audio), speakers = speaker
count, shots = shot count and cuts per minute (visual), text = share of the duration with
on-screen text and its mean length in characters (visual OCR), static = share of the duration
with a static camera (visual).

The first rule that holds wins:

| format | rule |
|---|---|
| audio_only | the file has no video stream |
| (null) | no visual measurements, or no speech measurement: the format cannot be told |
| screen_recording | faces < 0.2, text ≥ 0.8 of the time, ≥ 40 characters per text, |
|  | ≤ 6 cuts/min, static ≥ 0.6 (when measured) |
| text_slideshow | faces < 0.25, text ≥ 0.6 of the time, speech < 0.3 |
| skit | speakers ≥ 2, faces ≥ 0.5, speech ≥ 0.3, shots ≥ 3 |
| talking_head | speech ≥ 0.3, faces ≥ 0.8 |
| talking_head_with_broll | speech ≥ 0.3, faces ≥ 0.3, shots ≥ 2 (the face-less shots are b-roll) |
| talking_head | speech ≥ 0.3, faces ≥ 0.3, one shot |
| voiceover_broll | speech ≥ 0.3, faces < 0.3 |
| (null) | speech < 0.3 and no music measurement |
| music_montage | speech < 0.3, music ≥ 0.5, ≥ 10 cuts/min or ≥ 4 shots |
| performance | speech < 0.3, music ≥ 0.5, faces ≥ 0.5 (dance, lip-sync, singing to camera) |
| b_roll | speech < 0.3: footage with neither narration nor a music bed, or music over |
|  | few cuts and no person |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

SPEECH_MIN = 0.3
FACE_TALKING_HEAD = 0.8
FACE_WITH_BROLL = 0.3
FACE_NONE = 0.2
FACE_SLIDESHOW = 0.25
FACE_PERFORMANCE = 0.5
FACE_SKIT = 0.5
TEXT_SCREEN = 0.8
TEXT_SCREEN_CHARS = 40.0
TEXT_SLIDESHOW = 0.6
SCREEN_MAX_CUTS_PER_MIN = 6.0
SCREEN_MIN_STATIC = 0.6
MUSIC_MIN = 0.5
MONTAGE_CUTS_PER_MIN = 10.0
MONTAGE_SHOTS = 4
SKIT_SHOTS = 3


@dataclass(frozen=True)
class FormatSignals:
    has_video: bool | None = None
    face_presence: float | None = None
    speech_ratio: float | None = None
    music_ratio: float | None = None
    speaker_count: int | None = None
    shot_count: int | None = None
    cuts_per_minute: float | None = None
    text_coverage: float | None = None
    text_chars_mean: float | None = None
    static_share: float | None = None

    @property
    def visual_measured(self) -> bool:
        return any(v is not None for v in (self.face_presence, self.shot_count, self.text_coverage))


@dataclass(frozen=True)
class FormatResult:
    format: str | None
    rule: str | None  # the rule that decided, in words
    warning: str | None = None


def span_coverage(spans: Iterable[tuple[float, float]], duration_s: float) -> float:
    """Share of `duration_s` covered by the union of `spans`."""
    if duration_s <= 0:
        return 0.0
    covered = 0.0
    reach = 0.0
    for start, end in sorted((max(0.0, s), min(duration_s, e)) for s, e in spans):
        if end <= reach:
            continue
        covered += end - max(start, reach)
        reach = end
    return min(1.0, covered / duration_s)


def classify_format(s: FormatSignals) -> FormatResult:
    if s.has_video is False:
        return FormatResult("audio_only", "no video stream")
    if not s.visual_measured:
        return FormatResult(None, None, "format: needs visual measurements (faces, shots, text)")
    if s.speech_ratio is None:
        return FormatResult(None, None, "format: needs a speech measurement (audio or transcript)")
    faces = s.face_presence or 0.0
    text = s.text_coverage or 0.0
    shots = s.shot_count or 1
    cuts = s.cuts_per_minute or 0.0
    speech = s.speech_ratio
    if (
        faces < FACE_NONE
        and text >= TEXT_SCREEN
        and (s.text_chars_mean or 0.0) >= TEXT_SCREEN_CHARS
        and cuts <= SCREEN_MAX_CUTS_PER_MIN
        and (s.static_share is None or s.static_share >= SCREEN_MIN_STATIC)
    ):
        return FormatResult("screen_recording", "no face, dense on-screen text, static, few cuts")
    if faces < FACE_SLIDESHOW and text >= TEXT_SLIDESHOW and speech < SPEECH_MIN:
        return FormatResult(
            "text_slideshow", "no face, on-screen text most of the time, little speech"
        )
    if speech >= SPEECH_MIN:
        if (s.speaker_count or 0) >= 2 and faces >= FACE_SKIT and shots >= SKIT_SHOTS:
            return FormatResult("skit", "several speakers on camera across several shots")
        if faces >= FACE_TALKING_HEAD:
            return FormatResult("talking_head", "speech with a face in most frames")
        if faces >= FACE_WITH_BROLL:
            if shots >= 2:
                return FormatResult(
                    "talking_head_with_broll", "speech with a face in part of the shots"
                )
            return FormatResult("talking_head", "speech with a face, one continuous shot")
        return FormatResult("voiceover_broll", "speech over footage without a face")
    if s.music_ratio is None:
        return FormatResult(None, None, "format: little speech and no music measurement")
    if s.music_ratio >= MUSIC_MIN:
        if cuts >= MONTAGE_CUTS_PER_MIN or shots >= MONTAGE_SHOTS:
            return FormatResult("music_montage", "music over many cuts, little speech")
        if faces >= FACE_PERFORMANCE:
            return FormatResult("performance", "a person on camera over music, little speech")
    return FormatResult("b_roll", "footage with little speech")


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _section(tree: dict[str, Any] | None, key: str) -> dict[str, Any]:
    value = (tree or {}).get(key)
    return value if isinstance(value, dict) else {}


def format_signals(
    media: dict[str, Any],
    visual: dict[str, Any] | None,
    audio: dict[str, Any] | None,
    *,
    speech_spans: Sequence[tuple[float, float]] = (),
    segments: Any = None,
    on_screen_text: Sequence[tuple[float, float, str]] = (),
) -> FormatSignals:
    """The numbers the rules read, from the probe's `media`, the visual and audio analyses
    (result-shaped dicts, None when the step did not run), the audio step's speech spans and
    the transcript's segments (None when no transcript ran)."""
    duration = _number(media.get("duration_s")) or 0.0
    has_video = None
    if media:
        has_video = media.get("width") is not None or bool(media.get("has_video"))
    speech = _section(audio, "speech")
    speech_ratio = _number(speech.get("speech_ratio"))
    if speech_ratio is None and duration > 0:
        # Without the audio step's ratio: its VAD spans, else the transcript's segments.
        spans = list(speech_spans)
        if not spans and isinstance(segments, list):
            for segment in segments:
                if isinstance(segment, dict):
                    start, end = _number(segment.get("start")), _number(segment.get("end"))
                    if start is not None and end is not None:
                        spans.append((start, end))
        if spans or segments is not None:
            speech_ratio = span_coverage(spans, duration)
    text_coverage = chars_mean = None
    if visual is not None and "on_screen_text" in visual and duration > 0:
        text_coverage = span_coverage([(s, e) for s, e, _ in on_screen_text], duration)
        if on_screen_text:
            chars_mean = sum(len(t) for _, _, t in on_screen_text) / len(on_screen_text)
    shares = _section(_section(visual, "camera_motion"), "shares")
    shots = (visual or {}).get("shot_count")
    listed = (visual or {}).get("shots")
    if isinstance(listed, list) and listed:
        # A jump cut keeps the framing: the talking head it trims is still one setup, not b-roll.
        shots = sum(
            1 for shot in listed if not (isinstance(shot, dict) and shot.get("kind") == "jump")
        )
    speakers = speech.get("speaker_count")
    return FormatSignals(
        has_video=has_video,
        face_presence=_number(_section(visual, "faces").get("presence_ratio")),
        speech_ratio=speech_ratio,
        music_ratio=_number(_section(audio, "music").get("music_ratio")),
        speaker_count=speakers if isinstance(speakers, int) else None,
        shot_count=shots if isinstance(shots, int) else None,
        cuts_per_minute=_number((visual or {}).get("cuts_per_minute")),
        text_coverage=text_coverage,
        text_chars_mean=chars_mean,
        static_share=_number(shares.get("static")),
    )


# The words are weak evidence of a format: on 37 hand-written texts the zero-shot format label
# was right only for a narration walking through an app (margin 0.32); ordinary recipes and
# reviews led by up to 0.19 for formats they are not (docs/methods.md, "The meaning layer").
# So words never fill a format the picture and sound rules could not tell; they only name a
# screen recording that the picture rules took for narration over footage, and only with a
# lead the ordinary texts never reached.
FORMAT_TEXT_OVERRIDE_MARGIN = 0.25
TEXT_OVERRIDES = {"screen_recording": ("voiceover_broll", "talking_head_with_broll", "b_roll")}


def decide_format(
    rules: FormatResult, text_label: str | None, text_margin: float | None
) -> FormatResult:
    """The rules' format, or a screen recording the words clearly describe."""
    if text_label is None or text_margin is None or rules.format is None:
        return rules
    if (
        rules.format in TEXT_OVERRIDES.get(text_label, ())
        and text_margin >= FORMAT_TEXT_OVERRIDE_MARGIN
    ):
        return FormatResult(
            text_label, f"the words clearly read as {text_label} (margin {text_margin:.2f})"
        )
    return rules
