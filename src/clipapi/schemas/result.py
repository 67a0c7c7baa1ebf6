"""The AnalysisResult contract: the one JSON document an analysis produces (SPEC §3).

Fields the public reference shows keep the reference's types (scores are integers, beats and
factors are lists of strings); richer detail lives in sibling fields (`score_details`,
`evidence`, `beat_spans`). A field that a preset or a step could not measure is null, never a
placeholder. Media times are seconds as floats.
"""

import math
from collections.abc import Iterator
from datetime import UTC, datetime
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic.fields import FieldInfo

# Strict, so that "85" or 85.5 is refused instead of being coerced into a plausible score.
Score = Annotated[int, Field(ge=0, le=100, strict=True)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Seconds = Annotated[float, Field(ge=0.0)]
Count = Annotated[int, Field(ge=0)]
JsonScalar = str | int | float | bool | None

Platform = Literal["tiktok", "instagram", "youtube", "direct", "upload", "s3"]
TargetPlatform = Literal["tiktok", "instagram", "youtube"]
Preset = Literal["full", "audio_only", "meta_only"]
CameraMotionKind = Literal["static", "pan", "tilt", "zoom", "handheld"]
HookType = Literal[
    "question",
    "curiosity_gap",
    "bold_claim",
    "statistic",
    "story",
    "tutorial_promise",
    "controversy",
    "visual_pattern_interrupt",
    "trend_sound",
    "none",
]
CtaType = Literal[
    "follow", "comment", "like", "share", "save", "link_in_bio", "subscribe", "visit", "buy"
]

SCORE_NAMES = (
    "hook_strength",
    "retention_design",
    "visual_clarity",
    "audio_clarity",
    "cta_effectiveness",
    "educational_value",
    "overall_creator_clarity",
    "confidence_overall",
)


class _Section(BaseModel):
    # Stored results written by an older or newer version must still load.
    model_config = ConfigDict(extra="ignore")


class ErrorInfo(_Section):
    """Why an analysis failed: a stable machine code and a human-readable message."""

    code: str = Field(description="Stable machine code, e.g. `duration_exceeded`.")
    message: str


# --- source and media -------------------------------------------------------------------


def _compact_date(value: object) -> object:
    # yt-dlp reports dates as YYYYMMDD, which Pydantic would otherwise read as a Unix time.
    if isinstance(value, str) and len(value) == 8 and value.isdigit():
        return datetime.strptime(value, "%Y%m%d").replace(tzinfo=UTC)
    return value


class Source(_Section):
    """Where the video came from, with the platform's public metadata where it exposes it."""

    url: str | None = Field(default=None, description="The submitted video URL.")
    platform: Platform | None = None
    source_type: str | None = Field(
        default=None,
        description="How the video arrived, e.g. `platform_url`, `direct_url`, `upload`, "
        "`storage`.",
    )
    video_id: str | None = Field(default=None, description="The platform's own video id.")
    author: str | None = Field(default=None, description="The author's handle.")
    author_name: str | None = Field(default=None, description="The author's display name.")
    title: str | None = None
    description: str | None = None
    hashtags: list[str] | None = None
    mentions: list[str] | None = None
    publish_date: Annotated[datetime | None, BeforeValidator(_compact_date)] = None
    view_count: Count | None = None
    like_count: Count | None = None
    comment_count: Count | None = None
    share_count: Count | None = None
    follower_count: Count | None = None
    duration_s: Seconds | None = Field(
        default=None, description="Duration the platform reports, in seconds."
    )
    filename: str | None = Field(default=None, description="Original file name of an upload.")
    storage_path: str | None = Field(
        default=None, description="`s3://bucket/key` of a stored object or upload."
    )


class Codecs(_Section):
    """Codec names of the first video and audio streams."""

    video: str | None = None
    audio: str | None = None


class Media(_Section):
    """Container and stream facts of the analysed file."""

    duration_s: Seconds | None = None
    width: Count | None = Field(default=None, description="Display width in pixels.")
    height: Count | None = Field(default=None, description="Display height in pixels.")
    aspect_ratio: str | None = Field(default=None, description='Reduced ratio, e.g. "9:16".')
    orientation: Literal["portrait", "landscape", "square"] | None = None
    fps: float | None = Field(default=None, ge=0.0, description="Average frames per second.")
    rotation: int | None = Field(
        default=None,
        description="Display rotation from the container, in degrees (0, 90, 180, 270); width "
        "and height already account for it.",
    )
    has_audio: bool | None = None
    codecs: Codecs | None = None
    bitrate: Count | None = Field(default=None, description="Overall bitrate in bits per second.")
    size_bytes: Count | None = None
    container: str | None = Field(default=None, description="Container format, e.g. `mp4`.")


# --- scores ------------------------------------------------------------------------------


class Scores(_Section):
    """The eight aggregate scores, integers 0-100; each is explained in `score_details`."""

    hook_strength: Score | None = None
    retention_design: Score | None = None
    visual_clarity: Score | None = None
    audio_clarity: Score | None = None
    cta_effectiveness: Score | None = None
    educational_value: Score | None = None
    overall_creator_clarity: Score | None = None
    confidence_overall: Score | None = Field(
        default=None, description="How far the analysis can be trusted; lower on weak evidence."
    )


class ScoreFactor(_Section):
    """One measured reason that raised or lowered a score or prediction."""

    factor: str = Field(description="What was measured, e.g. `time_to_first_word`.")
    effect: float = Field(description="Signed change in score points; positive raised it.")
    value: JsonScalar = Field(default=None, description="The measured value.")
    t: Seconds | None = Field(default=None, description="When the evidence occurs, in seconds.")


class ScoreDetail(_Section):
    """How one score was reached: its contributing factors and the method that combined them."""

    factors: list[ScoreFactor] = Field(default_factory=list)
    method: str = Field(description="Method name and version, e.g. `hook.v1`.")


class ScoreDetails(_Section):
    """The explanation of each of the eight scores, keyed by score name."""

    hook_strength: ScoreDetail | None = None
    retention_design: ScoreDetail | None = None
    visual_clarity: ScoreDetail | None = None
    audio_clarity: ScoreDetail | None = None
    cta_effectiveness: ScoreDetail | None = None
    educational_value: ScoreDetail | None = None
    overall_creator_clarity: ScoreDetail | None = None
    confidence_overall: ScoreDetail | None = None


# --- layer 1: media understanding -----------------------------------------------------


class ContentOverview(_Section):
    """What the video is: title, summary, category, format and language."""

    title: str | None = Field(
        default=None, description="The platform title, else a short title from the transcript."
    )
    summary: str | None = Field(default=None, description="Extractive summary.")
    category: str | None = None
    category_score: Unit | None = Field(
        default=None, description="Similarity of the video to its category, 0-1."
    )
    format: str | None = Field(
        default=None,
        description="e.g. `talking_head`, `talking_head_with_broll`, `voiceover_broll`, "
        "`text_slideshow`, `music_montage`, `screen_recording`, `skit`.",
    )
    language: str | None = Field(default=None, description="ISO 639-1 code.")


class Word(_Section):
    """One recognised word with its timing."""

    start: Seconds
    end: Seconds
    word: str
    probability: Unit | None = None


class TranscriptSegment(_Section):
    """One recognised stretch of speech."""

    start: Seconds
    end: Seconds
    speaker: str | None = Field(default=None, description="Speaker label, e.g. `A`.")
    text: str
    confidence: Unit | None = Field(
        default=None, description="Recogniser confidence 0-1, from token log-probabilities."
    )
    words: list[Word] | None = None


class Transcript(_Section):
    """Speech recognised in the audio."""

    full_text: str | None = None
    segments: list[TranscriptSegment] | None = None
    language: str | None = Field(default=None, description="ISO 639-1 code.")
    language_probability: Unit | None = None
    word_count: Count | None = None


class Keyframe(_Section):
    """A representative frame, stored as a JPEG."""

    frame_index: Count
    t: Seconds
    image_url: str | None = Field(default=None, description="Signed absolute URL of the JPEG.")
    shot_index: Count | None = None


class Shot(_Section):
    """A run of frames between two cuts."""

    index: Count
    start: Seconds
    end: Seconds
    camera_motion: CameraMotionKind | None = None
    kind: Literal["hard", "jump"] | None = Field(
        default=None,
        description="How the shot begins: `hard`, a cut to another picture; `jump`, frames "
        "removed inside one recording with the framing unchanged; null for the first shot.",
    )


class CameraMotion(_Section):
    """Camera movement over the whole video, summarised from each shot."""

    dominant: CameraMotionKind | None = None
    shares: dict[CameraMotionKind, Unit] | None = Field(
        default=None, description="Fraction of the duration spent in each kind of motion."
    )


class OnScreenText(_Section):
    """Text read from the frames by OCR, merged over the time it stays visible."""

    start: Seconds
    end: Seconds
    text: str
    confidence: Unit | None = None


class Faces(_Section):
    """Face measurements over the sampled frames."""

    presence_ratio: Unit | None = Field(
        default=None, description="Fraction of sampled frames with at least one face."
    )
    face_to_camera_ratio: Unit | None = Field(
        default=None, description="Fraction of sampled frames with a frontal face."
    )
    max_faces: Count | None = Field(default=None, description="Most faces in any one frame.")
    mean_face_area: Unit | None = Field(
        default=None,
        description="Mean fraction of the frame covered by the largest face, where present.",
    )


class VisualQuality(_Section):
    """Picture quality measured on the sampled frames."""

    brightness: Unit | None = Field(default=None, description="Mean luma, 0-1.")
    contrast: Unit | None = Field(default=None, description="RMS contrast of luma, 0-1.")
    sharpness: float | None = Field(
        default=None,
        ge=0.0,
        description="Variance of the Laplacian of luma at analysis resolution; higher is sharper.",
    )
    colorfulness: float | None = Field(
        default=None, ge=0.0, description="Hasler-Süsstrunk colourfulness; 0 is greyscale."
    )
    letterboxing: Unit | None = Field(
        default=None, description="Fraction of the frame covered by constant bars; 0 is none."
    )


class VisualAnalysis(_Section):
    """Shots, keyframes, motion, faces, on-screen text and picture quality."""

    keyframes: list[Keyframe] | None = None
    shots: list[Shot] | None = None
    shot_count: Count | None = None
    cuts_per_minute: float | None = Field(default=None, ge=0.0)
    cinematography: str | None = Field(
        default=None, description="A sentence built from the measured shots and motion."
    )
    camera_motion: CameraMotion | None = None
    motifs: list[str] | None = Field(
        default=None,
        description="Measured visual patterns, e.g. `face-to-camera`, `text-overlay`, `b-roll`.",
    )
    on_screen_text: list[OnScreenText] | None = None
    faces: Faces | None = None
    quality: VisualQuality | None = None


class Span(_Section):
    """A time interval in seconds."""

    start: Seconds
    end: Seconds


class Speech(_Section):
    """Speech activity in the audio."""

    language: str | None = None
    speech_rate_wpm_est: Count | None = Field(
        default=None, description="Words per minute over speaking time, rounded."
    )
    speech_ratio: Unit | None = Field(default=None, description="Fraction of the duration.")
    speaker_count: Count | None = None
    longest_pause_s: Seconds | None = None
    spans: list[Span] | None = Field(default=None, description="Where voice activity was found.")


class Music(_Section):
    """Music presence, tempo and catalog identification."""

    present: bool | None = None
    track_title: str | None = Field(default=None, description="From the local music catalog.")
    artist: str | None = None
    bpm_estimate: Count | None = Field(
        default=None, description="Tempo in beats per minute, rounded; null without music."
    )
    confidence: Unit | None = Field(default=None, description="Confidence of the catalog match.")
    music_ratio: Unit | None = Field(default=None, description="Fraction of the duration.")
    spans: list[Span] | None = Field(default=None, description="Where music was found.")


class Loudness(_Section):
    """Loudness per EBU R128 / ITU-R BS.1770."""

    integrated_lufs: float | None = Field(default=None, description="Integrated loudness, LUFS.")
    true_peak_dbfs: float | None = Field(default=None, description="True peak, dBFS.")
    loudness_range: float | None = Field(default=None, description="Loudness range, LU.")


class AudioAnalysis(_Section):
    """Speech, music and loudness measured on the audio track."""

    speech: Speech | None = None
    music: Music | None = None
    loudness: Loudness | None = None
    silence_ratio: Unit | None = Field(default=None, description="Fraction of the duration.")
    clipping_ratio: Unit | None = Field(
        default=None, description="Fraction of samples at or near full scale."
    )


class Entities(_Section):
    """Named things mentioned in the transcript, on screen or in the caption."""

    people: list[str] | None = None
    organisations: list[str] | None = Field(
        default=None,
        description="Organisations named: well-known ones in any language, others by English "
        "or French named-entity recognition.",
    )
    brands: list[str] | None = Field(
        default=None,
        description="Brands and product lines named, each product followed by its maker.",
    )
    places: list[str] | None = Field(
        default=None,
        description="Countries, cities, regions and landmarks named, as the video writes them.",
    )
    topics: list[str] | None = None
    keywords: list[str] | None = None
    hashtags: list[str] | None = None
    mentions: list[str] | None = None


class Sentiment(_Section):
    """Overall tone of what is said and shown."""

    label: Literal["positive", "neutral", "negative"] | None = None
    score: float | None = Field(
        default=None, ge=-1.0, le=1.0, description="Polarity from -1 (negative) to 1 (positive)."
    )
    confidence: Unit | None = None


class MediaUnderstanding(_Section):
    """Layer 1: signals extracted from the vision, audio and text of the video."""

    content_overview: ContentOverview | None = None
    transcript: Transcript | None = None
    visual_analysis: VisualAnalysis | None = None
    audio_analysis: AudioAnalysis | None = None
    entities: Entities | None = None
    sentiment: Sentiment | None = None


# --- layer 2: creator intelligence -------------------------------------------------------


class HookSignals(_Section):
    """What was measured in the hook window."""

    time_to_first_word_s: Seconds | None = None
    first_line: str | None = None
    is_question: bool | None = None
    has_number: bool | None = Field(default=None, description="A number or statistic.")
    direct_address: bool | None = Field(default=None, description='Speaks to the viewer ("you").')
    curiosity_gap: bool | None = None
    bold_claim: bool | None = None
    text_in_first_second: bool | None = None
    face_in_first_frame: bool | None = None
    cut_in_first_2s: bool | None = None
    motion_in_first_2s: bool | None = None
    loudness_onset_lu: float | None = Field(
        default=None,
        description="Loudness of the first second minus the whole clip's, in LU; positive "
        "opens louder.",
    )
    hook_source: Literal["speech", "text", "both"] | None = Field(
        default=None,
        description="Which channel carried the hook: the first spoken line, the on-screen text "
        "of the first ~3 s, or both; null when no words make a hook.",
    )
    opening_text: str | None = Field(
        default=None, description="The on-screen text of the first ~3 s."
    )
    text_flash: bool | None = Field(
        default=None, description="On-screen text appears in the opening and is gone within 1.5 s."
    )
    hook_type_margin: float | None = Field(
        default=None,
        description="How far the zero-shot hook type leads the runner-up (cosine units).",
    )
    hook_type_method: str | None = Field(
        default=None, description="What decided the hook type: `e5`, `rules` or `e5_low_margin`."
    )


class HookAnalysis(_Section):
    """How the video opens and how strongly that holds a viewer."""

    score: Score | None = None
    hook_type: HookType | None = None
    primary_hook: str | None = Field(
        default=None, description="One sentence quoting or describing the opening."
    )
    hook_window_s: Seconds | None = Field(default=None, description="Length of the hook window.")
    signals: HookSignals | None = None
    suggestions: list[str] | None = None


class DropRiskMoment(_Section):
    """A measured moment where viewers are likely to leave."""

    timestamp: Seconds
    severity: Literal["minor", "moderate", "major"]
    reason: str
    kind: str | None = Field(
        default=None,
        description="Measured event, e.g. `silence`, `static_shot`, `energy_drop`, "
        "`slow_speech`, `cut_mid_word`, `late_payoff`.",
    )
    duration_s: Seconds | None = None


class RetentionAnalysis(_Section):
    """Pacing and the moments that risk losing viewers."""

    retention_score: Score | None = None
    drop_risk_moments: list[DropRiskMoment] | None = None
    pacing: Literal["slow", "medium", "fast"] | None = None


class BeatSpan(_Section):
    """Where one story beat sits in time."""

    beat: str
    start: Seconds
    end: Seconds


class StoryStructure(_Section):
    """The story's beats, in order, and a logline built from the measured content."""

    logline: str | None = None
    beats: list[str] | None = Field(
        default=None, description="Beat names in order, e.g. `hook`, `problem`, `cta`."
    )
    beat_spans: list[BeatSpan] | None = None


class Cta(_Section):
    """The call to action, if there is one."""

    present: bool | None = None
    type: CtaType | None = None
    text: str | None = None
    timestamp: Seconds | None = None
    spoken: bool | None = None
    shown: bool | None = Field(default=None, description="Appears as on-screen text.")


class ClipSuggestion(_Section):
    """A self-contained 15-60 s moment worth posting on its own."""

    start: Seconds
    end: Seconds
    score: Score | None = None
    hook_score: Score | None = None
    opening_line: str | None = None
    reasons: list[str] | None = None


class CreatorIntelligence(_Section):
    """Layer 2: how well the creator executed hook, retention, story and call to action."""

    hook_analysis: HookAnalysis | None = None
    retention_analysis: RetentionAnalysis | None = None
    story_structure: StoryStructure | None = None
    cta: Cta | None = None
    clip_suggestions: list[ClipSuggestion] | None = Field(
        default=None, description="Only for videos over 30 s."
    )


# --- layer 3: growth intelligence --------------------------------------------------------


class ViewRange(_Section):
    """A deliberately wide range of expected views."""

    low: Count
    expected: Count
    high: Count


class ViralityModel(_Section):
    """Predicted reach and what drives it."""

    score: Score | None = None
    predicted_view_range: ViewRange | None = None
    view_range_basis: Literal["creator_counts", "platform_baseline"] | None = Field(
        default=None,
        description="What the view range was scaled from: the creator's own public counts or "
        "the documented per-platform baseline.",
    )
    factors: list[str] | None = None
    evidence: list[ScoreFactor] | None = None
    completion_pressure: Unit | None = None


class PlatformFit(_Section):
    """How well the video suits a platform's format and distribution."""

    platform: TargetPlatform | None = Field(
        default=None, description="The source platform, or the best fit for other sources."
    )
    duration_fit: Unit | None = None
    aspect_ratio_fit: Unit | None = None
    algorithm_alignment: Unit | None = None
    share_probability: Unit | None = None
    loopability: Unit | None = Field(
        default=None, description="Similarity of the last and first frames and audio."
    )
    recommendations: list[str] | None = None


class TrendMatch(_Section):
    """A trend catalog entry the video matches."""

    trend: str
    category: str | None = None
    cycle_stage: str | None = None
    similarity: Unit | None = None
    matched: list[str] | None = Field(
        default=None, description="The hashtags, keywords and sounds that matched."
    )


class TrendAlignment(_Section):
    """Matches against the operator's music and trend catalogs."""

    uses_trending_audio: bool | None = None
    trend_category: str | None = None
    cycle_stage: str | None = Field(
        default=None, description="From the catalog entry, e.g. `emerging`, `growth`, `peak`."
    )
    matched_trends: list[TrendMatch] | None = None


class RetentionPoint(_Section):
    """Predicted share of viewers still watching at time `t`."""

    t: int = Field(ge=0, description="Whole seconds from the start.")
    retention: Unit

    @field_validator("t", mode="before")
    @classmethod
    def _whole_seconds(cls, value: object) -> object:
        # Results stored before `t` became whole seconds carry the video's end as a float.
        return math.floor(value) if isinstance(value, float) and math.isfinite(value) else value


class GrowthIntelligence(_Section):
    """Layer 3: predicted reach, platform fit, trend alignment and retention."""

    virality_model: ViralityModel | None = None
    platform_fit: PlatformFit | None = None
    trend_alignment: TrendAlignment | None = None
    predicted_retention_curve: list[RetentionPoint] | None = Field(
        default=None, description="Non-increasing, starting at 1.0."
    )


# --- processing and the document ---------------------------------------------------------


class StepRecord(_Section):
    """How one pipeline step ended and how long it took."""

    name: str
    status: Literal["done", "failed", "skipped"]
    duration_ms: Count | None = None
    error: str | None = None


class Processing(_Section):
    """How the analysis ran: steps, timing, methods used and what could not be measured."""

    preset: Preset | None = None
    steps: list[StepRecord] = Field(default_factory=list)
    total_ms: Count | None = None
    started_at: datetime | None = None
    completed_at: datetime | None = None
    model_versions: dict[str, str] = Field(
        default_factory=dict, description="Each model or method used, with its version."
    )
    warnings: list[str] = Field(default_factory=list)


class AnalysisResult(_Section):
    """The full analysis of one video."""

    analysis_id: str
    status: Literal["completed", "failed"]
    external_id: str | None = None
    source: Source | None = None
    media: Media | None = None
    scores: Scores | None = None
    score_details: ScoreDetails | None = None
    media_understanding: MediaUnderstanding | None = None
    creator_intelligence: CreatorIntelligence | None = None
    growth_intelligence: GrowthIntelligence | None = None
    processing: Processing
    error: ErrorInfo | None = None


# --- naming what is missing --------------------------------------------------------------

_LAYERS = ("media_understanding", "creator_intelligence", "growth_intelligence")


def null_sections(result: AnalysisResult) -> list[str]:
    """Dotted paths of the null sections, sub-sections and scores of a result, in field order.

    Every null section of a layer is named (`growth_intelligence.platform_fit`) and, one level
    further, every null sub-object (`media_understanding.audio_analysis.music`); plain values
    and lists below a section are not.
    """
    paths: list[str] = []
    for name in ("source", "media", "scores", *_LAYERS):
        value = getattr(result, name)
        if value is None:
            paths.append(name)
        elif isinstance(value, Scores):
            paths.extend(
                f"scores.{score}" for score in SCORE_NAMES if getattr(value, score) is None
            )
        elif name in _LAYERS:
            for section_name, section in _fields(value):
                path = f"{name}.{section_name}"
                if section is None:
                    paths.append(path)
                elif isinstance(section, BaseModel):
                    paths.extend(
                        f"{path}.{child_name}"
                        for child_name, child in _fields(section)
                        if child is None and _holds_model(type(section).model_fields[child_name])
                    )
    return paths


def _fields(model: BaseModel) -> Iterator[tuple[str, Any]]:
    for name in type(model).model_fields:
        yield name, getattr(model, name)


def _holds_model(info: FieldInfo) -> bool:
    annotation: Any = info.annotation
    if get_origin(annotation) in (Union, UnionType):
        return any(_is_model(arg) for arg in get_args(annotation))
    return _is_model(annotation)


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)
