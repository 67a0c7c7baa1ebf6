"""Every table, imported here so Alembic and the app see one metadata."""

from clipapi.models.analysis import Analysis, AnalysisEvent, StepCheckpoint
from clipapi.models.api_key import ApiKey
from clipapi.models.base import Base
from clipapi.models.music_track import MusicTrack
from clipapi.models.outcome import Outcome
from clipapi.models.trend import Trend
from clipapi.models.usage import UsageCounter
from clipapi.models.user import User
from clipapi.models.webhook import WebhookAttempt, WebhookDelivery

__all__ = [
    "Analysis",
    "AnalysisEvent",
    "ApiKey",
    "Base",
    "MusicTrack",
    "Outcome",
    "StepCheckpoint",
    "Trend",
    "UsageCounter",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
]
