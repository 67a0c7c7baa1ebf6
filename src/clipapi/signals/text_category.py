"""Content category: the zero-shot label of all the video's words (categories.v1).

The labels are the creator categories of SPEC.md section 3 (`data/labels/categories.json`).
The video's text vector is the mean of its units' e5 embeddings (sentences, on-screen text,
caption, hashtags); each category scores the highest centred cosine to one of its prototypes
(`text_labels.rank`). The best category is always returned with its score, and the lead over
the runner-up is kept as the decision's margin (it feeds `confidence_overall`). Only a video
that carries no words at all gets no category.
"""

from __future__ import annotations

from dataclasses import dataclass

from clipapi.signals.text_labels import LabelSet, Vectors, mean_vector, rank

# Below this lead over the runner-up the category is a near tie (docs/methods.md): it is still
# returned, but counts as uncertain in confidence_overall.
CATEGORY_MARGIN = 0.03


@dataclass(frozen=True)
class CategoryResult:
    category: str | None
    score: float | None  # centred cosine of the best category, clipped to 0-1
    margin: float | None = None  # its lead over the runner-up
    runner_up: str | None = None
    warning: str | None = None

    @property
    def clear(self) -> bool:
        return self.margin is not None and self.margin >= CATEGORY_MARGIN


def classify_category(unit_vectors: Vectors, word_count: int, labels: LabelSet) -> CategoryResult:
    """The best category for a text given its units' embeddings (sentences, caption, OCR)."""
    if word_count == 0 or len(unit_vectors) == 0:
        return CategoryResult(
            None,
            None,
            warning="category: the video carries no words (speech, on-screen text "
            "or caption) to classify",
        )
    ranking = rank(mean_vector(unit_vectors), labels)
    return CategoryResult(
        ranking.label,
        round(min(max(ranking.score, 0.0), 1.0), 3),
        round(ranking.margin, 4),
        ranking.runner_up,
    )
