"""Imports checked before they are queued: upload, see what would be imported and what
quarantined, then confirm (an import job) or discard. Analysts, supervisors and admins only;
an upload is confirmed or discarded only by its uploader."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, ConfigDict

from linewatch.api import import_preview, job_files
from linewatch.api.access import ANALYSIS_ROLES
from linewatch.api.deps import AuditDep, StoreDep, get_ctx, require_role
from linewatch.api.jobs import new_job_id, submit_job
from linewatch.api.personal import FreeText
from linewatch.api.routes.jobs import writer_of
from linewatch.api.users import User
from linewatch.errors import InputError

router = APIRouter(prefix="/imports", tags=["jobs"])
Submitter = Annotated[User, Depends(require_role(*ANALYSIS_ROLES))]


class QuarantinedRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    raw: FreeText


class ImportPreview(BaseModel):
    model_config = ConfigDict(extra="allow")
    quarantine: list[QuarantinedRow] = []


@router.post("", status_code=201, responses={201: {"model": ImportPreview}})
def check(request: Request, user: Submitter, audit: AuditDep,
          files: Annotated[list[UploadFile], File(description="The bundle: a zip, or its "
                           "files (named <kind>.csv, .parquet, .jsonl).")],
          kind: Annotated[str | None, Form(max_length=40)] = None,
          mapping: Annotated[UploadFile | None, File(description="A YAML column mapping "
                             "for another supplier's layout.")] = None) -> dict[str, Any]:
    """Upload files and clean them without importing: what would be imported, what
    quarantined (and why). Nothing is queued until the upload is confirmed."""
    writer = writer_of(request)
    upload_id = new_job_id()
    folder = job_files.job_folder(writer.files, upload_id)
    limit = int(get_ctx(request).settings.upload_max_mb * 1024 * 1024)
    try:
        names = []
        for upload in files:
            job_files.save_upload(folder, upload.filename or "upload", upload.file, limit)
            names.append(upload.filename)
        if mapping is not None:
            from linewatch.ingest import load_mapping

            load_mapping(job_files.save_mapping(folder, mapping.file))
        if kind:
            from linewatch.schema.contract import KINDS, resolve_kind

            if resolve_kind(kind) is None:
                raise InputError(f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
        preview = import_preview.check_upload(folder, user, {
            "files": names, "kind": kind or None,
            "mapping": mapping.filename if mapping is not None else None})
    except BaseException:
        job_files.remove(folder)
        raise
    audit("import_check", f"upload:{upload_id}",
          {"files": len(names), "quarantined": preview["report"]["rows_quarantined"]})
    return preview


@router.post("/{upload_id}/confirm", status_code=202)
def confirm(request: Request, upload_id: str, user: Submitter,
            store: StoreDep) -> dict[str, Any]:
    """Queue the checked upload as an import job (all or nothing, as `linewatch ingest`)."""
    writer = writer_of(request)
    folder, info = import_preview.pending(writer.files, upload_id, user)
    (folder / import_preview.PENDING).unlink()
    job = submit_job(store, user, "import", info["params"], job_id=folder.name)
    writer.notify()
    return job


@router.delete("/{upload_id}")
def discard(request: Request, upload_id: str, user: Submitter,
            audit: AuditDep) -> dict[str, Any]:
    """Throw a checked upload away without importing it."""
    folder, _ = import_preview.pending(writer_of(request).files, upload_id, user)
    job_files.remove(folder)
    audit("import_discard", f"upload:{upload_id}")
    return {"upload_id": upload_id, "discarded": True}
