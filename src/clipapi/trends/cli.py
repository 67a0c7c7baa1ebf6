"""clipapi trends import FILE | list"""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from clipapi.config import Settings
from clipapi.kit.db import make_engine, make_sessionmaker
from clipapi.trends import service


def _database_url() -> str:
    try:
        return Settings().effective_database_url
    except Exception as exc:  # a bad environment variable: say which, not a traceback
        raise click.ClickException(f"invalid configuration: {exc}") from exc


@click.group()
def trends() -> None:
    """The trend catalog that growth intelligence matches videos against."""


@trends.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Also remove the entries the file does not list.")
def import_trends(file: Path, replace: bool) -> None:
    """Add or update the trends of FILE (JSON, format in docs/methods.md) by name."""
    engine = make_engine(_database_url())
    try:
        result = service.import_file(make_sessionmaker(engine), file, replace=replace)
    except service.CatalogFileError as exc:
        raise click.ClickException(str(exc)) from exc
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error (run `clipapi migrate`?): {exc}") from exc
    finally:
        engine.dispose()
    click.echo(
        f"trends: {result.created} added, {result.updated} updated, {result.removed} removed"
    )


@trends.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the catalog in the import format.")
def list_trends(as_json: bool) -> None:
    """The catalog in use: the imported trends, else the shipped default file."""
    engine = make_engine(_database_url())
    try:
        with make_sessionmaker(engine)() as session:
            catalog = service.load(session)
    except SQLAlchemyError as exc:
        raise click.ClickException(f"database error (run `clipapi migrate`?): {exc}") from exc
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(service.as_file(catalog), indent=2, ensure_ascii=False))
        return
    click.echo(f"{len(catalog.entries)} trends ({catalog.source} catalog, {catalog.version})")
    for entry in catalog.entries:
        cues = [*(f"#{h}" for h in entry.hashtags), *entry.keywords]
        cues += [f"sound: {a}" for a in entry.audio_titles]
        click.echo(
            f"  {entry.name}  [{entry.category or '-'}, {entry.cycle_stage}]  {', '.join(cues)}"
        )
