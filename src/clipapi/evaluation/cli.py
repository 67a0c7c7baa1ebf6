"""`clipapi eval`: build the labelled corpus, analyse every clip on the full preset in this
process, print the per-dimension accuracy table and each target's PASS or MISS.

The corpus is built by `eval/corpus.py`, which reads the committed media and generators under
`tests/data/`: the command runs in a clipapi checkout (the current folder or one above it).
Exit status: 0 when every target passes, 1 when one is missed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import click

CORPUS_SCRIPT = Path("eval") / "corpus.py"


def find_corpus_script(start: Path | None = None) -> Path | None:
    """eval/corpus.py in `start` (default: the current folder) or a folder above it, else in
    the checkout this package was installed from (an editable install)."""
    here = (start or Path.cwd()).resolve()
    candidates = [folder / CORPUS_SCRIPT for folder in (here, *here.parents)]
    candidates.append(Path(__file__).resolve().parents[3] / CORPUS_SCRIPT)
    return next((path for path in candidates if path.is_file()), None)


def load_corpus_module(path: Path) -> ModuleType:
    name = "clipapi_eval_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise click.ClickException(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@click.command("eval")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to build the corpus in (kept). Default: a temporary folder.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write every figure, per clip and per dimension, to this JSON file.",
)
@click.option(
    "--only", multiple=True, help="Evaluate only this corpus item (repeatable), e.g. music_75."
)
@click.option(
    "--group",
    "groups",
    multiple=True,
    help="Evaluate only this named part of the corpus (repeatable), e.g. creators, or "
    "creators-holdout, creators-pt, creators-en2, creators-intl, creators-mix or "
    "creators-blind, creators-blind2, creators-blind3, creators-blind4, creators-blind5, "
    "creators-blind6, creators-blind7, creators-blind8, creators-blind9 or creators-blind10 "
    "(held out: built only when named).",
)
@click.option(
    "--corpus",
    "built",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Evaluate a corpus already built there (eval/corpus.py OUT) instead of building one.",
)
def eval_command(
    out: Path | None,
    json_path: Path | None,
    only: tuple[str, ...],
    groups: tuple[str, ...],
    built: Path | None,
) -> None:
    """Measure accuracy on the labelled corpus (docs/accuracy.md)."""
    from clipapi.evaluation.harness import evaluate

    script = find_corpus_script()
    if script is None:
        raise click.ClickException(
            f"{CORPUS_SCRIPT} not found: run `clipapi eval` in a clipapi checkout"
        )
    corpus = load_corpus_module(script)
    known_groups: dict[str, tuple[str, ...]] = getattr(corpus, "GROUPS", {})
    unknown_groups = sorted(set(groups) - set(known_groups))
    if unknown_groups:
        raise click.BadParameter(
            f"unknown group {', '.join(unknown_groups)}; one of {', '.join(known_groups)}",
            param_hint="--group",
        )
    names = list(dict.fromkeys([*only, *(n for g in groups for n in known_groups[g])])) or None
    if names is not None:
        unknown = sorted(set(names) - set(corpus.NAMES))
        if unknown:
            raise click.BadParameter(
                f"unknown item {', '.join(unknown)}; one of {', '.join(corpus.NAMES)}",
                param_hint="--only",
            )
    with tempfile.TemporaryDirectory(prefix="clipapi-corpus-") as tmp:
        folder = built or out or Path(tmp)
        if built is None:
            click.echo(f"building the corpus in {folder} ...", err=True)
            corpus.build(folder, names, log=lambda line: click.echo(line, err=True))
        report = evaluate(folder, only=names, progress=lambda line: click.echo(line, err=True))
    click.echo(report.markdown())
    if json_path is not None:
        json_path.write_text(json.dumps(report.to_json(), indent=2) + "\n")
        click.echo(f"figures written to {json_path}", err=True)
    if not report.passed():
        sys.exit(1)
