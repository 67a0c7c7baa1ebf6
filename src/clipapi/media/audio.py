"""Decodes a file's audio once per analysis: 16 kHz mono float32, shared by every audio step."""

from __future__ import annotations

import threading
from pathlib import Path

import av
import numpy as np
from numpy.typing import NDArray

from clipapi.media.probe import open_media

SAMPLE_RATE = 16_000
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


def decode_pcm(path: Path, max_duration_s: float | None = None) -> NDArray[np.float32]:
    """The first audio stream as 16 kHz mono float32 in [-1, 1]; empty when there is none."""
    chunks: list[NDArray[np.float32]] = []
    limit = int(max_duration_s * SAMPLE_RATE) if max_duration_s else None
    total = 0
    with open_media(path) as container:
        if not container.streams.audio:
            return np.zeros(0, dtype=np.float32)
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1).astype(np.float32, copy=False)
                chunks.append(chunk)
                total += chunk.size
            if limit is not None and total >= limit:
                break
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return pcm[:limit] if limit is not None else pcm


def load_pcm(
    media_path: Path, workdir: Path, max_duration_s: float | None = None
) -> NDArray[np.float32]:
    """decode_pcm, cached in the analysis's working folder: steps running side by side
    (audio, transcript) decode the file once between them."""
    cache = workdir / "pcm16k.npy"
    with _locks_guard:
        lock = _locks.setdefault(cache, threading.Lock())
    with lock:
        if cache.exists():
            cached: NDArray[np.float32] = np.load(cache)
            return cached
        pcm = decode_pcm(media_path, max_duration_s)
        tmp = cache.with_suffix(".tmp.npy")
        np.save(tmp, pcm)
        tmp.replace(cache)
        return pcm
