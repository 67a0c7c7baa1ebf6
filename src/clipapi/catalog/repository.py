from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from clipapi.models.music_track import MusicTrack


def list_all(session: Session) -> Sequence[MusicTrack]:
    return session.scalars(select(MusicTrack).order_by(MusicTrack.created_at, MusicTrack.id)).all()


def get(session: Session, track_id: str) -> MusicTrack | None:
    return session.get(MusicTrack, track_id)


def get_by_sha256(session: Session, sha256: str) -> MusicTrack | None:
    return session.scalar(select(MusicTrack).where(MusicTrack.source_sha256 == sha256))
