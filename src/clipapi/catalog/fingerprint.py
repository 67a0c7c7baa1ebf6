"""Chromaprint fingerprints and their alignment: which catalog track a clip plays, and where.

Fingerprints come from libchromaprint (Debian `libchromaprint1`) through pyacoustid's
`acoustid.fingerprint` on 16-bit PCM; `fpcalc` is never run (it exits 3 here). Without the
library, `chromaprint_problem()` says so and callers degrade to a warning.

A fingerprint is a sequence of 32-bit sub-fingerprints, one every ITEM_S (Chromaprint's
default algorithm: 11025 Hz, 4096-sample frames, a hop of a third of a frame), each
summarising about two seconds of chroma. Matching (method `chromaprint-ber.v1`): slide the
clip's sub-fingerprints along the track's and, at every offset, count the bits that differ
(the bit error rate, BER) over the aligned items the caller selects (its music). All offsets
are scored at once by cross-correlating the 32 bit planes with FFTs. The score is 1 - BER at
the best offset with at least MIN_MATCH_ITEMS aligned items (~5 s). Re-encoded excerpts of
the same recording score 0.93-0.99, unrelated music 0.5-0.65 (bits agree by chance half the
time) and music sharing a chord sequence up to ~0.76, so a match needs MATCH_MIN_SCORE. The
clip is assumed to play one contiguous excerpt (an edit that jumps within the song scores
lower); music drowned by speech does not match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

METHOD = "chromaprint-ber.v1"
ITEM_S = 4096 / 3 / 11025  # 0.1238 s between sub-fingerprints
ITEM_SPAN_S = (15 * 4096 / 3 + 4096) / 11025  # the audio one sub-fingerprint summarises
MIN_MATCH_ITEMS = 40
MATCH_MIN_SCORE = 0.85
MAX_TRACK_S = 900  # fingerprint at most 15 minutes of a catalog track
_BITS = 32


class FingerprintFailed(Exception):
    """libchromaprint refused the audio."""


@dataclass(frozen=True)
class Fingerprint:
    encoded: str  # Chromaprint's compressed base64 form, as stored
    items: NDArray[np.uint32]


@dataclass(frozen=True)
class Alignment:
    score: float  # 1 - bit error rate over the aligned, selected items
    offset_items: int  # reference item aligned with query item 0 (negative: query starts first)
    overlap_items: int

    @property
    def offset_s(self) -> float:
        return self.offset_items * ITEM_S


def chromaprint_problem() -> str | None:
    """Why fingerprints cannot be computed here, or None when libchromaprint loads."""
    try:
        import acoustid
    except ImportError:  # pragma: no cover - pyacoustid is a core dependency
        return "pyacoustid is not installed"
    if not getattr(acoustid, "have_chromaprint", False):
        return "libchromaprint is not installed (Debian/Ubuntu: apt install libchromaprint1)"
    return None


def library_version() -> str:
    import chromaprint

    raw = chromaprint._libchromaprint.chromaprint_get_version()
    return "chromaprint " + (raw.decode() if isinstance(raw, bytes) else str(raw))


def fingerprint_pcm(
    pcm: NDArray[np.floating], sample_rate: int, max_s: float = MAX_TRACK_S
) -> Fingerprint:
    """The fingerprint of mono float audio in [-1, 1]."""
    import acoustid

    samples = np.clip(np.asarray(pcm, dtype=np.float64), -1.0, 1.0)
    pcm16 = (samples * 32767).astype("<i2").tobytes()
    try:
        raw = acoustid.fingerprint(sample_rate, 1, iter([pcm16]), maxlength=int(max_s) + 1)
    except acoustid.FingerprintGenerationError as exc:
        raise FingerprintFailed(str(exc)) from exc
    encoded = raw.decode("ascii") if isinstance(raw, bytes) else str(raw)
    return Fingerprint(encoded, decode(encoded))


def decode(encoded: str) -> NDArray[np.uint32]:
    import chromaprint

    items, _algorithm = chromaprint.decode_fingerprint(encoded.encode("ascii"))
    return np.asarray(items, dtype=np.int64).astype(np.uint32)


def item_centres_s(count: int) -> NDArray[np.float64]:
    """The time each sub-fingerprint is centred on, seconds from the start."""
    return np.arange(count, dtype=np.float64) * ITEM_S + ITEM_SPAN_S / 2


def align(
    query: NDArray[np.uint32],
    reference: NDArray[np.uint32],
    mask: NDArray[np.bool_] | None = None,
    min_overlap: int = MIN_MATCH_ITEMS,
) -> Alignment | None:
    """The offset where `query` (its items where `mask` is true) agrees best with `reference`;
    None when no offset aligns `min_overlap` selected items."""
    n, m = int(query.size), int(reference.size)
    if n == 0 or m == 0:
        return None
    weights = np.ones(n) if mask is None else np.asarray(mask, dtype=np.float64)
    if weights.sum() < min_overlap:
        return None
    q_bits = _signed_bits(query) * weights  # (32, n): +1/-1 per bit, 0 where not selected
    r_bits = _signed_bits(reference)  # (32, m)
    size = 1 << int(np.ceil(np.log2(n + m)))
    fq = np.fft.rfft(np.vstack([q_bits, weights]), size, axis=1)
    fr = np.fft.rfft(np.vstack([r_bits, np.ones(m)]), size, axis=1)
    # corr[o] = sum_i q[i] * r[i + o]; index o for o >= 0, size + o for o < 0.
    corr = np.fft.irfft(np.conj(fq) * fr, size, axis=1)
    offsets = np.concatenate([np.arange(0, m), np.arange(-(n - 1), 0)])
    columns = np.concatenate([np.arange(0, m), size + np.arange(-(n - 1), 0)])
    agreement = corr[:_BITS, columns].sum(axis=0)  # agreeing minus differing bits
    overlap = np.round(corr[_BITS, columns])  # selected items aligned at that offset
    valid = overlap >= min_overlap
    if not valid.any():
        return None
    score = np.full(offsets.size, -1.0)
    score[valid] = (_BITS * overlap[valid] + agreement[valid]) / (2 * _BITS * overlap[valid])
    best = int(np.argmax(score))
    return Alignment(
        score=round(float(score[best]), 4),
        offset_items=int(offsets[best]),
        overlap_items=int(overlap[best]),
    )


def _signed_bits(items: NDArray[np.uint32]) -> NDArray[np.float64]:
    shifts = np.arange(_BITS, dtype=np.uint32)[:, None]
    bits = (items[None, :] >> shifts) & np.uint32(1)
    signed: NDArray[np.float64] = bits.astype(np.float64) * 2 - 1
    return signed
