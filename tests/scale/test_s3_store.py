"""S3BlobStore and the s3:// ingest reader against a real S3 server that checks signatures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from scale_stack import (
    INBOX_BUCKET,
    MEDIA_BUCKET,
    S3_KEY_ID,
    S3_SECRET,
    S3Server,
    running_s3_server,
)

from clipapi.errors import MediaError
from clipapi.storage import open_store
from clipapi.storage.s3 import S3BlobStore, read_object
from conftest import MEDIA_DIR

CLIP = MEDIA_DIR / "asl_thanks.mkv"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with running_s3_server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", S3_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    from clipapi.storage import s3

    monkeypatch.setattr(s3, "_clients", {})  # clients made with other credentials


@pytest.fixture
def store(s3_server: S3Server, credentials: None, request: pytest.FixtureRequest) -> S3BlobStore:
    blobs = open_store(f"s3://{MEDIA_BUCKET}/unit/{request.node.name}", s3_server.endpoint)
    assert isinstance(blobs, S3BlobStore)
    return blobs


def test_blobs_round_trip_under_the_prefix(
    store: S3BlobStore, s3_server: S3Server, tmp_path: Path
) -> None:
    store.check()
    store.put_file("analyses/a/upload/source.mkv", CLIP)
    store.put_bytes("analyses/a/keyframes/0.jpg", b"\xff\xd8jpeg")
    assert store.exists("analyses/a/upload/source.mkv")
    assert not store.exists("analyses/a/upload/other.mkv")
    assert store.local_path("analyses/a/upload/source.mkv") is None
    store.get_to_file("analyses/a/upload/source.mkv", tmp_path / "copy.mkv")
    assert (tmp_path / "copy.mkv").read_bytes() == CLIP.read_bytes()
    assert f"{store.prefix}/analyses/a/keyframes/0.jpg" in s3_server.keys(MEDIA_BUCKET)


def test_presigned_urls_download_and_expire_with_their_signature(store: S3BlobStore) -> None:
    store.put_bytes("analyses/a/keyframes/0.jpg", b"\xff\xd8jpeg")
    url = store.presigned_url("analyses/a/keyframes/0.jpg", ttl_s=600)
    assert url is not None
    assert httpx.get(url).content == b"\xff\xd8jpeg"
    assert httpx.get(url.replace("Signature=", "Signature=0")).status_code == 403


def test_delete_prefix_pages_through_every_key(store: S3BlobStore, s3_server: S3Server) -> None:
    store.list_page_size = 2
    store.delete_batch = 3
    for n in range(7):
        store.put_bytes(f"analyses/gone/keyframes/{n}.jpg", b"x")
    store.put_bytes("analyses/gone-not/keep.jpg", b"x")  # shares the text prefix, not the folder
    store.delete_prefix("analyses/gone")
    assert s3_server.keys(MEDIA_BUCKET, f"{store.prefix}/analyses/gone/") == []
    assert store.exists("analyses/gone-not/keep.jpg")


def test_wrong_credentials_fail_the_readiness_check(
    s3_server: S3Server, credentials: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    store = open_store(f"s3://{MEDIA_BUCKET}/unit", s3_server.endpoint)
    with pytest.raises(Exception, match=r"SignatureDoesNotMatch|AccessDenied|InvalidAccessKeyId"):
        store.check()


def test_ingest_reads_only_allowed_buckets_and_caps_the_size(
    s3_server: S3Server, credentials: None, tmp_path: Path
) -> None:
    s3_server.client().upload_file(str(CLIP), INBOX_BUCKET, "in/clip.mkv")
    s3_server.client().upload_file(str(CLIP), MEDIA_BUCKET, "private/clip.mkv")
    allowed = frozenset({INBOX_BUCKET})
    read = read_object(
        f"s3://{INBOX_BUCKET}/in/clip.mkv",
        tmp_path / "a.mkv",
        allowed_buckets=allowed,
        endpoint_url=s3_server.endpoint,
        max_bytes=10_000_000,
    )
    assert read.read_bytes() == CLIP.read_bytes()

    with pytest.raises(MediaError, match="not one this server may read"):
        read_object(
            f"s3://{MEDIA_BUCKET}/private/clip.mkv",
            tmp_path / "b.mkv",
            allowed_buckets=allowed,
            endpoint_url=s3_server.endpoint,
            max_bytes=10_000_000,
        )
    with pytest.raises(MediaError) as too_big:
        read_object(
            f"s3://{INBOX_BUCKET}/in/clip.mkv",
            tmp_path / "c.mkv",
            allowed_buckets=allowed,
            endpoint_url=s3_server.endpoint,
            max_bytes=1000,
        )
    assert too_big.value.code == "media_limits"
    assert not (tmp_path / "c.mkv").exists()
    with pytest.raises(MediaError, match="not found") as missing:
        read_object(
            f"s3://{INBOX_BUCKET}/in/none.mkv",
            tmp_path / "d.mkv",
            allowed_buckets=allowed,
            endpoint_url=s3_server.endpoint,
            max_bytes=10_000_000,
        )
    assert missing.value.code == "download_failed"
