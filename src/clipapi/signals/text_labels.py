"""Zero-shot labels by similarity to prototype sentences (the meaning layer).

A label set (`data/labels/*.json`) describes each label by several prototype sentences, in
English and natively in German, Spanish, French, Portuguese and Italian. A text scores, for
each label, the mean cosine between its e5 embedding and the set's `nearest` closest of that
label's prototypes (1 unless the set says otherwise): the nearest examples decide, so one
label can cover several ways of saying it (a mean prototype would blur them together), and
where a set takes more than one, a single prototype that happens to share a word with the
text does not decide alone. e5's raw cosines crowd into 0.75-0.95 for any two
texts, so every vector is first centred on the mean of the set's prototypes (removing the
direction every text shares) and re-normalised. A set may also list `background` sentences,
content-free speech such as fillers and greetings: the centre is then half the prototypes' mean
and half the background's, which removes the conversational tone all creator speech shares
(without it, chatty videos drifted to the chattiest labels).

The winner counts as clear when it leads the runner-up by at least the caller's margin
(docs/methods.md, "The meaning layer"); below it the caller's cue rules decide.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
Embed = Callable[[Sequence[str]], Vectors]
LANGUAGES = ("en", "de", "es", "fr", "pt", "it")
BACKGROUND_WEIGHT = 0.5


@dataclass(frozen=True)
class LabelSet:
    version: str
    names: tuple[str, ...]
    prototypes: Vectors  # (prototypes, dim), centred and L2-normalised
    owners: NDArray[np.int64]  # the label index of each prototype
    center: Vectors  # (dim,) mean of the raw prototype embeddings
    nearest: int = 1  # how many of a label's closest prototypes its score averages


@dataclass(frozen=True)
class Ranking:
    """A text's labels from best to worst, with each one's score."""

    scores: tuple[tuple[str, float], ...]

    @property
    def label(self) -> str:
        return self.scores[0][0]

    @property
    def score(self) -> float:
        return self.scores[0][1]

    @property
    def runner_up(self) -> str | None:
        return self.scores[1][0] if len(self.scores) > 1 else None

    @property
    def margin(self) -> float:
        """How far the winner leads the runner-up (the whole score without one)."""
        return self.score - self.scores[1][1] if len(self.scores) > 1 else self.score

    def of(self, label: str) -> float | None:
        return next((score for name, score in self.scores if name == label), None)

    def without(self, *labels: str) -> Ranking:
        return Ranking(tuple(item for item in self.scores if item[0] not in labels))

    def as_dict(self) -> dict[str, float]:
        return {name: round(score, 4) for name, score in self.scores}

    @classmethod
    def from_dict(cls, scores: Mapping[str, float]) -> Ranking:
        return cls(tuple(sorted(scores.items(), key=lambda item: -item[1])))


def prototypes_of(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, prototype sentence) pairs of a label set's data, in file order."""
    pairs: list[tuple[str, str]] = []
    for label, by_language in data["labels"].items():
        for sentences in by_language.values():
            pairs.extend((str(label), str(sentence)) for sentence in sentences)
    return pairs


def background_of(data: Mapping[str, Any]) -> list[str]:
    """A label set's background sentences (none for most sets)."""
    by_language = data.get("background") or {}
    return [str(sentence) for sentences in by_language.values() for sentence in sentences]


def text_key(text: str) -> str:
    """The cache key of one prototype's embedding."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def unit(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    result: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def build_label_set(
    data: Mapping[str, Any], vectors: Vectors, background: Vectors | None = None
) -> LabelSet:
    """A label set from its data, the embeddings of `prototypes_of(data)` in that order, and
    those of `background_of(data)`."""
    pairs = prototypes_of(data)
    names = tuple(dict.fromkeys(label for label, _ in pairs))
    owners = np.array([names.index(label) for label, _ in pairs], dtype=np.int64)
    raw = unit(np.asarray(vectors, dtype=np.float32))
    center = raw.mean(axis=0).astype(np.float32)
    if background is not None and len(background):
        typical = unit(np.asarray(background, dtype=np.float32)).mean(axis=0)
        center = ((1 - BACKGROUND_WEIGHT) * center + BACKGROUND_WEIGHT * typical).astype(np.float32)
    return LabelSet(
        str(data.get("version", "unversioned")),
        names,
        unit(raw - center),
        owners,
        center,
        max(1, int(data.get("nearest", 1))),
    )


def centred(vectors: Vectors, center: Vectors) -> Vectors:
    """Raw e5 vectors as the labels read them: unit length, moved off `center` (what every
    text shares), unit length again."""
    return unit(unit(np.asarray(vectors, dtype=np.float32)) - center)


def mean_vector(unit_vectors: Vectors) -> Vectors:
    """One vector for a text made of several embedded units (sentences, captions)."""
    return unit(unit(unit_vectors).mean(axis=0))


def rank(vector: Vectors, labels: LabelSet) -> Ranking:
    """Each label's mean cosine to its `labels.nearest` closest prototypes, for one
    (uncentred) text vector."""
    similarity = labels.prototypes @ centred(vector, labels.center)
    if labels.nearest == 1:
        best = np.full(len(labels.names), -1.0, dtype=np.float32)
        np.maximum.at(best, labels.owners, similarity)
    else:
        best = np.array(
            [
                np.sort(similarity[labels.owners == i])[-labels.nearest :].mean()
                for i in range(len(labels.names))
            ],
            dtype=np.float32,
        )
    order = np.argsort(-best, kind="stable")
    return Ranking(tuple((labels.names[i], float(best[i])) for i in order))


def rank_many(vectors: Vectors, labels: LabelSet) -> list[Ranking]:
    return [rank(vector, labels) for vector in vectors]
