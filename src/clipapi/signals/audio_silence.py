"""Silences: where the audio drops to nothing, relative to the clip and in absolute terms.

Method `silence.v1`: the level of every 10 ms frame (RMS, dBFS) is compared with a threshold,
the higher of ABSOLUTE_SILENCE_DBFS and the clip's loud level (95th percentile of frame levels)
minus RELATIVE_SILENCE_DB. A quiet room under a loud voice is silence; so is anything under
-60 dBFS in a clip that is quiet throughout. Runs of silent frames shorter than MIN_SILENCE_S
(gaps between words, drum hits) are not silences. A signal whose every sample is below
DIGITAL_SILENCE_DBFS is digital silence: one span over everything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.audio_spans import Span, longest_gap_s

METHOD = "silence.v1"
FRAME_S = 0.01
ABSOLUTE_SILENCE_DBFS = -60.0
RELATIVE_SILENCE_DB = 35.0
LOUD_PERCENTILE = 95.0
MIN_SILENCE_S = 0.3
DIGITAL_SILENCE_DBFS = -90.0


@dataclass(frozen=True)
class Silence:
    spans: tuple[Span, ...]
    silence_ratio: float
    longest_silence_s: float
    threshold_dbfs: float
    digital_silence: bool


def measure_silence(
    pcm: NDArray[np.floating],
    sample_rate: int,
    min_silence_s: float = MIN_SILENCE_S,
) -> Silence:
    x = np.asarray(pcm, dtype=np.float64)
    duration = x.size / sample_rate
    if x.size == 0:
        return Silence((), 0.0, 0.0, ABSOLUTE_SILENCE_DBFS, False)
    peak = float(np.max(np.abs(x)))
    if peak == 0 or 20 * math.log10(peak) < DIGITAL_SILENCE_DBFS:
        span = (0.0, round(duration, 3))
        return Silence((span,), 1.0, span[1], DIGITAL_SILENCE_DBFS, True)

    frame = max(1, round(FRAME_S * sample_rate))
    count = math.ceil(x.size / frame)
    padded = np.zeros(count * frame)
    padded[: x.size] = x
    power = np.mean(padded.reshape(count, frame) ** 2, axis=1)
    # The last frame is partial: its mean over padding zeros would under-read it.
    tail = x.size - (count - 1) * frame
    power[-1] *= frame / tail
    level = 10 * np.log10(np.maximum(power, 1e-20))
    loud = float(np.percentile(level, LOUD_PERCENTILE))
    threshold = max(ABSOLUTE_SILENCE_DBFS, loud - RELATIVE_SILENCE_DB)

    quiet = level < threshold
    edges = np.diff(np.concatenate(([0], quiet.astype(np.int8), [0])))
    spans: list[Span] = []
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        start_s, end_s = start * FRAME_S, min(end * FRAME_S, duration)
        if end_s - start_s >= min_silence_s:
            spans.append((round(float(start_s), 3), round(float(end_s), 3)))
    total = sum(e - s for s, e in spans)
    longest = max((e - s for s, e in spans), default=0.0)
    return Silence(
        spans=tuple(spans),
        silence_ratio=min(1.0, total / duration) if duration else 0.0,
        longest_silence_s=round(longest, 3),
        threshold_dbfs=round(threshold, 1),
        digital_silence=False,
    )


def longest_pause_s(speech: list[Span]) -> float | None:
    """The longest stretch without speech between two spoken spans (None without speech)."""
    if not speech:
        return None
    return round(longest_gap_s(speech), 3)
