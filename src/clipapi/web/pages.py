"""The dashboard: one HTML shell for every page (the browser routes), and its static files.

No build step: plain ES modules and a vendored charting library (see static/vendor/).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from clipapi.errors import NotFound
from clipapi.state import AppState

STATIC = (Path(__file__).parent / "static").resolve()
SHELL = STATIC / "index.html"
MEDIA_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".md": "text/plain; charset=utf-8",
    ".LICENSE": "text/plain; charset=utf-8",
}
PAGES = ("/", "/signup", "/login", "/app", "/app/keys", "/app/analyses/{analysis_id}")

router = APIRouter(include_in_schema=False)


def _content_security_policy(request: Request) -> str:
    # Keyframes may be presigned S3 URLs and a report plays the submitted video from its own
    # host, so images and media may come from anywhere; scripts and styles only from here.
    connect = ["'self'"]
    state: AppState | None = getattr(request.state, "app", None)
    if state is not None and state.settings.public_url:
        parts = urlsplit(state.settings.public_url)
        connect.append(f"{parts.scheme}://{parts.netloc}")  # the API, where it has its own host
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob: http: https:",
            "media-src 'self' blob: http: https:",
            f"connect-src {' '.join(connect)}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def dashboard(request: Request) -> FileResponse:
    """The app shell; the page's script renders the route."""
    return FileResponse(
        SHELL,
        media_type="text/html",
        headers={
            "Content-Security-Policy": _content_security_policy(request),
            "Cache-Control": "no-cache",
            "Referrer-Policy": "same-origin",
            "X-Content-Type-Options": "nosniff",
        },
    )


for _path in PAGES:
    router.add_api_route(_path, dashboard, methods=["GET"])


@router.api_route("/static/{path:path}", methods=["GET", "HEAD"])
def static_file(path: str) -> Response:
    """A file of the dashboard (scripts, styles, vendored libraries)."""
    target = (STATIC / path).resolve()
    if not target.is_relative_to(STATIC) or not target.is_file():
        raise NotFound("Not found")
    return FileResponse(
        target,
        media_type=MEDIA_TYPES.get(target.suffix, "application/octet-stream"),
        # Revalidated on each load (ETag): a new release shows at once, unchanged files cost
        # a 304.
        headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"},
    )
