"""A team on one case: 20 readers while data arrives from the web app and the CLI and the
analysis runs, against ``linewatch serve`` in a child process (the server owns the store).

Zero failed reads; each read sees either the version before a job or the one after it,
never a half-written one; after the jobs every reader sees the new version, and nothing
imported is lost.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.job_helpers import new_cdr, wait_job
from tests.server_process import Server, run_cli, store_with_users

READERS = 20
PAGES = ("/api/status", "/api/lines", "/api/targets", "/api/safeguarding")


@pytest.fixture(scope="module")
def team(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[tuple[Server, dict[str, str]]]:
    db, tokens = store_with_users(analysed_world, tmp_path_factory.mktemp("team"))
    server = Server(db)
    yield server, tokens
    server.stop()


def test_twenty_readers_through_two_imports_and_an_analysis(
        team: tuple[Server, dict[str, str]], analysed_world: Any, tmp_path: Path) -> None:
    server, tokens = team
    with server.client(tokens["analyst"]) as analyst:
        before = analyst.get("/api/status").json()["kinds"]["cdr"]["rows"]
    failures: list[str] = []
    rows_seen: list[int] = []
    stop = threading.Event()

    def read(k: int) -> None:
        with server.client(tokens["analyst" if k % 2 else "supervisor"]) as reader:
            i = k
            while not stop.is_set():
                path = PAGES[i % len(PAGES)]
                i += 1
                try:
                    res = reader.get(path)
                except httpx.HTTPError as err:
                    failures.append(f"{path}: {err!r}")
                    continue
                if res.status_code != 200:
                    failures.append(f"{path}: {res.status_code} {res.text[:200]}")
                elif path == "/api/status":
                    rows_seen.append(res.json()["kinds"]["cdr"]["rows"])

    readers = [threading.Thread(target=read, args=(k,)) for k in range(READERS)]
    for thread in readers:
        thread.start()
    try:
        with server.client(tokens["analyst"]) as analyst:
            # the web app's import: checked first (quarantine shown), then confirmed
            web_rows = new_cdr(analysed_world.data / "cdr.csv", 3_000, "WEB", "+4477008")
            check = analyst.post("/api/imports", files=[
                ("files", ("cdr.csv", web_rows.encode(), "text/csv"))])
            assert check.status_code in (200, 201), check.text
            queued = analyst.post(f"/api/imports/{check.json()['upload_id']}/confirm")
            assert queued.status_code in (200, 201, 202), queued.text
            web_job = wait_job(analyst, queued.json()["job_id"])
            # the CLI's import, forwarded to the server as the token's user
            folder = tmp_path / "week"
            folder.mkdir()
            (folder / "cdr.csv").write_text(
                new_cdr(analysed_world.data / "cdr.csv", 2_000, "CLI", "+4477008"), encoding="utf-8")
            cli = run_cli("ingest", str(folder), "--db", str(server.db), "--json",
                          token=tokens["analyst"], server=server.url)
            assert cli.returncode == 0, cli.stderr
            # and an analysis run of the new data
            analysis = analyst.post("/api/jobs/analyse", json={})
            assert analysis.status_code in (200, 201, 202), analysis.text
            analysed = wait_job(analyst, analysis.json()["job_id"])
            time.sleep(1.0)
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert web_job["state"] == "done", web_job
    assert json.loads(cli.stdout)["rows_imported"] == 2_000
    assert analysed["state"] == "done", analysed
    assert failures == []
    after = before + 3_000 + 2_000
    # every read saw a whole version: before, between the two imports, or after
    assert set(rows_seen) <= {before, before + 3_000, after}
    assert rows_seen[0] == before and rows_seen[-1] == after
    with server.client(tokens["supervisor"]) as supervisor:
        assert supervisor.get("/api/status").json()["kinds"]["cdr"]["rows"] == after
        jobs = supervisor.get("/api/jobs").json()
    listed = jobs["jobs"] if isinstance(jobs, dict) else jobs
    kinds = [j["kind"] for j in listed if j["state"] == "done"]
    assert kinds.count("import") >= 2 and "analyse" in kinds
