"""Imports checked before they are queued: the upload is cleaned without touching the store,
the submitter sees the quarantine, then confirms (an import job) or discards; roles and
ownership are enforced."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.job_helpers import token_client, wait_job

from linewatch.api import create_app
from linewatch.api.tokens import issue_token

ROLES = ("admin", "supervisor", "analyst", "safeguarding", "partner")


@pytest.fixture(scope="module")
def served(analysed_world: Any, kit: Any, live_server: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    store = kit.add_role_users(analysed_world.open_copy(tmp_path_factory.mktemp("imports")))
    app = create_app(kit.make_settings(), store=store)
    tokens = {role: issue_token(store, role, created_by="test")[1] for role in ROLES}
    yield {"url": live_server(app), "app": app, "store": store, "tokens": tokens,
           "data": analysed_world.data}
    app.state.jobs.stop(grace_seconds=0)


def _cdr(served: dict[str, Any], tag: str, rows: int = 6) -> bytes:
    """New call records, the second with a start time that cannot be read."""
    reader = list(csv.reader((served["data"] / "cdr.csv").open(encoding="utf-8")))
    header, body = reader[0], reader[1:]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for i in range(rows):
        row = list(body[i])
        row[header.index("event_id")] = f"{tag}{i:05d}"
        if i == 1:
            row[header.index("start_time")] = "the day after tomorrow"
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def _upload(client: httpx.Client, data: bytes) -> httpx.Response:
    return client.post("/api/imports", files=[("files", ("cdr.csv", data, "text/csv"))])


def test_check_shows_the_quarantine_and_confirm_imports(served: dict[str, Any]) -> None:
    store = served["store"]
    analyst = token_client(served, "analyst")
    rows_before = store.count("cdr")
    jobs_before = store.count("jobs")
    answer = _upload(analyst, _cdr(served, "IMPA"))
    assert answer.status_code == 201, answer.text
    preview = answer.json()
    assert preview["report"]["rows_imported"] == 5
    assert preview["report"]["rows_quarantined"] == 1
    [bad] = preview["quarantine"]
    assert bad["field"] == "start_time" and "the day after tomorrow" in bad["raw"]
    assert bad["path"] == "cdr.csv"  # the file as named, never the server's folder
    assert store.count("cdr") == rows_before and store.count("jobs") == jobs_before
    assert token_client(served, "supervisor").post(
        f"/api/imports/{preview['upload_id']}/confirm").status_code == 403
    queued = analyst.post(f"/api/imports/{preview['upload_id']}/confirm")
    assert queued.status_code == 202, queued.text
    job = wait_job(analyst, queued.json()["job_id"])
    assert job["state"] == "done", job
    assert job["submitted_by"] == "analyst" and job["result"]["rows_quarantined"] == 1
    assert store.count("cdr") == rows_before + 5
    assert analyst.post(f"/api/imports/{preview['upload_id']}/confirm").status_code == 404
    actions = [r[0] for r in store.query(
        "SELECT action FROM audit_log WHERE user_name = 'analyst' ORDER BY seq")]
    assert "import_check" in actions and "job_submit" in actions


def test_a_discarded_upload_is_gone(served: dict[str, Any]) -> None:
    supervisor = token_client(served, "supervisor")
    preview = _upload(supervisor, _cdr(served, "IMPB")).json()
    assert token_client(served, "analyst").delete(
        f"/api/imports/{preview['upload_id']}").status_code == 403
    assert supervisor.delete(f"/api/imports/{preview['upload_id']}").json()["discarded"]
    assert supervisor.post(f"/api/imports/{preview['upload_id']}/confirm").status_code == 404


@pytest.mark.parametrize("role", ["safeguarding", "partner"])
def test_roles_without_imports_are_refused(served: dict[str, Any], role: str) -> None:
    assert _upload(token_client(served, role), _cdr(served, "IMPC")).status_code == 403


def test_a_bad_upload_queues_nothing(served: dict[str, Any]) -> None:
    analyst = token_client(served, "analyst")
    answer = analyst.post("/api/imports", files=[("files", ("notes.txt", b"hello", "text/plain"))])
    assert answer.status_code == 400, answer.text
    assert not list(served["app"].state.jobs.files.glob("*/pending.json"))
