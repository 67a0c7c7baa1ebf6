"""Runs the pipeline on a labelled corpus and scores it against the ground truth.

The corpus is a folder with `corpus.json` (built by `eval/corpus.py` in a checkout; the truth
keys are documented there and in docs/accuracy.md). Every item is analysed by the real
`PipelineRunner` on the `full` preset, in this process (models load once and serve every
item), on a throw-away SQLite database and local blob store, exactly as a worker runs it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from clipapi.evaluation.report import Report
from clipapi.evaluation.runs import PRESET, local_pipeline
from clipapi.evaluation.scoring import ItemScore, score_item

MANIFEST = "corpus.json"


def load_manifest(folder: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    return document


def evaluate(
    folder: Path,
    *,
    only: Sequence[str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
    preset: str = PRESET,
) -> Report:
    """Analyse every item of the corpus in `folder` and score it."""
    manifest = load_manifest(folder)
    items = [t for t in manifest["items"] if only is None or t["name"] in only]
    started = time.monotonic()
    scores: list[ItemScore] = []
    with local_pipeline(preset) as pipeline:
        for truth in items:
            outcome = pipeline.analyse(folder / truth["media"])
            scores.append(score_item(truth, outcome))
            progress(f"{truth['name']}: {outcome.status} in {outcome.seconds:.1f} s")
    return Report(
        items=scores,
        skipped=list(manifest.get("skipped") or []),
        corpus_version=str(manifest.get("version") or "?"),
        seconds=time.monotonic() - started,
    )
