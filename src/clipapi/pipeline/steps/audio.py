"""audio: loudness, peaks and clipping, silences, speech and music over time, tempo, and the
catalog track the music comes from.

Everything but peaks and clipping is measured on the shared analysis decode (16 kHz mono,
`load_pcm`, also read by the transcript step). True peak and clipping need the file's own
channels and rate (a downmix reads up to 3 dB high and a resampler rounds flat tops off), so a
streaming pass over the native audio measures them block by block, holding one block at a time.
Language, speaking rate and speaker count come from the transcript step, which writes them
into `audio_analysis.speech` by dotted path: assembled after this step, they merge into the
speech section written here (this step never writes those keys, not even as null).
"""

from __future__ import annotations

import importlib.metadata
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray
from sqlalchemy.exc import SQLAlchemyError

from clipapi.catalog import fingerprint
from clipapi.catalog.service import CatalogMatch, Identification, identify
from clipapi.inference import omnivad, vad
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.media.audio import SAMPLE_RATE, load_pcm
from clipapi.media.probe import open_media
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.signals import audio_beat, audio_levels, audio_loudness, audio_silence, audio_tempo
from clipapi.signals.audio_activity import (
    MUSIC_METHOD,
    music_spans,
    tempo_gate,
    voice_over_share,
)
from clipapi.signals.audio_spans import Span, normalise_spans, ratio, rounded

log = logging.getLogger(__name__)

PEAK_BLOCK_S = 10.0
# Music under speech for at least this share of its time is a bed under a voice-over.
VOICE_OVER_SHARE = 0.5
AUDIO = "media_understanding.audio_analysis"


class AudioStep:
    name = "audio_analysis"
    needs: tuple[str, ...] = ("probe",)
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        if not ctx.signals("probe").get("has_audio"):
            return StepOutput(warnings=["no audio track: audio analysis not measured"])
        path = ctx.media_path()
        limit = ctx.request.max_duration_s
        pcm = load_pcm(path, ctx.workdir, limit)
        if pcm.size == 0:
            return StepOutput(
                warnings=["the audio track decoded to nothing: audio analysis not measured"]
            )
        return _analyse(ctx, path, pcm, limit)


