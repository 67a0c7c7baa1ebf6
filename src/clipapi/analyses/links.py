"""Signed links a browser opens without headers: the SSE stream and keyframe images."""

from __future__ import annotations

import copy
from typing import Any

from clipapi.kit import signing
from clipapi.storage.base import BlobStore

STREAM = "stream"
KEYFRAME = "keyframe"


def keyframe_key(analysis_id: str, n: int) -> str:
    return f"analyses/{analysis_id}/keyframes/{n}.jpg"


def stream_url(secret: str, analysis_id: str, ttl_s: int) -> str:
    """The reference's relative path, so `BASE + stream_url` works behind any proxy; the
    token lets a browser open it where the operator requires a credential for streams."""
    token = signing.sign(secret, STREAM, analysis_id, ttl_s)
    return f"/api/v1/analyses/{analysis_id}/stream?token={token}"


def keyframe_url(secret: str, base_url: str, analysis_id: str, n: int, ttl_s: int) -> str:
    token = signing.sign(secret, KEYFRAME, f"{analysis_id}/{n}", ttl_s)
    return f"{base_url}/v1/analyses/{analysis_id}/keyframes/{n}.jpg?token={token}"


def with_signed_urls(
    result: dict[str, Any], *, secret: str, base_url: str, storage: BlobStore, ttl_s: int
) -> dict[str, Any]:
    """Results are stored without URLs (signatures expire); they are signed when served."""
    visual = (result.get("media_understanding") or {}).get("visual_analysis") or {}
    keyframes = visual.get("keyframes")
    if not keyframes:
        return result
    result = copy.deepcopy(result)
    analysis_id = result["analysis_id"]
    for n, keyframe in enumerate(result["media_understanding"]["visual_analysis"]["keyframes"]):
        key = keyframe_key(analysis_id, n)
        keyframe["image_url"] = storage.presigned_url(key, ttl_s) or keyframe_url(
            secret, base_url, analysis_id, n, ttl_s
        )
    return result
