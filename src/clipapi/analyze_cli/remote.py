"""Submit one analysis to a clipapi server with the Python client and follow its stream."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

from clipapi.analyze_cli.display import Progressbar
from clipapi.analyze_cli.local import is_remote
from clipapi.client import Client
from clipapi.schemas.result import Preset


class _CountingReader:
    """A file whose reads report progress, so an upload shows a bar."""

    def __init__(self, handle: IO[bytes], report: Callable[[int], None]) -> None:
        self._handle = handle
        self._report = report
        self.name = handle.name
        self._sent = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._sent += len(chunk)
        self._report(self._sent)
        return chunk

    def seek(self, offset: int, whence: int = 0) -> int:
        self._sent = 0 if whence == 0 and offset == 0 else self._sent
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def fileno(self) -> int:
        return self._handle.fileno()


def run_on_server(
    source: str,
    preset: str,
    *,
    server: str,
    api_key: str,
    external_id: str | None,
    timeout_s: float,
    bar: Progressbar,
) -> dict[str, Any]:
    with Client(server, api_key) as client:
        if is_remote(source):
            s3 = source.startswith("s3://")
            created = client.analyze(
                url=None if s3 else source,
                storage_path=source if s3 else None,
                preset=cast(Preset, preset),
                external_id=external_id,
                wait=False,
            )
        else:
            path = Path(source)
            total = path.stat().st_size
            with path.open("rb") as handle:
                reader = _CountingReader(handle, lambda sent: bar.upload(min(sent, total), total))
                created = client.analyze(
                    file=cast(IO[bytes], reader),
                    preset=cast(Preset, preset),
                    external_id=external_id,
                    wait=False,
                )
        for event in client.stream(created, timeout=timeout_s):
            bar.on_event(event)
        return client.get_json(created.analysis_id)
