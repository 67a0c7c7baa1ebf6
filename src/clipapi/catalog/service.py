"""Adding tracks to the catalog, and identifying the catalog track a clip plays."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import av
import numpy as np
from numpy.typing import NDArray
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from clipapi.catalog import fingerprint as fp
from clipapi.catalog import repository
from clipapi.errors import BadRequest, Conflict, NotFound
from clipapi.kit import ids
from clipapi.kit.db import transaction
from clipapi.media.probe import DEFAULT_ALLOWED_FORMATS, ProbeLimits, open_media
from clipapi.models.music_track import MusicTrack
from clipapi.signals.audio_spans import Span, normalise_spans, subtract

SAMPLE_RATE = 16_000  # as the analysis decode, so both sides are fingerprinted alike
# Catalog files are the operator's own audio: the clip formats plus the common audio ones.
AUDIO_FORMATS = DEFAULT_ALLOWED_FORMATS | frozenset({"mp3", "wav", "flac", "ogg", "aac", "aiff"})
MIN_TRACK_S = 5.0


class CatalogUnavailable(BadRequest):
    """Fingerprints cannot be computed on this machine (libchromaprint is missing)."""


@dataclass(frozen=True)
class CatalogMatch:
    track_id: str
    title: str
    artist: str
    trending: bool
    score: float
    offset_s: float  # where in the track the clip's excerpt starts

    def to_signal(self) -> dict[str, Any]:
        return {
            "id": self.track_id,
            "title": self.title,
            "artist": self.artist,
            "trending": self.trending,
            "score": self.score,
            "offset_s": round(self.offset_s, 2),
        }


@dataclass(frozen=True)
class Identification:
    match: CatalogMatch | None
    reason: str | None  # why there is no match
    best_score: float | None = None


def add_track(
    db: sessionmaker[Session], path: Path, title: str, artist: str, trending: bool = False
) -> MusicTrack:
    problem = fp.chromaprint_problem()
    if problem is not None:
        raise CatalogUnavailable(f"cannot fingerprint: {problem}")
    if not title.strip() or not artist.strip():
        raise BadRequest("a track needs a title and an artist")
    digest = _sha256(path)
    pcm = decode_audio_file(path, fp.MAX_TRACK_S)
    duration = pcm.size / SAMPLE_RATE
    if duration < MIN_TRACK_S:
        raise BadRequest(f"{path.name}: {duration:.1f} s of audio; a track needs {MIN_TRACK_S:g} s")
    if not np.any(np.abs(pcm) > 1e-3):
        raise BadRequest(f"{path.name}: the audio is silent")
    try:
        print_ = fp.fingerprint_pcm(pcm, SAMPLE_RATE)
    except fp.FingerprintFailed as exc:
        raise BadRequest(f"{path.name}: the audio could not be fingerprinted") from exc
    try:
        with transaction(db) as session:
            existing = repository.get_by_sha256(session, digest)
            if existing is not None:
                raise Conflict(f"{path.name} is already in the catalog as {existing.id}")
            track = MusicTrack(
                id=ids.new_id("trk", 16),
                title=title.strip(),
                artist=artist.strip(),
                trending=trending,
                duration_s=round(duration, 3),
                fingerprint=print_.encoded,
                fingerprint_items=int(print_.items.size),
                source_sha256=digest,
                source_filename=path.name[:255],
            )
            session.add(track)
    except IntegrityError as exc:  # the same file added twice at once
        raise Conflict(f"{path.name} is already in the catalog") from exc
    return track


def list_tracks(db: sessionmaker[Session]) -> list[MusicTrack]:
    with db() as session:
        return list(repository.list_all(session))


def remove_track(db: sessionmaker[Session], track_id: str) -> MusicTrack:
    with transaction(db) as session:
        track = repository.get(session, track_id)
        if track is None:
            raise NotFound(f"no catalog track {track_id}")
        session.delete(track)
    return track


def identify(
    db: sessionmaker[Session],
    pcm: NDArray[np.floating],
    sample_rate: int,
    music: Sequence[Span],
    speech: Sequence[Span] = (),
) -> Identification:
    """The catalog track playing in the clip's music, if one matches (fingerprint.py)."""
    problem = fp.chromaprint_problem()
    if problem is not None:
        return Identification(None, f"track not identified: {problem}")
    with db() as session:
        tracks = [
            (t.id, t.title, t.artist, t.trending, t.fingerprint)
            for t in repository.list_all(session)
        ]
    if not tracks:
        return Identification(
            None, "track not identified: the music catalog is empty (clipapi catalog add)"
        )
    duration = pcm.size / sample_rate
    try:
        query = fp.fingerprint_pcm(pcm, sample_rate, max_s=duration).items
    except fp.FingerprintFailed:
        return Identification(
            None, "track not identified: the clip's audio could not be fingerprinted"
        )
    mask = _music_items(query.size, music, speech, duration)
    if mask.sum() < fp.MIN_MATCH_ITEMS:
        need = fp.MIN_MATCH_ITEMS * fp.ITEM_S
        return Identification(
            None, f"track not identified: under {need:.0f} s of music to compare with the catalog"
        )
    best: CatalogMatch | None = None
    for track_id, title, artist, trending, encoded in tracks:
        alignment = fp.align(query, fp.decode(encoded), mask)
        if alignment is not None and (best is None or alignment.score > best.score):
            best = CatalogMatch(
                track_id, title, artist, trending, alignment.score, alignment.offset_s
            )
    if best is None:
        return Identification(None, "track not identified: no catalog track overlaps the clip")
    if best.score < fp.MATCH_MIN_SCORE:
        return Identification(
            None,
            f"track not identified: no catalog track matched (closest score {best.score:.2f}, "
            f"a match needs {fp.MATCH_MIN_SCORE:.2f})",
            best_score=best.score,
        )
    return Identification(best, None, best_score=best.score)


def _music_items(
    count: int, music: Sequence[Span], speech: Sequence[Span], duration: float
) -> NDArray[np.bool_]:
    """Sub-fingerprints centred in music; only those free of speech when they alone span
    enough to match, since a voice over the music disturbs the chroma."""
    centres = fp.item_centres_s(count)

    def inside(spans: Sequence[Span]) -> NDArray[np.bool_]:
        mask = np.zeros(count, dtype=bool)
        for start, end in normalise_spans(spans, duration):
            mask |= (centres >= start) & (centres < end)
        return mask

    clean = inside(subtract(music, speech))
    return clean if clean.sum() >= fp.MIN_MATCH_ITEMS else inside(music)


def decode_audio_file(path: Path, max_s: float) -> NDArray[np.float32]:
    """A catalog file's first audio stream as 16 kHz mono float32."""
    limit = int(max_s * SAMPLE_RATE)
    chunks: list[NDArray[np.float32]] = []
    total = 0
    with open_media(path, ProbeLimits(allowed_formats=AUDIO_FORMATS)) as container:
        if not container.streams.audio:
            raise BadRequest(f"{path.name} has no audio stream")
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(container.streams.audio[0]):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
                total += chunks[-1].size
            if total >= limit:
                break
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1).astype(np.float32, copy=False))
    pcm = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.float32)
    return pcm[:limit]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
