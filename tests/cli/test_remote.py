"""The CLI and a running server: forwarding with a token, and the server killed mid-job.

Each server here is ``linewatch serve`` in a child process on a free port bound to
127.0.0.1, on a copy of the analysed world. ``kill -9`` in the middle of an analysis job must
leave the store as before the job, and the next start marks the job failed; SIGTERM rolls the
running job back and keeps it, and the queued ones, queued.
"""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.server_process import Server
from tests.server_process import run_cli as _cli
from tests.server_process import store_with_users as _store_with_users

from linewatch.storage import Store


@pytest.fixture(scope="module")
def running(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Server, dict[str, str]]]:
    db, tokens = _store_with_users(analysed_world, tmp_path_factory.mktemp("remote"))
    server = Server(db)
    yield server, tokens
    server.stop()


def test_read_commands_are_forwarded_to_the_server_holding_the_store(
        running: tuple[Server, dict[str, str]]) -> None:
    server, tokens = running
    found = _cli("status", "--db", str(server.db), "--json", token=tokens["analyst"])
    assert found.returncode == 0, found.stderr
    assert "forwarding" in found.stderr and server.url in found.stderr
    status = json.loads(found.stdout)
    assert status["kinds"]["cdr"]["rows"] > 0 and status["jobs"] == {"queued": 0, "running": 0}
    targets = _cli("--server", server.url, "targets", token=tokens["analyst"])
    assert targets.returncode == 0, targets.stderr
    assert json.loads(targets.stdout)["targets"]
    with server.client(tokens["supervisor"]) as supervisor:
        audit = supervisor.get("/api/audit", params={"user_name": "analyst"}).json()
    actions = {e["action"] for e in audit["entries"]}
    assert "view_status" in actions  # the CLI's reads are audited as the user's


