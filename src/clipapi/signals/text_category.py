"""Content category by embedding similarity to a documented taxonomy (`data/taxonomy.json`).

Each category is the mean of its phrases' embeddings (multilingual-e5-small). e5's raw cosines
crowd into 0.75-0.95 for any pair of texts, so every vector is first centred on the mean of all
taxonomy phrases (removing the direction every text shares) and re-normalised; the score is the
cosine between the centred text vector (the mean of its units' embeddings) and the centred
category prototype. On the hand-written calibration texts in docs/methods-understanding.md,
texts written for a category score 0.22-0.48 and filler or off-topic text 0.13-0.20, hence
`MIN_CATEGORY_SCORE`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]
Embed = Callable[[Sequence[str]], Vectors]

MIN_CATEGORY_SCORE = 0.20
MIN_CATEGORY_WORDS = 8


@dataclass(frozen=True)
class Taxonomy:
    version: str
    names: tuple[str, ...]
    prototypes: Vectors  # (categories, dim), centred and L2-normalised
    center: Vectors  # (dim,) mean of every phrase embedding


@dataclass(frozen=True)
class CategoryResult:
    category: str | None
    score: float | None  # centred cosine of the best category, clipped to 0-1
    warning: str | None = None


def _unit(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    result: Vectors = (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def build_taxonomy(data: dict[str, Any], embed: Embed) -> Taxonomy:
    """Embed every category's phrases once and keep one centred prototype per category."""
    categories = data["categories"]
    names = tuple(str(c["name"]) for c in categories)
    phrases = [str(p) for c in categories for p in c["phrases"]]
    owners = np.array([i for i, c in enumerate(categories) for _ in c["phrases"]])
    vectors = _unit(embed(phrases))
    center = vectors.mean(axis=0).astype(np.float32)
    centred = _unit(vectors - center)
    prototypes = np.stack([centred[owners == i].mean(axis=0) for i in range(len(names))])
    return Taxonomy(str(data.get("version", "unversioned")), names, _unit(prototypes), center)


def classify_category(unit_vectors: Vectors, word_count: int, taxonomy: Taxonomy) -> CategoryResult:
    """The best category for a text given its units' embeddings (sentences, caption, OCR)."""
    if word_count < MIN_CATEGORY_WORDS or len(unit_vectors) == 0:
        return CategoryResult(
            None, None, f"category: too little text ({word_count} words) to classify"
        )
    text_vector = _unit(_unit(unit_vectors).mean(axis=0))
    scores = taxonomy.prototypes @ _unit(text_vector - taxonomy.center)
    order = np.argsort(-scores)
    best = float(scores[order[0]])
    if best < MIN_CATEGORY_SCORE:
        return CategoryResult(
            None,
            None,
            f"category: best match {taxonomy.names[order[0]]!r} scored {best:.2f}, below "
            f"the {MIN_CATEGORY_SCORE} threshold",
        )
    return CategoryResult(taxonomy.names[order[0]], round(min(best, 1.0), 3))
