"""Signatures against the reference `standardwebhooks` package; the retry schedule."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from clipapi.accounts.service import new_webhook_secret
from clipapi.webhooks import service, signing

BODY = '{"analysis_id":"job_0123456789ab","status":"completed","title":"caf\\u00e9 \\"x\\""}'


@pytest.mark.parametrize("body", [BODY, "", "{}", '{"text":"line\\nbreak"}'])
def test_signature_matches_the_reference(body: str) -> None:
    secret = new_webhook_secret()
    msg_id, timestamp = "msg_0123456789abcdef01234567", 1_700_000_000
    reference = Webhook(secret).sign(msg_id, datetime.fromtimestamp(timestamp, UTC), body)
    assert signing.signature(secret, msg_id, timestamp, body) == reference


def test_secret_without_prefix_signs_the_same() -> None:
    secret = new_webhook_secret()
    bare = secret.removeprefix(signing.SECRET_PREFIX)
    assert signing.signature(secret, "msg_1", 1, BODY) == signing.signature(bare, "msg_1", 1, BODY)


def test_headers_verify_with_the_reference() -> None:
    secret = new_webhook_secret()
    headers = signing.headers(secret, "msg_abc", int(time.time()), BODY)
    assert headers["webhook-id"] == "msg_abc"
    assert headers["content-type"] == "application/json"
    assert Webhook(secret).verify(BODY, headers)["status"] == "completed"
    with pytest.raises(WebhookVerificationError):
        Webhook(new_webhook_secret()).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY.replace("completed", "failed"), headers)


def test_stale_timestamp_is_rejected_by_receivers() -> None:
    secret = new_webhook_secret()
    headers = signing.headers(secret, "msg_abc", int(time.time()) - 3600, BODY)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(BODY, headers)


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5])
def test_backoff_grows_fourfold_within_jitter(attempt: int) -> None:
    base = 2.0
    nominal = base * 4 ** (attempt - 1)
    delays = [service.backoff_s(base, attempt) for _ in range(200)]
    assert all(0.8 * nominal <= d <= 1.2 * nominal for d in delays)
    assert len(set(delays)) > 1  # jittered, so many receivers' retries spread out


def test_backoff_attempts_never_overlap() -> None:
    # 4 x 0.8 > 1.2: even the luckiest retry waits longer than the previous unluckiest one.
    for attempt in range(1, 6):
        slowest = max(service.backoff_s(1.0, attempt) for _ in range(200))
        fastest_next = min(service.backoff_s(1.0, attempt + 1) for _ in range(200))
        assert fastest_next > slowest


def test_backoff_is_capped_and_still_spread() -> None:
    # webhook_max_attempts has no upper bound: a huge attempt number must not overflow.
    attempts = (10, 20, 50, 100, 1000, 10**6)
    delays = [service.backoff_s(2.0, attempt) for attempt in attempts for _ in range(50)]
    assert all(0.8 * service.MAX_BACKOFF_S <= d <= service.MAX_BACKOFF_S for d in delays)
    assert len(set(delays)) > 1


def test_no_backoff_when_base_is_zero() -> None:
    assert service.backoff_s(0.0, 3) == 0.0
    assert service.next_attempt(0.0, 3).total_seconds() == 0.0
