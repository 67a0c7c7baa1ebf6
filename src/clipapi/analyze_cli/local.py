"""Run one analysis on this machine with the server's own code, no server: a throw-away data
folder with SQLite and local blobs, one account, one analysis row, the pipeline runner."""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import click
from pydantic import TypeAdapter
from sqlalchemy.orm import Session, sessionmaker

from clipapi.errors import AppError
from clipapi.infra.netguard import HostPolicy, IPAddress
from clipapi.schemas.api import PipelineEvent
from clipapi.schemas.result import Preset
from clipapi.storage.base import BlobStore

POLL_S = 0.1
_EVENTS: TypeAdapter[PipelineEvent] = TypeAdapter(PipelineEvent)


class _OwnMachinePolicy(HostPolicy):
    """No private-address guard: on the user's own machine the caller is the operator, and the
    guard exists to keep a server's clients out of its network."""

    def check_address(self, ip: IPAddress) -> None:
        return None


def run_locally(
    source: str,
    preset: str,
    *,
    external_id: str | None,
    timeout_s: float,
    keyframes_dir: Path | None,
    plan: Callable[[list[str]], None],
    on_event: Callable[[PipelineEvent], None],
) -> dict[str, Any]:
    """Analyse with the server's own code in a throw-away data folder: SQLite, local blobs,
    one account, one analysis row, the pipeline runner; returns the result document."""
    from clipapi.analyses import links
    from clipapi.analyses import service as analyses
    from clipapi.local_run import LocalPipeline
    from clipapi.models import Analysis
    from clipapi.pipeline.registry import steps_for_preset
    from clipapi.schemas.api import AnalysisCreate

    with tempfile.TemporaryDirectory(prefix="clipapi-analyze-") as tmp:
        local = LocalPipeline(Path(tmp), timeout_s=timeout_s, policy=_OwnMachinePolicy())
        state = local.state
        try:
            if is_remote(source):
                body = AnalysisCreate(
                    video_url=source, pipeline_preset=cast(Preset, preset), external_id=external_id
                )
                analysis_id = analyses.create(state, local.principal, body, None)[0].id
            else:
                path = Path(source)
                _probe_or_usage_error(path)
                analysis_id = local.submit_file(path, preset, external_id)
            plan([step.name for step in steps_for_preset(preset)])
            worker = threading.Thread(target=local.runner.run, args=(analysis_id,), daemon=True)
            worker.start()
            _relay_events(state.db, analysis_id, worker, on_event)
            with state.db() as session:
                ended = session.get_one(Analysis, analysis_id)
                body_out = analyses.render(state, ended, "")
                if ended.status == "completed" and ended.result is not None:
                    body_out = json.loads(json.dumps(ended.result))  # stored without URLs
                    _keyframe_files(body_out, state.storage, keyframes_dir, links.keyframe_key)
            return body_out
        finally:
            local.close()


def is_remote(source: str) -> bool:
    """A URL the pipeline fetches, rather than a file on this machine."""
    return source.startswith(("http://", "https://", "s3://"))


def _probe_or_usage_error(path: Path) -> None:
    from clipapi.media.probe import probe

    try:
        probe(path)
    except AppError as exc:
        raise click.UsageError(f"{path}: {exc.message}") from exc


def _relay_events(
    db: sessionmaker[Session],
    analysis_id: str,
    worker: threading.Thread,
    on_event: Callable[[PipelineEvent], None],
) -> None:
    from clipapi.events import service as events

    last_id = 0
    while True:
        alive = worker.is_alive()
        with db() as session:
            rows = events.after(session, analysis_id, last_id)
        for row in rows:
            last_id = row.id
            on_event(_EVENTS.validate_python(events.public(row.data)))
        if not alive and not rows:
            return
        if not rows:
            worker.join(POLL_S)


def _keyframe_files(
    result: dict[str, Any],
    storage: BlobStore,
    folder: Path | None,
    key_of: Callable[[str, int], str],
) -> None:
    """Copy keyframes out of the throw-away store and point image_url at the copies."""
    visual = (result.get("media_understanding") or {}).get("visual_analysis") or {}
    for n, keyframe in enumerate(visual.get("keyframes") or []):
        keyframe["image_url"] = None
        blob = storage.local_path(key_of(result["analysis_id"], n))
        if folder is not None and blob is not None:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"keyframe-{n:02d}.jpg"
            target.write_bytes(Path(blob).read_bytes())
            keyframe["image_url"] = target.resolve().as_uri()
