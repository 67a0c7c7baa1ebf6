"""Fit the category's learned head on the creator scripts, and measure it on each set left out.

    PYTHONPATH=src .venv/bin/python eval/train_category_head.py [--folds] [--write]
        [--weight 0.1 0.2 ...] [--regularisation 10 100 ...] [--misses]
        [--without SET ...] [--to FILE] [--training]

The head (`clipapi.signals.text_label_head`) is a multinomial logistic regression over
the centred e5 vectors of single units: each scripted clip's spoken sentences and captions
(`script_categories.scripted`), labelled with the clip's category, every clip weighing one
whatever its number of units, and the category prototypes themselves, each weighing
`label_heads.PROTOTYPE_WEIGHT`. --write fits it on every set and writes
`data/labels/category_head.npz` (the fit is deterministic: the same scripts and prototypes
give the same file); with --without, the sets named are left out of the fit, and --to writes
the head elsewhere: a source tree whose head never read a set is how that set is measured
through the recogniser (`clipapi eval`) without reading its own scripts.

--folds leaves each set out in turn, fits on the others and classifies the left-out set's
clips from their own words, as `eval/script_categories.py` does: with the prototypes alone,
the head alone, and both (the head's probability times each `--weight` added to the
prototypes' score, `text_category.HEAD_WEIGHT` when not given), the fit's penalty each
`--regularisation` (REGULARISATION when not given). Each set's figure is
what the head does on clips written by a hand it never read; the prototypes' figure beside it
is in-sample for the sets they were written or tuned on. --without applies to the folds too.

--training adds the training texts (`creators.TRAINING`, eval/training_texts_*.toml) to
every fit, never to a set scored: over the sets left out in turn they moved the head alone
from 364 to 368 of 414 and the head beside the prototypes not at all (378), so the shipped
head is fitted without them.
"""

from __future__ import annotations

from collections import Counter

import creators  # eval/creators.py: run as a script, this folder is on the path
import numpy as np
import script_categories  # eval/script_categories.py: run as a script, this folder is on the path
from label_heads import arguments, fit_head, report, store  # eval/label_heads.py

from clipapi.inference import text_models
from clipapi.inference.text_models import CATEGORY_HEAD
from clipapi.signals import text_category
from clipapi.signals.text_category import classify_category
from clipapi.signals.text_label_head import LabelHead
from clipapi.signals.text_labels import LabelSet, Vectors
from clipapi.signals.text_meaning import readable

# (name, set, language, category, units, the units' e5 vectors)
Clip = tuple[str, str, str, str, list[str], Vectors]

VERSION = "category-head.v1"
# The inverse strength of the fit's L2 penalty. Over the sets left out in turn
# (`--folds --weight 0.1 --regularisation 10 30 100 1000`), 10, 30, 100 and 1000 gave 338,
# 344, 350 and 349 of 384 with the head weighing 0.1.
REGULARISATION = 100.0


def main() -> None:
    args = arguments(__doc__)
    embed = text_models.embedder()
    labels = text_models.meaning_labels().categories
    lexicon = text_models.category_words()
    scripts = creators.fitted_on(args.training, args.without)
    clips = [
        (name, group, language, category, texts, embed([readable(t) for t in texts]))
        for name, group, language, category, texts in script_categories.scripted(scripts)
        if texts
    ]
    if args.folds:
        settings = [
            (weight, c)
            for weight in args.weight or [text_category.HEAD_WEIGHT]
            for c in args.regularisation or [REGULARISATION]
        ]
        for weight, c in settings:
            text_category.HEAD_WEIGHT = weight
            right: Counter[tuple[str, str]] = Counter()
            seen: Counter[str] = Counter()
            misses = []
            for left_out in dict.fromkeys(k[1] for k in clips if k[1] != creators.TRAINING_GROUP):
                head = fit([k for k in clips if k[1] != left_out], labels, "", c)
                for name, group, language, category, texts, vectors in clips:
                    if group != left_out:
                        continue
                    weights = [max(1, len(text.split())) for text in texts]
                    named = [lexicon.evidence(text, language) for text in texts]
                    words = sum(weights)
                    alone = classify_category(vectors, words, labels, weights, named)
                    chances = head.probabilities(vectors, weights)
                    both = classify_category(vectors, words, labels, weights, named, head)
                    seen[group] += 1
                    right[group, "prototypes"] += alone.category == category
                    right[group, "head"] += max(chances, key=chances.__getitem__) == category
                    right[group, "both"] += both.category == category
                    if both.category != category:
                        misses.append(f"  {name}: {category} -> {both.category}")
            shown = misses if args.misses else []
            report(f"weight {weight}, C {c}", right, seen, ("prototypes", "head", "both"), shown)
    if args.write:
        head = fit(clips, labels, creators.examples_key(scripts, "category"), REGULARISATION)
        target = store(head, args.to, CATEGORY_HEAD)
        print(f"{head.version}: {len(clips)} clips and {len(labels.owners)} prototypes -> {target}")


def fit(clips: list[Clip], labels: LabelSet, trained_on: str, regularisation: float) -> LabelHead:
    """The head fitted on `clips` (their units, each clip weighing one) and on the label
    set's prototypes; `trained_on` is the scripts' fingerprint."""
    vectors, targets, weights = [], [], []
    for _, _, _, category, texts, found in clips:
        words = np.array([max(1, len(text.split())) for text in texts], dtype=np.float64)
        vectors.extend(found)
        targets += [category] * len(texts)
        weights.extend(words / words.sum())
    return fit_head(labels, vectors, targets, weights, regularisation, VERSION, trained_on)


if __name__ == "__main__":
    main()
