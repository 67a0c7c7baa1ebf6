"""transcript: words, segments, language and speaking rate with Whisper; speakers by stereo
channel where each channel carries its own voice (clipapi.signals.speech), else by voice
embeddings clustered over the speech of the one signal transcribed
(clipapi.signals.speaker_turns, clipapi.inference.speaker_encoder).

No audio track -> no transcript fields (null) and a warning. Audio without speech -> an empty
transcript (no segments, word_count 0, speaker_count 0) and a warning: that is a measurement.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray

from clipapi.inference import speaker_encoder, vad
from clipapi.inference.whisper import WhisperRunner, whisper_runner
from clipapi.media.audio import SAMPLE_RATE, load_pcm
from clipapi.media.probe import open_media
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals import speaker_turns
from clipapi.signals.speech import (
    Recognition,
    Segment,
    all_words,
    channel_evidence,
    channel_speakers,
    segment_confidence,
    split_sentences,
    spoken_language,
    voices_rate_wpm,
    word_count,
)

log = logging.getLogger(__name__)

SPEAKER_METHOD = f"stereo-channels.v1, else {speaker_turns.METHOD}"
VOICES_WARNING = "speaker count not measured: the speaker encoder is unavailable"
SHORT_WARNING = "speaker count not measured: too little speech to tell voices apart"


class TranscriptStep:
    name = "transcription"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        runner = whisper_runner(ctx.settings)
        versions = {"asr": runner.version, "speakers": SPEAKER_METHOD}
        with contextlib.suppress(ImportError):  # importlib.metadata.PackageNotFoundError
            versions["speaker_embedding"] = speaker_encoder.model_version()
        if not ctx.signals("probe").get("has_audio"):
            return StepOutput(
                warnings=["no audio track: transcript not measured"], model_versions=versions
            )
        path = ctx.media_path()
        limit = ctx.request.max_duration_s
        pcm = load_pcm(path, ctx.workdir, limit)
        if pcm.size == 0:
            return StepOutput(
                warnings=["the audio track decoded to nothing: transcript not measured"],
                model_versions=versions,
            )
        segments, recognitions, warning = _recognise(ctx, runner, path, pcm, limit)
        output = _output(segments, recognitions, pcm.size / SAMPLE_RATE)
        if warning is not None and output.fields["media_understanding.transcript"]["word_count"]:
            output.warnings.append(warning)
        output.model_versions = versions
        return output


def _recognise(
    ctx: StepContext,
    runner: WhisperRunner,
    path: Path,
    pcm: NDArray[np.float32],
    limit: float | None,
) -> tuple[tuple[Segment, ...], list[Recognition], str | None]:
    """Segments labelled by speaker, the recogniser passes behind them, and why speakers are
    not labelled."""
    _, stereo = _decode_stereo(path, limit)
    if stereo is not None and channel_evidence(stereo[0], stereo[1], SAMPLE_RATE).separate:
        left = runner.transcribe(stereo[0], ctx.check_deadline)
        right = runner.transcribe(stereo[1], ctx.check_deadline)
        speakers = channel_speakers(left, right)
        if speakers is not None and speakers.count is not None:
            return speakers.segments, [left, right], None
        if speakers is not None:  # speech on one channel only: tell its voices apart
            only, audio = (left, stereo[0]) if all_words(left.segments) else (right, stereo[1])
            segments, warning = _voices(ctx, audio, only.segments)
            return segments, [left, right], warning
    recognition = runner.transcribe(pcm, ctx.check_deadline)
    segments, warning = _voices(ctx, pcm, recognition.segments)
    return segments, [recognition], warning


def _voices(
    ctx: StepContext, pcm: NDArray[np.float32], segments: tuple[Segment, ...]
) -> tuple[tuple[Segment, ...], str | None]:
    """Segments labelled by clustering voice embeddings over the speech in `pcm`."""
    if word_count(segments) == 0:
        return segments, None
    try:
        units = speaker_turns.speech_units(vad.speech_spans(pcm))
        if not units:  # words without voice activity: fall back to the words' own times
            units = speaker_turns.speech_units([(w.start, w.end) for w in all_words(segments)])
        if not units:
            return segments, SHORT_WARNING
        ctx.check_deadline()
        embeddings = speaker_encoder.embed_spans(pcm, units)
    except (speaker_encoder.EncoderUnavailable, ImportError, OSError, RuntimeError) as exc:
        log.warning("speaker embedding failed: %s", exc)
        return segments, VOICES_WARNING
    turns = speaker_turns.cluster_voices(units, embeddings)
    return speaker_turns.label_segments(segments, turns), None


def _output(
    segments: tuple[Segment, ...], recognitions: list[Recognition], duration_s: float
) -> StepOutput:
    def t(value: float) -> float:
        return round(min(max(value, 0.0), duration_s), 3)

    words = all_words(segments)
    count = word_count(segments)
    language, language_probability = spoken_language(recognitions)
    transcript: dict[str, Any] = {
        "full_text": " ".join(s.text for s in segments if s.text),
        "segments": [
            {
                "start": t(s.start),
                "end": t(s.end),
                "speaker": s.speaker,
                "text": s.text,
                "confidence": segment_confidence(s.avg_logprob),
                "words": [
                    {
                        "start": t(w.start),
                        "end": t(w.end),
                        "word": w.text.strip(),
                        "probability": round(min(max(w.probability, 0.0), 1.0), 3),
                    }
                    for w in s.words
                ],
            }
            for s in segments
        ],
        "language": language,
        "language_probability": language_probability,
        "word_count": count,
    }
    labels = sorted({s.speaker for s in segments if s.speaker is not None})
    speaker_count: int | None = len(labels) if labels else None
    if count == 0:
        speaker_count = 0  # voice activity and recognition found no speech
    keys: list[str | None] = [*labels] or [None]
    voices = {key: all_words(s for s in segments if s.speaker == key) for key in keys}
    sentences = sorted(
        (
            sentence
            for speaker, spoken in voices.items()
            for sentence in split_sentences(spoken, speaker)
        ),
        key=lambda s: (s.start, s.end),
    )
    output = StepOutput(
        fields={
            "media_understanding.transcript": transcript,
            "media_understanding.audio_analysis.speech": {
                "language": language,
                "speech_rate_wpm_est": voices_rate_wpm(list(voices.values())),
                "speaker_count": speaker_count,
            },
        },
        signals={
            "words": [
                [t(w.start), t(w.end), w.text.strip(), round(w.probability, 3)] for w in words
            ],
            "sentences": [
                {"start": t(s.start), "end": t(s.end), "text": s.text, "speaker": s.speaker}
                for s in sentences
            ],
            "language": language,
            "speaker_count": speaker_count,
        },
    )
    if count == 0:
        output.warnings.append("no speech detected: the transcript is empty")
    elif language is None:
        output.warnings.append(
            "transcript: the recogniser could not place the speech's language "
            "(it named one nobody speaks); the language is identified from the video's words"
        )
    return output


def _decode_stereo(
    path: Path, max_duration_s: float | None
) -> tuple[int, tuple[NDArray[np.float32], NDArray[np.float32]] | None]:
    """The first audio stream's channel count, and both channels at 16 kHz when it has two."""
    limit = int(max_duration_s * SAMPLE_RATE) if max_duration_s else None
    chunks: list[NDArray[np.float32]] = []
    total = 0
    with open_media(path) as container:
        if not container.streams.audio:
            return 0, None
        stream = container.streams.audio[0]
        channels = int(stream.codec_context.channels)
        if channels != 2:
            return channels, None
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().astype(np.float32, copy=False))
                total += out.samples
            if limit is not None and total >= limit:
                break
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().astype(np.float32, copy=False))
    if not chunks:
        return channels, None
    both = np.concatenate(chunks, axis=1)[:, :limit]
    return channels, (np.ascontiguousarray(both[0]), np.ascontiguousarray(both[1]))
