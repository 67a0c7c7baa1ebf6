"""Migration 0003 creates (and drops) the trend and outcome tables on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from clipapi.kit.db import make_engine
from clipapi.migrate import alembic_config


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_0003_upgrades_and_downgrades_on_both_databases(database_url: str) -> None:
    config = alembic_config(database_url)
    assert {"trends", "outcomes"} <= _tables(database_url)
    engine = make_engine(database_url)
    try:
        inspector = sa.inspect(engine)
        outcome_columns = {c["name"] for c in inspector.get_columns("outcomes")}
        trend_columns = {c["name"] for c in inspector.get_columns("trends")}
        foreign = {fk["referred_table"] for fk in inspector.get_foreign_keys("outcomes")}
    finally:
        engine.dispose()
    assert outcome_columns == {
        "analysis_id",
        "user_id",
        "views",
        "likes",
        "shares",
        "comments",
        "average_watch_time_s",
        "retention",
        "recorded_at",
    }
    assert trend_columns == {
        "id",
        "name",
        "category",
        "cycle_stage",
        "keywords",
        "hashtags",
        "audio_titles",
        "updated_at",
    }
    assert foreign == {"analyses", "users"}
    try:
        command.downgrade(config, "0002")
        assert not {"trends", "outcomes"} & _tables(database_url)
    finally:
        command.upgrade(config, "head")  # the PostgreSQL database is shared by the session
    assert {"trends", "outcomes"} <= _tables(database_url)
