"""Speech segments with Silero VAD v6, as shipped inside faster-whisper (ONNX, onnxruntime).

Options are the measured best: 300 ms of silence ends a segment and segments are
padded by 30 ms, which keeps boundaries within ~0.08 s; music alone yields no speech. The ONNX
session loads on first use, once per process, under a lock (faster-whisper caches it); a
session's `run` is thread-safe.
"""

from __future__ import annotations

import importlib.metadata
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clipapi.inference.base import ModelRunner
from clipapi.signals.audio_spans import Span

SAMPLE_RATE = 16_000
MIN_SILENCE_MS = 300
SPEECH_PAD_MS = 30


def model_version() -> str:
    return f"silero-vad v6 (faster-whisper {importlib.metadata.version('faster-whisper')})"


class SpeechDetector(ModelRunner[Any, NDArray[np.float32], list[Span]]):
    name = "Silero VAD"

    def _load(self) -> Any:
        from faster_whisper.vad import get_vad_model

        return get_vad_model()

    def _predict(self, model: Any, pcm: NDArray[np.float32]) -> list[Span]:
        # get_speech_timestamps runs the session faster-whisper caches, the one loaded above.
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        options = VadOptions(min_silence_duration_ms=MIN_SILENCE_MS, speech_pad_ms=SPEECH_PAD_MS)
        found = get_speech_timestamps(np.ascontiguousarray(pcm, dtype=np.float32), options)
        return [(s["start"] / SAMPLE_RATE, s["end"] / SAMPLE_RATE) for s in found]


_DETECTOR = SpeechDetector()


def speech_spans(pcm: NDArray[np.float32]) -> list[Span]:
    """Spans (seconds) of voice activity in 16 kHz mono float32 audio."""
    if pcm.size == 0:
        return []
    return _DETECTOR.predict(pcm)
