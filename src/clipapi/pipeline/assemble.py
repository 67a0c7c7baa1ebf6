"""Builds the AnalysisResult from the steps' outputs: fields by the one merge rule
(pipeline/merge.py), then the processing section, and a warning for every section nothing
measured."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clipapi.kit.clock import utcnow
from clipapi.models import Analysis, StepCheckpoint
from clipapi.pipeline.merge import set_path
from clipapi.pipeline.step import Step, StepOutput
from clipapi.schemas.result import AnalysisResult, null_sections


def assemble(
    row: Analysis,
    checkpoints: Sequence[StepCheckpoint],
    outputs: dict[str, StepOutput],
    plan: Sequence[Step],
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "analysis_id": row.id,
        "status": "completed",
        "external_id": row.external_id,
    }
    warnings: list[str] = []
    model_versions: dict[str, str] = {}
    for step in plan:  # registry order, so later steps refine earlier ones deterministically
        output = outputs.get(step.name)
        if output is None:
            continue
        for path, value in output.fields.items():
            set_path(result, path, value)
        warnings.extend(output.warnings)
        model_versions.update(output.model_versions)

    by_step = {c.step: c for c in checkpoints}
    steps = []
    for step in plan:
        checkpoint = by_step.get(step.name)
        status = checkpoint.status if checkpoint else "skipped"
        steps.append(
            {
                "name": step.name,
                "status": status,
                "duration_ms": checkpoint.duration_ms if checkpoint else 0,
                "error": _error_message(checkpoint),
            }
        )
        if status != "done":
            warnings.append(f"step {step.name} {status}; its fields are null")
    completed_at = utcnow()
    started_at = row.started_at or row.created_at
    result["processing"] = {
        "preset": row.preset,
        "steps": steps,
        "total_ms": int((completed_at - started_at).total_seconds() * 1000),
        "started_at": started_at.isoformat(),
        "completed_at": completed_at.isoformat(),
        "model_versions": model_versions,
        "warnings": warnings,
    }
    model = AnalysisResult.model_validate(result)
    missing = null_sections(model)
    if missing:
        model.processing.warnings.append(
            f"not measured by the {row.preset} preset: {', '.join(missing)}"
        )
    return model.model_dump(mode="json")


def _error_message(checkpoint: StepCheckpoint | None) -> str | None:
    if checkpoint is None or checkpoint.status != "failed" or not checkpoint.output:
        return None
    error = checkpoint.output.get("error")
    return str(error.get("message")) if isinstance(error, dict) else None
