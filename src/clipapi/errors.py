"""Expected failures carry their HTTP status; one handler renders them as {"detail": ...}.
Each also carries `code`: the error.code of an analysis that fails on it."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """error.code of a failed analysis."""

    INVALID_INPUT = "invalid_input"
    INVALID_REQUEST = "invalid_request"
    INVALID_MEDIA = "invalid_media"
    FILE_TOO_LARGE = "file_too_large"
    DURATION_EXCEEDED = "duration_exceeded"
    VIDEO_TOO_LONG = "video_too_long"
    MEDIA_LIMITS = "media_limits"
    UNSUPPORTED_URL = "unsupported_url"
    LIVE_NOT_SUPPORTED = "live_not_supported"
    DOWNLOAD_FAILED = "download_failed"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    TIMEOUT = "timeout"
    WORKER_LOST = "worker_lost"
    STEP_ERROR = "step_error"
    INTERNAL_ERROR = "internal_error"
    ATTEMPTS_EXHAUSTED = "attempts_exhausted"


class AppError(Exception):
    status_code = 500
    default_message = "Internal server error"
    code: str = ErrorCode.INVALID_INPUT

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
    code: str = ErrorCode.FILE_TOO_LARGE
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
    """The media itself is unusable, for the reason `code` names."""

    code: str = ErrorCode.INVALID_MEDIA

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
