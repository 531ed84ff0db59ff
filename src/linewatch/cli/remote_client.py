"""Talking to a running linewatch server: a personal API token, one line per failure.

The CLI acts as the token's user, with that user's role; its reads are audited by the server
as the web app's are. Imports upload the bundle as one zip (folders keep their names inside
it, as ``linewatch ingest`` would read them) and, like analysis runs, become jobs the CLI
follows until they end.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

from linewatch.errors import LinewatchError

TOKEN_ENV = "LINEWATCH_TOKEN"  # noqa: S105 - the variable's name, not a token
SERVER_ENV = "LINEWATCH_SERVER"
NO_TOKEN = (f"set {TOKEN_ENV} to your personal API token: 'linewatch users token NAME --db DB' "
            "prints one while the server is stopped; the web app issues one while it runs "
            "(POST /api/tokens)")


class RemoteError(LinewatchError):
    """The server could not be reached, refused the request or the job failed."""


class Remote:
    """An HTTP client for one server, signed in with ``LINEWATCH_TOKEN``."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 120.0) -> None:
        import httpx

        token = token if token is not None else os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise RemoteError(NO_TOKEN)
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=self.url, timeout=timeout,
                                   headers={"Authorization": f"Bearer {token}"})

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        import httpx

        try:
            res = self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise RemoteError(f"cannot reach the linewatch server at {self.url} "
                              f"({type(exc).__name__}): is it running?") from exc
        if res.status_code == 401:
            raise RemoteError(f"the server at {self.url} refused {TOKEN_ENV}: "
                              f"{_detail(res)}")
        if res.status_code >= 400:
            raise RemoteError(f"the server said ({res.status_code}): {_detail(res)}")
        return res.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.request("GET", path, params={k: v for k, v in params.items()
                                                 if v is not None})

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.request("POST", path, **kwargs)

    def upload_bundle(self, paths: list[Path], kind: str | None,
                      mapping: Path | None) -> dict[str, Any]:
        """Queue an import of ``paths`` (files or folders) as one zip."""
        files: list[tuple[str, tuple[str, Any, str]]] = [
            ("files", ("bundle.zip", zip_paths(paths), "application/zip"))]
        if mapping is not None:
            files.append(("mapping", (mapping.name, mapping.read_bytes(), "application/yaml")))
        data = {"kind": kind} if kind else {}
        job: dict[str, Any] = self.post("/api/jobs/import", files=files, data=data)
        return job

    def follow(self, job: dict[str, Any], on_progress: Any = None,
               poll_seconds: float = 0.5) -> dict[str, Any]:
        """Poll a job until it ends; ``on_progress(job)`` is called on every poll."""
        while job["state"] in {"queued", "running"}:
            time.sleep(poll_seconds)
            job = self.get(f"/api/jobs/{job['job_id']}")
            if on_progress is not None:
                on_progress(job)
        return job


def zip_paths(paths: list[Path]) -> bytes:
    """Files and folders as one zip: a folder's files under its own name, a file by its name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in paths:
            if not path.exists():
                raise RemoteError(f"{path}: no such file or folder")
            if path.is_file():
                zf.write(path, path.name)
                continue
            for child in sorted(path.rglob("*")):
                if child.is_file():
                    zf.write(child, str(Path(path.name) / child.relative_to(path)))
    return buffer.getvalue()


def _detail(res: Any) -> str:
    try:
        body = res.json()
    except ValueError:
        return res.text[:300]
    detail = body.get("detail") if isinstance(body, dict) else body
    return str(detail)[:500]
