"""Running the app under uvicorn, with client-address logging switched off.

The access log is disabled for the whole server, not only for ``/tip``: linewatch never
writes a client's address anywhere (the tip form's privacy promise depends on it, and staff
actions are attributed by user name in the audit log instead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from linewatch.api.settings import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    return {"host": settings.host, "port": settings.port, "access_log": False,
            "server_header": False, "proxy_headers": False, "log_level": "warning"}


def serve_settings(settings: Settings) -> None:
    """Build the app for ``settings`` and serve it until interrupted."""
    import uvicorn

    from linewatch.api.app import create_app
    from linewatch.api.warmup import warm_in_background

    app = create_app(settings)
    warm_in_background(app.state.ctx.store)
    uvicorn.run(app, **uvicorn_options(settings))


def serve_app(*, db: str | Path, host: str = "127.0.0.1", port: int = 8000,
              secret_key: str | None = None, **overrides: Any) -> None:
    """Serve the store at ``db``; ``secret_key`` defaults to ``LINEWATCH_SECRET_KEY``."""
    values: dict[str, Any] = {"db": str(db), "host": host, "port": port, **overrides}
    if secret_key is not None:
        values["secret_key"] = secret_key
    serve_settings(Settings(**values))
