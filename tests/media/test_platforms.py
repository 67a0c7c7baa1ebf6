"""Platform URLs: detection, source metadata, and yt-dlp downloads behind the guard proxy.

The platforms are unreachable here, so the download tests replace only the extractor's page
scraping (`_real_extract`) with a recorded info dict whose media URLs point at a loopback
origin; yt-dlp's real format selection, downloader and proxy handling still run.
"""

from __future__ import annotations

import contextlib
import copy
import ipaddress
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest
import yt_dlp
from yt_dlp.extractor.instagram import InstagramIE
from yt_dlp.extractor.tiktok import TikTokIE

from clipapi.errors import MediaError, PayloadTooLarge
from clipapi.infra import guard_proxy
from clipapi.infra.netguard import HostPolicy, UnsafeURL
from clipapi.media import platforms
from clipapi.media.platforms import detect_platform, download_platform_video, source_from_info

DATA = Path(__file__).resolve().parents[1] / "data" / "platforms"
TIKTOK_URL = "https://www.tiktok.com/@creatorhandle/video/7301234567890123456"
INSTAGRAM_URL = "https://www.instagram.com/reel/C1a2B3c4D5e/"
LOOPBACK = HostPolicy(frozenset({"127.0.0.1"}))
REAL_CONNECT = socket.socket.connect
REAL_GETADDRINFO = socket.getaddrinfo


def recorded(name: str) -> dict[str, Any]:
    info: dict[str, Any] = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return info


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        (TIKTOK_URL, "tiktok"),
        ("https://tiktok.com/@some.user_1/video/7301234567890123456?is_from_webapp=1", "tiktok"),
        ("https://m.tiktok.com/@user/video/123/", "tiktok"),
        ("https://vm.tiktok.com/ZMabcdEF/", "tiktok"),
        ("https://vt.tiktok.com/ZSabc123", "tiktok"),
        ("https://www.tiktok.com/t/ZTRabc123/", "tiktok"),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", "instagram"),
        ("https://instagram.com/reel/C1a2B3c4D5e", "instagram"),
        ("https://www.instagram.com/reels/C1a2B3c4D5e/?igsh=abc", "instagram"),
        ("https://www.instagram.com/tv/C1a2B3c4D5e/", "instagram"),
        ("https://www.instagram.com/studio.kitchen/reel/C1a2B3c4D5e/", "instagram"),
        ("https://www.youtube.com/shorts/aBcDeFgHiJk", "youtube"),
        ("https://youtube.com/shorts/aBcDeFgHiJk?feature=share", "youtube"),
        ("https://m.youtube.com/watch?v=aBcDeFgHiJk&t=3", "youtube"),
        ("https://www.youtube.com/watch?list=PL123&v=aBcDeFgHiJk", "youtube"),
        ("https://youtu.be/aBcDeFgHiJk?si=xyz", "youtube"),
        ("HTTPS://WWW.YOUTUBE.COM/shorts/aBcDeFgHiJk", "youtube"),
        # Lookalikes and non-video pages are plain direct URLs.
        ("https://tiktok.com.evil.example/@user/video/123", "direct"),
        ("https://eviltiktok.com/@user/video/123", "direct"),
        ("https://www.tiktok.com@evil.example/@user/video/123", "direct"),
        ("https://vm.tiktok.com.evil.example/ZMabcdEF/", "direct"),
        ("https://instagram.com.evil.example/reel/C1a2B3c4D5e/", "direct"),
        ("https://youtube.com.evil.example/shorts/aBcDeFgHiJk", "direct"),
        ("https://youtu.be.evil.example/aBcDeFgHiJk", "direct"),
        ("https://www.tiktok.com/@user", "direct"),
        ("https://www.instagram.com/studio.kitchen/", "direct"),
        ("https://www.youtube.com/@editlab", "direct"),
        ("https://www.youtube.com/watch", "direct"),
        ("https://www.youtube.com/playlist?list=PL123", "direct"),
        ("https://www.tiktok.com:8443/@user/video/123", "direct"),
        ("ftp://www.tiktok.com/@user/video/123", "direct"),
        ("https://cdn.example.com/video.mp4", "direct"),
        ("not a url", "direct"),
        ("http://[::1/", "direct"),
    ],
)
def test_detect_platform(url: str, platform: str) -> None:
    assert detect_platform(url) == platform


