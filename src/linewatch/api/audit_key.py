"""The audit key (``LINEWATCH_AUDIT_KEY``) and where a store's audit checkpoints go.

The key never lives in the store: an entry's hash is ``HMAC-SHA256(key, canonical entry +
previous hash)``, so whoever can write the store but does not hold the key can no longer
edit an entry and recompute the hashes after it. The same key signs the checkpoints (see
:mod:`linewatch.api.audit_checkpoints`).

A store's audit configuration comes from :func:`configure` (the web app, from its
:class:`~linewatch.api.settings.Settings`) or else from the environment
(:meth:`AuditConfig.from_env`, the command line); a missing or weak key is refused with a
one-line :class:`AuditKeyError`.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from linewatch.api.settings import AuditSettings, audit_key_problem
from linewatch.errors import LinewatchError
from linewatch.storage import Store

CHECKPOINT_SUFFIX = ".audit-checkpoints"
_KEY_ID_LABEL = b"linewatch audit key id v1"


class AuditKeyError(LinewatchError):
    """The audit key is missing or too weak (the message is one line, saying what to do)."""

    http_status = 500


@dataclass(frozen=True, repr=False)
class AuditKey:
    """The secret that signs audit entries and checkpoints (never printed)."""

    secret: bytes

    @classmethod
    def from_text(cls, raw: str) -> AuditKey:
        problem = audit_key_problem(raw)
        if problem:
            raise AuditKeyError(problem)
        return cls(raw.encode("utf-8"))

    def mac(self, text: str) -> str:
        """HMAC-SHA256 of ``text`` (UTF-8), in hex."""
        return hmac.new(self.secret, text.encode("utf-8"), hashlib.sha256).hexdigest()

    @property
    def key_id(self) -> str:
        """A short public name of the key: says which key signed a checkpoint, reveals
        nothing of it."""
        return hmac.new(self.secret, _KEY_ID_LABEL, hashlib.sha256).hexdigest()[:16]

    def __repr__(self) -> str:
        return f"AuditKey(id={self.key_id})"


def default_checkpoints(store_path: str) -> Path | None:
    """``<store>.audit-checkpoints`` beside a store file; ``None`` for an in-memory store."""
    if not store_path or store_path == ":memory:":
        return None
    return Path(store_path + CHECKPOINT_SUFFIX)


@dataclass(frozen=True)
class AuditConfig:
    """How one store's audit log is signed and anchored."""

    key: AuditKey
    checkpoints: Path | None
    every: int = 1000

    @classmethod
    def from_settings(cls, settings: AuditSettings, store_path: str) -> AuditConfig:
        key = AuditKey.from_text(settings.audit_key.get_secret_value())
        path = settings.audit_checkpoints or default_checkpoints(store_path)
        return cls(key, path, settings.audit_checkpoint_every)

    @classmethod
    def from_env(cls, store_path: str) -> AuditConfig:
        """From ``LINEWATCH_AUDIT_KEY`` (and the checkpoint settings) of the environment."""
        try:
            settings = AuditSettings()
        except ValidationError as exc:
            first = exc.errors()[0]
            message = str(first["msg"]).removeprefix("Value error, ")
            if first["loc"] and first["loc"][0] != "audit_key":
                message = f"LINEWATCH_{str(first['loc'][0]).upper()}: {message}"
            raise AuditKeyError(message) from None
        return cls.from_settings(settings, store_path)


_CONFIGS: weakref.WeakKeyDictionary[Store, AuditConfig] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def configure(store: Store, config: AuditConfig) -> None:
    """Use ``config`` for ``store`` (before its first audit entry)."""
    with _LOCK:
        _CONFIGS[store] = config


def config_for(store: Store) -> AuditConfig:
    """The store's configuration: as configured, else read from the environment."""
    with _LOCK:
        found = _CONFIGS.get(store)
        if found is None:
            found = _CONFIGS[store] = AuditConfig.from_env(store.path)
        return found
