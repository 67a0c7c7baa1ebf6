"""Blob stores by URL scheme: file:// here, s3:// with the scale-out extra."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from clipapi.storage.base import BlobStore
from clipapi.storage.local import LocalBlobStore


def _local(url: str) -> BlobStore:
    return LocalBlobStore(Path(urlparse(url).path))


STORES: dict[str, Callable[[str], BlobStore]] = {"file": _local}


def open_store(url: str) -> BlobStore:
    scheme = urlparse(url).scheme
    if scheme not in STORES:
        raise ValueError(f"unsupported storage URL scheme {scheme!r} (have: {', '.join(STORES)})")
    return STORES[scheme](url)


__all__ = ["BlobStore", "LocalBlobStore", "open_store"]
