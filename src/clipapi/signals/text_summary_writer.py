"""The default writer's summary: one framing sentence on what the video does (and for whom,
when the video says so), then the most central complete spoken sentence; never cut, so never a
fragment. The title is `text_writer`'s; both read the same `WriterSources`, and the summary
does not frame the video with the topic its title already names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from clipapi.signals.text_writer import (
    MAX_HOW_TO_WORDS,
    OPEN_ENDINGS,
    SPOKEN_ITEM,
    STEM_CHARS,
    WriterSources,
    Written,
    content_words,
    drop_fillers,
    how_to,
    recase,
    words,
)
from clipapi.signals.writer_language import Phrasing, opens_on, phrasing
from clipapi.signals.writer_topics import (
    is_salient_name,
    is_whole_name,
)

MAX_SUMMARY_CHARS = 320
# Pronouns that open a sentence only by pointing back at the one before ("It means …").
# Words that also open a sentence of its own are left out: Italian "il" is "the", German
# "es" and French "il" open "Es gibt …", "Il y a …".
_BACK_REFERENCES = frozenset(
    """it it's its they they're that's c'est ça eso esto""".split()  # noqa: SIM905
)
# A quoted summary sentence: long enough to say something, short enough to read at once.
SUMMARY_SENTENCE_WORDS = (6, 32)
# Labels shown in turn over a video that says nothing: how many make a list, and how long a
# label may be (a longer line is a sentence).
MIN_LISTED = 2
MAX_LISTED_WORDS = 5


def join_words(items: Sequence[str], and_word: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_word} {items[-1]}"


def lower_first(text: str, known: dict[str, str]) -> str:
    """`text` to sit mid-sentence: its first word lower-cased unless the sources capitalise it."""
    first, _, rest = text.partition(" ")
    if first.lower() in known or any(ch.isupper() for ch in first[1:]):
        return text
    return f"{first.lower()} {rest}".strip()


def framing_sentence(
    sources: WriterSources,
    ph: Phrasing,
    known: dict[str, str],
    title: str | None = None,
    telling: bool = True,
) -> str | None:
    """What the video does, in the video's language: it shows how to …, or is about …
    Speech not heard well (`WriterSources.heard_well`) frames nothing: the video is then about
    what it also shows or captions, and shows how to do only what its caption says. What the
    `title` already names is not said again ("You don't need a gym" / "The video is about a
    gym."), and with `telling`, a topic that tells too little frames nothing (`_frames`)."""
    spoken = [*quoted_speech(sources), *sources.caption_sentences]
    told = [s for s in spoken if not sources.is_call(s)]
    clause = how_to(told, ph, MAX_HOW_TO_WORDS, told=True)
    if clause:
        sentence = ph.video_shows.format(how=lower_first(clause, known))
    else:
        topics = sources.subjects
        if not topics or (title and all(_named_in(topic, title, ph) for topic in topics)):
            return None
        if telling:
            # "The video is about a fret." tells less than the video's words, and so does a
            # frame led by a common noun ("the emergencies and Christmas"); a second topic
            # that tells nothing is left out ("a bag and the shower head").
            if not _frames(topics[0], sources, ph, known):
                return None
            topics = tuple(t for t in topics if _frames(t, sources, ph, known))
        sentence = ph.video_is_about.format(topic=join_words(topics, ph.and_word))
    shown = shown_texts(sources)
    audience = next(
        (m.group(1) for text in [*spoken, *shown] for m in [ph.audience.search(text)] if m), None
    )
    if audience:
        audience = audience.lower() if audience.isupper() else audience
        sentence = sentence[:-1] + ph.video_for.format(audience=audience) + "."
    return sentence


def _frames(topic: str, sources: WriterSources, ph: Phrasing, known: dict[str, str]) -> bool:
    """Whether a topic may frame the video: one that tells (`_telling`), and where no tagger
    read the topics as noun phrases (`WriterSources.topics_tagged`), a name, every word of it
    ("Ray-Ban Meta"; not "enigma abbiamo perso", words run into a verb)."""
    if sources.topics_tagged:
        return _telling(topic, ph, known)
    return is_whole_name(topic, ph, known)


def _telling(topic: str, ph: Phrasing, known: dict[str, str]) -> bool:
    """Whether a topic says enough to frame the video with: a name ("Fortnite", "Etsy") or a
    phrase of two content words or more ("a starter emergency fund"); a common noun alone ("a
    fret", "the cat") does not."""
    named = content_words(topic, ph)  # without its determiner: "a" of "a fret" is no name
    return len(named) >= 2 or any(is_salient_name(word, ph, known) for word in named)


def _named_in(topic: str, title: str, ph: Phrasing) -> bool:
    """Whether every content word of `topic` is in `title` (by its first letters)."""
    said = {w[:STEM_CHARS] for w in content_words(title, ph)}
    return all(w[:STEM_CHARS] in said for w in content_words(topic, ph))


def quotable(sentence: str, ph: Phrasing) -> str | None:
    """A spoken sentence fit to quote in a summary: complete, a statement, not a call to act
    nor a teaser, and standing on its own: not one item of a list ("Two, …") nor leaning on
    the sentence before ("Then …", "It means …")."""
    text = drop_fillers(sentence.strip(), ph)
    low, high = SUMMARY_SENTENCE_WORDS
    clause = len(text.split()) > high
    if clause:
        # Speech recognition runs sentences together: a first main clause that stands as a
        # sentence is quoted ("The ending of this movie made half the theater walk out, and …").
        text = ph.and_break.split(text, maxsplit=1)[0].rstrip(" ,;:")
    tokens = words(text)
    if not low <= len(text.split()) <= high or text.endswith(("?", "…", "...", ",")):
        return None
    if not tokens or SPOKEN_ITEM.match(text) or opens_on(tokens, ph.continuing | _BACK_REFERENCES):
        return None
    if any(t in ph.interface_words for t in tokens) or ph.teaser.match(text):
        return None  # "Wartet bis zum Ende, …" promises, it tells nothing
    if not text.endswith((".", "!")):
        # A main clause may end in a particle ("walk out"); a sentence the recogniser left
        # open ("… went to the") may not.
        if tokens and tokens[-1] in (OPEN_ENDINGS if clause else ph.function_words):
            return None
        text = text.rstrip(" ,;:-") + "."
    return text


def _repeats(sentence: str, said: Sequence[str], ph: Phrasing) -> bool:
    """True when `sentence` says again what was said: most of its content words, or a run
    of four words."""
    content = content_words(sentence, ph)
    before = {w for text in said for w in content_words(text, ph)}
    if not content or sum(w in before for w in content) >= 0.6 * len(content):
        return True
    runs = {tuple(words(text)[i : i + 4]) for text in said for i in range(len(words(text)) - 3)}
    tokens = words(sentence)
    return any(tuple(tokens[i : i + 4]) in runs for i in range(len(tokens) - 3))


_ELISION = re.compile(r"\b([dlDL]e|[Qq]ue) ([aeiouhâàéèêîôûAEIOUH])")


def elide(text: str, language: str | None) -> str:
    """Where the writer's frame meets the video's words: a preposition and an article
    contracted ("de le téléphone" → "du téléphone", "di il" → "del"), and French elision
    before a vowel ("de appareil" → "d'appareil")."""
    for joined, contracted in phrasing(language).contractions:
        text = re.sub(rf"\b{re.escape(joined)}", contracted, text)
    if language != "fr":
        return text
    return _ELISION.sub(lambda m: f"{m.group(1)[:-1]}'{m.group(2)}", text)


def quoted_speech(sources: WriterSources) -> tuple[str, ...]:
    """The spoken sentences a summary may quote or frame: none when the speech as a whole was
    not heard well, its fluent guesses read as if said."""
    return sources.sentences if sources.heard_well else ()


def shown_texts(sources: WriterSources) -> list[str]:
    return [text for _, _, text in sources.on_screen]


def write_summary(sources: WriterSources, title: str | None = None) -> Written:
    """One or two sentences: what the video does (`framing_sentence`), then what it says, in
    its order. Where the `title` already names all the frame would, sentences are quoted
    instead, if any can be."""
    ph = phrasing(sources.language)
    known = sources.known_forms()
    frame = framing_sentence(sources, ph, known)
    if frame is not None and title and framing_sentence(sources, ph, known, title) is None:
        quoted = _summary(sources, None, ph, known, title)
        if quoted.text is not None:
            return quoted
    written = _summary(sources, frame, ph, known, title)
    if written.text is None and frame is None:
        # Nothing to quote: a common noun alone ("The video is about the riff.") beats none.
        frame = framing_sentence(sources, ph, known, telling=False)
        written = _summary(sources, frame, ph, known, title)
    if written.text is None:
        listed = shown_list(sources, title, ph, known)
        if listed is not None:
            return Written(listed, "shown_list")
    return written


def shown_list(
    sources: WriterSources, title: str | None, ph: Phrasing, known: dict[str, str]
) -> str | None:
    """A video whose speech is not quoted (it says nothing, or was not heard well) and that
    labels its moments in turn on screen ("SUNDAY RESET", "FRESH SHEETS", "LAUNDRY", "PLAN
    THE WEEK"): its title and the labels in their order, "Sunday reset: fresh sheets,
    laundry and plan the week.", from MIN_LISTED lines of at most MAX_LISTED_WORDS words
    each, none a call to action nor the title again; else None."""
    if not title or quoted_speech(sources):
        return None
    labels: list[str] = []
    for _, _, text in sorted(sources.on_screen, key=lambda line: line[0]):
        label = text.strip().rstrip(".!:;,")
        if sources.is_call(text) or words(label) == words(title) or not words(label):
            continue
        if len(label.split()) > MAX_LISTED_WORDS or label.endswith("?"):
            return None  # a sentence shown, not a label
        label = lower_first(recase(label, known, sources.names), known)
        if label not in labels:
            labels.append(label)
    if len(labels) < MIN_LISTED:
        return None
    return elide(f"{title.rstrip('.!?')}: {join_words(labels, ph.and_word)}.", sources.language)


def _summary(
    sources: WriterSources,
    frame: str | None,
    ph: Phrasing,
    known: dict[str, str],
    title: str | None = None,
) -> Written:
    """The frame, then sentences quoted in the video's order; none that is the title again."""
    # (place in the video, sentence): the opening line (the creator's own hook, what a viewer
    # hears first), the most central spoken sentences, then captions
    spoken = len(quoted_speech(sources))
    order = dict.fromkeys([*([0] if spoken else []), *sources.central, *range(spoken)])
    pool = [(i, sources.sentences[i]) for i in order if i < spoken]
    # A caption in capitals is quoted in its own case, as the title writes it.
    captions = [recase(text, known, sources.names) for text in sources.caption_sentences]
    pool += [(spoken + j, text) for j, text in enumerate(captions)]
    pieces = [frame] if frame else []
    chosen: list[tuple[int, str]] = []
    items = sources.items
    for place, sentence in pool:
        if len(pieces) + len(chosen) == 2:
            break
        listed = place < spoken and place in items
        again = title is not None and words(sentence) == words(title)
        quoted = None if sources.is_call(sentence) or listed or again else quotable(sentence, ph)
        if quoted is None:
            continue
        said = [*pieces, *(text for _, text in chosen)]
        fits = len(" ".join([*said, quoted])) <= MAX_SUMMARY_CHARS
        if fits and not _repeats(quoted, said, ph):
            chosen.append((place, quoted))
    pieces += [text for _, text in sorted(chosen)]  # in the order the video says them
    if not pieces:
        return Written(None, None, "summary: no complete sentence or topic to summarise")
    return Written(elide(" ".join(pieces), sources.language), "framed" if frame else "extractive")
