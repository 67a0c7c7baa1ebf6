"""The plans of SPEC §2, in code: one table, one lookup."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    name: str
    analyses_per_month: int | None  # None: unlimited
    max_duration_s: float | None  # None: unlimited
    requests_per_minute: int


PLANS: dict[str, Plan] = {
    "free": Plan("free", 50, 120.0, 5),
    "pro": Plan("pro", 500, 300.0, 60),
    "enterprise": Plan("enterprise", None, None, 200),
}
DEFAULT_PLAN = "free"


def get_plan(name: str) -> Plan:
    return PLANS.get(name, PLANS[DEFAULT_PLAN])
