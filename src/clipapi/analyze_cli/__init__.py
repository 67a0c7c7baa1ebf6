"""`clipapi analyze FILE_OR_URL`: one analysis on this machine, or through a clipapi server.

Progress and the summary go to stderr; the result JSON goes to --out or stdout, so a script
can pipe it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import click
from rich.console import Console

from clipapi.analyze_cli.display import Progressbar, summarise
from clipapi.analyze_cli.local import is_remote, run_locally
from clipapi.errors import AppError

__all__ = ["EXIT_COMPLETED", "EXIT_FAILED", "EXIT_SERVER", "EXIT_USAGE", "analyze"]

EXIT_COMPLETED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_SERVER = 3
PRESETS = ("full", "audio_only", "meta_only")

EXIT_CODES_HELP = """\b
Exit codes:
  0  the analysis completed
  1  the analysis ran and failed (the JSON carries error.code and error.message)
  2  usage error: bad arguments, a missing file, or a request the server refused (4xx)
  3  server or network error: unreachable, 5xx, rate limited, or --timeout ran out
     while waiting for the server (locally, a timeout fails the analysis: 1)
"""


@contextmanager
def _quiet_logs(verbose: bool) -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    if not verbose:  # log lines would tear the progress display apart
        root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(level)


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("source", metavar="FILE_OR_URL")
@click.option(
    "--preset",
    type=click.Choice(PRESETS),
    default="full",
    show_default=True,
    help="full: everything; audio_only: speech, transcript and text layers; meta_only: "
    "probe and keyframes, no models.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the result JSON here instead of to stdout.",
)
@click.option(
    "--server",
    envvar="CLIPAPI_SERVER",
    metavar="URL",
    help="Submit to this clipapi server instead of running locally [env: CLIPAPI_SERVER].",
)
@click.option(
    "--api-key", envvar="CLIPAPI_API_KEY", help="API key for --server [env: CLIPAPI_API_KEY]."
)
@click.option("--external-id", help="Your own reference, returned in the result.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=900.0,
    show_default=True,
    help="Seconds to wait for the analysis.",
)
@click.option(
    "--keyframes-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Local mode: keep the keyframe JPEGs here (image_url points at them).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress display and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Show the service's log lines.")
@click.pass_context
def analyze(
    ctx: click.Context,
    source: str,
    preset: str,
    out: Path | None,
    server: str | None,
    api_key: str | None,
    external_id: str | None,
    timeout: float,
    keyframes_dir: Path | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Analyse a video file or URL and print the result JSON.

    Without --server the pipeline runs here, with no server (a temporary SQLite database and
    blob folder); with --server URL --api-key KEY the video is submitted there and the
    progress stream followed. Either way the JSON is the API's AnalysisResult.
    """
    from clipapi.analyze_cli.remote import run_on_server
    from clipapi.client import ClipapiError

    if server and not api_key:
        raise click.UsageError("--server needs --api-key (or CLIPAPI_API_KEY)")
    if keyframes_dir is not None and server:
        raise click.UsageError("--keyframes-dir applies to local runs; a server signs image_url")
    if source.startswith("s3://") and not server:
        raise click.UsageError("an s3:// source needs --server (the server holds the credentials)")
    if not is_remote(source) and not Path(source).is_file():
        raise click.UsageError(f"{source}: no such file (or pass an http(s):// or s3:// URL)")
    console = Console(stderr=True)
    try:
        with _quiet_logs(verbose), Progressbar(console, enabled=not quiet) as bar:
            if server:
                body = run_on_server(
                    source,
                    preset,
                    server=server,
                    api_key=cast(str, api_key),
                    external_id=external_id,
                    timeout_s=timeout,
                    bar=bar,
                )
            else:
                body = run_locally(
                    source,
                    preset,
                    external_id=external_id,
                    timeout_s=timeout,
                    keyframes_dir=keyframes_dir,
                    plan=bar.plan,
                    on_event=bar.on_event,
                )
    except ClipapiError as exc:
        console.print(f"[bold red]error[/] {exc.status or 'network'}: {exc.detail}")
        ctx.exit(EXIT_USAGE if 400 <= exc.status < 500 and exc.status != 429 else EXIT_SERVER)
    except AppError as exc:  # local mode: the input was refused before the pipeline ran
        console.print(f"[bold red]error[/] {exc.message}")
        ctx.exit(EXIT_USAGE)
    text = json.dumps(body, indent=2, ensure_ascii=False)
    if out is not None:
        out.write_text(text + "\n")
    else:
        click.echo(text)
    if not quiet:
        summarise(body, console)
        if out is not None:
            console.print(f"result: {out}")
    ctx.exit(EXIT_COMPLETED if body.get("status") == "completed" else EXIT_FAILED)
