"""Fit the hook type's learned head on the creator scripts, and measure it on each set left out.

    PYTHONPATH=src .venv/bin/python eval/train_hook_head.py [--folds] [--write]
        [--weight 0.05 0.1 ...] [--regularisation 3 10 ...] [--misses]
        [--without SET ...] [--to FILE] [--training]

The head (`clipapi.signals.text_label_head`) is a multinomial logistic regression over the
centred e5 vectors of opening texts: each scripted clip's first spoken line and its captions
up before 3 s (`script_hooks.openings`), the channel that carries the hook (the script's
`hook_source`) labelled with its hook type and the other `none`, and the hook-type
prototypes, each weighing `label_heads.PROTOTYPE_WEIGHT`. Clips whose hook is visual or a
trend sound are left out. --write fits it on every set and writes
`data/labels/hook_type_head.npz` (deterministic); --without, --to and --training as in
`eval/train_category_head.py` (over the sets left out in turn, 336 of 388 openings with the
training texts and without them: the shipped head is fitted without them).

--folds leaves each set out in turn, fits on the others and reads the left-out set's openings
as `eval/script_hooks.py` does (e5 ranking, cue rules, both channels joined): with the
prototypes alone and with the head's probability times each `--weight` added to them
(`text_meaning.HEAD_WEIGHT` when not given), the fit's penalty each `--regularisation`
(REGULARISATION when not given). The prototypes' and the rules' figure is
in-sample for the sets they were written or tuned after.
"""

from __future__ import annotations

from collections import Counter

import creators  # eval/creators.py: run as a script, this folder is on the path
import script_hooks  # eval/script_hooks.py
from label_heads import arguments, fit_head, report, store  # eval/label_heads.py

from clipapi.inference import text_models
from clipapi.inference.text_models import HOOK_TYPE_HEAD
from clipapi.signals import text_meaning
from clipapi.signals.text_label_head import LabelHead
from clipapi.signals.text_labels import LabelSet, Vectors

VERSION = "hook-type-head.v1"
# The inverse strength of the fit's L2 penalty. Over the sets left out in turn
# (`--folds --weight 0.1 --regularisation 3 10 100`), 3, 10 and 100 gave 313, 314 and 313 of
# 360 with the head weighing 0.1.
REGULARISATION = 10.0


def main() -> None:
    args = arguments(__doc__)
    hook_types = text_models.meaning_labels().hook_types
    scripts = creators.fitted_on(args.training, args.without)
    found = script_hooks.openings(scripts)
    vectors = script_hooks.embedded(found, text_models.embedder())
    if args.folds:
        settings = [
            (weight, c)
            for weight in args.weight or [text_meaning.HEAD_WEIGHT]
            for c in args.regularisation or [REGULARISATION]
        ]
        for weight, c in settings:
            text_meaning.HEAD_WEIGHT = weight
            right: Counter[tuple[str, str]] = Counter()
            seen: Counter[str] = Counter()
            misses = []
            groups = (opening[0].group for opening in found)
            for left_out in dict.fromkeys(g for g in groups if g != creators.TRAINING_GROUP):
                kept = [opening for opening in found if opening[0].group != left_out]
                head = fit(kept, vectors, hook_types, "", c)
                for opening in found:
                    script = opening[0]
                    if script.group != left_out:
                        continue
                    for way, used in (("prototypes", None), ("both", head)):
                        hook_type = script_hooks.read_hook(
                            opening,
                            lambda text, used=used: text_meaning.hook_ranking(
                                vectors[text], hook_types, used
                            ),
                        )
                        right[script.group, way] += hook_type == script.hook_type
                        if way == "both" and hook_type != script.hook_type:
                            misses.append(f"  {script.name}: {script.hook_type} -> {hook_type}")
                    seen[script.group] += 1
            report(
                f"weight {weight}, C {c}",
                right,
                seen,
                ("prototypes", "both"),
                misses if args.misses else [],
            )
    if args.write:
        key = creators.examples_key(scripts, *LABELS)
        head = fit(found, vectors, hook_types, key, REGULARISATION)
        target = store(head, args.to, HOOK_TYPE_HEAD)
        print(f"{head.version}: {len(found)} openings -> {target}")


# The script fields the head is fitted on (its fingerprint, `creators.examples_key`).
LABELS = ("hook_type", "hook_source")


def fit(
    found: list[script_hooks.Opening],
    vectors: dict[str, Vectors],
    hook_types: LabelSet,
    trained_on: str,
    regularisation: float,
) -> LabelHead:
    """The head fitted on the openings (each channel's text labelled with the script's hook
    type where it carries the hook, `none` where it does not) and on the prototypes."""
    texts, targets = [], []
    for script, said, shown in found:
        source = script.hook_source or "speech"
        for text, carries in ((said, ("speech", "both")), (shown, ("text", "both"))):
            if text:
                texts.append(text)
                targets.append(script.hook_type if source in carries else "none")
    return fit_head(
        hook_types,
        [vectors[text] for text in texts],
        targets,
        [1.0] * len(texts),
        regularisation,
        VERSION,
        trained_on,
    )


if __name__ == "__main__":
    main()
