"""Blob storage for uploads, working media and keyframes: a Protocol and a registry."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class BlobStore(Protocol):
    def put_file(self, key: str, source: Path) -> None: ...
    def put_bytes(self, key: str, data: bytes) -> None: ...
    def get_to_file(self, key: str, dest: Path) -> None: ...
    def exists(self, key: str) -> bool: ...
    def local_path(self, key: str) -> Path | None:
        """The file itself when the store is a local folder, else None."""
        ...

    def presigned_url(self, key: str, ttl_s: int) -> str | None:
        """A URL the client can fetch directly, or None when the API serves the blob."""
        ...

    def delete_prefix(self, prefix: str) -> None: ...
    def check(self) -> None:
        """Raise when the store cannot be written (readiness)."""
        ...


def validate_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"invalid blob key {key!r}")
    return key
