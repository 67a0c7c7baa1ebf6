"""Tempo on click tracks, drum patterns and synthetic songs of known BPM: within 3 % (the
accuracy target) and never an octave off inside 70-180 BPM."""

from __future__ import annotations

import numpy as np
import pytest

from clipapi.signals.audio_tempo import (
    OFFBEAT_ACCENT_MIN,
    choose_octave,
    estimate_tempo,
    fold_bpm,
)
from conftest import make_audio

SR = 16_000
TOLERANCE = 0.03


@pytest.mark.parametrize("bpm", [75, 100, 128])
@pytest.mark.parametrize("kind", ["click", "drums"])
def test_tempo_of_click_tracks_and_drum_patterns(kind: str, bpm: int) -> None:
    signal = (
        make_audio.click_track(bpm, 12.0) if kind == "click" else make_audio.drum_pattern(bpm, 12.0)
    )
    tempo = estimate_tempo(signal, SR)
    assert tempo is not None
    assert tempo.bpm == pytest.approx(bpm, rel=TOLERANCE)


def test_75_bpm_with_eighth_note_hats_is_not_150() -> None:
    # The beat tracker alone reads this groove at 150 (the hats); the accent check halves it.
    tempo = estimate_tempo(make_audio.music(75, 12.0, seed=3), SR)
    assert tempo is not None
    assert tempo.bpm == pytest.approx(75, rel=TOLERANCE)
    assert tempo.offbeat_accent is not None
    assert tempo.offbeat_accent < OFFBEAT_ACCENT_MIN


def test_150_bpm_with_a_drum_on_every_beat_stays_150() -> None:
    tempo = estimate_tempo(make_audio.music(150, 12.0, seed=5), SR)
    assert tempo is not None
    assert tempo.bpm == pytest.approx(150, rel=TOLERANCE)
    assert tempo.offbeat_accent is not None
    assert tempo.offbeat_accent >= OFFBEAT_ACCENT_MIN


def test_tempo_only_over_the_given_spans() -> None:
    # 6 s of silence, then 10 s of a 128 BPM song: the span is where the beat is.
    signal = np.concatenate([make_audio.silence(6.0), make_audio.music(128, 10.0, seed=1)])
    tempo = estimate_tempo(signal, SR, [(6.0, 16.0)])
    assert tempo is not None
    assert tempo.bpm == pytest.approx(128, rel=TOLERANCE)
    assert tempo.analysed_s == pytest.approx(10.0)
    assert estimate_tempo(signal, SR, [(6.0, 9.0)]) is None  # under 4 s of music


def test_no_tempo_without_onsets() -> None:
    assert estimate_tempo(make_audio.silence(8.0), SR) is None


def test_fold_and_octave_rules() -> None:
    assert fold_bpm(60.0) == 120.0
    assert fold_bpm(200.0) == 100.0
    assert fold_bpm(150.0) == 150.0
    assert choose_octave(75.0, OFFBEAT_ACCENT_MIN) == 150.0
    assert choose_octave(75.0, OFFBEAT_ACCENT_MIN - 0.01) == 75.0


def _with_random_bursts(signal: np.ndarray, per_s: float, level: float, seed: int) -> np.ndarray:
    """`signal` with short noise bursts at random times: onsets off the beat in every band,
    as a voice over the music leaks them."""
    rng = np.random.default_rng(seed)
    out = np.array(signal, dtype=np.float32)
    burst = round(0.08 * SR)
    envelope = np.exp(-np.arange(burst) / (0.02 * SR))
    for at in rng.uniform(0, out.size / SR - 0.1, size=round(per_s * out.size / SR)):
        start = round(at * SR)
        out[start : start + burst] += level * envelope * rng.standard_normal(burst)
    return out


@pytest.mark.parametrize(("bpm", "seed"), [(75, 1), (84, 2), (140, 5), (150, 3)])
def test_onsets_off_the_beat_do_not_move_the_octave(bpm: int, seed: int) -> None:
    # Bursts off the beat lift both phases of the pulse grid alike: read against the
    # background between pulses, the in-between pulses of 75 and 84 BPM stay hi-hats and the
    # alternating kick and snare of 140 and 150 BPM stay beats (140 and 150 read 70 and 75
    # when the weaker phase was read against the stronger alone).
    bands = [(0.0, 150.0), (4000.0, 8000.0)]
    signal = _with_random_bursts(make_audio.drum_pattern(bpm, 16.0), 5.0, 0.6, seed)
    tempo = estimate_tempo(signal, SR, None, bands, bands)
    assert tempo is not None
    assert tempo.bpm == pytest.approx(bpm, rel=TOLERANCE)
