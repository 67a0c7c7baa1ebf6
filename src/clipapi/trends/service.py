"""The trend catalog: the operator's `trends` table, or the shipped default file while the
table is empty. Imports upsert by name; the growth step reads the catalog once per analysis."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from clipapi.intelligence.trends import TrendEntry
from clipapi.kit.clock import utcnow
from clipapi.kit.db import transaction
from clipapi.models.trend import Trend
from clipapi.trends import repository
from clipapi.trends.schemas import TrendFile, TrendIn

log = logging.getLogger(__name__)
DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "trends.json"


class CatalogFileError(ValueError):
    """The catalog file cannot be read or does not follow the format."""


@dataclass(frozen=True)
class Catalog:
    entries: tuple[TrendEntry, ...]
    source: str  # "database" or "default"
    warnings: tuple[str, ...] = ()

    @property
    def version(self) -> str:
        """`source:hash` of the entries, for processing.model_versions."""
        canonical = json.dumps([asdict(e) for e in self.entries], sort_keys=True)
        return f"{self.source}:{hashlib.sha256(canonical.encode()).hexdigest()[:12]}"


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    removed: int


def read_file(path: Path) -> TrendFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogFileError(f"{path}: {exc}") from exc
    try:
        return TrendFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise CatalogFileError(f"{path}: {problems}") from exc


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The shipped file, read once per process."""
    return Catalog(tuple(_entry(t) for t in read_file(DEFAULT_FILE).trends), "default")


def load(session: Session) -> Catalog:
    rows = repository.all_trends(session)
    if not rows:
        return default_catalog()
    return Catalog(tuple(_row_entry(row) for row in rows), "database")


def import_file(db: sessionmaker[Session], path: Path, *, replace: bool = False) -> ImportResult:
    """Upsert the file's trends by name; with `replace`, remove the entries it does not list."""
    trends = read_file(path).trends
    names = [t.name for t in trends]
    created = updated = 0
    with transaction(db) as session:
        existing = repository.by_names(session, names)
        for trend in trends:
            row = existing.get(trend.name)
            if row is None:
                row = Trend(name=trend.name)
                session.add(row)
                created += 1
            else:
                updated += 1
            _fill(row, trend)
        removed = repository.delete_except(session, names) if replace else 0
    return ImportResult(created, updated, removed)


def as_file(catalog: Catalog) -> dict[str, object]:
    """The catalog in the import format (`clipapi trends list --json`)."""
    return {
        "version": catalog.version,
        "trends": [
            TrendIn(
                name=e.name,
                category=e.category,
                cycle_stage=e.cycle_stage,
                keywords=list(e.keywords),
                hashtags=list(e.hashtags),
                audio_titles=list(e.audio_titles),
            ).model_dump(exclude_defaults=True)
            for e in catalog.entries
        ],
    }


def read_catalog(db: sessionmaker[Session]) -> Catalog:
    """The catalog an analysis matches against (the growth step reads it through its step
    context); the default file, with a warning, when the database cannot be read."""
    try:
        with db() as session:
            return load(session)
    except SQLAlchemyError as exc:
        log.warning("trend catalog unreadable, using the default file: %s", exc)
        default = default_catalog()
        warning = "trend catalog table unreadable; matched against the default catalog file"
        return Catalog(default.entries, default.source, (warning,))


def _fill(row: Trend, trend: TrendIn) -> None:
    row.category = trend.category
    row.cycle_stage = trend.cycle_stage
    row.keywords = list(trend.keywords)
    row.hashtags = list(trend.hashtags)
    row.audio_titles = list(trend.audio_titles)
    row.updated_at = utcnow()


def _entry(trend: TrendIn) -> TrendEntry:
    return TrendEntry(
        name=trend.name,
        cycle_stage=trend.cycle_stage,
        category=trend.category,
        keywords=tuple(trend.keywords),
        hashtags=tuple(trend.hashtags),
        audio_titles=tuple(trend.audio_titles),
    )


def _row_entry(row: Trend) -> TrendEntry:
    return TrendEntry(
        name=row.name,
        cycle_stage=row.cycle_stage,
        category=row.category,
        keywords=tuple(row.keywords or ()),
        hashtags=tuple(row.hashtags or ()),
        audio_titles=tuple(row.audio_titles or ()),
    )
