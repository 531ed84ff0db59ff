"""The public tip form at ``/tip``: server-rendered, no script, no sign-in, no cookie.

Rate limiting is one global token bucket, not keyed by IP address: the server never reads
the sender's address, so it cannot key on it, and keying would itself be a record of who
reported. The cost: a flood from one sender can make everyone wait; the page then asks people
to try again shortly or to call Crimestoppers.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, Template, select_autoescape

from linewatch.api.deps import get_ctx
from linewatch.api.tips_intake import store_tip

router = APIRouter(tags=["public"])
_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))


@functools.cache
def _template(name: str) -> str:
    return (resources.files("linewatch.api") / "templates" / name).read_text(encoding="utf-8")


@functools.cache
def _form() -> Template:
    """The page's template, compiled once (compiling costs milliseconds of CPU, which twenty
    tips posted together would take from every analyst's reads)."""
    return _ENV.from_string(_template("tip.html"))


def _page(status: int = 200, **values: object) -> HTMLResponse:
    html = _form().render(
        state=values.get("state", "form"), error=values.get("error"),
        text=values.get("text", ""), max_chars=values.get("max_chars", 5000))
    return HTMLResponse(html, status_code=status)


@router.get("/tip", response_class=HTMLResponse)
def tip_form(request: Request) -> HTMLResponse:
    """The empty form."""
    return _page(max_chars=get_ctx(request).settings.tip_max_chars)


@router.get("/tip.css", include_in_schema=False)
def tip_css() -> Response:
    return Response(_template("tip.css"), media_type="text/css")


@router.post("/tip", response_class=HTMLResponse)
def submit_tip(request: Request,
               text: Annotated[str, Form(max_length=200_000)] = "",
               website: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    """Store a public tip (channel ``web``) and queue it for text extraction, which the
    server's writer does on its own thread; nothing about the sender is read or kept."""
    ctx = get_ctx(request)
    limit = ctx.settings.tip_max_chars
    clean = text.replace("\r\n", "\n").strip()
    if website:  # the hidden field only automated senders fill in: answer as if accepted
        return _page(state="thanks")
    if len(clean) < 10:
        return _page(422, error="Please write a little more (at least 10 characters).",
                     text=clean, max_chars=limit)
    if len(clean) > limit:
        return _page(422, error=f"Please keep your report under {limit} characters.",
                     text=clean[:limit], max_chars=limit)
    if not ctx.tip_bucket.take():
        return _page(429, error="We are receiving a lot of reports right now. Please try again "
                     "in a minute, or call Crimestoppers on 0800 555 111.", text=clean,
                     max_chars=limit)
    store_tip(ctx.store, clean)
    request.app.state.jobs.notify()
    return _page(state="thanks")
