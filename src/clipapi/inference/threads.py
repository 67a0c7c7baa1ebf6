"""How many threads one model may use."""

from __future__ import annotations

import os


def model_threads() -> int:
    """Half the cores: the pipeline runs the transcript, audio and visual steps side by side,
    and models that each take every core slow one another down (measured in
    docs/benchmarks.md: on 2 cores, 2 threads each cost ~40 % more CPU for the same wall
    time)."""
    return max(1, (os.cpu_count() or 2) // 2)
