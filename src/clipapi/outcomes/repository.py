from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clipapi.models import Analysis
from clipapi.models.outcome import Outcome


def get(session: Session, analysis_id: str) -> Outcome | None:
    return session.get(Outcome, analysis_id)


def with_results(session: Session, user_id: str) -> list[tuple[Outcome, dict[str, Any] | None]]:
    """The account's outcomes, each with the stored result of its completed analysis."""
    rows = session.execute(
        select(Outcome, Analysis.result)
        .join(Analysis, Analysis.id == Outcome.analysis_id)
        .where(Outcome.user_id == user_id, Analysis.status == "completed")
        .order_by(Outcome.recorded_at, Outcome.analysis_id)
    )
    return [(outcome, result) for outcome, result in rows]
