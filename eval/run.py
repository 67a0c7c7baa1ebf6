"""Accuracy evaluation: build the corpus, run the full pipeline on every clip in this process,
print the per-dimension table and each target's PASS or MISS (docs/accuracy.md).

    .venv/bin/python eval/run.py [--out DIR] [--json out.json] [--only NAME ...]

The same as `clipapi eval`; exit status 1 when a target is missed.
"""

from __future__ import annotations

from clipapi.evaluation.cli import eval_command

if __name__ == "__main__":
    eval_command()
