"""Sign in and out; who am I; the CSRF token of the current session."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from linewatch.api import audit
from linewatch.api.access import ROLE_LABELS
from linewatch.api.deps import CtxDep, NotSignedIn, SessionDep, TooManyRequests
from linewatch.api.security import SESSION_COOKIE
from linewatch.api.users import authenticate

router = APIRouter(prefix="/auth", tags=["auth"])


class Login(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


def _me(session: Any) -> dict[str, Any]:
    return {"user": session.user.to_dict(), "role_label": ROLE_LABELS[session.user.role],
            "csrf_token": session.csrf_token}


@router.post("/login")
def login(body: Login, response: Response, ctx: CtxDep) -> dict[str, Any]:
    """Check the password; on success set the session cookie and return the CSRF token."""
    throttle = ctx.login_throttle
    if not throttle.allowed_now(body.name):
        raise TooManyRequests("too many sign-in attempts: wait a few minutes and try again")
    user = authenticate(ctx.store, body.name, body.password)
    if user is None:
        throttle.failed(body.name)
        audit.record(ctx.store, body.name[:64], "login_failed")
        raise NotSignedIn("wrong user name or password, or the account is disabled")
    throttle.succeeded(body.name)
    cookie, session = ctx.sessions.create(user)
    kwargs = ctx.sessions.cookie_kwargs()
    response.set_cookie(SESSION_COOKIE, cookie, **kwargs)  # type: ignore[arg-type]
    audit.record(ctx.store, user.name, "login")
    return _me(session)


@router.post("/logout")
def logout(session: SessionDep, response: Response, ctx: CtxDep) -> dict[str, bool]:
    """Revoke the session server-side and clear the cookie."""
    ctx.sessions.revoke(session.session_id)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict",
                           secure=ctx.settings.https)
    audit.record(ctx.store, session.user.name, "logout")
    return {"ok": True}


@router.get("/me")
def me(session: SessionDep) -> dict[str, Any]:
    return _me(session)


@router.get("/csrf")
def csrf(session: SessionDep) -> dict[str, str]:
    """The token to send as ``X-CSRF-Token`` with every POST of this session."""
    return {"csrf_token": session.csrf_token}
