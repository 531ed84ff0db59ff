"""Shared by the web benchmarks: serve a store in a child process and sign in.

The child runs ``linewatch serve``'s own code path (:func:`linewatch.api.server.serve_settings`,
which also warms the caches) on a free localhost port with a fresh random secret key.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

SERVER = """
import sys
from linewatch.api.server import serve_settings
from linewatch.api import Settings
serve_settings(Settings(db=sys.argv[1], port=int(sys.argv[2])))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(db: Path, start_timeout: float = 120) -> Iterator[str]:
    """Serve ``db`` until the block ends; yields the base URL once the server answers."""
    port = free_port()
    env = dict(os.environ, LINEWATCH_SECRET_KEY=secrets.token_urlsafe(48))
    demo_key = db.parent / "audit.key"  # a demo store's own key (linewatch demo writes it)
    env.setdefault("LINEWATCH_AUDIT_KEY", demo_key.read_text().strip() if demo_key.exists()
                   else secrets.token_urlsafe(48))
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                if httpx.get(base + "/tip", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def sign_in(base: str, user: str, password: str) -> httpx.Cookies:
    """The session cookies of ``user``."""
    login = httpx.post(base + "/api/auth/login", json={"name": user, "password": password})
    login.raise_for_status()
    return login.cookies
