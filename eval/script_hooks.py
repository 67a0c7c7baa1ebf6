"""Hook type on the creator scripts' own words, in about a minute: each script's first spoken
line and the captions up before 3 s, read by `hook_words.channel_hook` (e5 ranking and cue
rules; a list the line announces by `as_listed`) and joined by `verbal_hook`, as the creator
layer reads an opening it heard and read perfectly (no timing, motion or cut signals).

    PYTHONPATH=src .venv/bin/python eval/script_hooks.py [--misses]

Only the verbal hook types are scored (visual_pattern_interrupt and trend_sound need the
picture and the sound); a script whose opening carries none is expected as `none`. It prints
the count right per set, then the total; with --misses, each miss. The hook type's learned
head is read as the pipeline reads it; it was fitted on these scripts, so for them it is
in-sample (`eval/train_hook_head.py --folds` measures each set left out of its fit).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.inference import text_models
from clipapi.intelligence.hook_words import as_listed, channel_hook, verbal_hook
from clipapi.signals.text_labels import Embed, Ranking, Vectors
from clipapi.signals.text_meaning import hook_ranking, readable
from clipapi.signals.text_summary import split_sentences

NOT_VERBAL = ("visual_pattern_interrupt", "trend_sound")
OPENING_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    embed = text_models.embedder()
    hook_types = text_models.meaning_labels().hook_types
    head = text_models.hook_type_head()
    found = openings(creators.SCRIPTS_BY_NAME.values())
    vectors = embedded(found, embed)
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for opening in found:
        script = opening[0]
        hook_type = read_hook(opening, lambda text: hook_ranking(vectors[text], hook_types, head))
        seen[script.group] += 1
        right[script.group] += hook_type == script.hook_type
        if args.misses and hook_type != script.hook_type:
            print(f"  {script.name}: {script.hook_type} -> {hook_type}")
    for group in seen:
        print(f"{group}: {right[group]}/{seen[group]}")
    print(f"all: {sum(right.values())}/{sum(seen.values())}")


# (script, its first spoken line, its captions up before OPENING_S joined)
Opening = tuple[creators.Script, str | None, str]


def openings(scripts: Iterable[creators.Script]) -> list[Opening]:
    """The opening of each script whose hook is verbal (or none)."""
    return [
        (
            script,
            script.lines[0] if script.lines else None,
            " ".join(text for start, _, text in script.captions if 0 <= start < OPENING_S),
        )
        for script in scripts
        if script.hook_type not in NOT_VERBAL
    ]


def embedded(found: Sequence[Opening], embed: Embed) -> dict[str, Vectors]:
    """Each opening text's vector, by the text (a caption by its `readable` form too)."""
    texts = sorted({t for _, said, shown in found for t in (said, readable(shown)) if t})
    vectors = dict(zip(texts, embed(texts), strict=True))
    for _, _, shown in found:
        if shown:
            vectors[shown] = vectors[readable(shown)]
    return vectors


def read_hook(opening: Opening, ranked: Callable[[str], Ranking]) -> str:
    """The verbal hook type the creator layer reads in an opening (`none` without one),
    each text ranked by `ranked`."""
    script, said, shown = opening
    spoken = channel_hook(said, ranked(said)) if said else None
    if spoken is not None:  # a list announced and gone through
        later = [text for line in script.lines[1:] for text in split_sentences(line)]
        spoken = as_listed(spoken, later)
    written = channel_hook(shown, ranked(shown), written=True) if shown else None
    _, verbal = verbal_hook(spoken, written)
    return verbal.hook_type if verbal is not None and verbal.hook_type else "none"


if __name__ == "__main__":
    main()
