"""Learned linear heads over e5, read beside a label set's prototypes.

The zero-shot prototypes (`text_labels`) say what each label sounds like in a few dozen
hand-written sentences per language. A head is a multinomial logistic regression over the
same centred e5 vectors, fitted on the scripted creator clips in `eval/` (sixteen sets
written by several hands, 414 clips in six languages) and on the prototypes themselves. Two
ship, each beside its label set in `data/labels/`: the category's (`category_head.npz`,
fitted on every clip's spoken sentences and captions by `eval/train_category_head.py`) and
the hook type's (`hook_type_head.npz`, fitted on each clip's opening line and opening
captions by `eval/train_hook_head.py`); each script prints how well its head does on every
set left out of the fit.

A text made of several units (a video's sentences, on-screen lines and caption) gets each
unit's log-probabilities averaged with the units' weights, turned back into probabilities;
`headed` adds a weight times that probability to each label's prototype score, so the
prototypes keep the sub-topics and phrasings they name in view and the head brings what
several hands' scripts of a label share beyond them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

import numpy as np

from clipapi.signals.text_labels import Ranking, Vectors, centred


@dataclass(frozen=True)
class LabelHead:
    version: str
    names: tuple[str, ...]
    coef: Vectors  # (labels, dim)
    intercept: Vectors  # (labels,)
    center: Vectors  # (dim,) what the unit vectors are centred on before the head reads them
    trained_on: str = ""  # the fingerprint of the scripts it was fitted on

    def log_probabilities(self, vectors: Vectors) -> Vectors:
        """Each unit's log-probability for each label, (units, labels)."""
        logits = centred(vectors, self.center) @ self.coef.T + self.intercept
        logits = logits - logits.max(axis=1, keepdims=True)
        result: Vectors = (logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))).astype(
            np.float32
        )
        return result

    def probabilities(self, vectors: Vectors, weights: Sequence[float]) -> dict[str, float]:
        """A text's probability for each label: its units' log-probabilities averaged with
        `weights`, renormalised."""
        if len(vectors) == 0:
            return {}
        scale = np.asarray(weights, dtype=np.float64)
        mean = (self.log_probabilities(vectors) * scale[:, None]).sum(axis=0) / scale.sum()
        odds = np.exp(mean - mean.max())
        odds /= odds.sum()
        return {name: float(p) for name, p in zip(self.names, odds, strict=True)}


def headed(
    ranking: Ranking,
    head: LabelHead | None,
    vectors: Vectors,
    weights: Sequence[float],
    weight: float,
) -> Ranking:
    """`ranking` (the prototypes' scores of a text made of `vectors`) with `weight` times the
    head's probability for each label added; as it was without a head."""
    if head is None or len(vectors) == 0:
        return ranking
    chances = head.probabilities(vectors, weights)
    return Ranking.from_dict(
        {name: score + weight * chances.get(name, 0.0) for name, score in ranking.scores}
    )


def read_head(stream: IO[bytes]) -> LabelHead:
    """A head from the .npz `write_head` writes (`eval/train_category_head.py`,
    `eval/train_hook_head.py`)."""
    stored = np.load(stream)
    return LabelHead(
        str(stored["version"]),
        tuple(str(name) for name in stored["names"]),
        stored["coef"].astype(np.float32),
        stored["intercept"].astype(np.float32),
        stored["center"].astype(np.float32),
        str(stored["trained_on"]),
    )


def write_head(target: IO[bytes], head: LabelHead) -> None:
    np.savez_compressed(
        target,
        version=np.array(head.version),
        names=np.array(head.names),
        coef=head.coef.astype(np.float32),
        intercept=head.intercept.astype(np.float32),
        center=head.center.astype(np.float32),
        trained_on=np.array(head.trained_on),
    )
