"""The application factory: ``create_app(settings)`` builds the FastAPI app (nothing at import).

DuckDB lets one process write a store file at a time, and the server is that process: imports
and analysis runs reach the store as jobs (``/api/jobs``, or the CLI forwarding to the
server), run one at a time by the writer (:mod:`linewatch.api.job_writer`) on a connection of
its own. Small writes (audit entries, sessions) go through the store's main connection,
guarded by its lock; each request thread reads through its own cursor
(:meth:`linewatch.storage.Store.enable_parallel_reads`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from linewatch.api import audit
from linewatch.api.audit_key import AuditConfig, configure
from linewatch.api.deps import AppContext
from linewatch.api.job_files import jobs_dir
from linewatch.api.job_writer import job_writer
from linewatch.api.role_filter import RoleFilter
from linewatch.api.routes import ROUTERS
from linewatch.api.routes.docs import render_docs
from linewatch.api.routes.tip import router as tip_router
from linewatch.api.security import LoginThrottle, SecurityHeaders, SessionManager, TokenBucket
from linewatch.api.settings import Settings
from linewatch.api.tables import ensure_tables
from linewatch.errors import LinewatchError, StoreError
from linewatch.storage import Store

log = logging.getLogger("linewatch.api")

NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>linewatch</title></head><body><h1>linewatch</h1>
<p>The web app has not been built. Run <code>npm ci &amp;&amp; npm run build</code> in
<code>web/</code>, then restart <code>linewatch serve</code>. The API is at
<a href="/api/docs">/api/docs</a>.</p></body></html>"""


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the app for ``settings``; ``store`` overrides ``settings.db`` (tests)."""
    store = store or Store.open(settings.db, key=settings.store_key_or_none())
    ensure_tables(store)
    # the audit key signs every entry: configured now, and the checkpoint file anchored
    configure(store, AuditConfig.from_settings(settings, store.path))
    audit.writer(store)
    store.enable_parallel_reads()
    writer = job_writer(store, jobs_dir(store.path, settings.jobs_dir),
                        settings.job_stop_grace_seconds)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        writer.stop()  # SIGTERM: finish or roll back the running job; queued ones stay
        for callback in getattr(_app.state, "on_shutdown", []):
            callback()

    app = FastAPI(title="linewatch", version="1", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan,
                  description="JSON API of the linewatch analyst web app.")
    app.state.jobs = writer
    app.state.ctx = AppContext(
        settings=settings, store=store, sessions=SessionManager(store, settings),
        login_throttle=LoginThrottle(settings),
        tip_bucket=TokenBucket(settings.tip_rate_per_minute, settings.tip_burst),
    )

    @app.exception_handler(LinewatchError)
    async def _linewatch_error(request: Request, exc: LinewatchError) -> JSONResponse:
        if isinstance(exc, StoreError):
            log.error("store error on %s %s: %s", request.method, request.url.path, exc)
            return JSONResponse({"detail": "the store could not answer this request"},
                                status_code=500)
        return JSONResponse({"detail": str(exc)}, status_code=exc.http_status)

    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    app.include_router(tip_router)

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs() -> HTMLResponse:
        return HTMLResponse(render_docs(app.openapi()))

    _mount_web(app, settings.resolved_static_dir())
    app.add_middleware(RoleFilter)  # the per-role allowlist on every answer
    app.add_middleware(SecurityHeaders, settings=settings)
    audit.close_on_shutdown(app, store)
    return app


def _mount_web(app: FastAPI, static: Path) -> None:
    """Serve the built single-page app (``index.html`` + ``assets/``) when it exists."""
    index = static / "index.html"
    if (static / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    @app.get("/", include_in_schema=False, response_model=None)
    def home() -> Any:
        if index.is_file():
            return FileResponse(index, media_type="text/html")
        return HTMLResponse(NOT_BUILT)

    @app.get("/favicon.ico", include_in_schema=False)
    @app.get("/favicon.svg", include_in_schema=False)
    def favicon() -> Response:
        icon = static / "favicon.svg"
        if icon.is_file():
            return FileResponse(icon, media_type="image/svg+xml")
        return Response(status_code=204)
