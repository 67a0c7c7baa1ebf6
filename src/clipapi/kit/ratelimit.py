"""Moving-window rate limits on the `limits` library (memory here, Redis when configured)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from clipapi.errors import RateLimited


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    reset: int  # unix time when a request slot frees up

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset),
        }


class RateLimiter:
    def __init__(self, storage_url: str | None = None) -> None:
        storage = storage_from_string(storage_url) if storage_url else MemoryStorage()
        if not isinstance(storage, Storage):
            raise ValueError(f"{storage_url!r} is not a synchronous rate-limit storage")
        self.storage = storage
        self._limiter = MovingWindowRateLimiter(self.storage)

    def hit(self, namespace: str, key: str, per_minute: int) -> RateLimitState:
        """Count one request; raise RateLimited (with headers) when the window is full."""
        item = RateLimitItemPerMinute(per_minute, namespace=namespace)
        allowed = self._limiter.hit(item, key)
        stats = self._limiter.get_window_stats(item, key)
        reset = math.ceil(stats.reset_time)
        state = RateLimitState(per_minute, max(0, stats.remaining), reset)
        if not allowed:
            retry_after = max(1, math.ceil(stats.reset_time - time.time()))
            raise RateLimited(
                f"Rate limit of {per_minute} requests per minute exceeded; "
                f"retry in {retry_after} s",
                headers={**state.headers(), "Retry-After": str(retry_after)},
            )
        return state
