"""The trend catalog: import, list, the default file, and what the growth step reads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import delete

from clipapi.intelligence.signals import Signals
from clipapi.intelligence.trends import CYCLE_STAGES, match_trends
from clipapi.kit.db import make_engine, make_sessionmaker, transaction
from clipapi.models.trend import Trend
from clipapi.trends import service
from clipapi.trends.cli import trends

CATALOG = {
    "version": "ops-1",
    "trends": [
        {
            "name": "Desk setups",
            "category": "tech",
            "cycle_stage": "growth",
            "keywords": ["desk setup", "monitor arm"],
            "hashtags": ["#desksetup"],
        },
        {
            "name": "Cozy gaming",
            "category": "gaming",
            "cycle_stage": "emerging",
            "hashtags": ["cozygaming"],
            "audio_titles": ["Lofi Rain"],
        },
    ],
}


@pytest.fixture
def url(database_url: str) -> str:
    """The test database with an empty trend table (PostgreSQL keeps rows between tests)."""
    engine = make_engine(database_url)
    with transaction(make_sessionmaker(engine)) as session:
        session.execute(delete(Trend))
    engine.dispose()
    return database_url


def _write(tmp_path: Path, data: Any, name: str = "trends.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _catalog(url: str) -> service.Catalog:
    """The catalog as the runner reads it, through a sessionmaker of its own database."""
    engine = make_engine(url)
    try:
        return service.read_catalog(make_sessionmaker(engine))
    finally:
        engine.dispose()


def _cli(url: str, tmp_path: Path, *args: str) -> Result:
    env = {"CLIPAPI_DATABASE_URL": url, "CLIPAPI_DATA_DIR": str(tmp_path / "data")}
    return CliRunner().invoke(trends, list(args), env=env, catch_exceptions=False)


def test_import_then_list_shows_the_operators_catalog(url: str, tmp_path: Path) -> None:
    imported = _cli(url, tmp_path, "import", str(_write(tmp_path, CATALOG)))
    listed = _cli(url, tmp_path, "list")

    assert imported.exit_code == 0, imported.output
    assert "2 added, 0 updated, 0 removed" in imported.output
    assert listed.exit_code == 0
    assert "2 trends (database catalog" in listed.output
    assert "Desk setups  [tech, growth]  #desksetup, desk setup, monitor arm" in listed.output
    assert "sound: Lofi Rain" in listed.output


def test_an_import_updates_by_name_and_replace_removes_the_rest(url: str, tmp_path: Path) -> None:
    _cli(url, tmp_path, "import", str(_write(tmp_path, CATALOG)))
    changed = {"trends": [{**CATALOG["trends"][0], "cycle_stage": "peak"}]}  # type: ignore[index]
    updated = _cli(url, tmp_path, "import", str(_write(tmp_path, changed, "one.json")))
    replaced = _cli(
        url, tmp_path, "import", "--replace", str(_write(tmp_path, changed, "one.json"))
    )

    assert "0 added, 1 updated, 0 removed" in updated.output
    assert "0 added, 1 updated, 1 removed" in replaced.output
    catalog = _catalog(url)
    assert [(e.name, e.cycle_stage) for e in catalog.entries] == [("Desk setups", "peak")]


def test_list_json_is_the_import_format(url: str, tmp_path: Path) -> None:
    _cli(url, tmp_path, "import", str(_write(tmp_path, CATALOG)))
    exported = _cli(url, tmp_path, "list", "--json").output
    again = _cli(url, tmp_path, "import", str(_write(tmp_path, exported, "export.json")))

    assert "0 added, 2 updated" in again.output
    names = [t["name"] for t in json.loads(exported)["trends"]]
    assert names == ["Cozy gaming", "Desk setups"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "Expecting property name"),
        ({"trends": [{"name": "X", "cycle_stage": "viral", "keywords": ["x"]}]}, "cycle_stage"),
        ({"trends": [{"name": "X", "cycle_stage": "peak"}]}, "needs keywords, hashtags or"),
        ({"trends": [{"name": "X", "cycle_stage": "peak", "keywrds": ["x"]}]}, "keywrds"),
        (
            {"trends": [{"name": "X", "cycle_stage": "peak", "hashtags": ["x"]}] * 2},
            "listed twice",
        ),
    ],
)
def test_a_bad_catalog_file_is_refused_and_changes_nothing(
    url: str, tmp_path: Path, data: Any, message: str
) -> None:
    result = _cli(url, tmp_path, "import", str(_write(tmp_path, data)))

    assert result.exit_code == 1
    assert message in result.output
    assert _catalog(url).source == "default"


def test_the_default_file_is_used_while_the_table_is_empty(url: str, tmp_path: Path) -> None:
    listed = _cli(url, tmp_path, "list")
    catalog = _catalog(url)

    assert catalog.source == "default"
    assert catalog.version.startswith("default:")
    assert f"{len(catalog.entries)} trends (default catalog" in listed.output
    assert len(catalog.entries) >= 10
    assert all(e.cycle_stage in CYCLE_STAGES for e in catalog.entries)
    _cli(url, tmp_path, "import", str(_write(tmp_path, CATALOG)))
    assert _catalog(url).source == "database"


def test_an_unreadable_table_falls_back_to_the_default_file_with_a_warning(
    tmp_path: Path,
) -> None:
    never_migrated = f"sqlite:///{tmp_path / 'empty.db'}"
    catalog = _catalog(never_migrated)

    assert catalog.source == "default"
    assert catalog.warnings


def test_videos_match_the_default_catalog_by_hashtag_keywords_or_sound() -> None:
    entries = service.default_catalog().entries
    grwm = match_trends(Signals(hashtags=("GRWM",)), entries)
    recipe = match_trends(
        Signals(description="An easy recipe for the air fryer, five ingredients"), entries
    )
    unrelated = match_trends(Signals(title="Sunset over the harbour"), entries)

    assert grwm is not None
    assert grwm.matched_trends[0].trend == "Get ready with me"
    assert recipe is not None
    assert recipe.matched_trends[0].trend == "Quick recipes"
    assert recipe.trend_category == "food"
    assert unrelated is not None
    assert unrelated.matched_trends == ()
