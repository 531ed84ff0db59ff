"""Jobs on a running server: imports while analysts read, roles, cancelling, tokens, tips.

The server runs in this process (uvicorn on a free localhost port) on a copy of the analysed
world; readers use personal API tokens, as the CLI does.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.job_helpers import new_cdr, token_client, wait_job

from linewatch.api import create_app
from linewatch.api.tips_intake import store_tip
from linewatch.api.tokens import issue_token
from linewatch.storage import Store


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def served(analysed_world: Any, kit: Any, live_server: Any,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    store = kit.add_role_users(analysed_world.open_copy(tmp_path_factory.mktemp("jobs")))
    app = create_app(kit.make_settings(), store=store)
    tokens = {role: issue_token(store, role, created_by="test")[1]
              for role in ("analyst", "supervisor", "partner", "safeguarding")}
    yield {"url": live_server(app), "app": app, "store": store, "tokens": tokens,
           "data": analysed_world.data}
    app.state.jobs.stop(grace_seconds=0)


def test_an_import_job_runs_while_reads_keep_answering_and_switch_at_commit(
        served: dict[str, Any]) -> None:
    analyst = token_client(served, "analyst")
    before = analyst.get("/api/status").json()["kinds"]["cdr"]["rows"]
    seen: list[tuple[int, int, str]] = []  # (status code, cdr rows, job state after)
    stop = threading.Event()
    job_id: list[str] = []

    def read() -> None:
        with token_client(served, "analyst") as reader:
            while not stop.is_set():
                res = reader.get("/api/status")
                lines = reader.get("/api/lines")
                state = reader.get(f"/api/jobs/{job_id[0]}").json()["state"] if job_id else "-"
                rows = res.json()["kinds"]["cdr"]["rows"] if res.status_code == 200 else -1
                seen.append((min(res.status_code, lines.status_code), rows, state))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        bundle = _zip({"extra/cdr.csv": new_cdr(served["data"] / "cdr.csv", 20_000, "JX").encode("utf-8")})
        res = analyst.post("/api/jobs/import", files={"files": ("week.zip", bundle)})
        assert res.status_code == 202, res.text
        job_id.append(res.json()["job_id"])
        assert res.json()["state"] == "queued" and res.json()["submitted_by"] == "analyst"
        job = wait_job(analyst, job_id[0])
        time.sleep(0.5)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert job["state"] == "done", job
    assert job["result"]["rows_imported"] == 20_000 and job["result"]["batch_id"]
    assert job["started_at"] and job["finished_at"] and job["progress"]["stage"]
    after = before + 20_000
    assert seen and all(code == 200 for code, _rows, _state in seen)
    assert {rows for _c, rows, _s in seen} <= {before, after}
    # a read answered while the job was still queued or running saw the old data
    assert all(rows == before for _c, rows, state in seen if state in {"queued", "running"})
    assert analyst.get("/api/status").json()["kinds"]["cdr"]["rows"] == after
    audit = served["store"].query(
        "SELECT action FROM audit_log WHERE target = ? ORDER BY seq", [f"job:{job_id[0]}"])
    assert [a for (a,) in audit if a in {"job_submit", "job_done"}] == ["job_submit", "job_done"]


def test_a_failing_import_leaves_nothing_and_records_why(served: dict[str, Any]) -> None:
    analyst = token_client(served, "analyst")
    before = served["store"].count("cdr")
    broken = b"event_id,start_time\nE1,not-a-time\n"  # no a_number: the file is refused
    res = analyst.post("/api/jobs/import", files={"files": ("cdr.csv", broken)})
    job = wait_job(analyst, res.json()["job_id"])
    assert job["state"] == "failed" and "a_number" in job["error"]
    assert served["store"].count("cdr") == before


def test_roles_who_may_submit_and_follow_jobs(served: dict[str, Any]) -> None:
    refused = [("POST", "/api/jobs/analyse", {"json": {}}),
               ("POST", "/api/jobs/import", {"files": {"files": ("cdr.csv", b"x")}}),
               ("GET", "/api/jobs", {}), ("GET", "/api/jobs/J-1", {}),
               ("POST", "/api/jobs/J-1/cancel", {})]
    for role in ("partner", "safeguarding"):
        with token_client(served, role) as client:
            for method, path, kwargs in refused:
                assert client.request(method, path, **kwargs).status_code == 403, path
    for method, path, kwargs in refused + [("POST", "/api/tokens", {"json": {}})]:
        assert httpx.request(method, served["url"] + path, **kwargs).status_code == 401
    assert token_client(served, "analyst").get("/api/jobs/J-1").status_code == 404
    bad = token_client(served, "analyst").post("/api/jobs/analyse", json={"stages": ["nope"]})
    assert bad.status_code == 400 and "nope" in bad.text


def test_cancelling_a_queued_and_a_running_job(served: dict[str, Any]) -> None:
    """The submitter, a supervisor or an admin cancels; a running job rolls back."""
    supervisor, analyst = token_client(served, "supervisor"), token_client(served, "analyst")
    runs = served["store"].count("analysis_runs")
    first = supervisor.post("/api/jobs/analyse", json={"stages": ["resolve", "detect"]}).json()
    second = analyst.post("/api/jobs/analyse", json={"stages": ["detect"]}).json()
    deadline = time.monotonic() + 120
    while supervisor.get(f"/api/jobs/{first['job_id']}").json()["state"] == "queued":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert analyst.post(f"/api/jobs/{first['job_id']}/cancel").status_code == 403
    queued = supervisor.post(f"/api/jobs/{second['job_id']}/cancel")
    assert queued.status_code == 200 and queued.json()["state"] == "cancelled"
    assert supervisor.post(f"/api/jobs/{first['job_id']}/cancel").status_code == 200
    ended = wait_job(supervisor, first["job_id"])
    assert ended["state"] == "cancelled" and "rolled back" in ended["error"]
    assert served["store"].count("analysis_runs") == runs
    again = supervisor.post(f"/api/jobs/{second['job_id']}/cancel")
    assert again.status_code == 400 and "already ended" in again.text


def test_tokens_are_revocable_and_stop_with_their_user(served: dict[str, Any],
                                                       kit: Any) -> None:
    from linewatch.api.users import set_disabled

    store: Store = served["store"]
    admin = kit.sign_in(served["app"], "admin")
    assert admin.get("/api/auth/me", headers={"Authorization": "Basic eDp5"}).status_code \
        == 200  # another scheme (a proxy's) leaves the session cookie in charge
    issued = admin.post("/api/tokens", json={"label": "laptop"}).json()
    assert issued["token"].startswith("lw_")
    assert store.scalar("SELECT count(*) FROM api_tokens WHERE token_sha256 = ?",
                        [issued["token"]]) == 0  # only its digest is kept
    with httpx.Client(base_url=served["url"],
                      headers={"Authorization": f"Bearer {issued['token']}"}) as client:
        assert client.get("/api/auth/me").json()["user"]["name"] == "admin"
        assert admin.delete(f"/api/tokens/{issued['token_id']}").status_code == 200
        assert client.get("/api/auth/me").status_code == 401
    forged = issued["token"][:-4] + "AAAA"
    assert httpx.get(served["url"] + "/api/auth/me",
                     headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    with token_client(served, "safeguarding") as officer:
        assert officer.get("/api/auth/me").status_code == 200
        set_disabled(store, "safeguarding")
        assert officer.get("/api/auth/me").status_code == 401


def test_tips_stored_but_never_extracted_are_caught_up_at_start(kit: Any) -> None:
    store = kit.make_store(roles=("analyst",))
    waiting = [store_tip(store, f"Dealing from the flat at 12 Mill Lane, tip number {i}.")
               for i in range(3)]
    assert store.scalar("SELECT count(*) FROM tip_extractions") == 0  # nobody extracted
    app = create_app(kit.make_settings(), store=store)  # the server starts: catch-up
    assert app.state.jobs.wait_idle(timeout=120)
    extracted = dict(store.query("SELECT tip_id, CAST(extraction AS VARCHAR) "
                                 "FROM tip_extractions"))
    assert sorted(extracted) == sorted(waiting)
    assert all("Mill Lane" in text for text in extracted.values())
    assert store.scalar("SELECT count(*) FROM tip_queue") == 0
