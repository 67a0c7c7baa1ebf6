"""clipapi serve | migrate | users set-plan"""

from __future__ import annotations

import logging
import sys

import click

from clipapi.config import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # a bad environment variable: say which, not a traceback
        raise click.ClickException(f"invalid configuration: {exc}") from exc


@click.group()
@click.version_option(package_name="clipapi")
def main() -> None:
    """clipapi: a self-hostable video intelligence API."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema (CLIPAPI_DATABASE_URL)."""
    from clipapi.migrate import upgrade

    settings = _settings()
    upgrade(settings.effective_database_url)
    click.echo(f"database at head: {_redact(settings.effective_database_url)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-migrate", is_flag=True, help="Do not upgrade the schema before starting.")
def serve(host: str, port: int, no_migrate: bool) -> None:
    """Run the API and in-process workers in one process."""
    import uvicorn

    from clipapi.app import create_app
    from clipapi.migrate import upgrade

    settings = _settings()
    if not no_migrate:
        upgrade(settings.effective_database_url)
    if not settings.public_url:
        settings.public_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"clipapi on http://{host}:{port}  (data: {settings.data_dir})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)


@main.group()
def users() -> None:
    """Manage accounts."""


@users.command("set-plan")
@click.argument("email")
@click.argument("plan", type=click.Choice(["free", "pro", "enterprise"]))
def set_plan(email: str, plan: str) -> None:
    """Move an account to another plan."""
    from clipapi.accounts.service import set_plan as do_set_plan
    from clipapi.errors import NotFound
    from clipapi.kit.db import make_engine, make_sessionmaker

    engine = make_engine(_settings().effective_database_url)
    try:
        do_set_plan(make_sessionmaker(engine), email, plan)
    except NotFound as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        engine.dispose()
    click.echo(f"{email}: {plan}")


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


if __name__ == "__main__":
    sys.exit(main())
