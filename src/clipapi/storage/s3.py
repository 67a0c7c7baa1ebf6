"""S3-compatible blob storage (AWS S3, R2, MinIO, SeaweedFS) through boto3.

`CLIPAPI_STORAGE_URL=s3://bucket/prefix`, `CLIPAPI_S3_ENDPOINT_URL` for anything but AWS,
and the standard AWS credential chain (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a
profile, an instance role). Clients fetch keyframes straight from the bucket through
presigned GET URLs, so the endpoint must be reachable by them.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from clipapi.errors import MediaError
from clipapi.infra.netguard import describe_limit
from clipapi.storage.base import validate_key

log = logging.getLogger(__name__)

# SigV4 presigned URLs are valid for at most seven days.
MAX_PRESIGN_S = 7 * 24 * 3600
DELETE_BATCH = 1000  # DeleteObjects takes at most this many keys
READ_CHUNK = 1024 * 1024
READY_KEY = ".clipapi-ready"

_clients: dict[tuple[int, str | None], Any] = {}
_clients_lock = threading.Lock()


def client_for(endpoint_url: str | None) -> Any:
    """One boto3 client per process and endpoint (clients are thread-safe; after a fork the
    child makes its own rather than share the parent's sockets)."""
    key = (os.getpid(), endpoint_url)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session()
            config = Config(
                signature_version="s3v4",
                # Custom endpoints rarely resolve bucket subdomains; AWS picks its own style.
                s3={"addressing_style": "path" if endpoint_url else "auto"},
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            )
            client = session.client(
                "s3",
                endpoint_url=endpoint_url,
                region_name=session.region_name or "us-east-1",
                config=config,
            )
            _clients[key] = client
        return client


def parse_s3_url(url: str) -> tuple[str, str]:
    """`s3://bucket/some/key` -> ("bucket", "some/key")."""
    parts = urlparse(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"not an s3://bucket/key URL: {url!r}")
    return parts.netloc, parts.path.lstrip("/")


def _is_missing(exc: Exception) -> bool:
    response = getattr(exc, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    return code in ("404", "NoSuchKey", "NotFound")


class S3BlobStore:
    """Blobs under `prefix/` in one bucket; the API never serves them itself."""

    list_page_size = 1000  # ListObjectsV2 returns at most this many keys a page
    delete_batch = DELETE_BATCH

    def __init__(self, bucket: str, prefix: str, endpoint_url: str | None = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.endpoint_url = endpoint_url

    @classmethod
    def from_url(cls, url: str, endpoint_url: str | None = None) -> S3BlobStore:
        bucket, prefix = parse_s3_url(url)
        return cls(bucket, prefix, endpoint_url)

    @property
    def client(self) -> Any:
        return client_for(self.endpoint_url)

    def _key(self, key: str) -> str:
        key = validate_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def put_file(self, key: str, source: Path) -> None:
        # Managed transfer: multipart for big files; the object appears only when complete.
        self.client.upload_file(str(source), self.bucket, self._key(key))

    def put_bytes(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def get_to_file(self, key: str, dest: Path) -> None:
        self.client.download_file(self.bucket, self._key(key), str(dest))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:
            if _is_missing(exc):
                return False
            raise
        return True

    def local_path(self, key: str) -> Path | None:
        return None

    def presigned_url(self, key: str, ttl_s: int) -> str | None:
        url: str = self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self._key(key)},
            ExpiresIn=max(1, min(ttl_s, MAX_PRESIGN_S)),
        )
        return url

    def delete_prefix(self, prefix: str) -> None:
        """Delete the object `prefix` and everything under `prefix/`, a page at a time."""
        base = self._key(prefix.rstrip("/"))
        keys = [base]
        paginator = self.client.get_paginator("list_objects_v2")
        pages = paginator.paginate(
            Bucket=self.bucket,
            Prefix=base + "/",
            PaginationConfig={"PageSize": self.list_page_size},
        )
        for page in pages:
            keys.extend(obj["Key"] for obj in page.get("Contents", ()))
            while len(keys) >= self.delete_batch:
                self._delete(keys[: self.delete_batch])
                keys = keys[self.delete_batch :]
        if keys:
            self._delete(keys)

    def _delete(self, keys: list[str]) -> None:
        self.client.delete_objects(
            Bucket=self.bucket,
            Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True},
        )

    def check(self) -> None:
        # One fixed key, overwritten: proves the credentials may write without piling up.
        self.client.put_object(Bucket=self.bucket, Key=self._key(READY_KEY), Body=b"ok")


def read_object(
    storage_path: str,
    dest: Path,
    *,
    allowed_buckets: frozenset[str],
    endpoint_url: str | None,
    max_bytes: int,
) -> Path:
    """Fetch `s3://bucket/key` from an operator-allowed bucket into `dest`, counting bytes.

    The credentials are the server's own, so the bucket check is the whole of the access
    control: a client can never make the server read a bucket the operator did not list.
    """
    try:
        bucket, key = parse_s3_url(storage_path)
    except ValueError as exc:
        raise MediaError("storage_path must have the form s3://bucket/key") from exc
    if bucket not in allowed_buckets or not key:
        raise MediaError(f"Bucket {bucket!r} is not one this server may read")
    limit = f"The stored video exceeds the {describe_limit(max_bytes)} limit"
    client = client_for(endpoint_url)
    try:
        response = client.get_object(Bucket=bucket, Key=key)
        declared = int(response.get("ContentLength") or 0)
        if declared > max_bytes:
            response["Body"].close()
            raise MediaError(limit, code="media_limits")
        size = 0
        with dest.open("wb") as out:
            for chunk in response["Body"].iter_chunks(READ_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise MediaError(limit, code="media_limits")
                out.write(chunk)
    except MediaError:
        dest.unlink(missing_ok=True)
        raise
    except Exception as exc:
        dest.unlink(missing_ok=True)
        log.warning("reading %s failed: %s", storage_path, exc)
        # Never echo the store's error text to the caller; the log keeps the detail.
        message = "The stored video was not found" if _is_missing(exc) else None
        raise MediaError(
            message or "Could not read the stored video", code="download_failed"
        ) from exc
    return dest
