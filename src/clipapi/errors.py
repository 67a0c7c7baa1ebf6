"""Expected failures carry their HTTP status; one handler renders them as {"detail": ...}."""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status_code = 500
    default_message = "Internal server error"

    def __init__(
        self,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.headers = headers or {}
        self.extra = extra or {}
        super().__init__(self.message)


class BadRequest(AppError):
    status_code = 400
    default_message = "Invalid request"


class Unauthorized(AppError):
    status_code = 401
    default_message = "Invalid or expired API key"


class QuotaExceeded(AppError):
    status_code = 402
    default_message = "Monthly analysis quota exceeded"


class Forbidden(AppError):
    status_code = 403
    default_message = "Account disabled"


class NotFound(AppError):
    status_code = 404
    default_message = "Resource not found"


class Conflict(AppError):
    status_code = 409
    default_message = "Conflict"


class PayloadTooLarge(AppError):
    status_code = 413
    default_message = "Upload exceeds the 500 MB limit"


class RateLimited(AppError):
    status_code = 429
    default_message = "Rate limit exceeded"


class ServiceUnavailable(AppError):
    status_code = 503
    default_message = "Service temporarily unavailable"


class InsufficientStorage(AppError):
    status_code = 507
    default_message = "Not enough storage to accept the upload"


class WaitTimedOut(AppError):
    status_code = 504
    default_message = "Analysis timed out"


class MediaError(BadRequest):
    """The media itself is unusable; `code` becomes error.code of a failed analysis."""

    def __init__(self, message: str, code: str = "invalid_media") -> None:
        super().__init__(message)
        self.code = code
