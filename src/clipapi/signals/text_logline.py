"""The default writer's logline: what happens in the video, beat by beat, in one sentence of
the video's language ("The video opens with a hot take, shows how to make pasta carbonara and
ends by asking viewers to follow."). Everything it names comes from the video: how it opens
and what it asks as the hook and CTA methods read them, the how-to clause as spoken, or the
measured topics; with nothing to say beyond the opening, it quotes the first line, never the
recogniser's guesses."""

from __future__ import annotations

from collections.abc import Sequence

from clipapi.signals.text_summary_writer import elide, join_words, lower_first
from clipapi.signals.text_writer import (
    MAX_HOW_TO_WORDS,
    MIN_CLAIM_WORDS,
    casing,
    drop_fillers,
    how_to,
    opening_words,
    outside_lists,
    recase,
)
from clipapi.signals.writer_language import phrasing
from clipapi.signals.writer_topics import returned_to, said_and_shown, salient_topics


def write_logline(
    language: str | None,
    beats: Sequence[str],
    first_line: str,
    sentences: Sequence[str],
    topics: Sequence[str],
    hook_type: str | None = None,
    cta_kind: str | None = None,
    shown: Sequence[str] = (),
    first_line_heard: bool = True,
    opening_caption: str = "",
    speech_heard_well: bool = True,
    spoken: bool = True,
) -> str | None:
    """What happens in the video, beat by beat, in one sentence of the video's language: how
    it opens (its `hook_type`), what it shows or says, and what it asks (`cta_kind`). The
    on-screen lines (`shown`) count towards a topic's mentions, as in the summary. With
    nothing to say of what it is about, it quotes the first line, or, when that line is
    mostly the recogniser's guesses (not `first_line_heard`), the `opening_caption`, else
    says how it opens; the guesses are never quoted, and with nothing else known there is
    no logline (None). Speech not heard well as a whole (`speech_heard_well`) names no
    how-to clause and only the topics written on screen (`salient_topics`). Without speech
    (not `spoken`) the lines are the screen's."""
    ph = phrasing(language)
    known = casing(sentences)
    present = set(beats)
    if first_line.strip().endswith("?"):
        hook_type = "question"
    elif (
        spoken
        and len(first_line.split()) < MIN_CLAIM_WORDS
        and sentences[1:]
        and first_line == sentences[0]
    ):
        # "Morning." greets; the next line opens the video. A short line on screen is a title
        # ("SUNDAY RESET"), not a greeting.
        first_line = sentences[1]
    clause = how_to(sentences, ph, MAX_HOW_TO_WORDS, told=True) if speech_heard_well else None
    counted = said_and_shown(sentences, shown)
    written = None if speech_heard_well else [*shown, opening_caption]
    outside = [*outside_lists(sentences), *outside_lists(shown)]
    subject = returned_to(topics, counted, sentences, [*shown, opening_caption], ph)
    topic = join_words(salient_topics(subject, counted, ph, known, written, outside), ph.and_word)
    middle: list[str] = []
    if clause:
        middle.append(ph.shows.format(how=lower_first(clause, known)))
    elif topic and "list_item" in present:
        middle.append(ph.lists.format(topic=topic))
    elif topic and "story" in present:
        middle.append(ph.tells_story.format(topic=topic))
    elif topic:
        middle.append(ph.talks_about.format(topic=topic))
    opening = ph.opens_with.get(hook_type or "")
    if not middle:  # nothing to say of what it is about: its own first line says it
        if first_line_heard and speech_heard_well:
            line = recase(drop_fillers(first_line, ph), known)  # not "Hi everyone, …"
            quoted = opening_words(line, MAX_HOW_TO_WORDS, ph)
            # A line that can only be quoted cut short is told by its hook type, if known.
            if not (quoted.endswith("…") and opening):
                opening = ph.opens_with_line.format(line=quoted)
        elif opening_caption.strip():
            caption = recase(opening_caption, known)  # as the title writes it
            opening = ph.opens_with_line.format(line=opening_words(caption, MAX_HOW_TO_WORDS, ph))
        # else the hook type names the opening; the recogniser's guesses are never quoted
    if "problem" in present and present & {"solution", "steps"}:
        middle.append(ph.problem_to_solution)
    if "proof" in present:
        middle.append(ph.backs_with_proof)
    if "cta" in present:
        middle.append(ph.ends_asking.get(cta_kind or "", ph.ends_with_cta))
    elif present & {"reveal", "payoff"}:
        middle.append(ph.ends_with_reveal)
    clauses = [opening, *middle] if opening else middle
    if not clauses:
        return None
    return elide(f"{ph.logline_subject} {join_words(clauses, ph.and_word)}.", language)
