"""A script-free HTML page listing the API's routes, rendered from the OpenAPI schema.

FastAPI's own Swagger page loads scripts from the internet; police networks are closed and
our CSP forbids it, so ``/api/docs`` is plain HTML and ``/api/openapi.json`` the schema.
"""

from __future__ import annotations

from html import escape
from typing import Any


def render_docs(schema: dict[str, Any]) -> str:
    rows = []
    for path, methods in sorted(schema.get("paths", {}).items()):
        for method, spec in methods.items():
            params = ", ".join(
                f"{p['name']}{'' if p.get('required') else '?'}"
                for p in spec.get("parameters", []))
            summary = spec.get("description") or spec.get("summary") or ""
            rows.append(f"<tr><td><code>{escape(method.upper())}</code></td>"
                        f"<td><code>{escape(path)}</code></td><td>{escape(params)}</td>"
                        f"<td>{escape(summary.strip().splitlines()[0] if summary else '')}"
                        "</td></tr>")
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>linewatch API</title></head><body><h1>linewatch API</h1>"
            "<p>JSON schema: <a href='/api/openapi.json'>/api/openapi.json</a>. Every route "
            "needs a session cookie (sign in with <code>POST /api/auth/login</code>); every "
            "POST needs the <code>X-CSRF-Token</code> header.</p><table border='1' "
            "cellpadding='4'><tr><th>method</th><th>path</th><th>parameters</th>"
            "<th>what</th></tr>" + "".join(rows) + "</table></body></html>")
