"""What the writer costs: the default writer's share of the understanding step, and one answer
of the embedded generative writer (the [llm] extra) with one thread.

    PYTHONPATH=src python bench/writer.py            # default writer only
    PYTHONPATH=src python bench/writer.py --embedded # and the embedded model (needs [llm])

The default writer's cost is everything it added to the step: the title and summary, the
part-of-speech check of topic candidates, fuzzy brand matching, the organisations list and the
places gazetteer with its fuzzy matching, on a 60-second creator transcript (about 170 words)
with on-screen text. Models are loaded and
warmed first, since the step shares them with the fields that were there before.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from clipapi.inference import text_models
from clipapi.signals.text_entities import blank_names, match_brands
from clipapi.signals.text_fuzzy import fuzzy_brands, names_as_shown
from clipapi.signals.text_keywords import topic_candidates
from clipapi.signals.text_places import match_places
from clipapi.signals.text_summary_writer import write_summary
from clipapi.signals.text_writer import WriterSources, central_order, write_title
from clipapi.signals.writer_language import phrasing

SENTENCES = (
    "Stop buying bread, because today I'm showing you how to bake sourdough at home.",
    "You only need flour, water and salt, plus a starter that's about a week old.",
    "I learned this from a baker in Lisbon who has made bread for thirty years.",
    "Mix everything, let it rest for an hour, then fold the dough every thirty minutes.",
    "After four folds, shape it into a tight ball and put it in a floured basket.",
    "Leave it in the fridge overnight, which gives the crust that deep brown colour.",
    "In the morning, heat your oven with a Dutch oven inside for a full hour.",
    "Bake it at two hundred and fifty degrees with the lid on for twenty minutes.",
    "Then take the lid off and bake it for another twenty five minutes.",
    "Let it cool for an hour before you cut it, or the inside turns gummy.",
    "My starter lives in a jar from Ikea and I feed it every morning.",
    "Follow for more bread recipes and tell me in the comments how yours turned out.",
)
ON_SCREEN = ((0.0, 1.8, "Stop buying bread"), (0.3, 6.0, "SOURDOUGH FOR BEGINNERS"))
REPEATS = 20


def default_writer_ms() -> float:
    embed = text_models.embedder()
    tagger = text_models.spacy_english()
    lexicon = text_models.brand_lexicon()
    gazetteer = text_models.place_gazetteer()
    organisations = text_models.organisation_list()
    vectors = embed(list(SENTENCES))
    candidates = ["sourdough bread", "dutch oven", "floured basket", "follow", "bread recipes"]
    transcript = " ".join(SENTENCES)
    shown = [text for _, _, text in ON_SCREEN]
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        tags = [[t.pos_ for t in doc] for doc in tagger(candidates)]
        topics = topic_candidates(candidates, phrasing("en").interface_words, shown, tags)
        sources = WriterSources(
            "en", SENTENCES, central_order(vectors), ON_SCREEN, None, (), tuple(topics[:3])
        )
        write_title(sources)
        write_summary(sources)
        fuzzy_brands(transcript, shown, lexicon)
        names_as_shown(["Jonas Berg"], shown)
        match_brands([transcript, *shown], organisations)
        texts = blank_names([transcript, *shown], organisations)
        match_places(texts, gazetteer, spoken=texts[0], shown=shown)
        timings.append((time.perf_counter() - started) * 1000)
    return float(np.median(timings))


def embedded_answer_s() -> tuple[float, float, float, float]:
    from clipapi.inference.llm import EmbeddedChat, assemble_embedded_model
    from clipapi.signals.text_generative import ANSWER_SCHEMA, VideoWords, messages

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        assemble_embedded_model(Path(folder))
        joined = time.perf_counter() - started
        chat = EmbeddedChat(Path(folder), threads=1, timeout_s=600)
        words = VideoWords("en", " ".join(SENTENCES), tuple(text for _, _, text in ON_SCREEN))
        started = time.perf_counter()
        chat(messages(words), ANSWER_SCHEMA)
        first = time.perf_counter() - started
        started = time.perf_counter()
        chat(messages(words), ANSWER_SCHEMA)
        second = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return joined, first, second, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embedded", action="store_true")
    args = parser.parse_args()
    print(f"default writer: {default_writer_ms():.1f} ms a video (median of {REPEATS})")
    if args.embedded:
        joined, first, second, peak_mb = embedded_answer_s()
        print(
            f"embedded writer: join {joined:.1f} s once, first answer {first:.1f} s "
            f"(with load), next {second:.1f} s (one thread); peak RSS {peak_mb:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
