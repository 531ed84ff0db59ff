"""An import checked before it is queued: the upload is cleaned in a scratch store in memory
(the case store is not touched, so no job waits for it), and the submitter sees what would be
imported and what would be quarantined, then confirms (the upload becomes an import job) or
discards it.

A checked upload waits in its job folder (:mod:`linewatch.api.job_files`) with
``pending.json`` naming its owner; only they may confirm or discard it. Duplicates of rows
already in the case store are only known when the job runs (its result says how many).
"""

from __future__ import annotations

import json
from pathlib import Path, PurePath
from typing import Any

from linewatch.api import job_files
from linewatch.api.users import User, now
from linewatch.errors import Forbidden, NotFound
from linewatch.storage import Store

PENDING = "pending.json"
#: quarantined rows shown in a preview (the counts cover them all)
SHOWN = 200


def check_upload(folder: Path, owner: User, params: dict[str, Any]) -> dict[str, Any]:
    """Clean the upload in memory; keep it pending for ``owner``; return the preview."""
    from linewatch.ingest import describe, ingest_paths

    mapping = folder / "mapping.yaml"
    with Store.open(":memory:") as scratch:
        report = ingest_paths(scratch, job_files.input_paths(folder), kind=params.get("kind"),
                              mapping=mapping if mapping.is_file() else None, user=owner.name)
        quarantined = scratch.query_dicts(
            "SELECT kind, path, row_number, line_number, field, reason, action, "
            "CAST(raw AS VARCHAR) AS raw FROM quarantine ORDER BY kind, path, row_number "
            "LIMIT ?", [SHOWN])
    summary = describe(report)
    summary.pop("batch_id", None)
    for item in [*summary["files"], *quarantined]:
        item["path"] = _shown_path(folder, str(item["path"]))
    (folder / PENDING).write_text(json.dumps({
        "owner": owner.name, "checked_at": now().isoformat(timespec="seconds"),
        "params": params}), encoding="utf-8")
    return {"upload_id": folder.name, "params": params, "report": summary,
            "quarantine": quarantined, "quarantine_shown": len(quarantined)}


def pending(base: Path, upload_id: str, user: User) -> tuple[Path, dict[str, Any]]:
    """The pending upload ``upload_id`` of ``user`` (NotFound, or Forbidden for another's)."""
    folder = job_files.job_folder(base, PurePath(upload_id).name)
    marker = folder / PENDING
    if not upload_id.startswith("J-") or not marker.is_file():
        raise NotFound(f"no checked upload '{upload_id}' waiting for confirmation")
    info: dict[str, Any] = json.loads(marker.read_text(encoding="utf-8"))
    if info.get("owner") != user.name:
        raise Forbidden("only the user who uploaded these files may confirm or discard them")
    return folder, info


def _shown_path(folder: Path, path: str) -> str:
    """A file as the user named it: relative to the upload, never the server's folder."""
    try:
        return Path(path).relative_to(folder / "input").as_posix()
    except ValueError:
        return PurePath(path).name