def _analyse(
    ctx: StepContext, path: Path, pcm: NDArray[np.float32], limit: float | None
) -> StepOutput:
    duration = pcm.size / SAMPLE_RATE
    warnings: list[str] = []
    versions = {
        "loudness": f"pyloudnorm-{_version('pyloudnorm')} BS.1770-4",
        "silence": audio_silence.METHOD,
        "clipping": audio_levels.CLIP_METHOD,
    }

    silence = audio_silence.measure_silence(pcm, SAMPLE_RATE)
    loudness = audio_loudness.measure_loudness(pcm, SAMPLE_RATE)
    peaks = _native_peaks(ctx, path, limit, pcm)
    rms = audio_levels.rms_profile(pcm, SAMPLE_RATE)
    ctx.check_deadline()
    if silence.digital_silence:
        warnings.append("the audio track is digital silence: no speech, music or loudness")
    elif loudness.integrated_lufs is None:
        warnings.append("loudness not measured: the audio is under 0.4 s or below -70 LUFS")
    elif loudness.loudness_range_lu is None:
        warnings.append("loudness range not measured: it needs 3 s of audio")

    speech, music, singing, beat = _activity(pcm, silence.digital_silence, versions, warnings)
    ctx.check_deadline()
    if speech == [] and not silence.digital_silence:
        warnings.append("no speech found: longest pause not measured")

    tempo: audio_tempo.Tempo | None = None
    match: CatalogMatch | None = None
    if music:
        tempo = _tempo(pcm, music, speech or [], beat, versions, warnings)
        ctx.check_deadline()
        match = _identify(ctx, pcm, music, speech or [], versions, warnings)
    elif music == [] and not silence.digital_silence:
        warnings.append("no music found: tempo and track not measured")

    analysis: dict[str, Any] = {
        "loudness": _present(
            integrated_lufs=loudness.integrated_lufs,
            true_peak_dbfs=peaks.true_peak_dbfs,
            loudness_range=loudness.loudness_range_lu,
        ),
        "silence_ratio": round(silence.silence_ratio, 3),
    }
    if peaks.clipping_ratio is not None:
        analysis["clipping_ratio"] = round(peaks.clipping_ratio, 6)
    if speech is not None:  # language, speaking rate and speakers are the transcript step's
        analysis["speech"] = _present(
            speech_ratio=round(ratio(speech, duration), 3),
            longest_pause_s=audio_silence.longest_pause_s(speech),
            spans=_span_objects(speech),
        )
    if music is not None:
        analysis["music"] = _present(
            present=bool(music),
            track_title=match.title if match else None,
            artist=match.artist if match else None,
            bpm_estimate=round(tempo.bpm) if tempo else None,
            confidence=match.score if match else None,
            music_ratio=round(ratio(music, duration), 3),
            spans=_span_objects(music),
        )
    signals: dict[str, Any] = {
        "rms_db": list(rms.values_db),
        "rms_window_s": rms.window_s,
        "silences": rounded(silence.spans),
        "longest_silence_s": silence.longest_silence_s,
        "speech_segments": None if speech is None else rounded(speech),
        "music_segments": None if music is None else rounded(music),
        "singing_segments": rounded(singing),
        "beat_segments": rounded(beat.spans) if beat else None,
        "clipping_ratio": peaks.clipping_ratio,
        "tempo_bpm": tempo.bpm if tempo else None,
        "catalog_track": match.to_signal() if match else None,
    }
    return StepOutput(
        fields={AUDIO: analysis}, signals=signals, warnings=warnings, model_versions=versions
    )


def _activity(
    pcm: NDArray[np.float32],
    digital_silence: bool,
    versions: dict[str, str],
    warnings: list[str],
) -> tuple[list[Span] | None, list[Span] | None, list[Span], audio_beat.Beat | None]:
    """Speech, music and singing spans (None for what a detector could not measure), and
    the beat found outside the voice's frequencies. A beat counts as music: the event
    detector hears music by its harmony and misses a drum beat under a voice-over."""
    if digital_silence:  # nothing to detect; the detectors agree (tests/signals)
        return [], [], [], None
    duration = pcm.size / SAMPLE_RATE
    speech: list[Span] | None = None
    music: list[Span] | None = None
    singing: list[Span] = []
    try:
        speech = normalise_spans(vad.speech_spans(pcm), duration)
        versions["vad"] = vad.model_version()
    except (RuntimeError, OSError, ImportError) as exc:
        log.warning("speech detection failed: %s", exc)
        warnings.append("speech activity not measured: the voice detector failed to run")
    beat = audio_beat.find_beat(pcm, SAMPLE_RATE)
    try:
        events = omnivad.detect_events(pcm)
        singing = normalise_spans(events.singing, duration)
        music = music_spans([*events.music, *beat.spans], events.singing, duration)
        versions["music"] = f"{omnivad.model_version()} {MUSIC_METHOD} + {audio_beat.METHOD}"
    except (RuntimeError, OSError, ImportError) as exc:
        log.warning("music detection failed: %s", exc)
        warnings.append("music not measured: the audio event detector failed to run")
    return speech, music, singing, beat


