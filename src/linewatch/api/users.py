"""User accounts: argon2 password hashes, roles, disabling. No default account exists."""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from linewatch.api.access import ROLES
from linewatch.api.tables import ensure_tables
from linewatch.errors import InputError, NotFound
from linewatch.storage import Store

MIN_PASSWORD_LENGTH = 12
_HASHER = PasswordHasher()
#: Verified against when the user does not exist, so timing does not reveal valid names.
_DUMMY_HASH = _HASHER.hash("linewatch-no-such-user-dummy")


@dataclass(frozen=True)
class User:
    name: str
    role: str
    disabled: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role}


_GENERATION: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


def revocation_generation(store: Store) -> int:
    """Bumped whenever users are disabled or passwords change: cached sessions must recheck."""
    return _GENERATION.get(store, 0)


def _bump(store: Store) -> None:
    _GENERATION[store] = _GENERATION.get(store, 0) + 1


def now() -> dt.datetime:
    """Naive UTC now, as every timestamp in the store."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def check_password_strength(password: str, name: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if password.strip().lower() == name.strip().lower():
        raise InputError("password must not be the user name")
    if len(set(password)) < 4:
        raise InputError("password repeats too few characters")


def add_user(store: Store, name: str, role: str, password: str) -> User:
    """Create a user; the password is stored only as an argon2 hash."""
    ensure_tables(store)
    name = name.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-@" for c in name):
        raise InputError("user name must be 1-64 letters, digits or . _ - @")
    if role not in ROLES:
        raise InputError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
    check_password_strength(password, name)
    if store.scalar("SELECT count(*) FROM users WHERE name = ?", [name]):
        raise InputError(f"user '{name}' already exists")
    store.execute(
        "INSERT INTO users (name, role, password_hash, created_at, disabled) "
        "VALUES (?, ?, ?, ?, FALSE)", [name, role, _HASHER.hash(password), now()])
    return User(name, role)


def list_users(store: Store) -> list[dict[str, Any]]:
    ensure_tables(store)
    return store.query_dicts(
        "SELECT name, role, created_at, disabled, disabled_at FROM users ORDER BY name")


def set_disabled(store: Store, name: str, disabled: bool = True) -> None:
    """Disable (or re-enable) a user; disabling revokes every session of theirs at once."""
    ensure_tables(store)
    role = store.scalar("SELECT role FROM users WHERE name = ?", [name])
    if role is None:
        raise NotFound(f"no user '{name}'")
    if disabled and role == "admin":
        _keep_an_admin(store, name)
    with store.transaction():
        store.execute("UPDATE users SET disabled = ?, disabled_at = ? WHERE name = ?",
                      [disabled, now() if disabled else None, name])
        if disabled:
            store.execute("UPDATE web_sessions SET revoked = TRUE WHERE user_name = ?", [name])
    _bump(store)


def set_password(store: Store, name: str, password: str) -> None:
    """Replace a user's password (same strength rules) and revoke their sessions."""
    ensure_tables(store)
    if not store.scalar("SELECT count(*) FROM users WHERE name = ?", [name]):
        raise NotFound(f"no user '{name}'")
    check_password_strength(password, name)
    with store.transaction():
        store.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                      [_HASHER.hash(password), name])
        store.execute("UPDATE web_sessions SET revoked = TRUE WHERE user_name = ?", [name])
    _bump(store)


def set_role(store: Store, name: str, role: str) -> str:
    """Give a user another role and revoke their sessions (a session carries its role);
    returns the role they had."""
    ensure_tables(store)
    if role not in ROLES:
        raise InputError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
    before = store.scalar("SELECT role FROM users WHERE name = ?", [name])
    if before is None:
        raise NotFound(f"no user '{name}'")
    if before == "admin" and role != "admin":
        _keep_an_admin(store, name)
    with store.transaction():
        store.execute("UPDATE users SET role = ? WHERE name = ?", [role, name])
        store.execute("UPDATE web_sessions SET revoked = TRUE WHERE user_name = ?", [name])
    _bump(store)
    return str(before)


def _keep_an_admin(store: Store, name: str) -> None:
    """Refuse to take away the last enabled admin (nobody could manage users after it)."""
    others = store.scalar("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled "
                          "AND name <> ?", [name])
    if not others:
        raise InputError(f"'{name}' is the only enabled admin; add another admin first")


def get_user(store: Store, name: str) -> User | None:
    ensure_tables(store)
    row = store.query_one("SELECT name, role, disabled FROM users WHERE name = ?", [name])
    return User(row[0], row[1], bool(row[2])) if row else None


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user when ``password`` is right and the account is enabled, else ``None``."""
    row = store.query_one(
        "SELECT name, role, disabled, password_hash FROM users WHERE name = ?", [name])
    stored = row[3] if row else _DUMMY_HASH
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if row is None or row[2]:
        return None
    if _HASHER.check_needs_rehash(stored):
        store.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                      [_HASHER.hash(password), name])
    return User(row[0], row[1], False)
