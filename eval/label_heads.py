"""Fitting a learned head (`clipapi.signals.text_label_head`): shared by
`eval/train_category_head.py` and `eval/train_hook_head.py`."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from clipapi.signals.text_label_head import LabelHead, write_head
from clipapi.signals.text_labels import LabelSet, Vectors, centred

# Each prototype's weight in a fit, against 1 for a whole clip: the prototypes keep every
# label's sub-topics and phrasings in view without outweighing the clips' own words.
PROTOTYPE_WEIGHT = 0.3


def fit_head(
    labels: LabelSet,
    vectors: Sequence[Vectors],
    targets: Sequence[str],
    weights: Sequence[float],
    regularisation: float,
    version: str,
    trained_on: str,
) -> LabelHead:
    """A head over `labels` fitted on raw e5 `vectors` labelled `targets`, each weighing its
    `weights`, and on the label set's prototypes, each weighing PROTOTYPE_WEIGHT; an L2
    penalty of inverse strength `regularisation`. Deterministic."""
    names = labels.names
    features = [centred(np.asarray(vectors), labels.center), labels.prototypes]  # both alike
    classes = [names.index(t) for t in targets] + [int(owner) for owner in labels.owners]
    weighing = [*weights, *[PROTOTYPE_WEIGHT] * len(labels.owners)]
    model = LogisticRegression(C=regularisation, max_iter=5000)
    model.fit(np.vstack(features), np.array(classes), sample_weight=np.array(weighing))
    order = [list(model.classes_).index(i) for i in range(len(names))]
    return LabelHead(
        version,
        names,
        model.coef_[order].astype(np.float32),
        model.intercept_[order].astype(np.float32),
        labels.center,
        trained_on,
    )


def arguments(doc: str) -> argparse.Namespace:
    """The command line both training scripts take (their docstrings say what each does)."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--folds", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--weight", type=float, nargs="*", default=[])
    parser.add_argument("--regularisation", type=float, nargs="*", default=[])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--without", nargs="*", default=[])
    parser.add_argument("--training", action="store_true")
    parser.add_argument("--to", type=Path)
    return parser.parse_args()


def store(head: LabelHead, to: Path | None, shipped: str) -> Path:
    """Write `head` to `to`, or over the shipped file `data/labels/<shipped>`; where it went."""
    target = to or Path(str(files("clipapi") / "data" / "labels" / shipped))
    with target.open("wb") as handle:
        write_head(handle, head)
    return target


def report(
    setting: str,
    right: Counter[tuple[str, str]],
    seen: Counter[str],
    ways: Sequence[str],
    misses: Sequence[str],
) -> None:
    """Print each left-out set's count right in each of the `ways` read, then the totals,
    then the `misses` (none unless asked for); `setting` names the weight and penalty."""
    for group, count in seen.items():
        told = ", ".join(f"{way} {right[group, way]}" for way in ways)
        print(f"{setting}: {group}: {told} of {count}")
    told = ", ".join(f"{way} {sum(right[group, way] for group in seen)}" for way in ways)
    print(f"{setting}: every set left out in turn: {told} of {sum(seen.values())}")
    if misses:
        print("\n".join(misses))
