"""Sessions, CSRF tokens, rate limits and the security headers sent with every response.

* Session cookie ``lw_session``: an itsdangerous-signed random session id, HttpOnly,
  SameSite=Strict, Secure when ``settings.https``. The id must also be a live row of
  ``web_sessions`` (so logout and disabling a user revoke it at once).
* CSRF: each session has its own random token; every state-changing request (POST, PUT,
  PATCH, DELETE) from a signed-in user must send it in the ``X-CSRF-Token`` header.
* Rate limits: in-memory token buckets (no IP address is ever read or stored).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linewatch.api.settings import Settings
from linewatch.api.users import User, now, revocation_generation
from linewatch.storage import Store

SESSION_COOKIE = "lw_session"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Session:
    session_id: str
    user: User
    csrf_token: str


class SessionManager:
    """Creates, checks and revokes server-side sessions."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.lifetime = dt.timedelta(hours=settings.session_hours)
        self._signer = URLSafeTimedSerializer(settings.secret_key.get_secret_value(),
                                              salt="linewatch-session")
        # live sessions by id, so a request costs no query; the server is the store's only
        # writer, and disabling a user or changing a password bumps the generation
        self._cache: dict[str, tuple[Session, dt.datetime]] = {}
        self._generation = revocation_generation(store)
        self._lock = threading.Lock()

    def create(self, user: User) -> tuple[str, Session]:
        """A new session for ``user``: the signed cookie value and the session."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        created = now()
        self.store.execute(
            "INSERT INTO web_sessions (session_id, user_name, csrf_token, created_at, "
            "expires_at, revoked) VALUES (?, ?, ?, ?, ?, FALSE)",
            [session_id, user.name, csrf, created, created + self.lifetime])
        return self._signer.dumps(session_id), Session(session_id, user, csrf)

    def _session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            session_id: str = self._signer.loads(cookie,
                                                 max_age=int(self.lifetime.total_seconds()))
        except BadSignature:
            return None
        return session_id

    def cached(self, cookie: str | None) -> Session | None:
        """The live session a cookie names if it is held in memory (no store query), else
        ``None``: then :meth:`load` decides."""
        session_id = self._session_id(cookie)
        if session_id is None:
            return None
        with self._lock:
            generation = revocation_generation(self.store)
            if generation != self._generation:
                self._cache.clear()
                self._generation = generation
            cached = self._cache.get(session_id)
        return cached[0] if cached is not None and cached[1] > now() else None

    def load(self, cookie: str | None) -> Session | None:
        """The live session a cookie names, or ``None`` (bad signature, expired, revoked)."""
        session = self.cached(cookie)
        if session is not None:
            return session
        session_id = self._session_id(cookie)
        if session_id is None:
            return None
        with self._lock:
            self._cache.pop(session_id, None)
        row = self.store.query_one(
            "SELECT s.session_id, s.csrf_token, u.name, u.role, s.expires_at FROM web_sessions s "
            "JOIN users u ON u.name = s.user_name WHERE s.session_id = ? AND NOT s.revoked "
            "AND s.expires_at > ? AND NOT u.disabled", [session_id, now()])
        if row is None:
            return None
        session = Session(row[0], User(row[2], row[3]), row[1])
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[session_id] = (session, row[4])
        return session

    def revoke(self, session_id: str) -> None:
        with self._lock:
            self._cache.pop(session_id, None)
        self.store.execute("UPDATE web_sessions SET revoked = TRUE WHERE session_id = ?",
                           [session_id])

    def cookie_kwargs(self) -> dict[str, object]:
        return {"httponly": True, "samesite": "strict", "secure": self.settings.https,
                "path": "/", "max_age": int(self.lifetime.total_seconds())}


def csrf_ok(session: Session, header_value: str | None) -> bool:
    return bool(header_value) and hmac.compare_digest(session.csrf_token, header_value or "")


class TokenBucket:
    """A thread-safe token bucket: ``rate`` tokens a second, at most ``capacity`` saved."""

    def __init__(self, rate_per_minute: float, capacity: int) -> None:
        self.rate = rate_per_minute / 60.0
        self.capacity = float(capacity)
        self.tokens = float(capacity)
        self.updated = time.monotonic()
        self._lock = threading.Lock()

    def take(self) -> bool:
        with self._lock:
            current = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (current - self.updated) * self.rate)
            self.updated = current
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


class LoginThrottle:
    """Locks a user name after repeated failures; a global bucket slows password spraying."""

    def __init__(self, settings: Settings) -> None:
        self.allowed = settings.login_failures_allowed
        self.lock_seconds = settings.login_lock_minutes * 60
        self.bucket = TokenBucket(settings.login_rate_per_minute,
                                  max(5, int(settings.login_rate_per_minute)))
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def allowed_now(self, name: str) -> bool:
        if not self.bucket.take():
            return False
        with self._lock:
            recent = self._recent(name)
            return len(recent) < self.allowed

    def failed(self, name: str) -> None:
        with self._lock:
            self._failures[name.lower()] = [*self._recent(name), time.monotonic()]
            if len(self._failures) > 10_000:  # bound memory under a flood of invented names
                self._failures.clear()

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name.lower(), None)

    def _recent(self, name: str) -> list[float]:
        cutoff = time.monotonic() - self.lock_seconds
        return [t for t in self._failures.get(name.lower(), []) if t > cutoff]


def content_security_policy(settings: Settings) -> str:
    img = "'self' data: blob:" + (f" {settings.tile_origin}" if settings.tile_origin else "")
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'", f"img-src {img}",
        "connect-src 'self'", "font-src 'self'", "worker-src 'self' blob:",
        "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """Pure ASGI middleware adding the security headers to every HTTP response."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        headers = {
            "content-security-policy": content_security_policy(settings),
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "x-frame-options": "DENY",
            "cross-origin-opener-policy": "same-origin",
            "cross-origin-resource-policy": "same-origin",
            "permissions-policy": "geolocation=(), camera=(), microphone=(), interest-cohort=()",
        }
        if settings.https:
            headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
        self.headers = [(k.encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope.get("path", "").startswith("/api") or scope.get("path") == "/tip"

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in existing]
                if is_api:
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, wrapped)
