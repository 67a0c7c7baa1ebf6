"""ingest: bring the media into the blob store once, with its platform metadata."""

from __future__ import annotations

import importlib.util
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlparse

from clipapi.errors import MediaError
from clipapi.infra.netguard import fetch_to_file
from clipapi.media.platforms import detect_platform, download_platform_video
from clipapi.pipeline.step import StepContext, StepOutput

DOWNLOAD_TIMEOUT_S = 30.0
KNOWN_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".gif"})


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    return suffix if suffix in KNOWN_SUFFIXES else ".bin"


class IngestStep:
    name = "ingest"
    needs: tuple[str, ...] = ()
    critical = True

    def run(self, ctx: StepContext) -> StepOutput:
        request = ctx.request
        if request.source_kind == "upload" and request.upload_key:
            source: dict[str, Any] = {
                "platform": "upload",
                "source_type": "upload",
                "filename": request.upload_filename,
            }
            return StepOutput(fields={"source": source}, signals={"media_key": request.upload_key})
        if request.source_kind == "storage":
            return _ingest_from_bucket(ctx)
        url = request.video_url
        if not url:
            raise MediaError("The analysis has no source", code="invalid_request")
        platform = detect_platform(url)
        settings = ctx.settings
        if platform == "direct":
            dest = ctx.workdir / ("download" + _suffix(urlparse(url).path))
            fetched = fetch_to_file(
                url,
                dest,
                policy=ctx.policy,
                max_bytes=settings.max_download_bytes,
                timeout=DOWNLOAD_TIMEOUT_S,
            )
            path = fetched.path
            source = {"url": url, "platform": "direct", "source_type": "direct"}
        else:
            path, source = download_platform_video(
                url,
                ctx.workdir,
                policy=ctx.policy,
                max_bytes=settings.max_download_bytes,
                timeout=DOWNLOAD_TIMEOUT_S,
                max_duration_s=request.max_duration_s,
            )
        media_key = ctx.blob_key("media", "source" + _suffix(path.name))
        ctx.storage.put_file(media_key, path)
        return StepOutput(fields={"source": source}, signals={"media_key": media_key})


def _ingest_from_bucket(ctx: StepContext) -> StepOutput:
    """`s3://bucket/key` from a bucket the operator allowed, read with the server's own S3
    client (CLIPAPI_S3_ENDPOINT_URL and the AWS credential chain)."""
    storage_path = ctx.request.storage_path or ""
    if importlib.util.find_spec("boto3") is None:  # the `scale` extra is not installed
        raise MediaError(
            "s3:// sources need the scale extra (pip install 'clipapi[scale]')",
            code="storage_unavailable",
        )
    from clipapi.storage.s3 import read_object

    settings = ctx.settings
    path = read_object(
        storage_path,
        ctx.workdir / ("download" + _suffix(storage_path)),
        allowed_buckets=settings.allowed_buckets,
        endpoint_url=settings.s3_endpoint_url,
        max_bytes=settings.max_download_bytes,
    )
    media_key = ctx.blob_key("media", "source" + _suffix(path.name))
    ctx.storage.put_file(media_key, path)
    source = {"storage_path": storage_path, "platform": "s3", "source_type": "storage"}
    return StepOutput(fields={"source": source}, signals={"media_key": media_key})
