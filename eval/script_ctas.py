"""Calls to action on the creator scripts' own words, in about a minute: each script's spoken
sentences and captions read by `cta.decide_kind` (the phrase rules with e5's CTA-kind
ranking), as the creator layer reads lines it heard and read perfectly (the lines' times
estimated, no on-screen line split, no understanding step: an indication).

    PYTHONPATH=src .venv/bin/python eval/script_ctas.py [--misses] [--e5-only]

The video's call is the last line that holds one, as `cta.analyse_cta` takes it. It prints,
per set, how many clips got the presence right and, of the clips that ask something, how many
got the kind right; then the totals; with --misses, each miss; with --e5-only, each line e5
alone would take for a call anywhere in the video, with its estimated place (`E5_ONLY_FROM`).
"""

from __future__ import annotations

import argparse
from collections import Counter

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.inference import text_models
from clipapi.intelligence.cta import comes_late, cta_type, decide_kind
from clipapi.signals.text_labels import rank
from clipapi.signals.text_meaning import readable
from clipapi.signals.text_summary import split_sentences

SECONDS_A_LINE = 5.5  # the scripts' spoken lines last about this long


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument(
        "--e5-only",
        action="store_true",
        help="print each line e5 alone would take for a call, wherever it stands, with its "
        "place in the video and the script's own call",
    )
    args = parser.parse_args()
    embed = text_models.embedder()
    kinds = text_models.meaning_labels().cta_kinds
    scripts = list(creators.SCRIPTS_BY_NAME.values())
    # Where each line stands in the video, as a share of it: spoken lines by their order,
    # captions by their start over SECONDS_A_LINE a spoken line (an end card at the end).
    timed = {
        script.name: sorted(
            [
                (i / len(script.lines), s)
                for i, line in enumerate(script.lines)
                for s in split_sentences(line)
            ]
            + [
                (1.0 if start < 0 else start / (SECONDS_A_LINE * max(1, len(script.lines))), text)
                for start, _, text in script.captions
            ]
        )
        for script in scripts
    }
    texts = sorted({readable(t) for lines in timed.values() for _, t in lines})
    vectors = dict(zip(texts, embed(texts), strict=True))
    present: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    asks: Counter[str] = Counter()
    for script in scripts:
        want = script.cta["kind"] if script.cta else None
        found = []
        for at, text in timed[script.name]:
            rule, ranking = cta_type(text, script.language), rank(vectors[readable(text)], kinds)
            anywhere = decide_kind(rule, ranking)
            if args.e5_only and anywhere is not None and anywhere[1] == "e5_only":
                print(f"  e5 only at {at:.2f}: {anywhere[0]} ({script.name}, asks {want}) {text!r}")
            decided = decide_kind(rule, ranking, late=comes_late(at, 1.0))
            if decided is not None:
                found.append(decided[0])
        got = found[-1] if found else None
        seen[script.group] += 1
        present[script.group] += (got is None) == (want is None)
        if want is not None:
            asks[script.group] += 1
            kind[script.group] += got == want
        if args.misses and got != want:
            print(f"  {script.name}: {want} -> {got}")
    for group in seen:
        print(f"{group}: presence {present[group]}/{seen[group]}, kind {kind[group]}/{asks[group]}")
    print(
        f"all: presence {sum(present.values())}/{sum(seen.values())}, "
        f"kind {sum(kind.values())}/{sum(asks.values())}"
    )


if __name__ == "__main__":
    main()
