"""Word error rate: (substitutions + deletions + insertions) / reference words, after
lower-casing and dropping punctuation, so "America," and "america" are the same word."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PUNCTUATION = re.compile(r"[^\w\s']|(?<!\w)'|'(?!\w)")


@dataclass(frozen=True)
class WordErrors:
    substitutions: int
    deletions: int
    insertions: int
    reference_words: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Errors per reference word; an empty reference scores 0 only against empty text."""
        if self.reference_words == 0:
            return 0.0 if self.errors == 0 else 1.0
        return self.errors / self.reference_words


def normalize_words(text: str) -> list[str]:
    return _PUNCTUATION.sub(" ", text.lower()).split()


def word_errors(reference: str, hypothesis: str) -> WordErrors:
    """Edit-distance alignment over normalised words."""
    ref, hyp = normalize_words(reference), normalize_words(hypothesis)
    # Each cell holds (cost, substitutions, deletions, insertions) of the best alignment.
    previous = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i, ref_word in enumerate(ref, start=1):
        current = [(i, 0, i, 0)]
        for j, hyp_word in enumerate(hyp, start=1):
            cost, subs, dels, ins = previous[j - 1]
            if ref_word == hyp_word:
                best = (cost, subs, dels, ins)
            else:
                best = (cost + 1, subs + 1, dels, ins)
            cost, subs, dels, ins = previous[j]
            best = min(best, (cost + 1, subs, dels + 1, ins))
            cost, subs, dels, ins = current[j - 1]
            best = min(best, (cost + 1, subs, dels, ins + 1))
            current.append(best)
        previous = current
    _, subs, dels, ins = previous[-1]
    return WordErrors(subs, dels, ins, len(ref))


def word_error_rate(reference: str, hypothesis: str) -> float:
    return word_errors(reference, hypothesis).rate
