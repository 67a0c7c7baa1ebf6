"""TikTok / Instagram / YouTube URLs: detection, guarded yt-dlp download, source metadata."""

from __future__ import annotations

import logging
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

import yt_dlp

from clipapi.errors import MediaError, PayloadTooLarge
from clipapi.infra.guard_proxy import GuardProxy
from clipapi.infra.netguard import HostPolicy, UnsafeURL, describe_limit, parse_target

logger = logging.getLogger(__name__)

Platform = Literal["tiktok", "instagram", "youtube", "direct"]

# yt-dlp extractor names (matched case-insensitively as full regexes); nothing generic.
PLATFORM_EXTRACTORS = ("tiktok", r"vm\.tiktok", "instagram", "youtube", "youtubeytbe")

# Pages, API JSON and TLS overhead also pass through the proxy on top of the media itself.
_PAGE_ALLOWANCE_BYTES = 32 * 1024 * 1024
_OUTPUT_STEM = "source"
# Only protocols yt-dlp downloads natively (through our proxy); never rtmp/ism/websocket.
_NATIVE_PROTOCOLS = "[protocol~='^(https?|m3u8(_native)?|http_dash_segments)$']"
_LIVE_STATES = frozenset({"is_live", "is_upcoming", "post_live"})

_TIKTOK_HOSTS = frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"})
_TIKTOK_SHORT_HOSTS = frozenset({"vm.tiktok.com", "vt.tiktok.com"})
_INSTAGRAM_HOSTS = frozenset({"instagram.com", "www.instagram.com"})
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_YOUTU_BE_HOSTS = frozenset({"youtu.be", "www.youtu.be"})

_TIKTOK_VIDEO = re.compile(r"/@[\w.-]+/video/\d+/?")
_TIKTOK_SHORT = re.compile(r"/(?:t/)?[A-Za-z0-9]+/?")
_TIKTOK_T = re.compile(r"/t/[A-Za-z0-9]+/?")
_INSTAGRAM_POST = re.compile(r"(?:/[\w.]+)?/(?:p|reels?|tv)/[\w-]+/?")
_YOUTUBE_SHORTS = re.compile(r"/shorts/[\w-]{6,}/?")
_YOUTUBE_ID = re.compile(r"[\w-]{6,}")
_YOUTU_BE = re.compile(r"/[\w-]{6,}/?")

_HASHTAG = re.compile(r"(?<![\w&#])#(\w+)")
_MENTION = re.compile(r"(?<![\w@.])@(\w(?:[\w.]*\w)?)")
_TAG_WORD = re.compile(r"\w+")


def detect_platform(url: str) -> Platform:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "direct"
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() not in ("http", "https") or port is not None or parts.username:
        return "direct"
    path = parts.path
    if (host in _TIKTOK_HOSTS and (_TIKTOK_VIDEO.fullmatch(path) or _TIKTOK_T.fullmatch(path))) or (
        host in _TIKTOK_SHORT_HOSTS and _TIKTOK_SHORT.fullmatch(path)
    ):
        return "tiktok"
    if host in _INSTAGRAM_HOSTS and _INSTAGRAM_POST.fullmatch(path):
        return "instagram"
    if host in _YOUTUBE_HOSTS:
        if _YOUTUBE_SHORTS.fullmatch(path):
            return "youtube"
        video_ids = parse_qs(parts.query).get("v", [])
        if path.rstrip("/") == "/watch" and video_ids and _YOUTUBE_ID.fullmatch(video_ids[0]):
            return "youtube"
    if host in _YOUTU_BE_HOSTS and _YOUTU_BE.fullmatch(path):
        return "youtube"
    return "direct"


def source_from_info(info: dict[str, Any], url: str, platform: str) -> dict[str, Any]:
    """Map a yt-dlp info dict onto the analysis `source` fields; anything unknown is None."""
    title = _text(info.get("title"))
    description = _text(info.get("description"))
    caption = "\n".join(part for part in (title, description) if part)
    author, author_name = _author(info, platform)
    return {
        "url": url,
        "platform": platform,
        "source_type": "platform",
        "video_id": _text(info.get("id")),
        "author": author,
        "author_name": author_name,
        "title": title,
        "description": description,
        "hashtags": _hashtags(caption, info.get("tags")),
        "mentions": _dedupe(f"@{m.lower()}" for m in _MENTION.findall(caption)),
        "publish_date": _publish_date(info),
        "view_count": _count(info.get("view_count")),
        "like_count": _count(info.get("like_count")),
        "comment_count": _count(info.get("comment_count")),
        "share_count": _count(info.get("repost_count")),
        "follower_count": _count(info.get("channel_follower_count")),
        "duration_s": _seconds(info.get("duration")),
    }


