"""Operations: plan, approve, board on the day, exports, outcomes, summary and review.

Roles: analysts, supervisors and admins plan and record; only supervisors and admins approve;
safeguarding officers may view; a partner user sees only the part of an approved operation in
their own force's area, sanitised (``linewatch ops partner-force USER FORCE`` sets it), and
nothing else. Intelligence in a package follows the handling-code rule of
:mod:`linewatch.api.access` for the reader's role. Every view and export is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from linewatch import ops
from linewatch.api.access import may_see_intel
from linewatch.api.deps import AuditDep, CtxDep, StoreDep, require_role
from linewatch.api.personal import OperationList, routes, shown_ids
from linewatch.api.role_filter import allowed_answer
from linewatch.api.users import User
from linewatch.errors import Forbidden, NotFound
from linewatch.storage import Store

router = APIRouter(prefix="/operations", tags=["operations"])
Viewer = Annotated[User, Depends(require_role("admin", "supervisor", "analyst", "safeguarding",
                                              "partner"))]
Planner = Annotated[User, Depends(require_role("admin", "supervisor", "analyst"))]
Approver = Annotated[User, Depends(require_role("admin", "supervisor"))]
SHARED_STATUSES = ("approved", "executed", "closed")
#: the export is HTML or PDF, so it filters its data for the reader's role itself
EXPORT = "/api/operations/{operation_id}/export"


class NewOperation(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    planned_at: str | None = Field(None, max_length=40)
    investigation: str | None = Field(None, max_length=200)
    line_id: str | None = Field(None, max_length=100)
    targets: int | None = Field(None, ge=1, le=100)
    person_ids: list[str] = Field(default_factory=list, max_length=200)
    addresses: list[str] = Field(default_factory=list, max_length=200)
    entry_window_min: int = Field(30, ge=0, le=24 * 60)


class AddPerson(BaseModel):
    person_id: str = Field(min_length=1, max_length=100)
    kind: str | None = Field(None, pattern="^(target|safeguard)$")


class AddAddress(BaseModel):
    address: str = Field(min_length=1, max_length=300)
    postcode: str | None = Field(None, max_length=10)
    planned_entry: str | None = Field(None, max_length=40)


class AddLine(BaseModel):
    line_id: str = Field(min_length=1, max_length=100)


class Entry(BaseModel):
    planned_entry: str | None = Field(None, max_length=40)


class Status(BaseModel):
    status: str = Field(min_length=1, max_length=20)
    reason: str | None = Field(None, max_length=500)


class Reconcile(BaseModel):
    article_id: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=200_000)


def _partner_force(store: Store, user: User) -> str:
    force = ops.partner_force(store, user.name)
    if force is None:
        raise Forbidden("no force is set for this partner account (ask an administrator: "
                        "linewatch ops partner-force)")
    return force


def _package(store: Store, user: User, operation_id: str,
             force: str | None = None) -> dict[str, Any]:
    """The package this user may see: whole (intel by handling code) or a force's part."""
    if user.role == "partner":
        mine = _partner_force(store, user)
        op = ops.get_operation(store, operation_id)
        if op["status"] not in SHARED_STATUSES:
            raise NotFound(f"no operation '{operation_id}'")
        return ops.partner_view(ops.build_package(store, operation_id), mine)
    package = ops.build_package(store, operation_id, may_see=lambda r: may_see_intel(
        user.role, r.get("handling_code"), r.get("handling_conditions")))
    return ops.partner_view(package, force) if force else package


