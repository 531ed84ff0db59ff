"""Helpers shared by the tests that submit jobs to a server: new call records to import, and
waiting for a job to end."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any, Protocol

import httpx


class JobClient(Protocol):
    def get(self, url: str) -> Any: ...


def new_cdr(source: Path, rows: int, tag: str, prefix: str = "+4477009") -> str:
    """``rows`` call records not in the store yet (new event ids and calling numbers), as CSV
    text in the layout of ``source``."""
    table = list(csv.reader(source.open(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table[0])
    body = table[1:]
    for i in range(rows):
        row = list(body[i % len(body)])
        row[0] = f"{tag}{i:07d}"
        row[2] = f"{prefix}{i % 100000:05d}"
        writer.writerow(row)
    return out.getvalue()


def wait_job(client: JobClient, job_id: str, timeout: float = 300) -> dict[str, Any]:
    """The job once it is no longer queued or running (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in {"queued", "running"}:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not end")


def token_client(served: dict[str, Any], role: str) -> httpx.Client:
    """An HTTP client of the served app signed in with ``role``'s API token
    (``served["url"]`` and ``served["tokens"][role]``)."""
    return httpx.Client(base_url=served["url"], timeout=60,
                        headers={"Authorization": f"Bearer {served['tokens'][role]}"})