def test_an_import_from_the_cli_runs_as_a_job_of_the_token_user(
        running: tuple[Server, dict[str, str]], analysed_world: Any, tmp_path: Path) -> None:
    server, tokens = running
    bundle = tmp_path / "week2"
    bundle.mkdir()
    lines = (analysed_world.data / "cells.csv").read_text(encoding="utf-8").splitlines()
    rows = [line.replace('"', "") for line in lines[1:6]]
    (bundle / "cells.csv").write_text(
        lines[0] + "\n" + "\n".join("X" + row for row in rows) + "\n", encoding="utf-8")
    done = _cli("ingest", str(bundle), "--db", str(server.db), "--json",
                token=tokens["analyst"], server=server.url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_imported"] == 5
    listed = _cli("jobs", "list", "--db", str(server.db), "--json", token=tokens["analyst"])
    jobs = json.loads(listed.stdout)
    assert jobs[0]["kind"] == "import" and jobs[0]["state"] == "done"
    assert jobs[0]["submitted_by"] == "analyst"


def test_watches_and_alerts_are_forwarded_as_the_token_user(
        running: tuple[Server, dict[str, str]]) -> None:
    server, tokens = running
    db = str(server.db)
    added = _cli("watch", "add", "plate", "AB12 CDE", "--db", db, "--json",
                 token=tokens["analyst"])
    assert added.returncode == 0, added.stderr
    watch = json.loads(added.stdout)
    assert (watch["user_name"], watch["value"]) == ("analyst", "AB12CDE")
    listed = _cli("watch", "list", "--db", db, "--json", token=tokens["analyst"])
    assert [w["watch_id"] for w in json.loads(listed.stdout)] == [watch["watch_id"]]
    others = _cli("watch", "list", "--db", db, "--json", token=tokens["supervisor"])
    assert json.loads(others.stdout) == []
    alerts = _cli("alerts", "--db", db, "--json", token=tokens["analyst"])
    assert alerts.returncode == 0 and json.loads(alerts.stdout) == []
    removed = _cli("watch", "remove", watch["watch_id"], "--db", db, token=tokens["analyst"])
    assert removed.returncode == 0, removed.stderr
    with server.client(tokens["supervisor"]) as supervisor:
        audit = supervisor.get("/api/audit", params={"user_name": "analyst"}).json()
    actions = {e["action"] for e in audit["entries"]}
    assert {"watch_add", "alerts_read", "watch_remove"} <= actions


def test_what_cannot_be_forwarded_says_so_in_one_line(
        running: tuple[Server, dict[str, str]]) -> None:
    server, tokens = running
    refused = _cli("quarantine", "--db", str(server.db), token=tokens["analyst"])
    assert refused.returncode == 2 and "cannot be forwarded" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    no_token = _cli("status", "--db", str(server.db))
    assert no_token.returncode == 2 and "LINEWATCH_TOKEN" in no_token.stderr
    partner = _cli("analyse", "--db", str(server.db), token=tokens["partner"])
    assert partner.returncode == 2 and "403" in partner.stderr
    wrong = _cli("status", "--db", str(server.db), token="lw_000000000000_" + "nope")
    assert wrong.returncode == 2 and "refused LINEWATCH_TOKEN" in wrong.stderr


def test_spark_options_are_forwarded_and_the_server_decides_what_they_may_reach(
        running: tuple[Server, dict[str, str]], tmp_path: Path) -> None:
    server, tokens = running
    db = str(server.db)
    with server.client(tokens["analyst"]) as analyst:
        before = analyst.get("/api/jobs", params={"limit": 500}).json()["count"]
    lake = _cli("analyse", "--db", db, "--engine", "spark", "--lake", str(tmp_path),
                token=tokens["analyst"])
    assert lake.returncode == 2 and "403" in lake.stderr, lake.stderr
    assert "LINEWATCH_LAKE_ROOTS" in lake.stderr and "forwarding" in lake.stderr
    master = _cli("detect", "--db", db, "--engine", "spark", "--master",
                  "spark://attacker.example:7077", token=tokens["analyst"])
    assert master.returncode == 2 and "LINEWATCH_SPARK_MASTERS" in master.stderr, master.stderr
    alone = _cli("detect", "--db", db, "--lake", str(tmp_path), token=tokens["analyst"])
    assert alone.returncode == 2 and "need --engine spark" in alone.stderr
    with server.client(tokens["analyst"]) as analyst:  # none of them queued a job
        assert analyst.get("/api/jobs", params={"limit": 500}).json()["count"] == before


def test_analyse_and_detect_send_the_spark_settings_in_the_job(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from linewatch.cli import remote

    sent: list[dict[str, Any]] = []

    class Recorder:
        def __init__(self, url: str) -> None:
            self.url = url

        def post(self, path: str, json: dict[str, Any]) -> dict[str, Any]:
            assert path == "/api/jobs/analyse"
            sent.append(json)
            return {"job_id": "j1", "state": "done", "result": {}}

        def follow(self, job: dict[str, Any], on_progress: Any = None) -> dict[str, Any]:
            return job

    monkeypatch.setattr(remote, "Remote", Recorder)
    monkeypatch.chdir(tmp_path)
    assert remote.forward(["--server", "http://lw.test", "analyse", "--engine", "spark",
                           "--lake", "lakes/a", "--master", "local[1]", "--stage",
                           "detect"]) == 0
    assert remote.forward(["--server", "http://lw.test", "detect", "--engine", "spark",
                           "--lake", "s3a://lakes/a", "--threshold", "0.6"]) == 0
    assert remote.forward(["--server", "http://lw.test", "analyse"]) == 0
    assert sent == [
        {"stages": ["detect"], "as_of": None, "params": {"detect": {
            "engine": "spark", "lake": str(tmp_path / "lakes" / "a"),
            "spark_master": "local[1]"}}},
        {"stages": ["detect"], "as_of": None, "params": {"detect": {
            "engine": "spark", "lake": "s3a://lakes/a", "threshold": 0.6}}},
        {"stages": None, "as_of": None, "params": None},
    ]


def _table_rows(db: Path) -> dict[str, Any]:
    with Store.open(db, read_only=True) as store:
        return {"runs": store.query("SELECT run_id, status FROM analysis_runs ORDER BY 1"),
                "persons": store.query("SELECT person_id, display_name FROM persons "
                                       "ORDER BY 1"),
                "cdr": store.count("cdr")}


def _wait_running(client: httpx.Client, job_id: str, step: str | None = None) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] == "running" and (step is None or step in
                                          str((job["progress"] or {}).get("stage"))):
            return
        assert job["state"] in {"queued", "running"}, job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} never ran")


