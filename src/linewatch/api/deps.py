"""Dependencies shared by the routers (``Annotated`` aliases), and the app's context object.

``CurrentUser`` is the signed-in user; it also enforces the CSRF token on every
state-changing request, so no route that needs a user can forget it. ``require_role(...)``
narrows that to some roles (403 for the others, 401 when nobody is signed in).

The dependencies are ``async`` and never touch the store on the hot path (a session held in
memory): FastAPI runs a plain ``def`` dependency in its thread pool, and those hand-offs cost
more than the dependencies themselves. Only a session not yet in memory is looked up in the
store, in the thread pool.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from linewatch.api import audit
from linewatch.api.security import (
    CSRF_HEADER,
    SAFE_METHODS,
    SESSION_COOKIE,
    LoginThrottle,
    Session,
    SessionManager,
    TokenBucket,
    csrf_ok,
)
from linewatch.api.settings import Settings
from linewatch.api.users import User
from linewatch.errors import Forbidden, LinewatchError
from linewatch.storage import Store


class NotSignedIn(LinewatchError):
    """No valid session: sign in first."""

    http_status = 401


class TooManyRequests(LinewatchError):
    http_status = 429


@dataclass
class AppContext:
    """What every request may need, created once by :func:`linewatch.api.create_app`."""

    settings: Settings
    store: Store
    sessions: SessionManager
    login_throttle: LoginThrottle
    tip_bucket: TokenBucket


def get_ctx(request: Request) -> AppContext:
    ctx: AppContext = request.app.state.ctx
    return ctx


async def _context(request: Request) -> AppContext:
    return get_ctx(request)


async def get_store(request: Request) -> Store:
    return get_ctx(request).store


async def get_session(request: Request) -> Session:
    ctx = get_ctx(request)
    authorization = request.headers.get("authorization") or ""
    if authorization[:7].lower() == "bearer ":  # a personal API token: no cookie, no CSRF
        return await _token_session(request, ctx, authorization)
    cookie = request.cookies.get(SESSION_COOKIE)
    session = ctx.sessions.cached(cookie)
    if session is None:  # not in memory: ask the store, off the event loop
        session = await run_in_threadpool(ctx.sessions.load, cookie)
    if session is None:
        raise NotSignedIn("sign in first")
    if request.method not in SAFE_METHODS and not csrf_ok(session,
                                                          request.headers.get(CSRF_HEADER)):
        raise Forbidden(f"missing or wrong {CSRF_HEADER} header")
    request.state.user = session.user
    return session


async def _token_session(request: Request, ctx: AppContext, header: str) -> Session:
    from linewatch.api.tokens import token_checker

    checker = token_checker(ctx.store)
    found = checker.cached(header)
    if found is None:
        found = await run_in_threadpool(checker.load, header)
    if found is None:
        raise NotSignedIn("the API token is unknown, revoked or its user disabled")
    token_id, user = found
    request.state.user = user
    return Session(f"token:{token_id}", user, "")


async def current_user(session: Annotated[Session, Depends(get_session)]) -> User:
    return session.user


CtxDep = Annotated[AppContext, Depends(_context)]
StoreDep = Annotated[Store, Depends(get_store)]
SessionDep = Annotated[Session, Depends(get_session)]
CurrentUser = Annotated[User, Depends(current_user)]


def require_role(*roles: str) -> Callable[..., Awaitable[User]]:
    """A dependency allowing only ``roles``: ``Annotated[User, Depends(require_role(...))]``."""
    allowed = frozenset(roles)

    async def checker(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise Forbidden(f"the {user.role} role may not use this")
        return user

    checker.__name__ = f"require_{'_'.join(sorted(allowed))}"
    return checker


class Auditor:
    """Writes audit entries as the signed-in user."""

    def __init__(self, store: Store, user: User) -> None:
        self.store = store
        self.user = user

    def __call__(self, action: str, target: str | None = None,
                 detail: dict[str, Any] | None = None, reason: str | None = None) -> None:
        audit.record(self.store, self.user.name, action, target, detail, reason)

    async def record_async(self, action: str, target: str | None = None,
                           detail: dict[str, Any] | None = None,
                           reason: str | None = None) -> None:
        """The same, for a route running on the event loop (holds no thread meanwhile)."""
        await audit.record_async(self.store, self.user.name, action, target, detail, reason)


async def get_auditor(store: StoreDep, user: CurrentUser) -> Auditor:
    return Auditor(store, user)


AuditDep = Annotated[Auditor, Depends(get_auditor)]