def test_source_from_tiktok_info() -> None:
    source = source_from_info(recorded("tiktok_video"), TIKTOK_URL, "tiktok")
    assert source == {
        "url": TIKTOK_URL,
        "platform": "tiktok",
        "source_type": "platform",
        "video_id": "7301234567890123456",
        "author": "creatorhandle",
        "author_name": "Creator Name",
        "title": "Three hooks that stop the scroll #marketing #ContentTips",
        "description": (
            "Three hooks that stop the scroll #marketing #ContentTips \U0001f525 with @growthlab"
            " \u2014 questions: hi@example.com"
        ),
        "hashtags": ["#marketing", "#contenttips"],
        "mentions": ["@growthlab"],
        "publish_date": "2023-11-14",
        "view_count": 1520000,
        "like_count": 98000,
        "comment_count": 1200,
        "share_count": 3400,
        "follower_count": None,
        "duration_s": 27.0,
    }


def test_source_from_instagram_info() -> None:
    source = source_from_info(recorded("instagram_reel"), INSTAGRAM_URL, "instagram")
    assert source["author"] == "studio.kitchen"
    assert source["author_name"] == "Studio Kitchen"
    assert source["hashtags"] == ["#recipe", "#airfryer"]
    assert source["mentions"] == ["@pal.cam"]
    assert source["publish_date"] == "2024-04-05"
    assert source["view_count"] is None
    assert source["share_count"] is None
    assert source["duration_s"] == 41.5


def test_source_from_youtube_info() -> None:
    url = "https://www.youtube.com/shorts/aBcDeFgHiJk"
    source = source_from_info(recorded("youtube_short"), url, "youtube")
    assert source["author"] == "editlab"
    assert source["author_name"] == "Edit Lab"
    assert source["video_id"] == "aBcDeFgHiJk"
    # Caption hashtags first, then the uploader's tags; "c++ tips" is not a hashtag.
    assert source["hashtags"] == ["#shorts", "#editing", "#videoediting", "#premierepro"]
    assert source["mentions"] == ["@sounddesk"]
    assert source["follower_count"] == 245000
    assert source["publish_date"] == "2024-06-12"
    assert source["view_count"] == 880000


def test_source_with_missing_fields_is_all_none() -> None:
    source = source_from_info({}, "https://youtu.be/aBcDeFgHiJk", "youtube")
    assert source["url"] == "https://youtu.be/aBcDeFgHiJk"
    assert source["platform"] == "youtube"
    assert source["source_type"] == "platform"
    assert source["hashtags"] == []
    assert source["mentions"] == []
    expected_none = set(source) - {"url", "platform", "source_type", "hashtags", "mentions"}
    assert all(source[key] is None for key in expected_none)


def test_source_tolerates_odd_values() -> None:
    source = source_from_info(
        {
            "id": 12345,
            "upload_date": "2024-13-45",
            "timestamp": 1718200000,
            "view_count": "many",
            "like_count": True,
            "duration": -3,
            "title": "   ",
            "tags": "not-a-list",
            "description": "a&#39;b #ok ##double email@x.com @end.",
        },
        "https://youtu.be/x",
        "youtube",
    )
    assert source["video_id"] == "12345"
    assert source["publish_date"] == "2024-06-12"
    assert source["view_count"] is None
    assert source["like_count"] is None
    assert source["duration_s"] is None
    assert source["title"] is None
    assert source["hashtags"] == ["#ok"]
    assert source["mentions"] == ["@end"]


