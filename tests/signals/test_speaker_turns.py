"""Voice clustering and transcript labelling on hand-made embeddings (no model)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from clipapi.signals.speaker_turns import (
    MIN_VOICE_S,
    SAME_VOICE_SIMILARITY,
    VoiceTurns,
    cluster_voices,
    label_at,
    label_segments,
    speech_units,
)
from clipapi.signals.speech import Segment, Word


def voices(rng: np.random.Generator, count: int) -> NDArray[np.float64]:
    """`count` random directions in 256 dimensions (nearly orthogonal: distinct voices)."""
    return np.asarray([v / np.linalg.norm(v) for v in rng.standard_normal((count, 256))])


def draw(
    rng: np.random.Generator, centre: NDArray[np.float64], spread: float
) -> NDArray[np.float32]:
    v = centre + spread * rng.standard_normal(centre.size) / np.sqrt(centre.size)
    return (v / np.linalg.norm(v)).astype(np.float32)


def test_units_cut_long_spans_evenly_and_drop_slivers() -> None:
    units = speech_units([(0.0, 4.0), (5.0, 5.1), (6.0, 7.0)], max_unit_s=1.6)
    expected = [(0.0, 4 / 3), (4 / 3, 8 / 3), (8 / 3, 4.0), (6.0, 7.0)]
    assert np.allclose(units, expected)
    assert speech_units([]) == []


def test_two_voices_get_labels_in_order_of_first_appearance() -> None:
    rng = np.random.default_rng(1)
    centres = voices(rng, 2)
    order = [1, 1, 0, 0, 1, 0, 1, 1, 0, 0]  # voice 1 speaks first: it is A
    units = [(2.0 * i, 2.0 * i + 1.5) for i in range(len(order))]
    embeddings = np.stack([draw(rng, centres[v], 0.5) for v in order])
    turns = cluster_voices(units, embeddings)
    assert turns.labels == tuple("A" if v == 1 else "B" for v in order)
    assert turns.count == 2


def test_one_voice_is_never_split_even_with_noisy_embeddings() -> None:
    rng = np.random.default_rng(2)
    centre = voices(rng, 1)[0]
    embeddings = np.stack([draw(rng, centre, 0.75) for _ in range(30)])
    pairwise = (embeddings @ embeddings.T)[np.triu_indices(30, 1)]
    assert pairwise.min() < SAME_VOICE_SIMILARITY < pairwise.mean()  # some pairs look apart
    turns = cluster_voices([(2.0 * i, 2.0 * i + 1.5) for i in range(30)], embeddings)
    assert set(turns.labels) == {"A"}


def test_three_voices_and_short_units_join_their_own_voice() -> None:
    rng = np.random.default_rng(3)
    centres = voices(rng, 3)
    order = [0, 1, 2, 0, 1, 2, 0, 1, 2]
    units = [(2.0 * i, 2.0 * i + 1.5) for i in range(9)] + [(30.0, 30.4), (31.0, 31.5)]
    embeddings = np.stack([draw(rng, centres[v], 0.5) for v in [*order, 2, 1]])
    turns = cluster_voices(units, embeddings)
    assert turns.labels == ("A", "B", "C", "A", "B", "C", "A", "B", "C", "C", "B")


def test_a_voice_with_too_little_speech_joins_the_nearest_voice() -> None:
    rng = np.random.default_rng(4)
    centres = voices(rng, 2)
    units = [(2.0 * i, 2.0 * i + 1.5) for i in range(6)]
    order = [0, 0, 0, 1, 0, 0]  # voice 1 holds 1.5 s of speech, under MIN_VOICE_S
    assert MIN_VOICE_S > 1.5
    turns = cluster_voices(units, np.stack([draw(rng, centres[v], 0.3) for v in order]))
    assert set(turns.labels) == {"A"}


def test_no_units_no_labels() -> None:
    turns = cluster_voices([], np.zeros((0, 256), dtype=np.float32))
    assert turns == VoiceTurns((), ())
    assert label_at(turns, 0.0, 1.0) is None


def word(start: float, end: float, text: str) -> Word:
    return Word(start, end, text, 0.9)


def test_segments_are_split_where_their_words_change_voice() -> None:
    turns = VoiceTurns(((0.0, 2.0), (2.2, 4.0), (4.5, 6.0)), ("A", "B", "A"))
    words = (word(0.1, 0.6, " Hi"), word(0.7, 1.5, " there."), word(2.3, 3.0, " Hello"))
    joined = Segment(0.0, 3.1, " Hi there. Hello", -0.2, 0.01, words)
    later = Segment(4.6, 5.9, " Bye.", -0.3, 0.01, (word(4.6, 5.9, " Bye."),))
    silent = Segment(4.3, 4.45, " uh", -1.0, 0.5, ())
    labelled = label_segments([joined, later, silent], turns)
    assert [(s.speaker, s.text, s.start, s.end) for s in labelled] == [
        ("A", " Hi there.", 0.0, 1.5),
        ("B", " Hello", 2.3, 3.1),
        ("A", " Bye.", 4.6, 5.9),
        ("A", " uh", 4.3, 4.45),  # in no unit: the nearest one (4.5-6.0)
    ]
    assert labelled[1].words == (words[2],)
