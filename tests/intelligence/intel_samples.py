"""Hand-made signal sets for the intelligence tests (not a conftest: see pipeline_fakes)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from clipapi.intelligence.signals import Line, Signals, Word
from clipapi.pipeline.step import StepOutput

WORD_S = 0.3  # ~200 words per minute while speaking

TUTORIAL = (
    (0.3, "Why do most people fail at saving money?"),
    (3.0, "Here's the thing, nobody teaches you a budget."),
    (6.5, "First, write down every expense for a week."),
    (10.0, "Second, cut the three biggest subscriptions."),
    (13.5, "Then move 10 percent of your pay on payday."),
    (17.5, "I tried this and went from zero to 2000 dollars in savings."),
    (22.0, "And that's how you build a budget that works."),
)


def spoken(script: tuple[tuple[float, str], ...]) -> dict[str, Any]:
    """words and sentences for lines starting at the given times, one word every 0.3 s."""
    words: list[Word] = []
    lines: list[Line] = []
    for start, text in script:
        t = start
        for token in text.split():
            words.append(Word(round(t, 2), round(t + WORD_S - 0.05, 2), token, 0.92))
            t += WORD_S
        lines.append(Line(start, round(t - 0.05, 2), text))
    return {"words": tuple(words), "sentences": tuple(lines)}


def levels(duration_s: float, db: float = -20.0) -> tuple[float, ...]:
    return tuple([db] * int(duration_s * 2))


def talking_tutorial(**overrides: Any) -> Signals:
    """A 28 s vertical talking-head tutorial on TikTok with every input measured."""
    base = Signals(
        platform="tiktok",
        title=None,
        hashtags=("budgeting",),
        duration_s=28.0,
        width=1080,
        height=1920,
        has_audio=True,
        asr_confidence=0.9,
        language="en",
        speech_ratio=0.85,
        longest_pause_s=0.8,
        rms_db=levels(28.0),
        silences=(),
        clipping_ratio=0.0,
        integrated_lufs=-14.0,
        true_peak_dbfs=-1.5,
        loudness_range=6.0,
        music_present=False,
        music_ratio=0.0,
        cut_times=(2.0, 6.4, 13.4, 19.9),
        cuts_per_minute=8.6,
        motion_per_s=tuple([0.1] * 28),
        first_frame_face=True,
        first_frame_text=True,
        first_last_similarity=0.7,
        on_screen_text=(Line(0.0, 2.5, "Why you're broke"),),
        face_presence_ratio=0.9,
        brightness=0.5,
        contrast=0.25,
        sharpness=250.0,
        colorfulness=40.0,
        letterboxing=0.0,
        content_format="talking_head_with_broll",
        category="Finance",
        topics=("budget", "savings"),
        keywords=("expense", "subscriptions", "payday"),
        sentiment_score=0.3,
        **spoken(TUTORIAL),
    )
    return replace(base, **overrides)


def music_montage(**overrides: Any) -> Signals:
    """A 20 s montage over music: no speech, a cut every 2 s, a caption at the start."""
    base = Signals(
        platform="instagram",
        duration_s=20.0,
        width=1080,
        height=1920,
        has_audio=True,
        words=(),
        sentences=(),
        speech_ratio=0.0,
        rms_db=levels(20.0, -16.0),
        silences=(),
        clipping_ratio=0.0,
        integrated_lufs=-13.0,
        true_peak_dbfs=-1.2,
        loudness_range=4.0,
        music_present=True,
        music_ratio=0.95,
        track_title="Aesthetic",
        cut_times=tuple(float(t) for t in range(2, 20, 2)),
        cuts_per_minute=27.0,
        motion_per_s=tuple([0.3] * 20),
        first_frame_face=False,
        first_frame_text=False,
        first_last_similarity=0.4,
        on_screen_text=(),
        face_presence_ratio=0.1,
        brightness=0.55,
        contrast=0.3,
        sharpness=300.0,
        colorfulness=60.0,
        letterboxing=0.0,
        content_format="music_montage",
    )
    return replace(base, **overrides)


def step_outputs() -> dict[str, StepOutput]:
    """What the input steps of a 28 s spoken tutorial report, in their documented keys."""
    lines = spoken((*TUTORIAL, (26.0, "Follow for more money tips.")))
    words = [[w.start, w.end, w.text, w.probability] for w in lines["words"]]
    sentences = [{"start": s.start, "end": s.end, "text": s.text} for s in lines["sentences"]]
    segments = [{**s, "confidence": 0.9, "words": []} for s in sentences]
    return {
        "ingest": StepOutput(
            fields={
                "source": {
                    "platform": "tiktok",
                    "title": "How I budget",
                    "description": "My budget method #budgeting #moneytok",
                    "hashtags": ["budgeting", "moneytok"],
                    "view_count": 5400,
                    "follower_count": 20000,
                }
            },
            signals={"media_key": "analyses/x/media/source.mp4"},
        ),
        "probe": StepOutput(
            fields={"media": {"duration_s": 28.0}},
            signals={
                "duration_s": 28.0,
                "width": 1080,
                "height": 1920,
                "aspect_ratio": "9:16",
                "orientation": "portrait",
                "fps": 30.0,
                "has_audio": True,
            },
        ),
        "transcription": StepOutput(
            fields={
                "media_understanding.transcript": {
                    "full_text": " ".join(s["text"] for s in sentences),
                    "segments": segments,
                    "language": "en",
                    "word_count": len(words),
                }
            },
            signals={"words": words, "sentences": sentences},
        ),
        "audio_analysis": StepOutput(
            # The audio step sets its section in parts, as the transcript step sets `speech`.
            fields={
                "media_understanding.audio_analysis.loudness": {
                    "integrated_lufs": -14.2,
                    "true_peak_dbfs": -1.3,
                    "loudness_range": 5.5,
                },
                "media_understanding.audio_analysis.silence_ratio": 0.05,
                "media_understanding.audio_analysis.clipping_ratio": 0.0,
                "media_understanding.audio_analysis.speech": {
                    "speech_ratio": 0.85,
                    "longest_pause_s": 0.9,
                },
                "media_understanding.audio_analysis.music": {"present": False, "music_ratio": 0.0},
            },
            signals={
                "rms_db": [-20.0] * 56,
                "rms_window_s": 0.5,
                "silences": [[24.6, 25.9]],
                "speech_segments": [[0.3, 24.6]],
                "music_segments": [],
                "clipping_ratio": 0.0,
                "catalog_track": None,
            },
        ),
        "visual_analysis": StepOutput(
            fields={
                "media_understanding.visual_analysis": {
                    "shots": [{"index": 0, "start": 0.0, "end": 28.0}],
                    "shot_count": 5,
                    "cuts_per_minute": 8.6,
                    "motifs": ["face-to-camera", "text-overlay"],
                    "on_screen_text": [
                        {"start": 0.0, "end": 2.5, "text": "Why you're broke", "confidence": 0.9}
                    ],
                    "faces": {"presence_ratio": 0.9, "face_to_camera_ratio": 0.8, "max_faces": 1},
                    "quality": {
                        "brightness": 0.5,
                        "contrast": 0.25,
                        "sharpness": 250.0,
                        "colorfulness": 40.0,
                        "letterboxing": 0.0,
                    },
                }
            },
            signals={
                "cut_times": [2.0, 6.4, 13.4, 19.9],
                "motion_per_s": [0.1] * 27 + [None],
                "first_frame_face": True,
                "first_frame_text": True,
                "first_last_similarity": 0.7,
                "face_presence_per_s": [1.0] * 28,
            },
        ),
        "media_understanding": StepOutput(
            fields={
                "media_understanding.content_overview": {
                    "title": "How I budget",
                    "summary": "A budgeting method in three steps.",
                    "category": "Finance",
                    "format": "talking_head_with_broll",
                    "language": "en",
                },
                "media_understanding.entities": {
                    "topics": ["budget", "savings"],
                    "keywords": ["expense", "subscriptions", "payday"],
                },
                "media_understanding.sentiment": {"label": "positive", "score": 0.3},
            }
        ),
    }