class Origin:
    """A loopback CDN stand-in: `routes` maps a path to (status, headers, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.paths: list[str] = []
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                origin.paths.append(self.path)
                status, headers, body = origin.routes.get(self.path, (404, {}, b""))
                self.send_response(status)
                for name, value in headers.items():
                    if name != "X-Omit-Length":
                        self.send_header(name, value)
                if "X-Omit-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # cut by the proxy
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def origin() -> Iterator[Origin]:
    server = Origin()
    yield server
    server.close()


@pytest.fixture
def proxies(monkeypatch: pytest.MonkeyPatch) -> list[guard_proxy.GuardProxy]:
    """Every GuardProxy that download_platform_video starts."""
    started: list[guard_proxy.GuardProxy] = []

    class Recording(guard_proxy.GuardProxy):
        listening_url = ""

        def start(self) -> Recording:
            started.append(self)
            super().start()
            self.listening_url = self.url
            return self

    monkeypatch.setattr(platforms, "GuardProxy", Recording)
    return started


@pytest.fixture(autouse=True)
def no_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only IP literals resolve, so no test here can send a real DNS query."""

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        try:
            ipaddress.ip_address(name)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return REAL_GETADDRINFO(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Record every socket connect in the process; anything but loopback fails the test."""
    attempts: list[tuple[str, int]] = []

    def guarded(sock: socket.socket, address: Any) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            attempts.append((address[0], address[1]))
            if not ipaddress.ip_address(address[0]).is_loopback:
                pytest.fail(f"connection attempted to {address[0]}")
        REAL_CONNECT(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


VIDEO = b"\x00\x00\x00\x18ftypmp42" + bytes(40_000)


def serve_extraction(
    monkeypatch: pytest.MonkeyPatch, extractor: type[Any], info: dict[str, Any]
) -> None:
    def real_extract(self: Any, url: str) -> dict[str, Any]:
        return copy.deepcopy(info)

    monkeypatch.setattr(extractor, "_real_extract", real_extract)


def tiktok_info(origin: Origin, path: str = "/video.mp4", **changes: Any) -> dict[str, Any]:
    info = recorded("tiktok_video")
    for fmt in info["formats"]:
        fmt["url"] = origin.url(path)
        fmt.pop("filesize", None)
    info.update(changes)
    return info


def test_download_goes_through_the_guard_proxy(
    origin: Origin,
    proxies: list[guard_proxy.GuardProxy],
    connections: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    origin.routes["/video.mp4"] = (200, {"Content-Type": "video/mp4"}, VIDEO)
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    path, source = download_platform_video(
        TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=60
    )
    assert path == (tmp_path / "source.mp4").resolve()
    assert path.read_bytes() == VIDEO
    assert [p.name for p in tmp_path.iterdir()] == ["source.mp4"]
    assert source["video_id"] == "7301234567890123456"
    assert source["author"] == "creatorhandle"
    assert source["hashtags"] == ["#marketing", "#contenttips"]
    assert origin.paths == ["/video.mp4"]
    assert len(proxies) == 1
    assert proxies[0].bytes_relayed > len(VIDEO)
    # yt-dlp only ever dialled the proxy, which alone dialled the origin.
    proxy_port = urlsplit(getattr(proxies[0], "listening_url", "")).port or 0
    assert sorted(port for _, port in connections) == sorted([proxy_port, origin.port])


def test_loopback_media_is_refused_without_the_allow_list(
    origin: Origin,
    connections: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    origin.routes["/video.mp4"] = (200, {}, VIDEO)
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(UnsafeURL):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=HostPolicy(), max_bytes=10**6, timeout=5, max_duration_s=60
        )
    assert origin.paths == []
    assert ("127.0.0.1", origin.port) not in connections
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "location", ["http://10.0.0.1/video.mp4", "http://169.254.169.254/latest/meta-data/"]
)
def test_media_redirect_to_private_address_is_refused(
    location: str,
    origin: Origin,
    connections: list[tuple[str, int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    origin.routes["/video.mp4"] = (302, {"Location": location}, b"")
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(UnsafeURL):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=60
        )
    assert origin.paths == ["/video.mp4"]
    assert list(tmp_path.iterdir()) == []


def test_oversized_media_is_refused_and_removed(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    origin.routes["/video.mp4"] = (200, {}, bytes(300_000))
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(PayloadTooLarge):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=100_000, timeout=5, max_duration_s=60
        )
    assert list(tmp_path.iterdir()) == []


def test_media_without_length_is_measured_on_disk(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    origin.routes["/video.mp4"] = (200, {"X-Omit-Length": "1"}, bytes(300_000))
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(PayloadTooLarge):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=100_000, timeout=5, max_duration_s=60
        )
    assert list(tmp_path.iterdir()) == []


def test_proxy_byte_cap_ends_the_download(
    origin: Origin,
    proxies: list[guard_proxy.GuardProxy],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    # Without the page allowance the proxy cap equals max_bytes, so it trips first.
    monkeypatch.setattr(platforms, "_PAGE_ALLOWANCE_BYTES", 0)
    origin.routes["/video.mp4"] = (200, {"X-Omit-Length": "1"}, bytes(2_000_000))
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(PayloadTooLarge):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=100_000, timeout=5, max_duration_s=60
        )
    assert proxies[0].limit_exceeded
    assert proxies[0].bytes_relayed < 400_000
    assert list(tmp_path.iterdir()) == []


def test_declared_oversized_format_is_refused_before_download(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    info = tiktok_info(origin)
    for fmt in info["formats"]:
        fmt["filesize"] = 50_000_000
    serve_extraction(monkeypatch, TikTokIE, info)
    with pytest.raises(PayloadTooLarge):
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=60
        )
    assert origin.paths == []


def test_video_over_the_duration_limit_is_not_downloaded(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    origin.routes["/video.mp4"] = (200, {}, VIDEO)
    serve_extraction(monkeypatch, TikTokIE, tiktok_info(origin))
    with pytest.raises(MediaError) as failed:
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=10
        )
    assert failed.value.code == "video_too_long"
    assert origin.paths == []


def test_live_streams_are_refused(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve_extraction(
        monkeypatch, TikTokIE, tiktok_info(origin, is_live=True, live_status="is_live")
    )
    with pytest.raises(MediaError) as failed:
        download_platform_video(
            TIKTOK_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=None
        )
    assert failed.value.code == "live_not_supported"
    assert origin.paths == []


def test_carousel_downloads_only_its_first_video(
    origin: Origin, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first, second = recorded("instagram_reel"), recorded("instagram_reel")
    first["id"], second["id"] = "C1a2B3c4D5e_1", "C1a2B3c4D5e_2"
    for entry, media_path in ((first, "/one.mp4"), (second, "/two.mp4")):
        for fmt in entry["formats"]:
            fmt["url"] = origin.url(media_path)
    origin.routes["/one.mp4"] = (200, {}, VIDEO)
    origin.routes["/two.mp4"] = (200, {}, VIDEO)
    carousel = {"_type": "playlist", "id": "C1a2B3c4D5e", "entries": [first, second]}
    serve_extraction(monkeypatch, InstagramIE, carousel)
    monkeypatch.setattr(InstagramIE, "_real_initialize", lambda self: None)
    path, source = download_platform_video(
        INSTAGRAM_URL, tmp_path, policy=LOOPBACK, max_bytes=10**6, timeout=5, max_duration_s=60
    )
    assert path.read_bytes() == VIDEO
    assert source["video_id"] == "C1a2B3c4D5e_1"
    assert source["author"] == "studio.kitchen"
    assert origin.paths == ["/one.mp4"]


def test_direct_urls_are_not_handed_to_ytdlp(tmp_path: Path) -> None:
    with pytest.raises(MediaError) as failed:
        download_platform_video(
            "https://cdn.example.com/video.mp4",
            tmp_path,
            policy=HostPolicy(),
            max_bytes=10**6,
            timeout=5,
            max_duration_s=60,
        )
    assert failed.value.code == "unsupported_url"


class FakeYoutubeDL:
    """Stands in for yt_dlp.YoutubeDL to inspect the options it is given."""

    options: ClassVar[dict[str, Any]] = {}
    error: ClassVar[Exception | None] = None

    def __init__(self, options: dict[str, Any]) -> None:
        FakeYoutubeDL.options = options

    def __enter__(self) -> FakeYoutubeDL:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def extract_info(self, url: str, download: bool) -> dict[str, Any]:
        if self.error is not None:
            raise self.error
        home = Path(self.options["paths"]["home"])
        target = home / self.options["outtmpl"]["default"].replace("%(ext)s", "mp4")
        target.write_bytes(VIDEO)
        info = recorded("youtube_short")
        info["requested_downloads"] = [{"filepath": str(target)}]
        return info


def test_ytdlp_options_lock_down_the_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(yt_dlp, "YoutubeDL", FakeYoutubeDL)
    monkeypatch.setattr(FakeYoutubeDL, "error", None)
    path, source = download_platform_video(
        "https://youtu.be/aBcDeFgHiJk",
        tmp_path,
        policy=HostPolicy(),
        max_bytes=5_000_000,
        timeout=7,
        max_duration_s=90,
    )
    options = FakeYoutubeDL.options
    assert options["proxy"].startswith("http://clipapi:")
    assert "@127.0.0.1:" in options["proxy"]
    assert options["allowed_extractors"] == list(platforms.PLATFORM_EXTRACTORS)
    assert options["noplaylist"] is True
    assert options["paths"] == {"home": str(tmp_path), "temp": str(tmp_path)}
    assert "/" not in options["outtmpl"]["default"]
    assert options["max_filesize"] == 5_000_000
    assert options["socket_timeout"] == 7
    assert options["external_downloader"] == {"default": "native"}
    assert "protocol~=" in options["format"]
    assert "height<=1080" in options["format"]
    assert options["cookiefile"] is None
    assert options["cookiesfrombrowser"] is None
    assert options["usenetrc"] is False
    assert options["cachedir"] is False
    assert options["postprocessors"] == []
    for flag in (
        "writesubtitles",
        "writeautomaticsub",
        "writethumbnail",
        "writeinfojson",
        "writedescription",
        "writelink",
        "getcomments",
    ):
        assert options[flag] is False
    assert options["quiet"] is True
    assert options["color"] == {"stdout": "never", "stderr": "never"}
    accept = options["match_filter"]
    assert accept({"duration": 30}, incomplete=False) is None
    assert accept({}, incomplete=True) is None
    assert accept({"duration": 91}, incomplete=False) is not None
    assert accept({"live_status": "is_upcoming"}, incomplete=False) is not None
    assert path == (tmp_path / "source.mp4").resolve()
    assert source["platform"] == "youtube"


def test_ytdlp_errors_become_generic_download_failures(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(yt_dlp, "YoutubeDL", FakeYoutubeDL)
    leak = "ERROR: [youtube] aBcDeFgHiJk: <html>internal-secret 10.0.0.7</html>"
    monkeypatch.setattr(FakeYoutubeDL, "error", yt_dlp.utils.DownloadError(leak))
    (tmp_path / "source.mp4.part").write_bytes(b"partial")
    with pytest.raises(MediaError) as failed:
        download_platform_video(
            "https://www.youtube.com/shorts/aBcDeFgHiJk",
            tmp_path,
            policy=HostPolicy(),
            max_bytes=10**6,
            timeout=5,
            max_duration_s=60,
        )
    assert failed.value.code == "download_failed"
    assert "secret" not in failed.value.message
    assert "10.0.0.7" not in failed.value.message
    assert list(tmp_path.iterdir()) == []
