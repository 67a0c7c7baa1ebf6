"""understanding: what the video is about, from its words (spoken, shown, captioned).

Reads whatever earlier steps measured (`needs` only probe; `uses` names the optional ones the
runner waits for when a preset includes them) and fills `content_overview` (title, summary,
category, format, language), `entities` and `sentiment`. Every field it cannot measure is null
with a warning. Methods and thresholds: docs/methods-understanding.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from clipapi.inference import text_models
from clipapi.inference.text_models import MODEL_VERSIONS, ModelUnavailable
from clipapi.intelligence.cta import comes_late, cta_type, decide_kind
from clipapi.pipeline.step import StepContext, StepOutput
from clipapi.pipeline.steps.understanding_inputs import Inputs, strings
from clipapi.pipeline.steps.understanding_text import (
    entities_of,
    entity_names,
    generate,
    instructions,
    part_of_speech,
    tags_topics,
)
from clipapi.signals.speech import heard_well
from clipapi.signals.text_category import (
    SUBJECT_SHARE,
    WHOLE_SHARE,
    classify_category,
    mean_evidence,
    paragraph,
)
from clipapi.signals.text_faithful import NUMBER_WORDS
from clipapi.signals.text_format import classify_format, decide_format, format_signals
from clipapi.signals.text_keywords import (
    KEYWORD_COUNT,
    TOPIC_CANDIDATES,
    keyphrases,
    rank_topics,
    topic_candidates,
    within_names,
)
from clipapi.signals.text_labels import Ranking
from clipapi.signals.text_language import detect_language
from clipapi.signals.text_meaning import (
    TimedText,
    closing_lines,
    line_key,
    meaning_record,
    readable,
)
from clipapi.signals.text_sentiment import sentiment
from clipapi.signals.text_summary import MIN_SUMMARY_WORDS, word_count
from clipapi.signals.text_summary_writer import write_summary
from clipapi.signals.text_tags import hashtags
from clipapi.signals.text_telling import ANECDOTE_WEIGHT, is_anecdote, tells
from clipapi.signals.text_writer import (
    WRITER_METHOD,
    WriterSources,
    central_order,
    drop_fillers,
    lower_case_words,
    with_noun_capitals,
    write_title,
)
from clipapi.signals.writer_language import (
    GENERIC_NOUNS,
    LONE_ADJECTIVES,
    POINTING_ADJECTIVES,
    phrasing,
)

T = TypeVar("T")

# Number words that are no topic alone ("ten" of "Do ten minutes today"); those that are
# also names or common words ("elf", "once", "otto") are left out.
COUNTING_WORDS = frozenset(NUMBER_WORDS) - {"elf", "once", "otto"}


@dataclass
class Report:
    warnings: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    writers: dict[str, str] = field(default_factory=dict)  # field -> what wrote it

    def warn(self, message: str | None) -> None:
        if message:
            self.warnings.append(message)

    def attempt(self, what: str, run: Callable[[], T]) -> T | None:
        """Run one component; a model that cannot load leaves its fields null with a warning."""
        try:
            return run()
        except ModelUnavailable as exc:
            self.warn(f"{what}: model unavailable ({exc})")
            return None


class UnderstandingStep:
    name = "media_understanding"
    needs: tuple[str, ...] = ("probe",)
    uses: tuple[str, ...] = ("ingest", "transcription", "audio_analysis", "visual_analysis")
    critical = False

    def run(self, ctx: StepContext) -> StepOutput:
        inputs = Inputs.gather(ctx)
        report = Report()
        language = self._language(inputs, report)
        ctx.check_deadline()
        overview, entities, feeling, signals = self._analyse(ctx, inputs, language, report)
        overview["format"] = self._format(inputs, report, signals.get("meaning"))
        report.used.add("format")
        return StepOutput(
            fields={
                "media_understanding.content_overview": overview,
                "media_understanding.entities": entities,
                "media_understanding.sentiment": feeling,
            },
            signals={**signals, "language": language, "format": overview["format"]},
            warnings=report.warnings,
            model_versions={
                **{k: v for k, v in MODEL_VERSIONS.items() if k in report.used},
                **report.writers,
            },
        )

    # --- language -----------------------------------------------------------------------

    def _language(self, inputs: Inputs, report: Report) -> str | None:
        if inputs.transcript_language:
            return inputs.transcript_language
        text = "\n".join(inputs.all_texts)
        if not text.strip():
            report.warn("language: no speech, on-screen text or caption to identify it from")
            return None
        identify = report.attempt("language", text_models.language_identifier)
        if identify is None:
            return None
        report.used.add("langid")
        guess = detect_language(text, identify)
        report.warn(guess.warning)
        return guess.language

    # --- text analyses --------------------------------------------------------------------

    def _analyse(
        self, ctx: StepContext, inputs: Inputs, language: str | None, report: Report
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any] | None, dict[str, Any]]:
        spoken = word_count(inputs.sentences) >= MIN_SUMMARY_WORDS
        candidates = inputs.sentences if spoken else [*inputs.caption_sentences, *inputs.ocr_texts]
        extra = [] if not spoken else [*inputs.caption_sentences, *inputs.ocr_texts]
        tags = hashtags(
            [*inputs.caption_texts, *inputs.ocr_texts, inputs.transcript_text],
            known=strings(inputs.source.get("hashtags")),
            spoken=inputs.transcript_text,
        )
        tag_words = " ".join(t.lstrip("#") for t in tags)
        units = [*candidates, *extra, *([tag_words] if tag_words else [])]
        # Each unit as e5 reads it: captions in capitals lowered, as every label reads them.
        forms = [readable(unit) for unit in units]

        vectors = None
        embed = report.attempt("embeddings", text_models.embedder) if units else None
        if embed is not None:
            report.used.add("embeddings")
            vectors = embed(forms)
        ctx.check_deadline()

        overview: dict[str, Any] = {"language": language}
        if not units:
            report.warn("summary: no speech or text to summarise")

        overview["category"] = overview["category_score"] = None
        meaning: dict[str, Any] | None = None
        labels = (
            report.attempt("labels", text_models.meaning_labels) if vectors is not None else None
        )
        if labels is not None and vectors is not None and embed is not None:
            meaning = self._meaning(inputs, forms, vectors, embed, labels)
        # Calls to action are read as such, not as what the video is about.
        calls = calls_to_action(inputs, language, meaning)
        # What the video asks, with what closes its last ask: never its subject nor quoted.
        # The category still reads the closing sentences ("I'll post as soon as the next
        # strike date is confirmed" tells the news it follows).
        asked = calls | closing_ask(inputs.sentences, calls)
        phrases, keywords, topics = self._keyphrases(
            inputs, language, vectors, embed, report, asked
        )
        ctx.check_deadline()
        if meaning is not None and labels is not None and vectors is not None and embed is not None:
            report.used.update(("category", "labels"))
            lexicon = text_models.category_words()
            weights = inputs.unit_weights(units, calls)
            category_vectors, subject = vectors, None
            evidence = [lexicon.evidence(unit, language) for unit in units]
            if is_anecdote(inputs.sentences):
                # A story about someone of the teller's own, their words played back, is
                # told for a laugh, whatever its props (text_telling).
                evidence = [
                    {**found, "Comedy": found.get("Comedy", 0.0) + ANECDOTE_WEIGHT}
                    if tells(unit)
                    else found
                    for unit, found in zip(units, evidence, strict=True)
                ]
            # Outside English (e5 reads an English sentence's subject well), one more unit
            # says what the video is about, in the words it is read from most surely.
            more: tuple[str, float, dict[str, float]] | None = None
            heard = heard_well(inputs.heard_overall)
            if topics and heard and lexicon.reads(language):
                # What the video keeps naming: its subject in a few noun phrases ("mascara,
                # pharmacie, cils"), which e5 reads more surely than sentences that each name
                # it once among chat (text_category.SUBJECT_SHARE).
                subject = ", ".join(topics)
                more = (subject, SUBJECT_SHARE * sum(weights), lexicon.evidence(subject, language))
            elif not heard and lexicon.reads(language):
                # Speech the recogniser could not make out has no topics to trust, and each
                # sentence of its guesses is a few fluent words that say little: read together
                # as one paragraph, they tell e5 more (text_category.WHOLE_SHARE). It carries
                # its sentences' topic-word and anecdote evidence, weighted as they are.
                whole = paragraph([f for f, w in zip(forms, weights, strict=True) if w > 0])
                more = (whole, WHOLE_SHARE * sum(weights), mean_evidence(evidence, weights))
            if more is not None:
                read, weight, found = more
                category_vectors = np.vstack([vectors, embed([read])])
                weights, evidence = [*weights, weight], [*evidence, found]
            category = classify_category(
                category_vectors,
                word_count(units),
                labels.categories,
                weights,
                evidence,
                text_models.category_head(),
            )
            overview["category"], overview["category_score"] = category.category, category.score
            report.warn(category.warning)
            meaning["category"] = {
                "margin": category.margin,
                "runner_up": category.runner_up,
                "subject": subject,  # the topics read as one more unit, if any
            }
        elif not units:
            report.warn("category: the video carries no words (speech, on-screen text or caption)")
        platform_title = inputs.source.get("title")
        duration = inputs.media.get("duration_s")
        # The writer quotes and titles from what was surely heard (Inputs.sure).
        sure = inputs.sure
        entities = entities_of(inputs, language, tags, report)
        names = entity_names(entities)
        # A topic read from a caption in capitals comes back in lower case ("oaxaca"): a name
        # among the entities is written as they write it, and in German a noun in it gets its
        # capital ("starken Rücken").
        ph = phrasing(language)
        capitals = (
            report.attempt("capitals", text_models.capital_odds) if ph.capital_nouns else None
        )
        if capitals is not None:
            report.used.add("capitals")
        as_named = {name.lower(): name for name in names}
        lower = lower_case_words(inputs.all_texts)

        def as_written(phrase: str) -> str:
            named = as_named.get(phrase.lower(), phrase)
            return with_noun_capitals(named, capitals or {}, ph, lower)

        if topics:
            topics = within_names(topics, names, "\n".join(inputs.all_texts))
        topics = None if topics is None else [as_written(t) for t in topics]
        keywords = None if keywords is None else [as_written(k) for k in keywords]
        said = tuple(inputs.sentences[i] for i in sure)
        sources = WriterSources(
            language=language,
            sentences=said,
            steps=instructions(said, language, ph.fillers, report),
            misheard=tuple(inputs.misheard_sentences),
            central=central_order(vectors[sure]) if vectors is not None and spoken and sure else (),
            on_screen=tuple(inputs.ocr),
            platform_title=platform_title if isinstance(platform_title, str) else None,
            caption_sentences=tuple(
                inputs.caption_sentences
                if spoken
                else [*inputs.caption_sentences, *inputs.ocr_texts]
            ),
            topics=tuple(topics or ()),
            topics_tagged=tags_topics(language),
            duration_s=float(duration) if isinstance(duration, int | float) else None,
            heard=inputs.heard_overall,
            calls=asked,
            names=names,
            things=entity_names(entities, ("organisations", "brands", "places")),
            capitals=capitals or {},
        )
        title = write_title(sources)
        summary = write_summary(sources, title.text)
        # The story's logline is written from the same sources once its beats are known.
        lines_to_tell = bool(inputs.sentences or inputs.ocr)
        overview["title"], overview["summary"] = title.text, summary.text
        report.warn(title.warning)
        unquoted = bool(inputs.sentences) and (not sure or not sources.heard_well)
        if units and unquoted:
            report.warn(
                f"summary: the speech was not heard clearly enough to quote (mean word "
                f"probability {inputs.heard_overall}); "
                + (
                    "it names what the video shows or captions"
                    if summary.text
                    else "no topic it names is written on screen or a known name"
                )
            )
        elif units:
            report.warn(summary.warning)
        if summary.text and not spoken:
            report.warn("summary: no speech; built from the caption and on-screen text")
        written = {"title": title.text, "summary": summary.text, "logline": lines_to_tell}
        report.writers.update({key: WRITER_METHOD for key, text in written.items() if text})
        generated = generate(ctx.settings, inputs, language, vectors, embed, report)
        if title.source == "platform":  # the creator's own title stands
            generated.pop("title", None)
            report.writers["title"] = WRITER_METHOD
        overview.update({k: v for k, v in generated.items() if k in ("title", "summary")})

        entities["keywords"], entities["topics"] = keywords, topics
        ctx.check_deadline()
        feeling = self._sentiment(inputs, language, report)
        signals = {"keyphrases": phrases, "title_source": title.source, "meaning": meaning}
        if "logline" in generated:
            signals["logline"] = generated["logline"]
        return overview, entities, feeling, signals

    def _keyphrases(
        self,
        inputs: Inputs,
        language: str | None,
        vectors: np.ndarray[Any, Any] | None,
        embed: Callable[[Sequence[str]], Any] | None,
        report: Report,
        calls: frozenset[str] = frozenset(),
    ) -> tuple[list[str], list[str] | None, list[str] | None]:
        """YAKE's phrases, keywords and topics (noun phrases, no interface words or captions),
        read from all the video's words but its calls to action (`calls`)."""
        text = inputs.subject_text(calls)
        if not text.strip():
            report.warn("keywords: no speech or text for keywords and topics")
            return [], None, None
        lang = language or "en"
        long_extractor = report.attempt(
            "keywords", lambda: text_models.keyphrase_extractor(lang, 3, TOPIC_CANDIDATES)
        )
        short_extractor = report.attempt(
            "keywords", lambda: text_models.keyphrase_extractor(lang, 2, 2 * KEYWORD_COUNT)
        )
        if long_extractor is None or short_extractor is None:
            return [], None, None
        report.used.add("keywords")
        phrases = keyphrases(text, long_extractor)
        if not phrases:
            report.warn("keywords: too little speech or text for keywords and topics")
            return [], None, None
        keywords = keyphrases(text, short_extractor)[:KEYWORD_COUNT]
        topics = None
        if vectors is not None and embed is not None:
            centroid = vectors.mean(axis=0)
            centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
            sentences, shown = inputs.subject_lines(calls)
            opening, *rest = sentences or [""]
            ph = phrasing(language)
            fit = topic_candidates(
                phrases,
                ph.interface_words,
                shown,
                part_of_speech(phrases, language, report, context=text),
                opening=drop_fillers(opening, ph),
                rest="\n".join([*rest, *shown, *inputs.caption_texts]),
                # A general noun, or an adjective that only points ("actual lips"), in front
                # of a topic is no part of it.
                generic=GENERIC_NOUNS | POINTING_ADJECTIVES,
                # Nor is a word that only joins or opens what is said ("oui", "d'abord"), nor
                # a function word ("pro" of "7-8 % PRO JAHR").
                alone=LONE_ADJECTIVES | ph.fillers | ph.asides | ph.continuing | ph.function_words,
                numbers=COUNTING_WORDS,
            )
            if fit:
                topics = rank_topics(
                    fit,
                    embed(fit),
                    centroid,
                    long_extractor.stopword_set,
                    text=text,
                    written=None
                    if heard_well(inputs.heard_overall)
                    else "\n".join([*shown, *inputs.caption_texts]),
                )
            else:
                topics = []
        else:
            report.warn("topics: need embeddings")
        return phrases, keywords, topics

    def _sentiment(
        self, inputs: Inputs, language: str | None, report: Report
    ) -> dict[str, Any] | None:
        sentences = [*inputs.sentences, *inputs.ocr_texts, *inputs.caption_sentences]
        if not sentences:
            report.warn("sentiment: no speech or text")
            return None
        if language != "en":
            report.warn(f"sentiment: VADER is English-only; language is {language or 'unknown'}")
            return None
        compound = report.attempt("sentiment", text_models.sentiment_analyzer)
        if compound is None:
            return None
        report.used.add("sentiment")
        result = sentiment(sentences, compound)
        report.warn(result.warning)
        if result.label is None:
            return None
        return {"label": result.label, "score": result.score, "confidence": result.confidence}

    @staticmethod
    def _meaning(
        inputs: Inputs,
        forms: list[str],
        vectors: np.ndarray[Any, Any],
        embed: Callable[[Sequence[str]], Any],
        labels: text_models.MeaningLabels,
    ) -> dict[str, Any]:
        """Zero-shot hook, CTA and format evidence for the creator layer (text_meaning), given
        the units' embedded forms (`readable`) and their vectors."""
        return meaning_record(
            sentences=inputs.timed_sentences,
            on_screen=[TimedText(start, end, text) for start, end, text in inputs.ocr],
            known=dict(zip(forms, vectors, strict=True)),
            all_vectors=vectors,
            embed=embed,
            hook_types=labels.hook_types,
            cta_kinds=labels.cta_kinds,
            formats=labels.formats,
            heard={t.text: h for t, h in zip(inputs.timed_sentences, inputs.heard, strict=False)},
            hook_head=text_models.hook_type_head(),
        )

    # --- format -----------------------------------------------------------------------------

    def _format(
        self, inputs: Inputs, report: Report, meaning: dict[str, Any] | None = None
    ) -> str | None:
        signals = format_signals(
            inputs.media,
            inputs.visual,
            inputs.audio,
            speech_spans=inputs.speech_spans,
            segments=inputs.transcript.get("segments") if inputs.transcript_ran else None,
            on_screen_text=[(start, end, text) for start, end, text in inputs.ocr],
        )
        rules = classify_format(signals)
        words = (meaning or {}).get("format") or {}
        result = decide_format(rules, words.get("label"), words.get("margin"))
        if result.format is None:
            report.warn(rules.warning)
        return result.format


