from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clipapi.kit.clock import utcnow
from clipapi.models.base import Base, UTCDateTime


class MusicTrack(Base):
    """A track of the operator's local music catalog, identified by its Chromaprint."""

    __tablename__ = "music_tracks"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # trk_…
    title: Mapped[str] = mapped_column(String(300))
    artist: Mapped[str] = mapped_column(String(300))
    trending: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_s: Mapped[float] = mapped_column(Float)
    # Chromaprint's compressed, URL-safe base64 form (a few kB for a 3-minute song).
    fingerprint: Mapped[str] = mapped_column(Text)
    fingerprint_items: Mapped[int] = mapped_column(Integer)
    source_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    source_filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
