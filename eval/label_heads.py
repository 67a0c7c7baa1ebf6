"""Fitting a learned head (`clipapi.signals.text_label_head`): shared by
`eval/train_category_head.py` and `eval/train_hook_head.py`."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from clipapi.signals.text_label_head import LabelHead
from clipapi.signals.text_labels import LabelSet, Vectors

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
    reader = LabelHead(version, names, np.zeros((0, 0)), np.zeros(0), labels.center)
    features = [reader.features(np.asarray(vectors)), labels.prototypes]  # both centred alike
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
