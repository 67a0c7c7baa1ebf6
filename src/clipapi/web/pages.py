"""The dashboard's pages: static files, no build step."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"
router = APIRouter(include_in_schema=False)


@router.get("/")
@router.get("/signup")
@router.get("/login")
def dashboard() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")