def download_platform_video(
    url: str,
    workdir: Path,
    *,
    policy: HostPolicy,
    max_bytes: int,
    timeout: float,
    max_duration_s: float | None,
) -> tuple[Path, dict[str, Any]]:
    """Download one platform video into `workdir` with every request behind the guard proxy."""
    platform = detect_platform(url)
    if platform == "direct":
        raise MediaError("Not a TikTok, Instagram or YouTube video URL", code="unsupported_url")
    parse_target(url)
    workdir.mkdir(parents=True, exist_ok=True)
    rejections: list[str] = []
    try:
        with GuardProxy(
            policy, max_bytes=max_bytes + _PAGE_ALLOWANCE_BYTES, timeout=timeout
        ) as proxy:
            options = _ytdlp_options(
                workdir,
                proxy_url=proxy.url,
                max_bytes=max_bytes,
                timeout=timeout,
                max_duration_s=max_duration_s,
                rejections=rejections,
            )
            try:
                with yt_dlp.YoutubeDL(options) as ydl:
                    info = ydl.extract_info(url, download=True)
            except yt_dlp.utils.YoutubeDLError as exc:
                raise _download_failure(proxy, max_bytes) from exc
            if proxy.limit_exceeded:
                raise PayloadTooLarge(f"Remote file exceeds the {describe_limit(max_bytes)} limit")
        entry = _single_entry(info)
        path = _downloaded_path(entry, workdir, max_bytes, max_duration_s, rejections)
    except BaseException:
        _remove_outputs(workdir)
        raise
    return path, source_from_info(entry, url, platform)


def _ytdlp_options(
    workdir: Path,
    *,
    proxy_url: str,
    max_bytes: int,
    timeout: float,
    max_duration_s: float | None,
    rejections: list[str],
) -> dict[str, Any]:
    ffmpeg = _ffmpeg_path()
    single = f"b[ext=mp4][height<=1080]{_NATIVE_PROTOCOLS}"
    merged = (
        f"bv*[ext=mp4][height<=1080]{_NATIVE_PROTOCOLS}+ba[ext=m4a]{_NATIVE_PROTOCOLS}"
        f"/bv*[height<=1080]{_NATIVE_PROTOCOLS}+ba{_NATIVE_PROTOCOLS}"
    )
    fallback = f"b[height<=1080]{_NATIVE_PROTOCOLS}/b{_NATIVE_PROTOCOLS}"
    formats = "/".join([single, merged, fallback] if ffmpeg else [single, fallback])

    def accept(info: dict[str, Any], *, incomplete: bool) -> str | None:
        if info.get("is_live") or info.get("live_status") in _LIVE_STATES:
            rejections.append("live")
            return "live streams are not supported"
        size = _known_size(info)
        if size is not None and size > max_bytes:
            rejections.append("too_large")
            return "larger than the size limit"
        duration = info.get("duration")
        if (
            max_duration_s is not None
            and isinstance(duration, int | float)
            and duration > max_duration_s
        ):
            rejections.append("too_long")
            return "longer than the duration limit"
        return None

    options: dict[str, Any] = {
        "proxy": proxy_url,
        "allowed_extractors": list(PLATFORM_EXTRACTORS),
        "noplaylist": True,
        "playlist_items": "1",
        "paths": {"home": str(workdir), "temp": str(workdir)},
        "outtmpl": {"default": f"{_OUTPUT_STEM}.%(ext)s"},
        "restrictfilenames": True,
        "overwrites": True,
        "format": formats,
        "merge_output_format": "mp4",
        # Native downloaders only, so fragments and manifests also travel through the proxy.
        "external_downloader": {"default": "native"},
        "max_filesize": max_bytes,
        "match_filter": accept,
        "socket_timeout": timeout,
        "retries": 2,
        "fragment_retries": 2,
        "extractor_retries": 1,
        "skip_unavailable_fragments": False,
        "cachedir": False,
        "cookiefile": None,
        "cookiesfrombrowser": None,
        "usenetrc": False,
        "postprocessors": [],
        "writesubtitles": False,
        "writeautomaticsub": False,
        "writethumbnail": False,
        "writeinfojson": False,
        "writedescription": False,
        "writeannotations": False,
        "writelink": False,
        "writeurllink": False,
        "writewebloclink": False,
        "writedesktoplink": False,
        "getcomments": False,
        "allow_playlist_files": False,
        "updatetime": False,
        "quiet": True,
        "no_warnings": True,
        "noprogress": True,
        "consoletitle": False,
        "color": {"stdout": "never", "stderr": "never"},
        "logger": _YtdlpLogger(rejections),
    }
    if ffmpeg:
        options["ffmpeg_location"] = ffmpeg
    return options


def _ffmpeg_path() -> str | None:
    try:
        import imageio_ffmpeg  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return shutil.which("ffmpeg")
    try:
        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except RuntimeError:
        return shutil.which("ffmpeg")


