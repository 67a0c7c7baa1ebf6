"""Server-Sent Events read line by line from an HTTP response."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any


def sse_messages(lines: Iterator[str]) -> Iterator[tuple[int | None, dict[str, Any]] | None]:
    """(id, parsed data) of each Server-Sent Events message, and None for each keep-alive
    comment, so that a reader can check its deadline while nothing happens."""
    data: list[str] = []
    event_id: int | None = None
    for line in lines:
        if not line:
            if data:
                yield event_id, json.loads("\n".join(data))
            data, event_id = [], None
            continue
        if line.startswith(":"):
            yield None
            continue
        field, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if field == "data":
            data.append(value)
        elif field == "id" and value.isdigit():
            event_id = int(value)
    if data:
        yield event_id, json.loads("\n".join(data))
