"""Blob stores by URL scheme: file:// here, s3:// with the scale-out extra."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

from clipapi.storage.base import BlobStore
from clipapi.storage.local import LocalBlobStore


def _local(url: str, s3_endpoint_url: str | None) -> BlobStore:
    return LocalBlobStore(Path(urlparse(url).path))


def _s3(url: str, s3_endpoint_url: str | None) -> BlobStore:
    from clipapi.storage.s3 import S3BlobStore  # boto3 comes with the `scale` extra

    return S3BlobStore.from_url(url, s3_endpoint_url)


STORES: dict[str, Callable[[str, str | None], BlobStore]] = {"file": _local, "s3": _s3}


def open_store(url: str, s3_endpoint_url: str | None = None) -> BlobStore:
    scheme = urlparse(url).scheme
    if scheme not in STORES:
        raise ValueError(f"unsupported storage URL scheme {scheme!r} (have: {', '.join(STORES)})")
    return STORES[scheme](url, s3_endpoint_url)


__all__ = ["BlobStore", "LocalBlobStore", "open_store"]
