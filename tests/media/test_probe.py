from __future__ import annotations

import os
import resource
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import av
import av.logging
import pytest

from clipapi.errors import MediaError
from clipapi.media.probe import (
    ProbeLimits,
    ProbeResult,
    check_duration,
    describe_aspect_ratio,
    open_media,
    probe,
)

MakeClip = Callable[..., Path]


def refused(path: Path, code: str, limits: ProbeLimits | None = None) -> MediaError:
    with pytest.raises(MediaError) as caught:
        probe(path, limits or ProbeLimits())
    assert caught.value.code == code, caught.value.message
    assert caught.value.status_code == 400
    return caught.value


# --- recorded media with known ground truth -------------------------------------------------


def test_asl_clip_is_640x480_30fps_without_audio(media_dir: Path) -> None:
    result = probe(media_dir / "asl_thanks.mkv")

    assert (result.width, result.height) == (640, 480)
    assert result.fps == pytest.approx(30.0)
    assert result.has_audio is False
    assert result.audio_codec is None
    assert result.video_codec == "h264"
    assert result.aspect_ratio == "4:3"
    assert result.orientation == "landscape"
    assert result.container == "matroska"
    assert result.duration_s == pytest.approx(1.7, abs=0.05)
    assert result.rotation == 0
    assert result.stream_count == 1


def test_car_park_cut_keeps_its_silent_audio_track(media_dir: Path) -> None:
    result = probe(media_dir / "car-park-6s.mp4")

    assert (result.width, result.height) == (768, 432)
    assert result.aspect_ratio == "16:9"
    assert result.fps == pytest.approx(12.5)
    assert result.has_audio is True
    assert result.audio_codec == "aac"
    assert result.audio_sample_rate == 48000
    assert result.container == "mp4"
    assert result.duration_s == pytest.approx(6.0, abs=0.1)
    assert result.frame_count == 75
    assert result.bitrate is not None
    assert result.bitrate > 0
    assert result.size_bytes == (media_dir / "car-park-6s.mp4").stat().st_size


def test_gif_is_accepted_with_its_size_and_rate(media_dir: Path) -> None:
    result = probe(media_dir / "head-pose-face-female.gif")

    assert (result.width, result.height) == (480, 270)
    assert result.aspect_ratio == "16:9"
    assert result.container == "gif"
    assert result.has_audio is False
    assert result.fps == pytest.approx(12, abs=1)
    assert result.duration_s == pytest.approx(1.9, abs=0.1)


def test_audio_only_file_is_refused(media_dir: Path) -> None:
    error = refused(media_dir / "jfk.flac", "invalid_media")
    assert "not a readable video" in error.message


def test_allowed_formats_can_be_narrowed(media_dir: Path) -> None:
    mp4_only = ProbeLimits(allowed_formats=frozenset({"mov,mp4,m4a,3gp,3g2,mj2"}))

    refused(media_dir / "asl_thanks.mkv", "invalid_media", mp4_only)
    assert probe(media_dir / "car-park-6s.mp4", mp4_only).container == "mp4"


# --- synthetic clips --------------------------------------------------------------------------


def test_portrait_clip(synthetic_media: dict[str, Path]) -> None:
    result = probe(synthetic_media["portrait"])

    assert (result.width, result.height) == (360, 640)
    assert result.aspect_ratio == "9:16"
    assert result.orientation == "portrait"
    assert result.fps == pytest.approx(30.0)
    assert result.frame_count == 90
    assert result.duration_s == pytest.approx(3.0, abs=0.05)
    assert (result.video_codec, result.audio_codec) == ("h264", "aac")
    assert (result.audio_sample_rate, result.audio_channels) == (44100, 1)
    assert result.stream_count == 2
    assert result.video_stream_index == 0


def test_to_media_has_the_api_fields(synthetic_media: dict[str, Path]) -> None:
    media = probe(synthetic_media["portrait"]).to_media()

    assert media == {
        "duration_s": pytest.approx(3.0, abs=0.05),
        "width": 360,
        "height": 640,
        "aspect_ratio": "9:16",
        "orientation": "portrait",
        "fps": 30.0,
        "rotation": 0,
        "has_audio": True,
        "codecs": {"video": "h264", "audio": "aac"},
        "bitrate": media["bitrate"],
        "size_bytes": synthetic_media["portrait"].stat().st_size,
        "container": "mp4",
    }
    assert isinstance(media["bitrate"], int)


def test_clip_with_cuts_probes_at_full_length(synthetic_media: dict[str, Path]) -> None:
    result = probe(synthetic_media["cuts"])

    assert (result.width, result.height, result.aspect_ratio) == (320, 180, "16:9")
    assert result.duration_s == pytest.approx(3.0, abs=0.05)


