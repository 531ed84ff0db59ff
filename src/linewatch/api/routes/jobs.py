"""Jobs: submit an import or an analysis run, follow it, cancel it; the store's status.

Analysts, supervisors and admins submit and follow jobs (partners and safeguarding officers
do not); the server's writer runs them one at a time (:mod:`linewatch.api.job_writer`). Pages
keep answering from the last committed data while a job runs and switch when it commits.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from pydantic import BaseModel, Field

from linewatch.api import job_files
from linewatch.api.access import ANALYSIS_ROLES, POLICE_ROLES
from linewatch.api.deps import AuditDep, StoreDep, get_ctx, require_role
from linewatch.api.job_writer import JobWriter
from linewatch.api.jobs import STATES, list_jobs, new_job_id, submit_job
from linewatch.api.lakes import check_analysis_params
from linewatch.api.users import User
from linewatch.errors import InputError, NotFound

log = logging.getLogger("linewatch.api.jobs")
router = APIRouter(tags=["jobs"])
Submitter = Annotated[User, Depends(require_role(*ANALYSIS_ROLES))]
Reader = Annotated[User, Depends(require_role(*POLICE_ROLES))]
Admin = Annotated[User, Depends(require_role("admin"))]


def writer_of(request: Request) -> JobWriter:
    writer: JobWriter = request.app.state.jobs
    return writer


class AnalysisJob(BaseModel):
    stages: list[str] | None = Field(None, description="Only these stages (default: all).")
    params: dict[str, dict[str, Any]] | None = Field(
        None, description="Settings per stage, as `linewatch analyse --params`.")
    as_of: str | None = Field(None, description="Reference date (ISO) for ages and recency.")


@router.post("/jobs/import", status_code=202)
def submit_import(request: Request, user: Submitter, store: StoreDep,
                  files: Annotated[list[UploadFile], File(description="The bundle: a zip, "
                                   "or its files (named <kind>.csv, .parquet, .jsonl).")],
                  kind: Annotated[str | None, Form(max_length=40)] = None,
                  mapping: Annotated[UploadFile | None, File(description="A YAML column "
                                     "mapping for another supplier's layout.")] = None,
                  ) -> dict[str, Any]:
    """Queue an import of the uploaded bundle (all or nothing, as `linewatch ingest`)."""
    ctx = get_ctx(request)
    writer = writer_of(request)
    job_id = new_job_id()
    folder = job_files.job_folder(writer.files, job_id)
    limit = int(ctx.settings.upload_max_mb * 1024 * 1024)
    names = []
    try:
        for upload in files:
            job_files.save_upload(folder, upload.filename or "upload", upload.file, limit)
            names.append(upload.filename)
        job_files.input_paths(folder)
        if mapping is not None:
            from linewatch.ingest import load_mapping

            load_mapping(job_files.save_mapping(folder, mapping.file))  # refuse a bad one now
        if kind:
            from linewatch.schema.contract import KINDS, resolve_kind

            if resolve_kind(kind) is None:
                raise InputError(f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
        job = submit_job(store, user, "import", {
            "files": names, "kind": kind or None,
            "mapping": mapping.filename if mapping is not None else None}, job_id=job_id)
    except BaseException:
        job_files.remove(folder)
        raise
    writer.notify()
    return job


@router.post("/jobs/analyse", status_code=202)
def submit_analysis(request: Request, body: AnalysisJob, user: Submitter,
                    store: StoreDep) -> dict[str, Any]:
    """Queue an analysis run (every stage, or the ones named)."""
    from linewatch.pipeline import STAGES
    from linewatch.settings import load_all

    unknown = [s for s in body.stages or [] if s not in STAGES]
    if unknown:
        raise InputError(f"unknown stage(s) {unknown} (stages: {', '.join(STAGES)})")
    load_all(body.params)  # refuse bad settings now, not when the job runs
    settings = get_ctx(request).settings
    check_analysis_params(body.params, settings.lake_roots, settings.spark_masters)
    job = submit_job(store, user, "analyse", body.model_dump())
    writer_of(request).notify()
    return job


class BackupJob(BaseModel):
    out: str = Field(..., min_length=1, max_length=4096,
                     description="Absolute path, on the server, of the new backup file.")


@router.post("/jobs/backup", status_code=202)
def submit_backup(request: Request, body: BackupJob, user: Admin,
                  store: StoreDep) -> dict[str, Any]:
    """Queue a backup of the store to a new file on the server (admins only): a consistent
    snapshot, encrypted when the store is (`linewatch backup`)."""
    from pathlib import Path

    out = Path(body.out)
    if not out.is_absolute():
        raise InputError("the backup path must be absolute (it is a path on the server)")
    if out.exists() or not out.parent.is_dir():
        raise InputError(f"{out} exists, or its folder does not: choose a new file in an "
                         "existing folder")
    job = submit_job(store, user, "backup", {"out": str(out)})
    writer_of(request).notify()
    return job


@router.get("/jobs")
def jobs(request: Request, user: Submitter, audit: AuditDep,
         state: Annotated[str | None, Query(description=f"One of {', '.join(STATES)}.")] = None,
         limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
    """Jobs, newest first, with live progress for the running one."""
    writer = writer_of(request)
    found = list_jobs(writer.store, state=state, limit=limit)
    for job in found:
        if job["state"] == "running":
            job["progress"] = writer.live_progress(job["job_id"]) or job["progress"]
    audit("view_jobs", None, {"shown": [j["job_id"] for j in found]})
    return {"jobs": found, "count": len(found)}


@router.get("/jobs/{job_id}")
def job(request: Request, job_id: str, user: Submitter, audit: AuditDep) -> dict[str, Any]:
    """One job: state, parameters, live progress, and its result or error."""
    found = writer_of(request).job(job_id)
    if found is None:
        raise NotFound(f"no job '{job_id}'")
    audit("view_job", f"job:{job_id}")
    return found


@router.post("/jobs/{job_id}/cancel")
def cancel(request: Request, job_id: str, user: Submitter) -> dict[str, Any]:
    """Cancel a queued job, or stop a running one (its transaction rolls back)."""
    return writer_of(request).cancel(job_id, user)


@router.get("/status")
def status(user: Reader, store: StoreDep, audit: AuditDep) -> dict[str, Any]:
    """Rows and quarantined rows per kind, import batches, schema version (as
    `linewatch status`), and the jobs queued or running."""
    from linewatch.ingest.status import store_status

    info = store_status(store)
    info["jobs"] = {s: int(store.scalar("SELECT count(*) FROM jobs WHERE state = ?", [s]))
                    for s in ("queued", "running")}
    audit("view_status")
    return info
