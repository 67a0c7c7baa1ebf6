from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from clipapi.models import Analysis


def get_owned(session: Session, user_id: str, analysis_id: str) -> Analysis | None:
    return session.scalar(
        select(Analysis).where(Analysis.id == analysis_id, Analysis.user_id == user_id)
    )


def by_idempotency_key(session: Session, user_id: str, key: str) -> Analysis | None:
    return session.scalar(
        select(Analysis).where(Analysis.user_id == user_id, Analysis.idempotency_key == key)
    )


def page(
    session: Session,
    user_id: str,
    *,
    status: str | None,
    external_id: str | None,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[Analysis]:
    query = select(Analysis).where(Analysis.user_id == user_id)
    if status:
        query = query.where(Analysis.status == status)
    if external_id:
        query = query.where(Analysis.external_id == external_id)
    if after is not None:
        created_at, analysis_id = after
        query = query.where(
            or_(
                Analysis.created_at < created_at,
                (Analysis.created_at == created_at) & (Analysis.id < analysis_id),
            )
        )
    query = query.order_by(Analysis.created_at.desc(), Analysis.id.desc()).limit(limit)
    return list(session.scalars(query))