def _tempo(
    pcm: NDArray[np.float32],
    music: list[Span],
    speech: list[Span],
    beat: audio_beat.Beat | None,
    versions: dict[str, str],
    warnings: list[str],
) -> audio_tempo.Tempo | None:
    """The music's tempo. Under a voice-over the voice's syllables swamp the onsets (a
    tempo read over all frequencies was 6-40 % off at 10-20 dB under a voice), so the
    tempo comes from the band where the beat sounds and the voice does not, or is not
    measured."""
    gate = tempo_gate(music, pcm.size / SAMPLE_RATE)
    if gate is not None:
        warnings.append(f"tempo not measured: {gate}")
        return None
    method = audio_tempo.METHOD
    if voice_over_share(music, speech) < VOICE_OVER_SHARE:
        tempo = audio_tempo.estimate_tempo(pcm, SAMPLE_RATE, music)
    elif beat is not None and beat.band is not None:
        bands = list(audio_beat.BANDS.values())
        tempo = audio_tempo.estimate_tempo(pcm, SAMPLE_RATE, music, bands, bands)
        method = f"{method} on {audio_beat.METHOD} bands"
    else:
        warnings.append(
            "tempo not measured: the music plays under speech and has no beat outside the "
            "voice's frequencies"
        )
        return None
    versions["tempo"] = f"librosa-{_version('librosa')} {method}"
    if tempo is None:
        warnings.append("tempo not measured: no steady beat in the music")
    return tempo


def _identify(
    ctx: StepContext,
    pcm: NDArray[np.float32],
    music: list[Span],
    speech: list[Span],
    versions: dict[str, str],
    warnings: list[str],
) -> CatalogMatch | None:
    engine = make_engine(ctx.settings.effective_database_url)
    try:
        found = identify(make_sessionmaker(engine), pcm, SAMPLE_RATE, music, speech)
    except SQLAlchemyError as exc:
        log.warning("music catalog unreadable: %s", exc)
        found = Identification(None, "track not identified: the music catalog could not be read")
    finally:
        engine.dispose()
    if found.reason:
        warnings.append(found.reason)
    if fingerprint.chromaprint_problem() is None:
        versions["fingerprint"] = f"{fingerprint.library_version()} {fingerprint.METHOD}"
    return found.match


def _native_peaks(
    ctx: StepContext, path: Path, limit: float | None, pcm: NDArray[np.float32]
) -> audio_levels.PeakLevels:
    try:
        return audio_levels.combine_peaks(
            audio_levels.measure_peaks(block, rate)
            for block, rate in _native_blocks(ctx, path, limit)
        )
    except (av.FFmpegError, ValueError) as exc:  # decodable once already: fall back to it
        log.warning("native-rate audio decode failed, peaks from the analysis decode: %s", exc)
        return audio_levels.measure_peaks(pcm, SAMPLE_RATE)


def _native_blocks(
    ctx: StepContext, path: Path, limit: float | None
) -> Iterator[tuple[NDArray[np.float32], int]]:
    """The first audio stream at its own rate: (channels, samples) blocks of PEAK_BLOCK_S,
    each with its sample rate."""
    with open_media(path) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="fltp")  # planar float, own layout and rate
        pending: list[NDArray[np.float32]] = []
        pending_samples = 0
        seen = 0
        rate = stream.rate
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                block = out.to_ndarray().astype(np.float32, copy=False)
                rate = out.sample_rate
                if limit is not None and seen + block.shape[1] > limit * rate:
                    block = block[:, : max(0, int(limit * rate) - seen)]
                pending.append(block)
                pending_samples += block.shape[1]
                seen += block.shape[1]
                if pending_samples >= PEAK_BLOCK_S * rate:
                    yield np.concatenate(pending, axis=1), rate
                    pending, pending_samples = [], 0
                    ctx.check_deadline()
            if limit is not None and seen >= limit * stream.rate:
                break
        for out in resampler.resample(None):
            pending.append(out.to_ndarray().astype(np.float32, copy=False))
        if pending:
            yield np.concatenate(pending, axis=1), rate


def _present(**values: Any) -> dict[str, Any]:
    """The measured values only: a null never overwrites what another step set."""
    return {key: value for key, value in values.items() if value is not None}


def _span_objects(spans: list[Span]) -> list[dict[str, float]]:
    return [{"start": round(s, 2), "end": round(e, 2)} for s, e in spans]


def _version(package: str) -> str:
    return importlib.metadata.version(package)
