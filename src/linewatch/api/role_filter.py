"""The response layer that applies the per-role allowlist to every JSON answer.

:class:`RoleFilter` is ASGI middleware wrapped around the whole app, so a route cannot forget
it: when the signed-in user's role has an allowlist (:mod:`linewatch.api.allowlist`), the
answer's JSON body is read back, filtered with :func:`~linewatch.api.allowlist.allowed` for
the route that answered, and sent re-encoded. Answers to the other roles stream through
untouched. A filtered role's non-JSON answers (an operation's HTML or PDF export) are built
from data the route filters itself; anything else that is neither JSON nor one of those is
refused, so a new download cannot slip past.

The customer numbers the pseudonyms need are read once per data version of the store
(:func:`linewatch.api.snapshot.memo`), off the event loop.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linewatch.api.allowlist import Pseudonyms, allowed, filtered_role
from linewatch.api.data import rows
from linewatch.api.deps import AppContext
from linewatch.api.responses import dumps
from linewatch.api.snapshot import memo
from linewatch.storage import Store

log = logging.getLogger("linewatch.api")

#: non-JSON answers a filtered role may receive: built from already-filtered data (routes)
FILTERED_ELSEWHERE = frozenset({"/api/operations/{operation_id}/export",
                                "/api/export/{fmt}"})  # export/ builds the partner's graph
PASSED_TYPES = ("application/json",)


def customer_numbers(store: Store) -> frozenset[str]:
    """Numbers whose only role on any line is ``customer`` (members of the public)."""
    def load() -> frozenset[str]:
        return frozenset(r["number"] for r in rows(store, ["phone_roles"], """
            SELECT number FROM phone_roles GROUP BY number
            HAVING bool_and(role = 'customer')"""))
    return memo(store, "customer_numbers", load)


class RouteTemplates:
    """The path template (``/api/lines/{line_id}``) a request path was answered by.

    Read from the app's OpenAPI paths, which name every route with its full prefix; where two
    templates match, the one with more literal segments wins (``/api/labels/evaluation``
    before ``/api/labels/{label_id}``).
    """

    def __init__(self, templates: list[str]) -> None:
        def literal(template: str) -> int:
            return sum(not part.startswith("{") for part in template.split("/"))

        ordered = sorted(templates, key=lambda t: (-literal(t), t))
        self._patterns = [(re.compile("^" + re.sub(r"\\{\w+\\}", "[^/]+", re.escape(t)) + "$"), t)
                          for t in ordered]

    def match(self, path: str) -> str | None:
        return next((t for pattern, t in self._patterns if pattern.match(path)), None)


def _route_path(scope: Scope) -> str | None:
    app = scope["app"]
    templates = getattr(app.state, "route_templates", None)
    if templates is None:
        templates = RouteTemplates(list(app.openapi()["paths"]))
        app.state.route_templates = templates
    found: str | None = templates.match(scope["path"])
    return found


def _user_role(scope: Scope) -> str | None:
    user = (scope.get("state") or {}).get("user")
    role = getattr(user, "role", None)
    return role if isinstance(role, str) else None


class RoleFilter:
    """ASGI middleware: every answer to a filtered role goes through its allowlist."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # the session dependency records the user here
        start: Message | None = None
        body: list[bytes] = []
        filtering = False

        async def capture(message: Message) -> None:
            nonlocal start, filtering
            if message["type"] == "http.response.start":
                filtering = filtered_role(_user_role(scope))
                if not filtering:
                    await send(message)
                    return
                start = message
                return
            if not filtering:
                await send(message)
                return
            body.append(message.get("body", b""))
            if not message.get("more_body", False) and start is not None:
                await self._send_filtered(scope, start, b"".join(body), send)

        await self.app(scope, receive, capture)

    async def _send_filtered(self, scope: Scope, start: Message, body: bytes,
                             send: Send) -> None:
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        kind = dict(start["headers"]).get(b"content-type", b"").decode("latin-1")
        route, role = _route_path(scope), _user_role(scope) or ""
        status = int(start["status"])
        if status < 400 and kind.startswith(PASSED_TYPES):
            body = await run_in_threadpool(self._filter, scope, body, role, route)
        elif status < 400 and body and route not in FILTERED_ELSEWHERE:
            log.error("refused a %s answer to the %s role from %s: not JSON", kind, role, route)
            status, body = 500, dumps({"detail": "this answer is not available to your role"})
            headers = [(k, v) for k, v in headers if k.lower() != b"content-type"]
            headers.append((b"content-type", b"application/json"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    @staticmethod
    def _filter(scope: Scope, body: bytes, role: str, route: str | None) -> bytes:
        if not body:
            return body
        content: Any = orjson.loads(body)
        return dumps(allowed_answer(scope["app"].state.ctx, role, route, content))


def allowed_answer(ctx: AppContext, role: str, route: str | None, content: Any) -> Any:
    """``content`` as ``role`` may receive it from ``route``: for the few routes whose answer
    is not JSON (a download rendered from data), which filter their data with this first."""
    if not filtered_role(role):
        return content
    key = ctx.settings.secret_key.get_secret_value().encode()
    return allowed(content, role, route, Pseudonyms(customer_numbers(ctx.store), key))
