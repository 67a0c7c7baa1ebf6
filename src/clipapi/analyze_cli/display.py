"""What `clipapi analyze` shows on stderr: a progress row per step, then a summary."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn
from rich.table import Table

from clipapi.schemas.api import PipelineEvent
from clipapi.schemas.result import SCORE_NAMES, AnalysisResult

_SEVERITY = {"major": 0, "moderate": 1, "minor": 2}


class Progressbar:
    """One row per pipeline step: waiting, running (a pulsing bar), done with its time, or
    failed."""

    def __init__(self, console: Console, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("{task.fields[mark]}", style="bold"),
            TextColumn("{task.description:<18}"),
            BarColumn(bar_width=28),
            TextColumn("{task.fields[note]}"),
            console=console,
            disable=not enabled,
        )
        self.rows: dict[str, TaskID] = {}

    def __enter__(self) -> Progressbar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def plan(self, steps: list[str]) -> None:
        for step in steps:
            self._row(step)

    def _row(self, step: str) -> TaskID:
        if step not in self.rows:
            self.rows[step] = self.progress.add_task(step, total=1, mark="·", note="waiting")
        return self.rows[step]

    def upload(self, sent: int, total: int) -> None:
        row = self._row("upload")
        self.progress.update(
            row, total=total, completed=sent, mark="✓" if sent >= total else "↑", note=_size(sent)
        )

    def on_event(self, event: PipelineEvent) -> None:
        if event.event == "step_start":
            self.progress.update(self._row(event.step), total=None, mark="▸", note="running")
        elif event.event == "step_done":
            note = f"{event.duration_ms / 1000:.1f} s"
            self.progress.update(self._row(event.step), total=1, completed=1, mark="✓", note=note)
        elif event.event == "step_failed":
            row = self._row(event.step)
            self.progress.update(row, total=1, completed=0, mark="✗", note=event.code[:60])


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def summarise(body: dict[str, Any], console: Console) -> None:
    """The result in a dozen lines: what it is, the scores, the hook and the top risks."""
    if body.get("status") != "completed":
        error = body.get("error") or {}
        console.print(
            f"[bold red]failed[/] {body.get('analysis_id')}: "
            f"{error.get('code', '?')}: {error.get('message', '')}"
        )
        return
    result = AnalysisResult.model_validate(body)
    media, source = result.media, result.source
    facts: list[str] = []
    if source is not None and source.platform:
        facts.append(source.platform)
    if media is not None:
        if media.duration_s is not None:
            facts.append(f"{media.duration_s:.1f} s")
        if media.width and media.height:
            facts.append(f"{media.width}x{media.height}")
        if media.aspect_ratio:
            facts.append(media.aspect_ratio)
    console.print(f"[bold green]completed[/] {result.analysis_id}  " + "  ".join(facts))
    if result.scores is None:
        console.print("[bold]scores[/] [dim]not measured[/]")
    else:
        table = Table(show_header=False, box=None, padding=(0, 1))
        for name in SCORE_NAMES:
            value = getattr(result.scores, name)
            shown = "[dim]not measured[/]" if value is None else f"{_bar(value)} {value:>3}"
            table.add_row(name.replace("_", " "), shown)
        console.print(table)
    creator = result.creator_intelligence
    hook = creator.hook_analysis if creator else None
    if hook is not None:
        console.print(f"[bold]hook[/] {hook.hook_type or ''}: {hook.primary_hook or ''}".rstrip())
        for suggestion in (hook.suggestions or [])[:2]:
            console.print(f"  → {suggestion}")
    retention = creator.retention_analysis if creator else None
    risks = sorted(
        (retention.drop_risk_moments or []) if retention else [],
        key=lambda m: (_SEVERITY.get(m.severity, 3), m.timestamp),
    )
    for moment in risks[:3]:
        console.print(f"[bold]risk[/] {moment.timestamp:5.1f} s {moment.severity}: {moment.reason}")
    growth = result.growth_intelligence
    virality = growth.virality_model if growth else None
    if virality is not None and virality.predicted_view_range is not None:
        views = virality.predicted_view_range
        console.print(
            f"[bold]views[/] {views.low:,} to {views.high:,} (expected {views.expected:,})"
        )
    warnings = result.processing.warnings
    if warnings:
        console.print(f"[yellow]{len(warnings)} warning(s)[/]: " + "; ".join(warnings[:3]))


def _bar(value: int, width: int = 20) -> str:
    filled = round(value / 100 * width)
    return "█" * filled + "[dim]" + "░" * (width - filled) + "[/]"
