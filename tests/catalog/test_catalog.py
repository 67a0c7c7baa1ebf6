"""The local music catalog: add tracks, identify an AAC re-encoded excerpt by fingerprint,
refuse what does not match, and the `clipapi catalog` commands."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from clipapi.catalog import fingerprint
from clipapi.catalog.cli import catalog
from clipapi.catalog.service import (
    CatalogUnavailable,
    add_track,
    identify,
    list_tracks,
    remove_track,
)
from clipapi.errors import BadRequest, Conflict, NotFound
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.media.audio import decode_pcm
from conftest import make_audio, make_settings

SR = 16_000


@pytest.fixture(scope="module")
def songs() -> dict[str, np.ndarray]:
    return {
        "a": make_audio.music(120, 40.0, seed=1),
        "b": make_audio.music(96, 30.0, seed=2),
        "c": make_audio.music(120, 30.0, seed=7),  # never added
    }


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    settings = make_settings(tmp_path)
    engine = make_engine(settings.effective_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def filled(
    db: sessionmaker[Session], songs: dict[str, np.ndarray], tmp_path: Path
) -> sessionmaker[Session]:
    add_track(db, make_audio.write_wav(tmp_path / "a.wav", songs["a"]), "Song A", "Synth", True)
    add_track(db, make_audio.write_wav(tmp_path / "b.wav", songs["b"]), "Song B", "Synth")
    return db


def excerpt_from_mp4(pcm: np.ndarray, start_s: float, end_s: float, path: Path) -> np.ndarray:
    """The excerpt re-encoded to AAC in an MP4 (with a picture), decoded as analyses do."""
    part = pcm[round(start_s * SR) : round(end_s * SR)]
    return decode_pcm(make_audio.write_mp4(path, part))


def test_an_aac_excerpt_is_identified_with_its_offset(
    filled: sessionmaker[Session], songs: dict[str, np.ndarray], tmp_path: Path
) -> None:
    clip = excerpt_from_mp4(songs["a"], 12.0, 27.0, tmp_path / "clip.mp4")
    found = identify(filled, clip, SR, music=[(0.0, clip.size / SR)])
    assert found.reason is None
    assert found.match is not None
    assert (found.match.title, found.match.artist, found.match.trending) == (
        "Song A",
        "Synth",
        True,
    )
    assert found.match.score >= 0.93
    assert found.match.offset_s == pytest.approx(12.0, abs=0.3)
    signal = found.match.to_signal()
    assert set(signal) >= {"id", "title", "artist", "trending", "score"}


def test_a_track_outside_the_catalog_does_not_match(
    filled: sessionmaker[Session], songs: dict[str, np.ndarray], tmp_path: Path
) -> None:
    clip = excerpt_from_mp4(songs["c"], 5.0, 20.0, tmp_path / "other.mp4")
    found = identify(filled, clip, SR, music=[(0.0, clip.size / SR)])
    assert found.match is None
    assert found.best_score is not None
    assert found.best_score < fingerprint.MATCH_MIN_SCORE
    assert found.reason is not None
    assert "no catalog track matched" in found.reason


def test_only_music_is_compared(
    filled: sessionmaker[Session], songs: dict[str, np.ndarray]
) -> None:
    clip = songs["a"][: 15 * SR]
    assert identify(filled, clip, SR, music=[]).reason is not None
    # Under 5 s of music is too little to compare.
    short = identify(filled, clip, SR, music=[(0.0, 3.0)])
    assert short.match is None
    assert short.reason is not None
    assert "music to compare" in short.reason


def test_empty_catalog_and_missing_library(
    db: sessionmaker[Session],
    songs: dict[str, np.ndarray],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clip = songs["a"][: 10 * SR]
    empty = identify(db, clip, SR, music=[(0.0, 10.0)])
    assert empty.reason is not None
    assert "catalog is empty" in empty.reason

    monkeypatch.setattr(fingerprint, "chromaprint_problem", lambda: "libchromaprint is missing")
    missing = identify(db, clip, SR, music=[(0.0, 10.0)])
    assert missing.match is None
    assert missing.reason == "track not identified: libchromaprint is missing"
    with pytest.raises(CatalogUnavailable):
        add_track(db, make_audio.write_wav(tmp_path / "a.wav", clip), "A", "B")


def test_add_refuses_duplicates_silence_and_short_files(
    filled: sessionmaker[Session], songs: dict[str, np.ndarray], tmp_path: Path
) -> None:
    with pytest.raises(Conflict):
        add_track(filled, tmp_path / "a.wav", "Again", "Synth")
    silent = make_audio.write_wav(tmp_path / "silent.wav", make_audio.silence(8.0))
    with pytest.raises(BadRequest, match="silent"):
        add_track(filled, silent, "Nothing", "Nobody")
    short = make_audio.write_wav(tmp_path / "short.wav", songs["b"][: 2 * SR])
    with pytest.raises(BadRequest, match="needs 5 s"):
        add_track(filled, short, "Short", "Synth")
    text = tmp_path / "notes.mp3"
    text.write_text("not audio")
    with pytest.raises(BadRequest):
        add_track(filled, text, "Text", "Synth")
    assert [t.title for t in list_tracks(filled)] == ["Song A", "Song B"]


def test_remove(filled: sessionmaker[Session]) -> None:
    first = list_tracks(filled)[0]
    assert remove_track(filled, first.id).title == "Song A"
    assert [t.title for t in list_tracks(filled)] == ["Song B"]
    with pytest.raises(NotFound):
        remove_track(filled, first.id)


def test_cli_add_list_remove(tmp_path: Path, songs: dict[str, np.ndarray]) -> None:
    data = tmp_path / "data"
    env = {
        "CLIPAPI_DATA_DIR": str(data),
        "CLIPAPI_DATABASE_URL": f"sqlite:///{data / 'clipapi.db'}",
    }
    runner = CliRunner(env=env)
    wav = make_audio.write_wav(tmp_path / "hit.wav", songs["b"])

    empty = runner.invoke(catalog, ["list"])
    assert empty.exit_code == 0, empty.output
    assert "empty" in empty.output

    added = runner.invoke(
        catalog, ["add", str(wav), "--title", "Hit", "--artist", "Band", "--trending"]
    )
    assert added.exit_code == 0, added.output
    track_id = added.output.split()[0]
    assert track_id.startswith("trk_")
    assert "Hit - Band  (0:30, trending)" in added.output

    again = runner.invoke(catalog, ["add", str(wav), "--title", "Hit", "--artist", "Band"])
    assert again.exit_code == 1
    assert "already in the catalog" in again.output

    listed = runner.invoke(catalog, ["list"])
    assert listed.exit_code == 0
    assert f"{track_id}\tHit\tBand\t0:30\tyes" in listed.output

    removed = runner.invoke(catalog, ["remove", track_id])
    assert removed.exit_code == 0
    assert runner.invoke(catalog, ["remove", track_id]).exit_code == 1


def test_migration_matches_the_model(db: sessionmaker[Session]) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from clipapi.models.base import Base
    from clipapi.models.music_track import MusicTrack

    with db() as session:
        context = MigrationContext.configure(session.connection())
        diffs = compare_metadata(context, Base.metadata)
    assert [d for d in diffs if MusicTrack.__tablename__ in repr(d)] == []