def test_clip_without_audio(make_clip: MakeClip) -> None:
    result = probe(make_clip("silent.mp4", width=200, height=200, duration_s=0.5, audio=False))

    assert result.has_audio is False
    assert result.audio_codec is None
    assert result.audio_sample_rate is None
    assert (result.aspect_ratio, result.orientation) == ("1:1", "square")


@pytest.mark.parametrize(
    ("suffix", "container", "video_codec", "audio_codec"),
    [
        (".mov", "mov", "h264", "aac"),
        (".mkv", "matroska", "h264", "aac"),
        (".webm", "webm", "vp8", "opus"),
    ],
)
def test_product_containers(
    make_clip: MakeClip, suffix: str, container: str, video_codec: str, audio_codec: str
) -> None:
    result = probe(make_clip(f"clip{suffix}", width=160, height=120, duration_s=0.5))

    assert result.container == container
    assert (result.video_codec, result.audio_codec) == (video_codec, audio_codec)
    assert (result.width, result.height) == (160, 120)


# --- rotation -------------------------------------------------------------------------------


def test_rotation_90_reports_display_size(synthetic_media: dict[str, Path]) -> None:
    result = probe(synthetic_media["rotated"])

    assert result.rotation == 90
    assert (result.coded_width, result.coded_height) == (320, 180)
    assert (result.width, result.height) == (180, 320)
    assert (result.aspect_ratio, result.orientation) == ("9:16", "portrait")
    assert result.to_media()["rotation"] == 90


@pytest.mark.parametrize(
    ("rotation", "suffix", "size"),
    [
        (180, ".mp4", (160, 96)),
        (270, ".mp4", (96, 160)),
        (90, ".mov", (96, 160)),
        (90, ".mkv", (96, 160)),
    ],
)
def test_rotation_tags(
    make_clip: MakeClip, rotation: int, suffix: str, size: tuple[int, int]
) -> None:
    path = make_clip(
        f"rot{rotation}{suffix}",
        width=160,
        height=96,
        duration_s=0.3,
        audio=False,
        rotation=rotation,
    )

    result = probe(path)

    assert result.rotation == rotation
    assert (result.width, result.height) == size
    assert (result.coded_width, result.coded_height) == (160, 96)


# --- refused content --------------------------------------------------------------------------


def test_empty_file(synthetic_media: dict[str, Path]) -> None:
    assert "empty" in refused(synthetic_media["empty"], "invalid_media").message


def test_text_renamed_mp4(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["text"], "invalid_media")


def test_truncated_mp4(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["truncated"], "invalid_media")


def test_intact_index_with_undecodable_payload(synthetic_media: dict[str, Path]) -> None:
    error = refused(synthetic_media["zeroed"], "invalid_media")
    assert "could not be decoded" in error.message


def test_mkv_cut_before_first_frame(
    media_dir: Path, tmp_path: Path, media_factory: ModuleType
) -> None:
    path = media_factory.make_truncated(media_dir / "asl_thanks.mkv", tmp_path / "head.mkv", 0.01)
    refused(path, "invalid_media")


def test_directory_fifo_and_symlink_are_not_plain_files(
    tmp_path: Path, synthetic_media: dict[str, Path]
) -> None:
    fifo = tmp_path / "pipe.mp4"
    os.mkfifo(fifo)
    link = tmp_path / "link.mp4"
    link.symlink_to(synthetic_media["portrait"])
    folder = tmp_path / "folder.mp4"
    folder.mkdir()

    for path in (fifo, link, folder):
        assert "regular file" in refused(path, "invalid_media").message


def test_missing_file_is_a_server_error_not_a_media_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        probe(tmp_path / "gone.mp4")


# --- limits: pixel bombs, stream counts, absurd durations -----------------------------------------


def test_too_many_streams(synthetic_media: dict[str, Path]) -> None:
    error = refused(synthetic_media["streams_20"], "media_limits")
    assert "20 streams" in error.message


def test_ten_streams_pass_the_default_limit_but_not_a_stricter_one(
    synthetic_media: dict[str, Path],
) -> None:
    assert probe(synthetic_media["streams_10"]).stream_count == 10
    refused(synthetic_media["streams_10"], "media_limits", ProbeLimits(max_streams=8))


def test_pixel_bomb_30000_squared(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["pixel_bomb"], "media_limits")


def test_pixel_bomb_under_ffmpeg_cap_is_refused_without_allocating(
    synthetic_media: dict[str, Path],
) -> None:
    # 12000x12000 passes FFmpeg's own size check; a decoded BGRA frame would be 576 MB.
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    refused(synthetic_media["pixel_bomb_12k"], "media_limits")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 200 * 1024


