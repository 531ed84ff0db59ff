"""Personal API tokens for the CLI: issue one for yourself, list yours, revoke one.

Any signed-in user may issue a token for themselves (it acts with their own role and stops
working when they are disabled); admins and supervisors may list everyone's and revoke any.
The token is shown once, in the answer to ``POST /api/tokens``; the store keeps its digest.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from linewatch.api.deps import AuditDep, CurrentUser, StoreDep
from linewatch.api.tokens import issue_token, list_tokens, revoke_token
from linewatch.errors import Forbidden

router = APIRouter(prefix="/tokens", tags=["tokens"])


class NewToken(BaseModel):
    label: str | None = Field(None, max_length=100, description="What the token is for.")


@router.post("", status_code=201)
def issue(body: NewToken, user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """A new token for the signed-in user (shown only in this answer)."""
    token_id, token = issue_token(store, user.name, created_by=user.name, label=body.label)
    audit("token_issue", f"token:{token_id}", {"user": user.name})
    return {"token_id": token_id, "token": token, "user": user.name,
            "use": "export LINEWATCH_TOKEN=<token>; linewatch --server <url> ..."}


@router.get("")
def tokens(user: CurrentUser, store: StoreDep,
           everyone: Annotated[bool, Query(alias="all")] = False) -> dict[str, Any]:
    """Your tokens (``?all=true``: everyone's, for admins and supervisors), never secrets."""
    if everyone and user.role not in {"admin", "supervisor"}:
        raise Forbidden("only admins and supervisors may list everyone's tokens")
    return {"tokens": list_tokens(store, None if everyone else user.name)}


@router.delete("/{token_id}")
def revoke(token_id: str, user: CurrentUser, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Revoke a token at once (its owner, a supervisor or an admin)."""
    result = revoke_token(store, token_id, by=user)
    audit("token_revoke", f"token:{token_id}", {"user": result["user_name"]})
    return result
