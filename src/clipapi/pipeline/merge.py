"""The one merge rule: how the steps' `fields` (dotted AnalysisResult paths) become one
document, and how anything, the assembler or a later step or the evaluation, reads a dotted
path back.

A step may set a section whole (`a.b`) or in parts (`a.b.c`); dicts merge key by key at every
depth and anything else is replaced, so two steps may fill one section (the audio step's speech
ratio and the transcript step's speech rate) in either order. Steps merge in the order given,
which is registry order wherever the result is built, so what a later step reads is what the
result will show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clipapi.pipeline.step import StepOutput


def merge(existing: Any, value: Any) -> Any:
    if isinstance(existing, dict) and isinstance(value, dict):
        merged = dict(existing)
        for key, item in value.items():
            merged[key] = merge(existing.get(key), item)
        return merged
    return value


def set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    node = target
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[leaf] = merge(node.get(leaf), value)


def merged_fields(outputs: Iterable[StepOutput]) -> dict[str, Any]:
    """The outputs' fields as one nested document, set in the order given."""
    tree: dict[str, Any] = {}
    for output in outputs:
        for path, value in output.fields.items():
            set_path(tree, path, value)
    return tree


def dig(tree: Any, dotted: str) -> Any:
    """The value at a dotted path of a nested document; None where any part is absent."""
    for part in dotted.split("."):
        if not isinstance(tree, Mapping):
            return None
        tree = tree.get(part)
    return tree


def field_at(outputs: Mapping[str, StepOutput], dotted: str, steps: Iterable[str]) -> Any:
    """The value at a dotted result path as the named steps (in that order) set it."""
    return dig(merged_fields(outputs[s] for s in steps if s in outputs), dotted)
