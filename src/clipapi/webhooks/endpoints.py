from __future__ import annotations

from fastapi import APIRouter

from clipapi.accounts.deps import ApiKeyAuth, StateDep
from clipapi.analyses.service import get_owned_or_404
from clipapi.webhooks import service
from clipapi.webhooks.schemas import DeliveryList, ReplayResult

router = APIRouter(tags=["webhooks"])


@router.get("/analyses/{analysis_id}/webhooks", response_model=DeliveryList)
def list_deliveries(analysis_id: str, state: StateDep, principal: ApiKeyAuth) -> DeliveryList:
    """Webhook deliveries of an analysis, with every attempt."""
    with state.db() as session:
        get_owned_or_404(session, principal, analysis_id)
        return service.describe(session, analysis_id)


@router.post("/analyses/{analysis_id}/webhooks/replay", response_model=ReplayResult)
def replay_deliveries(analysis_id: str, state: StateDep, principal: ApiKeyAuth) -> ReplayResult:
    """Send dead or disabled deliveries of an analysis again, with a fresh retry budget."""
    with state.db() as session:
        get_owned_or_404(session, principal, analysis_id)
    return ReplayResult(requeued=service.replay(state.db, analysis_id))
