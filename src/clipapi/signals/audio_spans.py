"""Time spans (start, end) in seconds: the shape every audio activity measurement shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

Span = tuple[float, float]


def normalise_spans(
    spans: Iterable[Sequence[float]], duration_s: float | None = None
) -> list[Span]:
    """Sorted, overlapping or touching spans joined, clipped to [0, duration_s]."""
    cleaned: list[Span] = []
    for start, end in sorted((float(s), float(e)) for s, e in spans):
        start = max(0.0, start)
        if duration_s is not None:
            end = min(end, duration_s)
        if end <= start:
            continue
        if cleaned and start <= cleaned[-1][1]:
            cleaned[-1] = (cleaned[-1][0], max(cleaned[-1][1], end))
        else:
            cleaned.append((start, end))
    return cleaned


def bridge_gaps(spans: Sequence[Span], max_gap_s: float) -> list[Span]:
    """Join neighbours separated by at most `max_gap_s`."""
    joined: list[Span] = []
    for start, end in normalise_spans(spans):
        if joined and start - joined[-1][1] <= max_gap_s:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def drop_short(spans: Sequence[Span], min_length_s: float) -> list[Span]:
    return [(s, e) for s, e in spans if e - s >= min_length_s]


def total_s(spans: Sequence[Span]) -> float:
    return sum(e - s for s, e in normalise_spans(spans))


def ratio(spans: Sequence[Span], duration_s: float) -> float:
    """Share of [0, duration_s] the spans cover, 0-1."""
    if duration_s <= 0:
        return 0.0
    return min(1.0, total_s(normalise_spans(spans, duration_s)) / duration_s)


def subtract(spans: Sequence[Span], removed: Sequence[Span]) -> list[Span]:
    """The parts of `spans` outside every span of `removed`."""
    out: list[Span] = []
    cuts = normalise_spans(removed)
    for start, end in normalise_spans(spans):
        cursor = start
        for cut_start, cut_end in cuts:
            if cut_end <= cursor or cut_start >= end:
                continue
            if cut_start > cursor:
                out.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
        if cursor < end:
            out.append((cursor, end))
    return out


def longest_gap_s(spans: Sequence[Span]) -> float:
    """The longest time between consecutive spans; 0.0 for fewer than two spans."""
    joined = normalise_spans(spans)
    return max((b[0] - a[1] for a, b in pairwise(joined)), default=0.0)


def rounded(spans: Sequence[Span], digits: int = 2) -> list[list[float]]:
    """JSON-ready [[start, end], …]."""
    return [[round(s, digits), round(e, digits)] for s, e in spans]
