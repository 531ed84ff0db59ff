"""Personal API tokens: how the CLI (and a force's own scripts) act as a named user.

A token is ``lw_<id>_<secret>``, sent as ``Authorization: Bearer <token>``. The store keeps only
the SHA-256 digest of the whole token (the secret is 32 random bytes, so a fast digest is
enough: nothing to guess); ``linewatch users token NAME`` or ``POST /api/tokens`` show it once.
A token acts with its user's role at the time of each request: disabling the user stops every
token of theirs at once, and a revoked token stops at once too. Requests with a token need no
CSRF header (a browser never sends the header by itself, so no other site can forge one).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import weakref
from typing import Any

from linewatch.api.users import User, now, revocation_generation
from linewatch.errors import Forbidden, InputError, NotFound
from linewatch.storage import Store

PREFIX = "lw_"
BEARER = "bearer "


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(store: Store, user_name: str, *, created_by: str,
                label: str | None = None) -> tuple[str, str]:
    """A new token for ``user_name``: ``(token_id, token)``; the token is shown only now."""
    store.ensure_schema()
    row = store.query_one("SELECT disabled FROM users WHERE name = ?", [user_name])
    if row is None:
        raise NotFound(f"no user '{user_name}'")
    if row[0]:
        raise InputError(f"user '{user_name}' is disabled")
    token_id = secrets.token_hex(6)
    token = f"{PREFIX}{token_id}_{secrets.token_urlsafe(32)}"
    store.execute(
        "INSERT INTO api_tokens (token_id, user_name, token_sha256, label, created_at, "
        "created_by) VALUES (?, ?, ?, ?, ?, ?)",
        [token_id, user_name, _digest(token), (label or "")[:100] or None, now(), created_by])
    return token_id, token


def list_tokens(store: Store, user_name: str | None = None) -> list[dict[str, Any]]:
    """Tokens (never their secrets), of one user or all, newest first."""
    store.ensure_schema()
    return store.query_dicts(
        "SELECT token_id, user_name, label, created_at, created_by, revoked_at, revoked_by "
        "FROM api_tokens WHERE (? IS NULL OR user_name = ?) ORDER BY created_at DESC",
        [user_name, user_name])


def revoke_token(store: Store, token_id: str, *, by: User) -> dict[str, Any]:
    """Revoke a token: its owner, a supervisor or an admin may."""
    store.ensure_schema()
    row = store.query_one("SELECT user_name, revoked_at FROM api_tokens WHERE token_id = ?",
                          [token_id])
    if row is None:
        raise NotFound(f"no token '{token_id}'")
    if row[0] != by.name and by.role not in {"admin", "supervisor"}:
        raise Forbidden("only the token's owner, a supervisor or an admin may revoke it")
    if row[1] is None:
        store.execute("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE token_id = ?",
                      [now(), by.name, token_id])
    _revoked(store)
    return {"token_id": token_id, "user_name": row[0], "revoked": True}


def token_id_of(token: str) -> str | None:
    """The id part of a well-formed token, else ``None``."""
    if not token.startswith(PREFIX):
        return None
    parts = token[len(PREFIX):].split("_", 1)
    return parts[0] if len(parts) == 2 and parts[0] else None


class TokenChecker:
    """Finds the user a bearer token acts as; live tokens are kept in memory by digest, so a
    request costs no query until a token is revoked or a user disabled (the generation)."""

    def __init__(self, store: Store) -> None:
        self._store = weakref.ref(store)  # the registry must not keep a closed store alive
        self._cache: dict[str, tuple[str, User]] = {}
        self._generation = (-1, -1)
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        store = self._store()
        if store is None:
            raise LookupError("the store is closed")
        return store

    def _current(self) -> None:
        generation = (revocation_generation(self.store), _TOKEN_GENERATION.get(self.store, 0))
        if generation != self._generation:
            self._cache.clear()
            self._generation = generation

    def cached(self, header: str | None) -> tuple[str, User] | None:
        token = bearer(header)
        if token is None:
            return None
        with self._lock:
            self._current()
            return self._cache.get(_digest(token))

    def load(self, header: str | None) -> tuple[str, User] | None:
        """``(token_id, user)`` for a live token of an enabled user, else ``None``."""
        token = bearer(header)
        token_id = token_id_of(token) if token else None
        if token is None or token_id is None:
            return None
        digest = _digest(token)
        row = self.store.query_one(
            "SELECT t.token_sha256, u.name, u.role FROM api_tokens t JOIN users u "
            "ON u.name = t.user_name WHERE t.token_id = ? AND t.revoked_at IS NULL "
            "AND NOT u.disabled", [token_id])
        if row is None or not hmac.compare_digest(str(row[0]), digest):
            return None
        found = (token_id, User(row[1], row[2]))
        with self._lock:
            self._current()
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[digest] = found
        return found


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header, else ``None``."""
    if not header or not header.lower().startswith(BEARER):
        return None
    token = header[len(BEARER):].strip()
    return token or None


_TOKEN_GENERATION: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()
_CHECKERS: weakref.WeakKeyDictionary[Store, TokenChecker] = weakref.WeakKeyDictionary()
_CHECKERS_LOCK = threading.Lock()


def _revoked(store: Store) -> None:
    _TOKEN_GENERATION[store] = _TOKEN_GENERATION.get(store, 0) + 1


def token_checker(store: Store) -> TokenChecker:
    """The store's one checker (its cache is shared by every request)."""
    with _CHECKERS_LOCK:
        checker = _CHECKERS.get(store)
        if checker is None:
            checker = _CHECKERS[store] = TokenChecker(store)
        return checker
