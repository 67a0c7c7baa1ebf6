"""clipapi serve | worker | migrate | users set-plan"""

from __future__ import annotations

import logging
import os
import sys

import click

from clipapi.config import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # a bad environment variable: say which, not a traceback
        raise click.ClickException(f"invalid configuration: {exc}") from exc


def _check_step_queues(settings: Settings) -> None:
    """CLIPAPI_STEP_QUEUES may only name steps this version has."""
    from clipapi.pipeline.executors import check_routes
    from clipapi.pipeline.registry import REGISTRY

    try:
        check_routes(settings.step_routes, REGISTRY)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


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
    """Run the API (with CLIPAPI_QUEUE=in_process, also the workers) in one process."""
    import uvicorn

    from clipapi.app import create_app
    from clipapi.migrate import upgrade

    settings = _settings()
    _check_step_queues(settings)
    if not no_migrate:
        upgrade(settings.effective_database_url)
    if not settings.public_url:
        settings.public_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    click.echo(f"clipapi on http://{host}:{port}  (data: {settings.data_dir})")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)


@main.command()
@click.option(
    "--queues",
    "-Q",
    default=None,
    help=(
        "Comma-separated queues to consume (default: the analysis queue, `clipapi`). A queue "
        "named in CLIPAPI_STEP_QUEUES brings only the steps routed to it."
    ),
)
@click.option(
    "--concurrency",
    "-c",
    default=None,
    type=click.IntRange(1, 64),
    help="Worker processes, each running one analysis at a time (default: CLIPAPI_WORKERS).",
)
@click.option("--loglevel", default="info", show_default=True)
def worker(queues: str | None, concurrency: int | None, loglevel: str) -> None:
    """Run analyses from the Celery broker (CLIPAPI_QUEUE=celery, CLIPAPI_BROKER_URL)."""
    # SIGTERM is a cold shutdown: running analyses go back to the queue for another worker
    # instead of holding this one up for as long as they take. Read when billiard is
    # imported, so it is set before anything imports Celery.
    os.environ.setdefault("REMAP_SIGTERM", "SIGQUIT")
    from clipapi.queue.celery_app import QUEUE, broker_url, run_worker

    settings = _settings()
    try:
        broker_url(settings)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    _check_step_queues(settings)
    consumed = [q.strip() for q in (queues or QUEUE).split(",") if q.strip()]
    for name in consumed:
        routed = sorted(step for step, q in settings.step_routes.items() if q == name)
        if routed:
            click.echo(
                f"queue {name}: runs the steps {', '.join(routed)} of other workers' analyses"
            )
        elif name == QUEUE:
            click.echo(f"queue {name}: runs analyses (every step not routed elsewhere)")
        else:
            click.echo(
                f"warning: no step is routed to queue {name} (CLIPAPI_STEP_QUEUES)", err=True
            )
    run_worker(
        settings,
        queues=",".join(consumed),
        concurrency=concurrency or settings.workers,
        loglevel=loglevel,
    )


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


def _register_feature_commands() -> None:
    from clipapi.analyze_cli import analyze
    from clipapi.catalog.cli import catalog
    from clipapi.evaluation.cli import eval_command
    from clipapi.trends.cli import trends

    for command in (analyze, catalog, eval_command, trends):
        main.add_command(command)


_register_feature_commands()

if __name__ == "__main__":
    sys.exit(main())
