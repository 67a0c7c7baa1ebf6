from __future__ import annotations

from fastapi import APIRouter, Response

from clipapi.accounts.deps import StateDep, UserAuth
from clipapi.errors import Conflict
from clipapi.keys import service
from clipapi.keys.schemas import KeyCreate, KeyCreated, KeyInfo, KeyList
from clipapi.openapi import documented

router = APIRouter(prefix="/keys", tags=["keys"])


@router.post("", status_code=201, response_model=KeyCreated, responses=documented(409))
def create_key(state: StateDep, principal: UserAuth, body: KeyCreate | None = None) -> KeyCreated:
    """Create an API key; the plaintext `key` is shown only in this response."""
    if len(service.active(state.db, principal.user_id)) >= service.MAX_ACTIVE_KEYS:
        raise Conflict(f"At most {service.MAX_ACTIVE_KEYS} active keys; revoke one first")
    row, plaintext = service.create(state.db, principal.user_id, body.name if body else None)
    return KeyCreated(
        id=row.id,
        name=row.name,
        key=plaintext,
        prefix=row.prefix,
        last4=row.last4,
        created_at=row.created_at,
    )


@router.get("", response_model=KeyList)
def list_keys(state: StateDep, principal: UserAuth) -> KeyList:
    """Active keys: prefix and last four characters only."""
    return KeyList(
        data=[
            KeyInfo(
                id=k.id,
                name=k.name,
                prefix=k.prefix,
                last4=k.last4,
                created_at=k.created_at,
                last_used_at=k.last_used_at,
            )
            for k in service.active(state.db, principal.user_id)
        ]
    )


@router.delete("/{key_id}", status_code=204)
def revoke_key(key_id: str, state: StateDep, principal: UserAuth) -> Response:
    """Revoke a key; it is refused from the next request on."""
    service.revoke(state.db, principal.user_id, key_id)
    return Response(status_code=204)
