"""probe: container facts, and the plan's duration limit before any expensive work."""

from __future__ import annotations

from clipapi.media.probe import check_duration, probe
from clipapi.pipeline.step import StepContext, StepOutput


class ProbeStep:
    name = "probe"
    needs: tuple[str, ...] = ("ingest",)
    critical = True

    def run(self, ctx: StepContext) -> StepOutput:
        facts = probe(ctx.media_path())
        check_duration(facts, ctx.request.max_duration_s)
        media = facts.to_media()
        return StepOutput(
            fields={"media": media},
            signals=dict(media),
            model_versions={"probe": "pyav-" + _pyav_version()},
        )


def _pyav_version() -> str:
    import av

    return str(av.__version__)
