"""ingest: bring the media into the blob store once, with its platform metadata."""

from __future__ import annotations

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
            raise MediaError(
                "s3:// sources need S3 storage configured (CLIPAPI_STORAGE_URL=s3://…)",
                code="storage_unavailable",
            )
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
