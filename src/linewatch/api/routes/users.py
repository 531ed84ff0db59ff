"""User management for admins: list, add, disable, enable, reset a password, change a role.

Every change is audited and takes effect at once: disabling, a new password or a new role
revokes the user's sessions, so their very next request is refused (see ``users.py``;
linewatch has no API tokens, so sessions are all there is to revoke). Passwords are never
returned or logged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from linewatch.api import users
from linewatch.api.access import ROLE_LABELS, ROLES
from linewatch.api.deps import AuditDep, StoreDep, require_role
from linewatch.api.personal import shown_ids

router = APIRouter(prefix="/users", tags=["users"])
Admin = Annotated[users.User, Depends(require_role("admin"))]
RolePattern = "^(" + "|".join(ROLES) + ")$"


class NewUser(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: str = Field(pattern=RolePattern)
    password: str = Field(min_length=1, max_length=1024)


class NewPassword(BaseModel):
    password: str = Field(min_length=1, max_length=1024)


class NewRole(BaseModel):
    role: str = Field(pattern=RolePattern)


def _user(store: Any, name: str) -> dict[str, Any]:
    found = [u for u in users.list_users(store) if u["name"] == name]
    return found[0] if found else {"name": name}


@router.get("")
def list_users(user: Admin, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Every account with its role and state (no password hashes)."""
    found = users.list_users(store)
    audit("view_users", None, {"ids": shown_ids(found, "name")})
    return {"users": found, "count": len(found), "roles": ROLE_LABELS}


@router.post("")
def add(body: NewUser, user: Admin, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Add an account (the password must meet the strength rules)."""
    added = users.add_user(store, body.name, body.role, body.password)
    audit("user_add", f"user:{added.name}", {"role": added.role})
    return _user(store, added.name)


@router.post("/{name}/disable")
def disable(name: str, user: Admin, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Disable an account: its sessions end now (the last enabled admin cannot be)."""
    users.set_disabled(store, name, True)
    audit("user_disable", f"user:{name}")
    return _user(store, name)


@router.post("/{name}/enable")
def enable(name: str, user: Admin, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Re-enable a disabled account."""
    users.set_disabled(store, name, False)
    audit("user_enable", f"user:{name}")
    return _user(store, name)


@router.post("/{name}/password")
def reset_password(name: str, body: NewPassword, user: Admin, store: StoreDep,
                   audit: AuditDep) -> dict[str, Any]:
    """Set a new password for an account and end its sessions."""
    users.set_password(store, name, body.password)
    audit("user_reset_password", f"user:{name}")
    return _user(store, name)


@router.post("/{name}/role")
def change_role(name: str, body: NewRole, user: Admin, store: StoreDep,
                audit: AuditDep) -> dict[str, Any]:
    """Give an account another role; its sessions end (it signs in again with the new role)."""
    before = users.set_role(store, name, body.role)
    audit("user_role", f"user:{name}", {"from": before, "to": body.role})
    return _user(store, name)