@router.get("", responses=routes(OperationList))
def list_operations(user: Viewer, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Operations, newest first (partners: approved ones with addresses in their area)."""
    found = ops.list_operations(store)
    if user.role == "partner":
        force = _partner_force(store, user)
        found = [o for o in found if o["status"] in SHARED_STATUSES
                 and force in (o["forces"] or [])]
        for o in found:
            o["forces"] = [force]
            o.pop("created_by", None)
            o.pop("approved_by", None)
    audit("view_operations", None, {"ids": shown_ids(found, "operation_id")})
    return {"data": found, "count": len(found)}


@router.post("")
def create(body: NewOperation, user: Planner, store: StoreDep,
           audit: AuditDep) -> dict[str, Any]:
    """Create a draft operation from a line, the top targets, people and addresses."""
    operation_id = ops.create_operation(
        store, body.name, user=user.name, planned_at=body.planned_at,
        investigation=body.investigation, line_id=body.line_id, targets=body.targets,
        person_ids=body.person_ids, addresses=body.addresses,
        entry_window_min=body.entry_window_min)
    audit("create_operation", f"operation:{operation_id}", body.model_dump())
    return {"operation_id": operation_id}


@router.get("/{operation_id}")
def board(operation_id: str, user: Viewer, store: StoreDep, audit: AuditDep,
          force: Annotated[str | None, Query(max_length=100)] = None) -> dict[str, Any]:
    """The whole package (addresses by force, risks, people, warnings) or a force's part."""
    package = _package(store, user, operation_id, force)
    audit("view_operation", f"operation:{operation_id}", {"force": package.get("force")})
    return package


@router.get("/{operation_id}/export")
def export(operation_id: str, user: Viewer, store: StoreDep, audit: AuditDep, ctx: CtxDep,
           format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
           force: Annotated[str | None, Query(max_length=100)] = None) -> Response:
    """The package as an HTML or PDF download (a partner always gets their sanitised part)."""
    package = allowed_answer(ctx, user.role, EXPORT, _package(store, user, operation_id, force))
    audit("export_operation", f"operation:{operation_id}",
          {"format": format, "force": package.get("force")})
    part = package.get("force")
    name = f"{operation_id}-{part.replace(' ', '-')}" if part else operation_id
    if format == "pdf":
        return Response(ops.render_pdf(package), media_type="application/pdf", headers={
            "content-disposition": f'attachment; filename="{name}.pdf"'})
    return Response(ops.render_html(package), media_type="text/html; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="{name}.html"'})


@router.post("/{operation_id}/people")
def add_person(operation_id: str, body: AddPerson, user: Planner, store: StoreDep,
               audit: AuditDep) -> dict[str, Any]:
    result = ops.add_person(store, operation_id, body.person_id, user=user.name,
                            kind=body.kind)
    audit("change_operation", f"operation:{operation_id}", {"add_person": result})
    return result


@router.post("/{operation_id}/addresses")
def add_address(operation_id: str, body: AddAddress, user: Planner, store: StoreDep,
                audit: AuditDep) -> dict[str, Any]:
    address_id = ops.add_address(store, operation_id, body.address, body.postcode,
                                 user=user.name, planned_entry=body.planned_entry)
    audit("change_operation", f"operation:{operation_id}", {"add_address": address_id})
    return {"address_id": address_id}


@router.post("/{operation_id}/lines")
def add_line(operation_id: str, body: AddLine, user: Planner, store: StoreDep,
             audit: AuditDep) -> dict[str, Any]:
    result = ops.add_line(store, operation_id, body.line_id, user=user.name)
    audit("change_operation", f"operation:{operation_id}", {"add_line": body.line_id})
    return result


@router.post("/{operation_id}/addresses/{address_id}/entry")
def set_entry(operation_id: str, address_id: str, body: Entry, user: Planner,
              store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    ops.set_entry(store, operation_id, address_id, body.planned_entry, user=user.name)
    audit("change_operation", f"operation:{operation_id}",
          {"address_id": address_id, "planned_entry": body.planned_entry})
    return {"address_id": address_id, "planned_entry": body.planned_entry}


@router.post("/{operation_id}/addresses/{address_id}/status")
def day_status(operation_id: str, address_id: str, body: Status, user: Planner,
               store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """An address's status on the day (en route, entered, secured ... complete, aborted)."""
    result = ops.set_day_status(store, operation_id, address_id, body.status, user=user.name)
    audit("operation_day_status", f"operation:{operation_id}",
          {"address_id": address_id, "status": body.status})
    return result


@router.post("/{operation_id}/approve")
def approve(operation_id: str, user: Approver, store: StoreDep,
            audit: AuditDep) -> dict[str, Any]:
    """Approve the plan (a supervisor other than its author)."""
    result = ops.approve(store, operation_id, user=user.name)
    audit("approve_operation", f"operation:{operation_id}")
    return result


@router.post("/{operation_id}/status")
def status(operation_id: str, body: Status, user: Approver, store: StoreDep,
           audit: AuditDep) -> dict[str, Any]:
    """Move the operation to draft, executed or closed (approval: use /approve)."""
    if body.status == "approved":
        return approve(operation_id, user, store, audit)
    result = ops.set_status(store, operation_id, body.status, user=user.name,
                            reason=body.reason)
    audit("operation_status", f"operation:{operation_id}", {"status": body.status},
          reason=body.reason)
    return result


@router.post("/{operation_id}/results")
def record(operation_id: str, body: dict[str, Any], user: Planner, store: StoreDep,
           audit: AuditDep) -> dict[str, Any]:
    """Record outcomes (the same document as ``linewatch ops record --file``)."""
    written = ops.record_outcomes(store, operation_id, body, user=user.name,
                                  source=f"api:{user.name}")
    audit("record_operation", f"operation:{operation_id}", {"batch_id": written["batch_id"]})
    return written


@router.get("/{operation_id}/results")
def results(operation_id: str, user: Planner, store: StoreDep,
            audit: AuditDep) -> dict[str, Any]:
    ops.get_operation(store, operation_id)
    found = ops.results(store, operation_id)
    audit("view_operation_results", f"operation:{operation_id}")
    return {"data": found, "count": len(found)}


@router.get("/{operation_id}/summary")
def summary(operation_id: str, user: Planner, store: StoreDep,
            audit: AuditDep) -> dict[str, Any]:
    """The factual, name-free summary written from the record."""
    result = ops.write_summary(store, operation_id)
    audit("view_operation_summary", f"operation:{operation_id}")
    return result


@router.post("/{operation_id}/reconcile")
def reconcile(operation_id: str, body: Reconcile, user: Planner, store: StoreDep,
              audit: AuditDep) -> dict[str, Any]:
    """What a published release says that the record lacks, and the reverse."""
    result = ops.reconcile(store, operation_id, article_id=body.article_id, text=body.text)
    audit("reconcile_operation", f"operation:{operation_id}",
          {"article_id": body.article_id, "differences": len(result["differences"])})
    return result


@router.get("/{operation_id}/after")
def after(operation_id: str, user: Planner, store: StoreDep, audit: AuditDep,
          days: Annotated[int, Query(ge=1, le=365)] = 14) -> dict[str, Any]:
    """After-action review: targets arrested, silent and re-emerged lines, disruption."""
    result = ops.after_action(store, operation_id, days=days)
    audit("view_operation_review", f"operation:{operation_id}", {"days": days})
    return result
