from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from clipapi.models.trend import Trend


def all_trends(session: Session) -> list[Trend]:
    return list(session.scalars(select(Trend).order_by(Trend.name)))


def by_names(session: Session, names: Collection[str]) -> dict[str, Trend]:
    rows = session.scalars(select(Trend).where(Trend.name.in_(list(names))))
    return {row.name: row for row in rows}


def delete_except(session: Session, names: Collection[str]) -> int:
    result = session.execute(delete(Trend).where(Trend.name.not_in(list(names))))
    return int(result.rowcount)  # type: ignore[attr-defined]
