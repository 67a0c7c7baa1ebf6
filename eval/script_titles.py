"""Title, summary and category on the creator scripts' own words, in a few minutes: the
understanding step reads each script as if every word were heard (its lines timed by their
length from the script's speech start) and every caption read (at the times the script shows
it), with no picture or sound. It prints, per set, how many titles hold a labelled topic word
(`evaluation.text_checks.topic_in_title`, as `clipapi eval` scores it) and how many
categories are right; with --show, each clip's title and summary; with --misses, the titles
that name no topic word.

    PYTHONPATH=src .venv/bin/python eval/script_titles.py [--group G ...] [--misses] [--show]

An indication, not the pipeline's figure: the pipeline reads captions through OCR and speech
through the recogniser (`eval/scripted_speech.py` keeps the OCR), and the creator layer is
not run here.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import creators  # eval/creators.py: run as a script, this folder is on the path

from clipapi.config import Settings
from clipapi.evaluation.text_checks import topic_in_title
from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
from clipapi.pipeline.steps.understanding import UnderstandingStep
from clipapi.storage.local import LocalBlobStore

CHARS_PER_S = 14.0  # the corpus voices speak about this fast
HEARD = 0.95
OCR_CONFIDENCE = 0.97
TAIL_S = 0.8


def outputs(script: creators.Script) -> dict[str, StepOutput]:
    """What the steps before understanding would measure if they heard and read perfectly."""
    at, sentences, words = script.speech_start, [], []
    for line in script.lines:
        span = len(line) / CHARS_PER_S
        sentences.append({"start": at, "end": at + span, "text": line})
        tokens = line.split()
        step = span / max(1, len(tokens))
        words += [(at + i * step, at + (i + 0.9) * step, t, HEARD) for i, t in enumerate(tokens)]
        at += span + 0.35
    ends = [end for start, end, _ in script.captions if start >= 0]
    duration = max(at + TAIL_S if script.lines else 0.0, max(ends, default=0.0) + 0.5)
    duration = max(duration, creators.MIN_DURATION_S)
    text = " ".join(script.lines)
    shown = [
        {"text": t, "start": s, "end": e, "confidence": OCR_CONFIDENCE}
        for s, e, t in creators.pictures.resolve_captions(script.captions, duration)
    ]
    given = {
        "ingest": StepOutput(fields={"source": {"platform": "upload"}}),
        "probe": StepOutput(signals={"duration_s": duration, "width": 360, "height": 640}),
        "visual_analysis": StepOutput(
            fields={"media_understanding.visual_analysis": {"on_screen_text": shown}}
        ),
    }
    if script.lines:
        given["transcription"] = StepOutput(
            fields={
                "media_understanding.transcript": {
                    "full_text": text,
                    "segments": [{**s, "confidence": HEARD, "words": []} for s in sentences],
                    "language": script.language,
                    "language_probability": 0.99,
                    "word_count": len(text.split()),
                }
            },
            signals={"sentences": sentences, "language": script.language, "words": words},
        )
    return given


def understand(script: creators.Script, folder: Path) -> dict[str, Any]:
    settings = Settings(
        data_dir=folder / "data",
        database_url=f"sqlite:///{folder / 'db.sqlite'}",
        secret_key="script-titles-" + "x" * 40,
    )
    ctx = StepContext(
        request=JobRequest("a1", "full", "upload", None, None, "k", "clip.mp4", None),
        settings=settings,
        storage=LocalBlobStore(folder / "blobs"),
        policy=HostPolicy(frozenset()),
        workdir=folder,
        deadline=time.monotonic() + 120,
        outputs=outputs(script),
    )
    output = UnderstandingStep().run(ctx)
    overview: dict[str, Any] = output.fields["media_understanding.content_overview"]
    topics = output.fields["media_understanding.entities"].get("topics")
    return {**overview, "title_source": output.signals.get("title_source"), "topics": topics}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--group", nargs="*", default=[])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    groups = args.group or list(creators.GROUPS)
    titled: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="script-titles-") as folder:
        for group in groups:
            for name in creators.GROUPS[group]:
                script = creators.SCRIPTS_BY_NAME[name]
                overview = understand(script, Path(folder))
                title = overview.get("title")
                hit = topic_in_title(title, script.topic_words)
                seen[group] += 1
                titled[group] += hit
                placed[group] += overview.get("category") == script.category
                if args.show or (args.misses and not hit):
                    print(f"  {name} [{'topic' if hit else 'NO TOPIC'}]: {title}")
                    print(f"      ({overview['title_source']}) topics {overview['topics']}")
                    if args.show:
                        print(f"      {overview.get('summary')}")
    for group in groups:
        print(
            f"{group}: topic in title {titled[group]}/{seen[group]}, "
            f"category {placed[group]}/{seen[group]}"
        )
    print(
        f"all: topic in title {sum(titled.values())}/{sum(seen.values())}, "
        f"category {sum(placed.values())}/{sum(seen.values())}"
    )


if __name__ == "__main__":
    main()
