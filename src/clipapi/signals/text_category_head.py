"""Content category: a learned linear head over e5, read beside the prototypes.

The zero-shot prototypes (`text_category`) say what each category sounds like in a few
dozen hand-written sentences per language. The head is a multinomial logistic regression
over the same centred e5 vectors, fitted on the spoken lines and captions of every scripted
creator clip in `eval/` (fifteen sets written by several hands, 384 clips in six languages,
every category) and on the prototypes themselves (`eval/train_category_head.py`, which writes
`data/labels/category_head.npz` and prints how well it does on each set left out of the fit).

For a video, each unit (a sentence, an on-screen line, the caption) gets the head's
log-probabilities; the video's are their mean weighted as the prototypes' scores are (by the
words each unit carries, as surely as they were heard), turned back into probabilities.
`text_category` adds `HEAD_WEIGHT` times that probability to each category's prototype
score: the prototypes keep the sub-topics they name in view, the head brings what several
hands' scripts of a category share beyond them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

import numpy as np

from clipapi.signals.text_labels import Vectors, unit


@dataclass(frozen=True)
class CategoryHead:
    version: str
    names: tuple[str, ...]
    coef: Vectors  # (labels, dim)
    intercept: Vectors  # (labels,)
    center: Vectors  # (dim,) what the unit vectors are centred on before the head reads them
    trained_on: str = ""  # the fingerprint of the scripts it was fitted on

    def features(self, vectors: Vectors) -> Vectors:
        """The units' raw e5 vectors as the head reads them: centred and unit length."""
        return unit(unit(np.asarray(vectors, dtype=np.float32)) - self.center)

    def log_probabilities(self, vectors: Vectors) -> Vectors:
        """Each unit's log-probability for each category, (units, labels)."""
        logits = self.features(vectors) @ self.coef.T + self.intercept
        logits = logits - logits.max(axis=1, keepdims=True)
        result: Vectors = (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))).astype(
            np.float32
        )
        return result

    def probabilities(self, vectors: Vectors, weights: Sequence[float]) -> dict[str, float]:
        """The video's probability for each category: its units' log-probabilities averaged
        with `weights`, renormalised."""
        if len(vectors) == 0:
            return {}
        scale = np.asarray(weights, dtype=np.float64)
        mean = (self.log_probabilities(vectors) * scale[:, None]).sum(axis=0) / scale.sum()
        odds = np.exp(mean - mean.max())
        odds /= odds.sum()
        return {name: float(p) for name, p in zip(self.names, odds, strict=True)}


def read_head(stream: IO[bytes]) -> CategoryHead:
    """A head from the .npz `eval/train_category_head.py` writes."""
    stored = np.load(stream)
    return CategoryHead(
        str(stored["version"]),
        tuple(str(name) for name in stored["names"]),
        stored["coef"].astype(np.float32),
        stored["intercept"].astype(np.float32),
        stored["center"].astype(np.float32),
        str(stored["trained_on"]),
    )


def write_head(target: IO[bytes], head: CategoryHead) -> None:
    np.savez_compressed(
        target,
        version=np.array(head.version),
        names=np.array(head.names),
        coef=head.coef.astype(np.float32),
        intercept=head.intercept.astype(np.float32),
        center=head.center.astype(np.float32),
        trained_on=np.array(head.trained_on),
    )
