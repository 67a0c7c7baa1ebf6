"""The default writer's logline: what happens in the video, beat by beat, in one sentence of
the video's language ("The video opens with a question, shows how to make pasta carbonara and
ends with a call to action."). Everything it names comes from the video: the how-to clause as
spoken, or the measured topics; with neither, it quotes the first line."""

from __future__ import annotations

from collections.abc import Sequence

from clipapi.signals.text_summary_writer import elide, join_words, lower_first
from clipapi.signals.text_writer import (
    EDGE_PUNCT,
    MAX_HOW_TO_WORDS,
    casing,
    how_to,
    salient_topics,
)
from clipapi.signals.writer_language import phrasing


def write_logline(
    language: str | None,
    beats: Sequence[str],
    first_line: str,
    sentences: Sequence[str],
    topics: Sequence[str],
) -> str:
    """What happens in the video, beat by beat, in one sentence of the video's language."""
    ph = phrasing(language)
    known = casing(sentences)
    present = set(beats)
    clauses: list[str] = []
    if first_line.strip().endswith("?"):
        clauses.append(ph.opens_with_question)
    clause = how_to(sentences, ph, MAX_HOW_TO_WORDS)
    topic = join_words(salient_topics(topics, sentences, ph, known), ph.and_word)
    if clause:
        clauses.append(ph.shows.format(how=lower_first(clause, known)))
    elif topic and "list_item" in present:
        clauses.append(ph.lists.format(topic=topic))
    elif topic and "story" in present:
        clauses.append(ph.tells_story.format(topic=topic))
    elif topic:
        clauses.append(ph.talks_about.format(topic=topic))
    if "problem" in present and present & {"solution", "steps"}:
        clauses.append(ph.problem_to_solution)
    if "proof" in present:
        clauses.append(ph.backs_with_proof)
    if "cta" in present:
        clauses.append(ph.ends_with_cta)
    elif present & {"reveal", "payoff"}:
        clauses.append(ph.ends_with_reveal)
    if not clauses or clauses == [ph.opens_with_question]:
        line = " ".join(first_line.split()[:MAX_HOW_TO_WORDS]).strip(EDGE_PUNCT)
        clauses = [ph.opens_with_line.format(line=line), *clauses[1:]]
    return elide(f"{ph.logline_subject} {join_words(clauses, ph.and_word)}.", language)
