"""Running the app under uvicorn, with client-address logging switched off.

The access log is disabled for the whole server, not only for ``/tip``: linewatch never
writes a client's address anywhere (the tip form's privacy promise depends on it, and staff
actions are attributed by user name in the audit log instead).

While it serves, the server writes ``<store>.server.json`` beside the store (its URL and
process id) and removes it when it stops: the CLI reads it
(:func:`linewatch.cli.remote.read_server_info`) to forward commands to the server
that holds the store (DuckDB lets no second process open it).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from linewatch.api.settings import Settings
from linewatch.vocabulary import SERVER_INFO_SUFFIX


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {"host": settings.host, "port": settings.port, "access_log": False,
            "server_header": False, "proxy_headers": False, "log_level": "warning"}


def server_info_path(db: str | Path) -> Path:
    return Path(f"{db}{SERVER_INFO_SUFFIX}")


def local_url(settings: Settings) -> str:
    """The URL a CLI on this machine reaches the server at."""
    host = settings.host
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - naming the wildcard, not binding it
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"{'https' if settings.https else 'http'}://{host}:{settings.port}"


def serve_settings(settings: Settings) -> None:
    """Build the app for ``settings`` and serve it until interrupted."""
    import uvicorn

    from linewatch.api.app import create_app
    from linewatch.api.warmup import warm_in_background

    app = create_app(settings)
    warm_in_background(app.state.ctx.store)
    info = server_info_path(settings.db)
    info.write_text(json.dumps({"url": local_url(settings), "pid": os.getpid(),
                                "db": str(Path(settings.db).resolve())}), encoding="utf-8")
    # removed at shutdown (uvicorn re-raises SIGTERM once it has shut down, ending the
    # process before a ``finally`` here would run)
    app.state.on_shutdown = [lambda: info.unlink(missing_ok=True)]
    try:
        uvicorn.run(app, **uvicorn_options(settings))
    finally:
        with contextlib.suppress(OSError):
            info.unlink()


def serve_app(*, db: str | Path, host: str = "127.0.0.1", port: int = 8000,
              secret_key: str | None = None, **overrides: Any) -> None:
    """Serve the store at ``db``; ``secret_key`` defaults to ``LINEWATCH_SECRET_KEY``."""
    values: dict[str, Any] = {"db": str(db), "host": host, "port": port, **overrides}
    if secret_key is not None:
        values["secret_key"] = secret_key
    serve_settings(Settings(**values))
