"""Content category: the zero-shot label of all the video's words (categories.v10).

The labels are the creator categories of SPEC.md section 3 (`data/labels/categories.json`).
Each unit of the video's words (a sentence, an on-screen line, the caption, the hashtags) is
ranked on its own: a category's score for a unit is its mean centred cosine to the three of
the category's prototypes nearest it (`text_labels.rank`). The video's score for a category
is the mean of its units' scores, each unit weighted by its number of words, so every word
counts once however the recogniser split the speech; a spoken sentence's words count as
surely as the recogniser heard them (their mean probability), so a garbled sentence of
guesses weighs less than a caption the creator wrote. (Ranking the mean embedding instead
let a few misheard sentences pull the whole text towards a generic label: `clipapi eval
--group creators` gave 18 of 34 scripted creator clips with it and 23 of 34 this way;
docs/accuracy.md.) Outside English, a unit that names a category's subject in its own words
("croquettes", "mascara") scores up to TOPIC_WORD_BONUS more on that category
(`text_category_words`), and the video's topics (the noun phrases it keeps naming) are one
more unit, weighing SUBJECT_SHARE of the rest: e5 reads "mascara, pharmacie" more surely than
five sentences of colloquial French that name the mascara once. Where the speech was not
heard well, the topics are guesses and not read: all the video's words read together as one
paragraph are that unit instead, weighing WHOLE_SHARE of the sentences.
In every language, a video told as a comic anecdote (someone of the teller's own, their words
played back: `text_telling`) has the sentences that carry it score more on Comedy, as a
topic word would, `text_telling.ANECDOTE_WEIGHT` times over: e5 reads such a story by its
props (the yogurt, the sat-nav).

Beside the prototypes, a learned head (`text_label_head`, a logistic regression fitted on
the scripted creator clips) adds HEAD_WEIGHT times its probability to each category's score:
with every set's scripts left out of its fit in turn, 351 of 384 against 325 for the
prototypes alone (docs/accuracy.md, "Learned heads for the category and the hook type").

The best category is always returned with its score, and the lead over
the runner-up is kept as the decision's margin (it feeds `confidence_overall`). Only a video
that carries no words at all gets no category.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clipapi.signals.text_label_head import LabelHead, headed
from clipapi.signals.text_labels import LabelSet, Ranking, Vectors, rank
from clipapi.signals.text_summary import truncate

# Below this lead over the runner-up the category is a near tie (docs/methods.md): it is still
# returned, but counts as uncertain in confidence_overall.
CATEGORY_MARGIN = 0.03
# What a unit's topic word adds to its score for the category the word names
# (`text_category_words`). Chosen on the creators set of the scripts' own words (0.05, 0.1
# and 0.2 gave 32/34 there); 0.1 gave the held-out sets 24/30, 7/8 (Portuguese) and 6/12
# (German, Spanish and French, written after the lists) against 22, 7 and 5 without
# (docs/accuracy.md).
TOPIC_WORD_BONUS = 0.1
# The video's topics, read together as one more unit ("mascara, pharmacie, cils"), weigh this
# share of all its other units together, outside English. Chosen on the scripts as heard
# perfectly, each clip's other units fixed (0, 0.25, 0.5, 0.75, 1; a one-off re-scoring, an
# indication): in every language, 0.25 gave the five sets 79 of 96 against 76 without,
# English losing as many clips as it gained. Outside English, `eval/scripted_speech.py` gives
# German, Spanish and French (blind to the rules) 8 of 12 with it (docs/accuracy.md).
SUBJECT_SHARE = 0.25
# Outside English, where the speech was not heard well (so its topics are not read), all the
# video's words read together as one paragraph weigh this share of its other units: each
# sentence of the recogniser's guesses is a few fluent words that say little, and e5 reads
# the subject of the whole more surely. Where every word was heard, the topics say it better:
# re-scoring the scripts' own words with a paragraph beside the sentences and no topics
# (`eval/script_categories.py --whole 0 1`, an indication) gave the non-English clips of nine
# sets 82 of 98 against 75, but in the pipeline, beside the topics (at c36973b, which read it
# everywhere outside English), it gained 4 clips of five sets and lost 7 (docs/accuracy.md,
# "A seventh blind set").
WHOLE_SHARE = 1.0
# The paragraph is the video's first words up to this many characters (about 40 s of speech,
# where creators name their subject): e5's cost grows faster than the text, and one embedding
# of 600 characters took 313 ms of CPU against 685 ms for 1,200, the same words as sentences
# 634 ms (`bench/paragraph.py`, on a 2-core machine under load; docs/benchmarks.md).
WHOLE_MAX_CHARS = 600
# What the learned head's probability for a category adds to the category's prototype score
# (a centred cosine, mostly 0.1-0.4; `text_label_head`). Chosen on the scripts, each set
# left out of the head's fit in turn (`eval/train_category_head.py --folds --weight ...`).
HEAD_WEIGHT = 0.2


def paragraph(units: Sequence[str], max_chars: int = WHOLE_MAX_CHARS) -> str:
    """The units joined into one paragraph, cut at the last word that fits `max_chars` (the
    paragraph is read, not shown: no ellipsis)."""
    text = " ".join(unit.strip() for unit in units if unit.strip())
    return truncate(text, max_chars + 1).removesuffix("\u2026")


def mean_evidence(
    evidence: Sequence[Mapping[str, float]], weights: Sequence[float]
) -> dict[str, float]:
    """The units' evidence for each category, averaged with the units' weights."""
    whole = sum(weights)
    if not whole:
        return {}
    totals: dict[str, float] = {}
    for found, weight in zip(evidence, weights, strict=True):
        for name, value in found.items():
            totals[name] = totals.get(name, 0.0) + weight * value
    return {name: value / whole for name, value in totals.items()}


@dataclass(frozen=True)
class CategoryResult:
    category: str | None
    score: float | None  # centred cosine of the best category, clipped to 0-1
    margin: float | None = None  # its lead over the runner-up
    runner_up: str | None = None
    warning: str | None = None

    @property
    def clear(self) -> bool:
        return self.margin is not None and self.margin >= CATEGORY_MARGIN


def classify_category(
    unit_vectors: Vectors,
    word_count: int,
    labels: LabelSet,
    unit_weights: Sequence[float] | None = None,
    unit_topics: Sequence[Mapping[str, float]] | None = None,
    head: LabelHead | None = None,
) -> CategoryResult:
    """The best category for a text given its units' embeddings (sentences, caption, OCR),
    each unit's weight, its number of words or fewer (equal weights without them), the
    categories each unit's topic words name and how strongly
    (`text_category_words.CategoryWords.evidence`), and the learned head read beside the
    prototypes (`text_label_head`)."""
    if word_count == 0 or len(unit_vectors) == 0:
        return CategoryResult(
            None,
            None,
            warning="category: the video carries no words (speech, on-screen text "
            "or caption) to classify",
        )
    ranking = weighted_ranking(unit_vectors, labels, unit_weights, unit_topics, head)
    return CategoryResult(
        ranking.label,
        round(min(max(ranking.score, 0.0), 1.0), 3),
        round(ranking.margin, 4),
        ranking.runner_up,
    )


def weighted_ranking(
    unit_vectors: Vectors,
    labels: LabelSet,
    unit_weights: Sequence[float] | None = None,
    unit_topics: Sequence[Mapping[str, float]] | None = None,
    head: LabelHead | None = None,
) -> Ranking:
    """Each label's score averaged over the units, weighted by `unit_weights`; a unit scores
    up to TOPIC_WORD_BONUS more on each label its topic words name (`unit_topics`), and each
    label HEAD_WEIGHT times the learned head's probability for it."""
    weights = [max(w, 0.01) for w in unit_weights] if unit_weights else [1.0] * len(unit_vectors)
    topics = unit_topics if unit_topics is not None else [{}] * len(unit_vectors)
    totals: dict[str, float] = {}
    for vector, weight, named in zip(unit_vectors, weights, topics, strict=True):
        for name, score in rank(vector, labels).scores:
            bonus = TOPIC_WORD_BONUS * named.get(name, 0.0)
            totals[name] = totals.get(name, 0.0) + weight * (score + bonus)
    whole = float(sum(weights))
    ranking = Ranking.from_dict({name: total / whole for name, total in totals.items()})
    return headed(ranking, head, unit_vectors, weights, HEAD_WEIGHT)