def _known_size(info: dict[str, Any]) -> int | None:
    """The exact declared size of the selected format(s); estimates are not trusted."""
    parts = info.get("requested_formats")
    if isinstance(parts, list) and parts:
        sizes = [_known_size(part) if isinstance(part, dict) else None for part in parts]
        return None if None in sizes else sum(size for size in sizes if size is not None)
    return _count(info.get("filesize"))


def _download_failure(proxy: GuardProxy, max_bytes: int) -> Exception:
    if proxy.limit_exceeded:
        return PayloadTooLarge(f"Remote file exceeds the {describe_limit(max_bytes)} limit")
    if proxy.refused:
        return UnsafeURL("The video URL led to an address that is not allowed")
    return MediaError("Could not download the video from the platform", code="download_failed")


def _single_entry(info: Any) -> dict[str, Any]:
    if not isinstance(info, dict):
        raise MediaError("Could not download the video from the platform", code="download_failed")
    if info.get("_type") in ("playlist", "multi_video"):
        entries = [entry for entry in info.get("entries") or [] if isinstance(entry, dict)]
        if not entries:
            raise MediaError("The post contains no downloadable video", code="download_failed")
        return entries[0]
    return info


def _downloaded_path(
    info: dict[str, Any],
    workdir: Path,
    max_bytes: int,
    max_duration_s: float | None,
    rejections: list[str],
) -> Path:
    if "live" in rejections:
        raise MediaError("Live streams are not supported", code="live_not_supported")
    if "too_large" in rejections:
        raise PayloadTooLarge(f"Remote file exceeds the {describe_limit(max_bytes)} limit")
    if "too_long" in rejections:
        raise MediaError(
            f"The video is longer than the {max_duration_s:g} s limit", code="video_too_long"
        )
    downloads = info.get("requested_downloads") or []
    filepath = downloads[0].get("filepath") if downloads else None
    if not filepath:
        raise MediaError("Could not download the video from the platform", code="download_failed")
    path = Path(filepath).resolve()
    if not path.is_relative_to(workdir.resolve()) or not path.is_file():
        raise MediaError("Could not download the video from the platform", code="download_failed")
    if path.stat().st_size > max_bytes:
        raise PayloadTooLarge(f"Remote file exceeds the {describe_limit(max_bytes)} limit")
    return path


def _remove_outputs(workdir: Path) -> None:
    for leftover in workdir.glob(f"{_OUTPUT_STEM}.*"):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)


class _YtdlpLogger:
    """yt-dlp's messages may quote remote content: they go to our debug log, never to users."""

    def __init__(self, rejections: list[str]) -> None:
        self._rejections = rejections

    def debug(self, message: str) -> None:
        # HttpFD gives up on an honest Content-Length over max_filesize with only this line.
        if "larger than max-filesize" in message:
            self._rejections.append("too_large")
        logger.debug("yt-dlp: %s", message)

    def info(self, message: str) -> None:
        self.debug(message)

    def warning(self, message: str) -> None:
        logger.info("yt-dlp: %s", message)

    def error(self, message: str) -> None:
        logger.info("yt-dlp: %s", message)


def _author(info: dict[str, Any], platform: str) -> tuple[str | None, str | None]:
    uploader = _text(info.get("uploader"))
    uploader_id = _text(info.get("uploader_id"))
    channel = _text(info.get("channel")) or _text(info.get("creator"))
    if platform == "tiktok":
        handle, name = uploader, channel
    elif platform == "instagram":
        handle = channel or (uploader_id if uploader_id and not uploader_id.isdigit() else None)
        name = uploader
    elif platform == "youtube":
        handle = uploader_id if uploader_id and uploader_id.startswith("@") else None
        name = channel or uploader
    else:
        handle, name = uploader_id, uploader or channel
    return (handle.lstrip("@") or None) if handle else None, name


def _hashtags(caption: str, tags: Any) -> list[str]:
    found = [tag.lower() for tag in _HASHTAG.findall(caption)]
    if isinstance(tags, list):
        for tag in tags:
            if isinstance(tag, str):
                word = "".join(tag.lstrip("#").split()).lower()
                if _TAG_WORD.fullmatch(word):
                    found.append(word)
    return _dedupe(f"#{tag}" for tag in found)


def _dedupe(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


def _publish_date(info: dict[str, Any]) -> str | None:
    upload_date = info.get("upload_date")
    if isinstance(upload_date, str) and len(upload_date) == 8 and upload_date.isdigit():
        try:
            return datetime.strptime(upload_date, "%Y%m%d").date().isoformat()
        except ValueError:
            pass
    timestamp = info.get("timestamp")
    if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
        try:
            return datetime.fromtimestamp(timestamp, UTC).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _count(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _seconds(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None