def test_one_side_over_max_dimension(synthetic_media: dict[str, Path]) -> None:
    error = refused(synthetic_media["too_wide"], "media_limits")
    assert "9000x100" in error.message


def test_small_pixel_limit_refuses_an_ordinary_clip(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["portrait"], "media_limits", ProbeLimits(max_pixels=100 * 100))
    refused(synthetic_media["portrait"], "media_limits", ProbeLimits(max_dimension=500))


def test_header_claiming_ten_hours(synthetic_media: dict[str, Path]) -> None:
    error = refused(synthetic_media["long_claim"], "media_limits")
    assert "10.0 h" in error.message


def test_duration_limit_is_configurable(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["portrait"], "media_limits", ProbeLimits(max_container_duration_s=2))


def test_open_timeout(synthetic_media: dict[str, Path]) -> None:
    error = refused(synthetic_media["portrait"], "media_limits", ProbeLimits(open_timeout_s=1e-9))
    assert "too long" in error.message


# --- smuggled playlists and protocol restriction -------------------------------------------------


def test_hls_playlist_named_mp4(synthetic_media: dict[str, Path]) -> None:
    refused(synthetic_media["hls"], "invalid_media")


def test_hls_playlist_with_its_own_extension(synthetic_media: dict[str, Path]) -> None:
    # FFmpeg would open this one (and its segment) happily; the demuxer whitelist does not.
    with av.open(str(synthetic_media["hls_m3u8"])) as unrestricted:
        assert unrestricted.format.name == "hls"
    refused(synthetic_media["hls_m3u8"], "invalid_media")


def test_ffconcat_script_named_mp4(synthetic_media: dict[str, Path]) -> None:
    with av.open(str(synthetic_media["ffconcat"])) as unrestricted:
        assert unrestricted.format.name == "concat"
    refused(synthetic_media["ffconcat"], "invalid_media")


@pytest.fixture
def ffmpeg_logs() -> Iterator[list[tuple[int, str, str]]]:
    previous = av.logging.get_level()
    av.logging.set_level(av.logging.ERROR)
    try:
        with av.logging.Capture() as logs:
            yield logs
    finally:
        av.logging.set_level(previous)


def test_only_the_file_protocol_is_reachable(
    tmp_path: Path, media_factory: ModuleType, ffmpeg_logs: list[tuple[int, str, str]]
) -> None:
    # Admit the HLS demuxer on purpose to prove the protocol whitelist holds on its own
    # (FFmpeg's default for a local playlist is "file,crypto,data").
    playlist = media_factory.make_hls_playlist(
        tmp_path / "remote.m3u8", "http://127.0.0.1:9/segment.ts"
    )
    hls_allowed = ProbeLimits(allowed_formats=frozenset({"hls"}))

    refused(playlist, "invalid_media", hls_allowed)

    messages = " ".join(message for _, _, message in ffmpeg_logs)
    assert "not on whitelist 'file'" in messages


def test_open_media_applies_the_same_restrictions(synthetic_media: dict[str, Path]) -> None:
    with pytest.raises(MediaError):
        open_media(synthetic_media["ffconcat"])
    with open_media(synthetic_media["portrait"]) as container:
        assert container.streams.video[0].width == 360


# --- plan duration and aspect naming ----------------------------------------------------------


def _result_lasting(duration_s: float | None, media_dir: Path) -> ProbeResult:
    from dataclasses import replace

    return replace(probe(media_dir / "asl_thanks.mkv"), duration_s=duration_s)


def test_check_duration(media_dir: Path) -> None:
    with pytest.raises(MediaError) as caught:
        check_duration(_result_lasting(61.0, media_dir), 60)
    assert caught.value.code == "duration_exceeded"
    assert caught.value.message == "Video is 61 s long; your plan allows at most 60 s"

    check_duration(_result_lasting(60.0, media_dir), 60)
    check_duration(_result_lasting(60.3, media_dir), 60)  # container rounding is tolerated
    check_duration(_result_lasting(7200.0, media_dir), None)
    check_duration(_result_lasting(None, media_dir), 60)


@pytest.mark.parametrize(
    ("width", "height", "expected"),
    [
        (1080, 1920, "9:16"),
        (1080, 1918, "9:16"),
        (1920, 1080, "16:9"),
        (1366, 768, "16:9"),
        (640, 480, "4:3"),
        (1080, 1350, "4:5"),
        (1080, 1080, "1:1"),
        (1440, 1436, "1:1"),
        (1280, 800, "16:10"),
        (2560, 1080, "21:9"),
        (1000, 700, "10:7"),
        (1998, 1080, "37:20"),
    ],
)
def test_describe_aspect_ratio(width: int, height: int, expected: str) -> None:
    assert describe_aspect_ratio(width, height) == expected