def test_kill_9_mid_job_leaves_the_store_as_before_and_the_job_failed(
        analysed_world: Any, tmp_path: Path) -> None:
    db, tokens = _store_with_users(analysed_world, tmp_path)
    before = _table_rows(db)
    server = Server(db)
    with server.client(tokens["analyst"]) as client:
        job = client.post("/api/jobs/analyse", json={}).json()
        _wait_running(client, job["job_id"], step="resolve")
        time.sleep(1.0)
    server.stop(signal.SIGKILL)
    assert _table_rows(db) == before
    with Store.open(db, read_only=True) as store:
        assert store.scalar("SELECT state FROM jobs WHERE job_id = ?",
                            [job["job_id"]]) == "running"
    again = Server(db)
    try:
        with again.client(tokens["analyst"]) as client:
            ended = client.get(f"/api/jobs/{job['job_id']}").json()
            assert ended["state"] == "failed" and "server stopped" in ended["error"]
            runs = client.get("/api/status").json()["analysis_runs"]
            assert sorted(r["run_id"] for r in runs) == [r[0] for r in before["runs"]]
    finally:
        again.stop()


def test_sigterm_rolls_the_running_job_back_and_keeps_every_job_queued(
        analysed_world: Any, tmp_path: Path) -> None:
    db, tokens = _store_with_users(analysed_world, tmp_path)
    before = _table_rows(db)
    server = Server(db, LINEWATCH_JOB_STOP_GRACE_SECONDS="0")
    with server.client(tokens["analyst"]) as client:
        first = client.post("/api/jobs/analyse", json={}).json()
        second = client.post("/api/jobs/analyse", json={"stages": ["detect"]}).json()
        _wait_running(client, first["job_id"], step="resolve")
    server.stop(signal.SIGTERM)
    assert server.proc.returncode in (0, -signal.SIGTERM)  # uvicorn re-raises the signal
    assert not Path(f"{db}.server.json").exists()
    assert _table_rows(db) == before
    with Store.open(db, read_only=True) as store:
        states = dict(store.query("SELECT job_id, state FROM jobs"))
    assert states == {first["job_id"]: "queued", second["job_id"]: "queued"}


def test_retention_and_fairness_are_forwarded_and_decisions_run_as_jobs(
        running: tuple[Server, dict[str, str]]) -> None:
    server, tokens = running
    refused = _cli("retention", "due", "--db", str(server.db), token=tokens["analyst"])
    assert refused.returncode == 2 and "403" in refused.stderr
    due = _cli("retention", "due", "--db", str(server.db), "--as-of", "2100-01-01", "--json",
               token=tokens["supervisor"])
    assert due.returncode == 0, due.stderr
    report = next(i for i in json.loads(due.stdout)["due"] if i["kind"] == "intel")
    gone = _cli("retention", "delete", "intel", report["record_id"], "--reason", "excessive",
                "--db", str(server.db), token=tokens["supervisor"])
    assert gone.returncode == 0, gone.stderr
    assert "tombstone T-" in gone.stdout + gone.stderr
    listed = json.loads(_cli("jobs", "list", "--db", str(server.db), "--json",
                             token=tokens["supervisor"]).stdout)
    assert listed[0]["kind"] == "retention" and listed[0]["state"] == "done"
    assert report["record_id"] not in json.dumps(listed[0])
    fairness = _cli("fairness", "--db", str(server.db), "--json", token=tokens["supervisor"])
    assert fairness.returncode == 0, fairness.stderr
    assert [lst["list"] for lst in json.loads(fairness.stdout)["lists"]][0] == "targets"
