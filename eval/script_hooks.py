"""Hook type on the creator scripts' own words, in about a minute: each script's first spoken
line and the captions up before 3 s, read by `hook_words.channel_hook` (e5 ranking and cue
rules; a list the line announces by `as_listed`) and joined by `verbal_hook`, as the creator
layer reads an opening it heard and read perfectly (no timing, motion or cut signals).

    PYTHONPATH=src .venv/bin/python eval/script_hooks.py [--misses]

Only the verbal hook types are scored (visual_pattern_interrupt and trend_sound need the
picture and the sound); a script whose opening carries none is expected as `none`. It prints
the count right per set, then the total; with --misses, each miss.
"""

from __future__ import annotations

import argparse
from collections import Counter

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.inference import text_models
from clipapi.intelligence.hook_words import as_listed, channel_hook, verbal_hook
from clipapi.signals.text_labels import rank
from clipapi.signals.text_meaning import readable
from clipapi.signals.text_summary import split_sentences

NOT_VERBAL = ("visual_pattern_interrupt", "trend_sound")
OPENING_S = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    embed = text_models.embedder()
    hook_types = text_models.meaning_labels().hook_types
    scripts = [s for s in creators.SCRIPTS_BY_NAME.values() if s.hook_type not in NOT_VERBAL]
    openings = [
        (
            script,
            script.lines[0] if script.lines else None,
            " ".join(text for start, _, text in script.captions if 0 <= start < OPENING_S),
        )
        for script in scripts
    ]
    texts = sorted({t for _, said, shown in openings for t in (said, readable(shown)) if t})
    vectors = dict(zip(texts, embed(texts), strict=True))
    right: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for script, said, shown in openings:
        spoken = channel_hook(said, rank(vectors[said], hook_types)) if said else None
        if spoken is not None:  # a list announced and gone through
            later = [text for line in script.lines[1:] for text in split_sentences(line)]
            spoken = as_listed(spoken, later)
        written = (
            channel_hook(shown, rank(vectors[readable(shown)], hook_types), written=True)
            if shown
            else None
        )
        _, verbal = verbal_hook(spoken, written)
        found = verbal.hook_type if verbal is not None and verbal.hook_type else "none"
        seen[script.group] += 1
        right[script.group] += found == script.hook_type
        if args.misses and found != script.hook_type:
            print(f"  {script.name}: {script.hook_type} -> {found}")
    for group in seen:
        print(f"{group}: {right[group]}/{seen[group]}")
    print(f"all: {sum(right.values())}/{sum(seen.values())}")


if __name__ == "__main__":
    main()