def calls_to_action(
    inputs: Inputs, language: str | None, meaning: dict[str, Any] | None
) -> frozenset[str]:
    """The `line_key`s of the spoken sentences and on-screen texts that are calls to action,
    decided as the creator layer decides them (`cta.decide_kind`: the phrase rules, with the
    e5 CTA-kind scores of `meaning` where they were measured, by e5 alone only where the line
    `comes_late`)."""
    scores = (meaning or {}).get("cta") or {}
    duration = inputs.media.get("duration_s")
    duration_s = float(duration) if isinstance(duration, int | float) else None
    starts: dict[str, float] = {}  # where each line is first said or shown
    timed = [(t.start, t.text) for t in inputs.timed_sentences]
    for start, text in [*timed, *((start, text) for start, _, text in inputs.ocr)]:
        key = line_key(text)
        starts[key] = min(start, starts.get(key, start))
    found = set()
    for text in [*inputs.sentences, *inputs.ocr_texts]:
        key = line_key(text)
        ranking = Ranking.from_dict(scores[key]) if key in scores else None
        late = comes_late(starts.get(key), duration_s)
        if decide_kind(cta_type(text, language), ranking, late=late) is not None:
            found.add(key)
    return frozenset(found)


def closing_ask(sentences: Sequence[str], calls: frozenset[str]) -> frozenset[str]:
    """The `line_key`s of the sentences that close the video's last spoken call
    (`text_meaning.closing_lines`: "Come run with us on Saturday at 8. We meet by the cafe in
    Victoria Park.")."""
    said = [line_key(text) for text in sentences]
    closing = closing_lines([key in calls for key in said])
    return frozenset(key for key, closes in zip(said, closing, strict=True) if closes)
