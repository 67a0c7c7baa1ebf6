from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from clipapi.kit.clock import utcnow
from clipapi.models.base import Base, UTCDateTime


class Outcome(Base):
    """The real results of a posted video, reported by the client; one per analysis (a later
    report replaces the earlier one, as counts grow after posting)."""

    __tablename__ = "outcomes"

    analysis_id: Mapped[str] = mapped_column(
        ForeignKey("analyses.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    views: Mapped[int] = mapped_column(Integer)
    likes: Mapped[int | None] = mapped_column(Integer)
    shares: Mapped[int | None] = mapped_column(Integer)
    comments: Mapped[int | None] = mapped_column(Integer)
    average_watch_time_s: Mapped[float | None] = mapped_column(Float)
    retention: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)  # [{t, retention}]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
