"""Who spoke when on one audio channel, from voice embeddings (method `voice-clusters.v1`).

1. Units: voice-activity spans cut into equal pieces of at most UNIT_MAX_S (one encoder
   window), so a turn that follows another after a short breath still falls mostly into
   units of its own.
2. Clusters: units of at least CORE_UNIT_S start as one cluster each and the two most alike
   clusters merge, again and again, while their similarity is at least
   SAME_VOICE_SIMILARITY. Average linkage: two clusters' similarity is the duration-weighted
   mean cosine over all pairs of their units, which does not creep up as clusters grow (the
   cosine of two clusters' mean embeddings does, and chains two voices together through the
   units that straddle a change of voice). Shorter units (a word or two: too little sound
   for a steady embedding), and clusters holding under MIN_VOICE_S of speech, then join the
   kept cluster whose mean they are most alike.
3. Labels `A`, `B`, … in order of first appearance; words take the label of the unit they
   overlap most (the nearest unit when voice activity missed them), and a transcript
   segment is split where its words change voice (at word boundaries: nothing is
   re-recognised).

SAME_VOICE_SIMILARITY sits between the last merge inside one voice and the first merge of two
voices, measured on 1.6 s units (docs/accuracy.md): one recorded speaker (JFK, 1961, noisy)
merges down to 0.69, one synthetic voice to 0.75; two recorded speakers
(stereo_diarization.wav, played one after the other) first merge at 0.56, and two synthetic
voices with 0.15 s between turns need a threshold under 0.66 to stay apart. Known limits: two
voices the encoder hears as one (two variants of one formant synthesiser score 0.80) stay one
speaker; overlapping speech takes the label of the louder voice; a voice with under
MIN_VOICE_S of speech joins the nearest voice.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.audio_spans import Span, normalise_spans
from clipapi.signals.speech import Segment, Word

METHOD = "voice-clusters.v1"
UNIT_MAX_S = 1.6
MIN_UNIT_S = 0.25
CORE_UNIT_S = 1.0
MIN_VOICE_S = 2.0
SAME_VOICE_SIMILARITY = 0.62
LABELS = string.ascii_uppercase


@dataclass(frozen=True)
class VoiceTurns:
    units: tuple[Span, ...]
    labels: tuple[str, ...]  # one per unit

    @property
    def count(self) -> int:
        return len(set(self.labels))


def speech_units(spans: Sequence[Span], max_unit_s: float = UNIT_MAX_S) -> list[Span]:
    """Voice-activity spans cut into equal pieces of at most `max_unit_s`; slivers under
    MIN_UNIT_S dropped."""
    units: list[Span] = []
    for start, end in normalise_spans(spans):
        length = end - start
        if length < MIN_UNIT_S:
            continue
        pieces = max(1, int(np.ceil(length / max_unit_s)))
        step = length / pieces
        units.extend((start + k * step, start + (k + 1) * step) for k in range(pieces))
    return units


def cluster_voices(
    units: Sequence[Span],
    embeddings: NDArray[np.float32],
    threshold: float = SAME_VOICE_SIMILARITY,
) -> VoiceTurns:
    """A label per unit (rows of `embeddings` are the units' L2-normed embeddings)."""
    if not units:
        return VoiceTurns((), ())
    durations = np.array([end - start for start, end in units], dtype=np.float64)
    vectors = np.asarray(embeddings, dtype=np.float64)
    core = np.flatnonzero(durations >= CORE_UNIT_S)
    if core.size == 0:
        core = np.arange(len(units))
    cluster_of = np.full(len(units), -1, dtype=np.int64)
    for index, members in enumerate(_merge(vectors[core], durations[core], threshold)):
        cluster_of[core[members]] = index
    sums = np.stack(
        [
            (vectors[cluster_of == c] * durations[cluster_of == c, None]).sum(axis=0)
            for c in range(int(cluster_of.max()) + 1)
        ]
    )
    cluster_of = _dissolve_small(cluster_of, sums, durations, vectors)
    return VoiceTurns(tuple(units), _first_appearance_labels(cluster_of))


def _dissolve_small(
    cluster_of: NDArray[np.int64],
    sums: NDArray[np.float64],
    durations: NDArray[np.float64],
    vectors: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Unclustered units, and the units of clusters under MIN_VOICE_S of speech, joined to
    the kept cluster they are most alike on average."""
    totals = np.array([durations[cluster_of == c].sum() for c in range(len(sums))])
    kept = np.flatnonzero(totals >= MIN_VOICE_S)
    if kept.size == 0:
        kept = np.array([int(np.argmax(totals))])
    means = sums[kept] / totals[kept, None]  # a unit's mean cosine to each kept cluster
    out = cluster_of.copy()
    for index in np.flatnonzero(~np.isin(cluster_of, kept)):
        out[index] = int(kept[int(np.argmax(means @ vectors[index]))])
    return out


def _merge(
    vectors: NDArray[np.float64], weights: NDArray[np.float64], threshold: float
) -> list[NDArray[np.int64]]:
    """Agglomerative clustering, average linkage: two clusters' similarity is the
    duration-weighted mean cosine over all pairs of their units (the dot product of their
    weighted embedding sums over the product of their durations)."""
    sums = vectors * weights[:, None]
    dots = sums @ sums.T  # kept up to date as clusters merge: one matrix product in all
    totals = weights.copy()
    members: list[list[int]] = [[i] for i in range(len(vectors))]
    active = np.ones(len(vectors), dtype=np.bool_)
    while active.sum() > 1:
        similarity = dots / np.outer(totals, totals)
        similarity[~active, :] = -np.inf
        similarity[:, ~active] = -np.inf
        np.fill_diagonal(similarity, -np.inf)
        a, b = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if similarity[a, b] < threshold:
            break
        keep, drop = int(min(a, b)), int(max(a, b))
        dots[keep, :] += dots[drop, :]
        dots[:, keep] += dots[:, drop]
        totals[keep] += totals[drop]
        members[keep].extend(members[drop])
        active[drop] = False
    alive = [int(i) for i in np.flatnonzero(active)]
    return [np.asarray(sorted(members[i]), dtype=np.int64) for i in alive]


def _first_appearance_labels(cluster_of: NDArray[np.int64]) -> tuple[str, ...]:
    names: dict[int, str] = {}
    for cluster in cluster_of.tolist():
        if cluster not in names:
            names[cluster] = LABELS[len(names) % len(LABELS)]
    return tuple(names[c] for c in cluster_of.tolist())


def label_at(turns: VoiceTurns, start: float, end: float) -> str | None:
    """The label of the unit overlapping [start, end] most, else of the nearest unit."""
    if not turns.units:
        return None
    best, best_overlap, best_distance = 0, 0.0, np.inf
    for index, (unit_start, unit_end) in enumerate(turns.units):
        overlap = min(end, unit_end) - max(start, unit_start)
        distance = max(unit_start - end, start - unit_end, 0.0)
        if overlap > best_overlap or (best_overlap <= 0 and distance < best_distance):
            best, best_overlap, best_distance = index, max(overlap, 0.0), distance
    return turns.labels[best]


def label_segments(segments: Sequence[Segment], turns: VoiceTurns) -> tuple[Segment, ...]:
    """Segments labelled by voice, split where their words change voice."""
    labelled: list[Segment] = []
    for segment in segments:
        if not segment.words:
            labelled.append(replace(segment, speaker=label_at(turns, segment.start, segment.end)))
            continue
        runs: list[tuple[str | None, list[Word]]] = []
        for word in segment.words:
            label = label_at(turns, word.start, word.end)
            if runs and runs[-1][0] == label:
                runs[-1][1].append(word)
            else:
                runs.append((label, [word]))
        if len(runs) == 1:
            labelled.append(replace(segment, speaker=runs[0][0]))
            continue
        for label, words in runs:
            labelled.append(
                replace(
                    segment,
                    start=words[0].start if words is not runs[0][1] else segment.start,
                    end=words[-1].end if words is not runs[-1][1] else segment.end,
                    text="".join(w.text for w in words),
                    words=tuple(words),
                    speaker=label,
                )
            )
    return tuple(labelled)
