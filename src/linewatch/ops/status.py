"""The status of an operation and of its addresses on the day, and partner users' forces.

Status: ``draft`` -> ``approved`` (by a supervisor who did not create it, once the time is set)
-> ``executed`` (when outcomes are recorded) -> ``closed``; an approved plan may go back to
``draft``. On the day each address moves through planned, en route, entered, secured,
searching, complete (or aborted). Every transition is logged with who and when.
"""

from __future__ import annotations

from typing import Any

from linewatch.errors import Forbidden, InputError, LinewatchError
from linewatch.ops.plan import address_row, get_operation
from linewatch.ops.tables import DAY_STATUSES, STATUSES, ensure_tables, log, now
from linewatch.storage import Store

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("approved",), "approved": ("draft", "executed"), "executed": ("closed",),
    "closed": (),
}


def set_status(store: Store, operation_id: str, status: str, *, user: str,
               reason: str | None = None, package_hash: str | None = None) -> dict[str, Any]:
    """Move the operation to ``status`` along the allowed transitions (logged)."""
    ensure_tables(store)
    if status not in STATUSES:
        raise InputError(f"unknown status '{status}' (one of {', '.join(STATUSES)})")
    op = get_operation(store, operation_id)
    before = op["status"]
    if status not in TRANSITIONS[before]:
        allowed = ", ".join(TRANSITIONS[before]) or "none (closed)"
        raise LinewatchError(f"operation {operation_id} cannot go from {before} to {status} "
                             f"(allowed: {allowed})")
    at = now()
    if status == "approved":
        if op["created_by"] == user:
            raise Forbidden("a plan is approved by a supervisor other than its author")
        if op["planned_at"] is None:
            raise LinewatchError("set the operation's time (--at) before approving it")
        if not op["addresses"]:
            raise LinewatchError("the plan has no addresses")
        store.execute("UPDATE operations SET status = ?, approved_by = ?, approved_at = ?, "
                      "approved_hash = ? WHERE operation_id = ?",
                      [status, user, at, package_hash, operation_id])
    elif status == "executed":
        store.execute("UPDATE operations SET status = ?, executed_at = coalesce(executed_at, "
                      "?) WHERE operation_id = ?", [status, at, operation_id])
    elif status == "closed":
        store.execute("UPDATE operations SET status = ?, closed_at = ? WHERE operation_id = ?",
                      [status, at, operation_id])
    else:
        store.execute("UPDATE operations SET status = ?, approved_by = NULL, approved_at = "
                      "NULL, approved_hash = NULL WHERE operation_id = ?",
                      [status, operation_id])
    log(store, operation_id, user, "status", from_status=before, to_status=status,
        detail={"reason": reason, "package_hash": package_hash})
    return {"operation_id": operation_id, "from": before, "to": status, "by": user, "at": at}


def set_day_status(store: Store, operation_id: str, address_id: str, status: str, *,
                   user: str) -> dict[str, Any]:
    """An address's status on the day (planned, en route, entered, secured ... complete)."""
    if status not in DAY_STATUSES:
        raise InputError(f"unknown status '{status}' (one of {', '.join(DAY_STATUSES)})")
    op = get_operation(store, operation_id)
    if op["status"] not in ("approved", "executed"):
        raise LinewatchError(f"operation {operation_id} is {op['status']}: only an approved "
                             "plan is carried out")
    address_row(store, operation_id, address_id)
    at = now()
    store.execute("UPDATE operation_addresses SET day_status = ?, day_status_at = ?, "
                  "day_status_by = ? WHERE operation_id = ? AND address_id = ?",
                  [status, at, user, operation_id, address_id])
    log(store, operation_id, user, "day_status",
        detail={"address_id": address_id, "status": status})
    return {"address_id": address_id, "day_status": status, "at": at, "by": user}


def set_partner_force(store: Store, user_name: str, force: str, *, set_by: str) -> None:
    """Record which force a partner user belongs to (they see only that force's part)."""
    ensure_tables(store)
    if not force.strip():
        raise InputError("a force name is needed")
    store.execute("INSERT OR REPLACE INTO operation_partner_forces (user_name, force, set_by, "
                  "set_at) VALUES (?, ?, ?, ?)", [user_name, force.strip(), set_by, now()])


def partner_force(store: Store, user_name: str) -> str | None:
    ensure_tables(store)
    value = store.scalar("SELECT force FROM operation_partner_forces WHERE user_name = ?",
                         [user_name])
    return str(value) if value else None
