"""Monthly quota: charged atomically at submission, refunded when an analysis fails."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from clipapi.errors import QuotaExceeded
from clipapi.kit.clock import period_of
from clipapi.models import UsageCounter
from clipapi.usage.plans import Plan


def _ensure_row(session: Session, user_id: str, period: str) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(
        insert(UsageCounter)
        .values(user_id=user_id, period=period, used=0)
        .on_conflict_do_nothing(index_elements=["user_id", "period"])
    )


def charge(session: Session, user_id: str, plan: Plan, now: datetime) -> str:
    """Count one analysis this month or raise QuotaExceeded; returns the period charged.

    A single conditional UPDATE decides, so concurrent submissions can never overspend:
    the row lock (PostgreSQL) or the write lock (SQLite) serialises them.
    """
    period = period_of(now)
    _ensure_row(session, user_id, period)
    stmt = update(UsageCounter).where(
        UsageCounter.user_id == user_id, UsageCounter.period == period
    )
    if plan.analyses_per_month is not None:
        stmt = stmt.where(UsageCounter.used < plan.analyses_per_month)
    result = session.execute(stmt.values(used=UsageCounter.used + 1))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise QuotaExceeded(
            f"Monthly quota of {plan.analyses_per_month} analyses on the {plan.name} plan "
            "is used up; it resets on the first day of next month (UTC)"
        )
    return period


def refund(session: Session, user_id: str, period: str) -> None:
    session.execute(
        update(UsageCounter)
        .where(
            UsageCounter.user_id == user_id,
            UsageCounter.period == period,
            UsageCounter.used > 0,
        )
        .values(used=UsageCounter.used - 1)
    )


def used(session: Session, user_id: str, now: datetime) -> int:
    value = session.scalar(
        select(UsageCounter.used).where(
            UsageCounter.user_id == user_id, UsageCounter.period == period_of(now)
        )
    )
    return int(value or 0)
