"""How often the dictionary rule for run-together caption words would split a real word: every
distinct word of the creator scripts (spoken lines and captions), written in capitals and
taken as never said, read by `text_fuzzy.respaced` with the shipped vocabularies
(`text_models.known_words`) and its language's function words. Every split counted is a false
one, since the scripts spell each word whole (docs/methods.md, "Run-together words").

    PYTHONPATH=src .venv/bin/python eval/respacing.py [--show]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.inference.text_models import known_words
from clipapi.signals.text_fuzzy import respaced
from clipapi.signals.writer_language import phrasing

_WORD = re.compile(r"[^\W\d_]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print each word split")
    args = parser.parse_args()
    distinct: set[tuple[str, str]] = set()
    for script in creators.SCRIPTS_BY_NAME.values():
        texts = [*script.lines, *(text for _, _, text in script.captions)]
        distinct |= {(script.language, w.upper()) for t in texts for w in _WORD.findall(t)}
    words: Counter[str] = Counter()
    split: Counter[str] = Counter()
    for language, word in sorted(distinct):
        words[language] += 1
        # as the pipeline reads captions: outside English a short word splits off only
        # before another (`words_after`)
        leading = phrasing(language).function_words
        read = respaced(word, "", known_words, leading, words_after=language == "en")
        if read != word:
            split[language] += 1
            if args.show:
                print(f"  {language} {word} -> {read}")
    for language in sorted(words):
        share = split[language] / words[language]
        print(f"{language}: {split[language]} of {words[language]} words split ({share:.1%})")


if __name__ == "__main__":
    main()
