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
