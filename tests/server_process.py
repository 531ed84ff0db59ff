"""``linewatch serve`` in a child process and the CLI run beside it (shared by the tests that
need a real server holding the store)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from linewatch.api.tokens import issue_token
from linewatch.api.users import add_user
from linewatch.storage import Store

PASSWORD = "a long enough password 42"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """``linewatch serve`` on ``db`` in a child process."""

    def __init__(self, db: Path, **env: str) -> None:
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = dict(os.environ, LINEWATCH_SECRET_KEY=secrets.token_urlsafe(48), **env)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "linewatch.cli.app", "serve", "--db", str(db),
             "--host", "127.0.0.1", "--port", str(self.port)], env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(self.url + "/tip", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the server did not start: {self.stderr()}")
            time.sleep(0.25)
        deadline = time.monotonic() + 30  # the info file is written just before listening
        while not Path(f"{db}.server.json").exists() and time.monotonic() < deadline:
            time.sleep(0.1)

    def stderr(self) -> str:
        return self.proc.stderr.read().decode() if self.proc.stderr and \
            self.proc.poll() is not None else ""

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60,
                            headers={"Authorization": f"Bearer {token}"})

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 120) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=timeout)


def store_with_users(analysed_world: Any, folder: Path,
                     roles: tuple[str, ...] = ("analyst", "supervisor", "partner"),
                     key: str | None = None) -> tuple[Path, dict[str, str]]:
    """A copy of the analysed world with one user and API token per role (encrypted with
    ``key`` when given)."""
    db = analysed_world.copy(folder)
    if key is not None:
        from linewatch.storage.copies import rewrite_store

        rewrite_store(db, None, key)
    with Store.open(db, key=key) as store:
        tokens = {}
        for role in roles:
            add_user(store, role, role, PASSWORD)
            tokens[role] = issue_token(store, role, created_by="test")[1]
    return db, tokens


def run_cli(*args: str, token: str | None = None, server: str | None = None,
            **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``linewatch ARGS`` in a child process (as the user of ``token``, when given)."""
    env = {k: v for k, v in os.environ.items() if k not in {"LINEWATCH_TOKEN",
                                                          "LINEWATCH_SERVER"}}
    if token is not None:
        env["LINEWATCH_TOKEN"] = token
    if server is not None:
        env["LINEWATCH_SERVER"] = server
    env.update(extra_env)
    return subprocess.run([sys.executable, "-m", "linewatch.cli.app", *args], env=env,
                          capture_output=True, text=True, timeout=600)
