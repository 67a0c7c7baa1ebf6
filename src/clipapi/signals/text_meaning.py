"""The zero-shot evidence of the meaning layer for one video, as plain data for later steps.

The understanding step embeds the video's words once; this module ranks them against the
label sets (`text_labels`) and returns a JSON-ready record that the creator layer reads
(`clipapi.intelligence.signals`):

- `hook`: the opening words of each channel, i.e. the first spoken line (when it starts
  within `FIRST_LINE_MAX_START_S`) and the on-screen text that appears within the first
  `OPENING_TEXT_S`, each with its hook-type scores (the prototypes' and, beside them, the
  learned head's: `text_label_head`);
- `cta`: each spoken sentence and on-screen caption (`caption_blocks`, by `line_key`) with its
  CTA-kind scores;
- `category` and `format`: the ranking of all the words together.

Texts that were not embedded yet (the joined opening caption, usually) are embedded here in
one batch, so a video costs its units plus one or two embeddings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from clipapi.signals.text_label_head import LabelHead, headed
from clipapi.signals.text_labels import LabelSet, Ranking, Vectors, mean_vector, rank

Embed = Callable[[Sequence[str]], Vectors]

# The hook reads the on-screen text that appears in the first 3 s and a first spoken line
# that starts within 5 s (the creator layer's hook window uses the same figures).
OPENING_TEXT_S = 3.0
FIRST_LINE_MAX_START_S = 5.0
MAX_LINES = 260
SAME_CAPTION_S = 0.25  # sentences plus on-screen texts ranked for a CTA (bounded cost)
# What the hook type's learned head's probability for a type adds to the type's prototype
# score. Chosen on the scripts, each set left out of the head's fit in turn
# (`eval/train_hook_head.py --folds --weight ...`; docs/accuracy.md, "Learned heads for the
# category and the hook type").
HEAD_WEIGHT = 0.1


@dataclass(frozen=True)
class TimedText:
    start: float
    end: float
    text: str


def line_key(text: str) -> str:
    """How a line is looked up again: lower case, single spaces, straight apostrophes."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.lower().split())


def opening_text(items: Sequence[TimedText], window_s: float = OPENING_TEXT_S) -> str | None:
    """The on-screen text shown in the opening, its distinct lines joined in reading order."""
    ordered = sorted(items, key=lambda i: i.start)
    lines = [i.text.strip() for i in ordered if i.start < window_s and i.text.strip()]
    joined = " ".join(dict.fromkeys(lines))
    return joined or None


def readable(text: str) -> str:
    """The form of a line that is embedded for its labels: a caption in capitals is lowered
    (e5 reads "WHY A 4-DAY WEEK?" much worse than "Why a 4-day week?")."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        lowered = text.lower()
        return lowered[:1].upper() + lowered[1:]
    return text


def caption_blocks(items: Sequence[TimedText]) -> list[TimedText]:
    """On-screen lines shown together (same appearance and disappearance, within
    `SAME_CAPTION_S`) joined into one caption in reading order: OCR returns a wrapped caption
    ("SPEICHERN UND" / "MITMACHEN") line by line."""
    blocks: list[TimedText] = []
    for item in sorted(items, key=lambda i: (round(i.start, 1), i.end)):
        text = item.text.strip()
        if not text:
            continue
        last = blocks[-1] if blocks else None
        if (
            last is not None
            and abs(last.start - item.start) <= SAME_CAPTION_S
            and abs(last.end - item.end) <= SAME_CAPTION_S
        ):
            blocks[-1] = TimedText(last.start, max(last.end, item.end), f"{last.text} {text}")
        else:
            blocks.append(TimedText(item.start, item.end, text))
    return blocks


# Sentences after a video's last spoken call that still belong to its ask.
OUTRO_SENTENCES = 2


def closing_lines(called: Sequence[bool]) -> list[bool]:
    """Which spoken sentences (by whether each is a call to action, in order) close the
    video's last call: those after it, when it comes in the second half and at most
    OUTRO_SENTENCES follow ("Subscribe." "Next week I'm showing you how to chop it up.": the
    promise is the ask's, not what the video shows)."""
    last = max((i for i, call in enumerate(called) if call), default=None)
    if last is None or last < len(called) / 2 or len(called) - 1 - last > OUTRO_SENTENCES:
        return [False] * len(called)
    return [i > last for i in range(len(called))]


def first_spoken_line(sentences: Sequence[TimedText]) -> TimedText | None:
    first = min(sentences, key=lambda s: s.start, default=None)
    return first if first is not None and first.start <= FIRST_LINE_MAX_START_S else None


def meaning_record(
    *,
    sentences: Sequence[TimedText],
    on_screen: Sequence[TimedText],
    known: dict[str, Vectors],
    all_vectors: Vectors | None,
    embed: Embed,
    hook_types: LabelSet,
    cta_kinds: LabelSet,
    formats: LabelSet,
    heard: Mapping[str, float] | None = None,
    hook_head: LabelHead | None = None,
) -> dict[str, Any]:
    """`known` maps texts already embedded to their vectors; `all_vectors` are the units the
    category was read from (the format ranking reads the same); `heard` maps spoken sentences
    to their mean word probability; `hook_head` is the hook type's learned head, read beside
    its prototypes (HEAD_WEIGHT)."""
    spoken = first_spoken_line(sentences)
    shown = opening_text(on_screen)
    captions = caption_blocks(on_screen)
    lines = list(dict.fromkeys(t.text for t in (*sentences, *captions) if t.text.strip()))
    lines = lines[:MAX_LINES]
    wanted = [*lines, *([spoken.text] if spoken else []), *([shown] if shown else [])]
    forms = {text: readable(text) for text in wanted}
    by_form = _vectors(list(dict.fromkeys(forms.values())), known, embed)
    vectors = {text: by_form[form] for text, form in forms.items()}

    record: dict[str, Any] = {"hook": {}, "cta": {}}
    if spoken is not None:
        record["hook"]["speech"] = {
            "text": spoken.text,
            "start": spoken.start,
            "end": spoken.end,
            "scores": hook_ranking(vectors[spoken.text], hook_types, hook_head).as_dict(),
            "heard": (heard or {}).get(spoken.text),
        }
    if shown is not None:
        record["hook"]["text"] = {
            "text": shown,
            "scores": hook_ranking(vectors[shown], hook_types, hook_head).as_dict(),
        }
    for line in lines:
        record["cta"][line_key(line)] = rank(vectors[line], cta_kinds).as_dict()
    if all_vectors is not None and len(all_vectors):
        record["format"] = _summary(rank(mean_vector(all_vectors), formats))
    return record


def hook_ranking(vector: Vectors, hook_types: LabelSet, head: LabelHead | None) -> Ranking:
    """One opening text's hook types: its prototype scores, each plus HEAD_WEIGHT times the
    learned head's probability for it."""
    return headed(rank(vector, hook_types), head, vector[None], [1.0], HEAD_WEIGHT)


def _summary(ranking: Ranking) -> dict[str, Any]:
    return {
        "label": ranking.label,
        "score": round(ranking.score, 4),
        "margin": round(ranking.margin, 4),
        "runner_up": ranking.runner_up,
    }


def _vectors(texts: Sequence[str], known: dict[str, Vectors], embed: Embed) -> dict[str, Vectors]:
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    found = dict(known)
    if missing:
        found.update(zip(missing, np.asarray(embed(missing)), strict=True))
    return {text: found[text] for text in texts}
