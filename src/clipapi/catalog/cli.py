"""clipapi catalog add | list | remove"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click
from sqlalchemy.orm import Session, sessionmaker

from clipapi.config import Settings
from clipapi.errors import AppError

T = TypeVar("T")


@contextmanager
def _database() -> Iterator[sessionmaker[Session]]:
    from clipapi.kit.db import make_engine, make_sessionmaker
    from clipapi.migrate import upgrade

    try:
        settings = Settings()
    except Exception as exc:  # a bad environment variable: say which, not a traceback
        raise click.ClickException(f"invalid configuration: {exc}") from exc
    upgrade(settings.effective_database_url)  # as `serve` does: the table may be new
    engine = make_engine(settings.effective_database_url)
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except AppError as exc:
        raise click.ClickException(exc.message) from exc


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@click.group()
def catalog() -> None:
    """Manage the local music catalog that identifies the tracks clips play."""


@catalog.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", required=True, help="Track title.")
@click.option("--artist", required=True, help="Artist name.")
@click.option("--trending", is_flag=True, help="Mark the track as trending audio.")
def add(file: Path, title: str, artist: str, trending: bool) -> None:
    """Fingerprint an audio or video FILE and add it to the catalog."""
    from clipapi.catalog import service

    with _database() as db:
        track = _run(lambda: service.add_track(db, file, title, artist, trending))
    flag = ", trending" if track.trending else ""
    click.echo(f"{track.id}  {track.title} - {track.artist}  ({_duration(track.duration_s)}{flag})")


@catalog.command("list")
def list_() -> None:
    """List the catalog's tracks."""
    from clipapi.catalog import service

    with _database() as db:
        tracks = service.list_tracks(db)
    if not tracks:
        click.echo("the catalog is empty: add tracks with `clipapi catalog add FILE`")
        return
    click.echo("id\ttitle\tartist\tduration\ttrending")
    for track in tracks:
        click.echo(
            "\t".join(
                (
                    track.id,
                    track.title,
                    track.artist,
                    _duration(track.duration_s),
                    "yes" if track.trending else "no",
                )
            )
        )


@catalog.command("remove")
@click.argument("track_id")
def remove(track_id: str) -> None:
    """Remove the track TRACK_ID from the catalog."""
    from clipapi.catalog import service

    with _database() as db:
        track = _run(lambda: service.remove_track(db, track_id))
    click.echo(f"removed {track.id}  {track.title} - {track.artist}")
