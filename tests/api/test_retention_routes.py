"""Retention review and the fairness audit in the web API: who may, decisions as jobs, and
a deletion that leaves nothing naming the record in the job, the tombstone or the audit."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from linewatch.storage import Store

FAR = "2100-01-01"


@pytest.mark.parametrize("role", ["analyst", "safeguarding", "partner"])
def test_only_supervisors_and_admins_review(clients: dict[str, TestClient], role: str) -> None:
    client = clients[role]
    assert client.get("/api/retention/due").status_code == 403
    assert client.get("/api/fairness").status_code == 403
    assert client.post("/api/retention/decisions", json={
        "action": "retain", "kind": "intel", "record_id": "x", "reason": "r"}).status_code == 403


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_and_admins_see_what_is_due_and_the_audit(
        clients: dict[str, TestClient], role: str) -> None:
    due = clients[role].get("/api/retention/due", params={"as_of": FAR})
    assert due.status_code == 200, due.text
    body = due.json()
    assert body["count"] == len(body["due"]) > 0
    assert {i["kind"] for i in body["due"]} == {"nominals", "intel"}
    assert set(body["groups"]["groups"]) == {"1", "2", "3"}
    fairness = clients[role].get("/api/fairness")
    assert fairness.status_code == 200
    assert [lst["list"] for lst in fairness.json()["lists"]] == [
        "targets", "safeguarding", "line_role_flags", "association"]


def _run(app: Any, client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    res = client.post("/api/retention/decisions", json=body)
    assert res.status_code == 202, res.text
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{res.json()['job_id']}").json()
        if job["state"] not in {"queued", "running"}:
            return job
        time.sleep(0.2)
    raise AssertionError("the retention job did not end")


def test_decisions_run_as_jobs_and_a_deletion_names_only_its_tombstone(
        app: Any, clients: dict[str, TestClient], store: Store) -> None:
    supervisor = clients["supervisor"]
    due = supervisor.get("/api/retention/due", params={"as_of": FAR}).json()["due"]
    nominal = next(i for i in due if i["kind"] == "nominals" and not i["reviewed"])
    job = _run(app, supervisor, {"action": "retain", "kind": "nominals",
                                 "record_id": nominal["record_id"],
                                 "source_system": nominal["source_system"],
                                 "reason": "subject of an open investigation",
                                 "next_review": "2099-01-01"})
    assert job["state"] == "done", job
    after = supervisor.get("/api/retention/due", params={"as_of": FAR}).json()["due"]
    kept = next(i for i in after if i["record_id"] == nominal["record_id"])
    assert kept["reviewed"] and kept["review_date"] == "2099-01-01"

    report = next(i for i in due if i["kind"] == "intel")["record_id"]
    refused = supervisor.post("/api/retention/decisions", json={
        "action": "delete", "kind": "intel", "record_id": report, "reason": "free text"})
    assert refused.status_code == 400
    job = _run(app, supervisor, {"action": "delete", "kind": "intel", "record_id": report,
                                 "reason": "excessive"})
    assert job["state"] == "done", job
    assert report not in str(job) and job["result"]["tombstone_id"] in str(job["params"])
    assert not store.scalar("SELECT count(*) FROM intel WHERE report_id = ?", [report])
    assert store.scalar("SELECT count(*) FROM retention_tombstones WHERE deleted_by = "
                        "'supervisor' AND reason_code = 'excessive'") == 1
    assert not store.scalar("SELECT count(*) FROM retention_tombstones t WHERE "
                            "CAST(t AS VARCHAR) LIKE ?", [f"%{report}%"])
    assert not store.scalar("SELECT count(*) FROM jobs WHERE CAST(params AS VARCHAR) LIKE ?",
                            [f"%{report}%"])
    actions = {r[0] for r in store.query("SELECT action FROM audit_log WHERE user_name = "
                                         "'supervisor'")}
    assert {"view_retention_due", "view_fairness", "job_submit", "job_done"} <= actions
