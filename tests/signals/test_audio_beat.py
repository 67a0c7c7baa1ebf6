"""A beat under a voice: found from the bands the voice barely reaches, never in speech alone,
and its tempo read from those bands within 2 %."""

from __future__ import annotations

import numpy as np
import pytest

from clipapi.signals import audio_beat, audio_tempo
from clipapi.signals.audio_activity import voice_over_share
from conftest import MEDIA_DIR, load_generator, make_audio

SR = 16_000
make_voices = load_generator("make_voices")


def active_rms_db(pcm: np.ndarray) -> float:
    usable = pcm[: pcm.size // 400 * 400].reshape(-1, 400).astype(np.float64)
    levels = np.sqrt((usable**2).mean(axis=1))
    loud = levels[levels >= levels.max() * 0.1]
    return float(20 * np.log10(np.sqrt((loud**2).mean())))


def under(voice: np.ndarray, bed: np.ndarray, below_db: float) -> np.ndarray:
    gain_db = active_rms_db(voice) - below_db - active_rms_db(bed)
    return make_audio.mix((voice, 1.0), (bed, 10 ** (gain_db / 20)))


@pytest.fixture(scope="module")
def voice_over() -> np.ndarray:
    lines = [
        "Here are three quick tips for a calmer morning.",
        "First, put your phone in another room before you go to sleep.",
        "Second, drink a full glass of water as soon as you wake up.",
    ]
    try:
        pcm, _ = make_voices.conversation([("joe", line) for line in lines], 0.4)
    except make_voices.VoiceMissing as exc:  # `make test` installs every voice
        pytest.fail(str(exc))
    return np.asarray(pcm)


def test_speech_alone_has_no_beat(voice_over: np.ndarray) -> None:
    jfk = make_audio.load_flac(MEDIA_DIR / "jfk.flac")
    for speech in (jfk, voice_over):
        beat = audio_beat.find_beat(speech, SR)
        assert beat.spans == ()
        assert beat.band is None
        assert beat.periodicity < audio_beat.MIN_PERIODICITY


@pytest.mark.parametrize(("bpm", "below_db"), [(100, 20), (128, 15), (112, 10)])
def test_a_drum_beat_under_a_voice_over_is_found_with_its_tempo(
    voice_over: np.ndarray, bpm: int, below_db: int
) -> None:
    drums = make_audio.drum_pattern(bpm, voice_over.size / SR, seed=bpm)
    mixed = under(voice_over, drums, below_db)
    beat = audio_beat.find_beat(mixed, SR)
    assert beat.band is not None
    assert sum(e - s for s, e in beat.spans) >= 0.6 * mixed.size / SR
    bands = list(audio_beat.BANDS.values())
    tempo = audio_tempo.estimate_tempo(mixed, SR, beat.spans, bands, bands)
    assert tempo is not None
    assert abs(tempo.bpm - bpm) <= 0.02 * bpm


def test_an_envelope_that_only_starts_and_stops_is_not_periodic() -> None:
    fps = SR / audio_beat.HOP
    envelope = np.zeros(round(6 * fps))
    envelope[envelope.size // 2 :] = 1.0  # sound, then silence: a step, no beat
    assert audio_beat.periodicity(envelope, fps) < 0.1
    pulses = np.zeros(round(6 * fps))
    pulses[:: round(fps * 60 / 120)] = 1.0  # a pulse every beat at 120 BPM
    assert audio_beat.periodicity(pulses, fps) > 0.8


def test_voice_over_share() -> None:
    assert voice_over_share([(0.0, 10.0)], [(1.0, 4.0), (5.0, 9.0)]) == pytest.approx(0.7)
    assert voice_over_share([(0.0, 10.0)], []) == 0.0
    assert voice_over_share([], [(0.0, 1.0)]) == 0.0


def fake_correlations(
    monkeypatch: pytest.MonkeyPatch, peaks: tuple[tuple[float, int], ...]
) -> None:
    """Each window's autocorrelation (every band alike): one peak of the given height at the
    given beat period (BPM), nothing elsewhere."""
    fps = SR / audio_beat.HOP
    longest = int(fps * 60.0 / audio_beat.BEAT_BPM[0])
    rows = []
    for height, bpm in peaks:
        row = np.zeros(longest + 1)
        row[0] = 1.0
        row[round(fps * 60.0 / bpm)] = height
        rows.append(row)
    calls = iter(row for _band in audio_beat.BANDS for row in rows)  # band by band
    monkeypatch.setattr(audio_beat, "autocorrelation", lambda envelope, fps: next(calls))


@pytest.mark.parametrize(
    ("window_scores", "found"),
    [
        ((0.1, 0.33, 0.1), False),  # one window alone: speech reaches this now and then
        ((0.1, 0.33, 0.33), True),  # held over two windows in a row: a beat
        ((0.33, 0.1, 0.33), False),
    ],
)
def test_a_beat_must_hold_over_consecutive_windows(
    monkeypatch: pytest.MonkeyPatch, window_scores: tuple[float, ...], found: bool
) -> None:
    # Speech peaks at a different period in every window.
    fake_correlations(monkeypatch, tuple(zip(window_scores, (70, 95, 130), strict=True)))
    pcm = np.random.default_rng(3).normal(0, 0.1, 16000 * 15).astype(np.float32)
    beat = audio_beat.find_beat(pcm, 16000)
    assert bool(beat.spans) is found


@pytest.mark.parametrize(
    ("periods", "found"),
    [
        ((90, 90, 90), True),  # a faint beat keeps its period from window to window
        ((70, 95, 130), False),  # the same heights at a different period in each
    ],
)
def test_a_faint_beat_is_found_by_the_period_it_keeps(
    monkeypatch: pytest.MonkeyPatch, periods: tuple[int, ...], found: bool
) -> None:
    height = audio_beat.MIN_STEADY_PERIODICITY + 0.02  # under MIN_PERIODICITY in every window
    assert height < audio_beat.MIN_PERIODICITY
    fake_correlations(monkeypatch, tuple((height, bpm) for bpm in periods))
    pcm = np.random.default_rng(3).normal(0, 0.1, 16000 * 15).astype(np.float32)
    beat = audio_beat.find_beat(pcm, 16000)
    assert bool(beat.spans) is found
    if found:  # every window, the three of a 15 s clip
        assert beat.spans == ((0.0, pytest.approx(12.0, abs=0.05)),)


@pytest.mark.parametrize("bpm", [75, 90])
def test_a_drum_beat_20_db_under_a_voice_over_is_found_across_the_clip(
    voice_over: np.ndarray, bpm: int
) -> None:
    voice = np.concatenate([voice_over, voice_over])  # long enough for the steady test
    drums = make_audio.drum_pattern(bpm, voice.size / SR, seed=bpm)
    mixed = under(voice, drums, 20)
    beat = audio_beat.find_beat(mixed, SR)
    assert beat.band is not None
    assert sum(e - s for s, e in beat.spans) >= 0.6 * mixed.size / SR
    assert audio_beat.find_beat(voice, SR).spans == ()
