"""Category on the creator scripts' own words: what the classifier reads when the recogniser
hears every word (natural voices come close; the espeak-ng clips do not), in seconds.

    PYTHONPATH=src .venv/bin/python eval/script_categories.py [--nearest 1 3 ...]
        [--bonus 0 0.05 ...] [--whole 0 1 ...] [--whole-in-english] [--misses]

Each clip's spoken lines (split into sentences) and captions are the units, weighted by their
words, as the understanding step weights text it reads surely; hashtags and calls to action
are not told apart here. For each `--nearest` (how many of a label's closest prototypes its
score averages; the label file's own when not given), each `--bonus` (what a unit's topic
words add to the category they name, `text_category.TOPIC_WORD_BONUS` when not given) and
each `--whole` (the share the clip's words read together as one more unit weigh outside
English, `text_category.WHOLE_SHARE` when not given; in English too with
--whole-in-english) it prints the accuracy per set and language; with --misses, each miss
with the category given and the runner-up. The video's topics, one more unit in the
pipeline outside English, are not read here. The category's learned head is read as the
pipeline reads it; it was fitted on these scripts, so for them it is in-sample
(`eval/train_category_head.py --folds` measures each set left out of its fit).

    PYTHONPATH=src .venv/bin/python eval/script_categories.py --transcripts h.json b.json

reads instead what the recogniser heard: each item of `clipapi eval --json` files that has a
transcript and a labelled category, its transcript's sentences the units (no captions), each
file a set. The transcripts do not depend on the labels, so one evaluation run scores any
label file here in seconds (an indication: the pipeline also reads the on-screen text and the
video's topics).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.inference import text_models
from clipapi.signals import text_category
from clipapi.signals.text_category import classify_category
from clipapi.signals.text_meaning import readable
from clipapi.signals.text_summary import split_sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nearest", type=int, nargs="*", default=[])
    parser.add_argument("--bonus", type=float, nargs="*", default=[])
    parser.add_argument("--whole", type=float, nargs="*", default=[])
    parser.add_argument("--whole-in-english", action="store_true")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--transcripts", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    embed = text_models.embedder()
    shipped = text_models.meaning_labels().categories
    lexicon = text_models.category_words()
    head = text_models.category_head()
    # (name, set, language, category, units)
    cases = transcripts(args.transcripts) if args.transcripts else scripted()
    scripts = [
        (case, texts, embed([*forms, text_category.paragraph(forms)]), evidence)
        for case in cases
        for texts in [case[4]]
        for forms in [[readable(text) for text in texts]]  # as the pipeline embeds them
        for evidence in [[lexicon.evidence(text, case[2]) for text in texts]]
        if texts
    ]
    settings = [
        (nearest, bonus, whole)
        for nearest in args.nearest or [shipped.nearest]
        for bonus in args.bonus or [text_category.TOPIC_WORD_BONUS]
        for whole in args.whole or [text_category.WHOLE_SHARE]
    ]
    for nearest, bonus, whole in settings:
        text_category.TOPIC_WORD_BONUS = bonus
        labels = dataclasses.replace(shipped, nearest=nearest)
        right: Counter[tuple[str, str]] = Counter()
        seen: Counter[tuple[str, str]] = Counter()
        misses = []
        for (name, group, language, category, _), texts, vectors, named in scripts:
            weights = [max(1, len(text.split())) for text in texts]
            words = sum(weights)
            if whole and (args.whole_in_english or lexicon.reads(language)):
                # all the clip's words as one more unit, as the pipeline reads them
                mean = text_category.mean_evidence(named, weights)
                weights, named = [*weights, whole * words], [*named, mean]
            else:
                vectors = vectors[:-1]
            found = classify_category(vectors, words, labels, weights, named, head)
            key = (group, language)
            seen[key] += 1
            right[key] += found.category == category
            if found.category != category:
                misses.append(
                    f"  {name}: {category} -> {found.category} "
                    f"(runner-up {found.runner_up}, margin {found.margin})"
                )
        for group in dict.fromkeys(g for g, _ in seen):
            languages = [k for k in seen if k[0] == group]
            total = sum(right[k] for k in languages), sum(seen[k] for k in languages)
            detail = ", ".join(f"{k[1]} {right[k]}/{seen[k]}" for k in languages)
            print(
                f"nearest {nearest}, bonus {bonus}, whole {whole}: "
                f"{group} {total[0]}/{total[1]} ({detail})"
            )
        if args.misses:
            print("\n".join(misses))


Case = tuple[str, str, str, str, list[str]]


def scripted(scripts: Iterable[creators.Script] = creators.SCRIPTS_BY_NAME.values()) -> list[Case]:
    """Each script's spoken sentences and captions."""
    return [
        (
            script.name,
            script.group,
            script.language,
            script.category,
            [s for line in script.lines for s in split_sentences(line)]
            + [text for _, _, text in script.captions],
        )
        for script in scripts
    ]


def transcripts(paths: list[Path]) -> list[Case]:
    """Each evaluated item's transcript sentences, its set the file it came from."""
    cases = []
    for path in paths:
        for item in json.loads(path.read_text())["items"]:
            meaning, text = item.get("meaning") or {}, item.get("transcript") or ""
            if meaning.get("category") and text.strip():
                category = meaning["category"][0]
                language = meaning.get("language") or "en"
                cases.append((item["name"], path.stem, language, category, split_sentences(text)))
    return cases


if __name__ == "__main__":
    main()
