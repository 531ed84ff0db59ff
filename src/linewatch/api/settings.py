"""Server settings, read from ``LINEWATCH_*`` environment variables (pydantic-settings).

Nothing is created at import: :func:`linewatch.api.create_app` takes a :class:`Settings`.
The server refuses to start with an empty, known-default or short secret key, because the key
signs every session cookie: anyone who knows it can sign in as anyone. The audit key
(:class:`AuditSettings`, also read by the command line) follows the same rule: it signs every
audit entry and checkpoint, so whoever holds it could rewrite the audit log undetected. The
store key (``LINEWATCH_STORE_KEY``) encrypts the store; the server refuses to listen beyond
localhost without it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from linewatch.storage.encryption import (
    KNOWN_DEFAULTS,
    MIN_SECRET_LENGTH,
    STORE_KEY_HELP,
    secret_problem,
)

__all__ = ["KNOWN_DEFAULTS", "MIN_SECRET_LENGTH", "AuditSettings", "Settings", "secret_problem"]
#: listening on these needs no store key (nobody else can reach the server)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

SECRET_HELP = (
    "LINEWATCH_SECRET_KEY must be set to a random value of at least "
    f"{MIN_SECRET_LENGTH} characters, for example:\n"
    "  export LINEWATCH_SECRET_KEY=\"$(python -c 'import secrets; "
    "print(secrets.token_urlsafe(48))')\"\n"
    "('linewatch demo' generates one for you.)"
)


AUDIT_KEY_HELP = (
    "set LINEWATCH_AUDIT_KEY to a random value of at least "
    f"{MIN_SECRET_LENGTH} characters kept outside the store "
    "(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
)


def audit_key_problem(raw: str) -> str | None:
    """The one-line refusal of a missing or weak audit key, or ``None``."""
    problem = secret_problem(raw)
    if problem is None:
        return None
    what = "missing" if not raw.strip() else f"too weak (it {problem})"
    return f"LINEWATCH_AUDIT_KEY is {what}: {AUDIT_KEY_HELP}"


class AuditSettings(BaseSettings):
    """The audit key and checkpoints: needed by the server and by every command that writes
    or verifies the audit log."""

    model_config = SettingsConfigDict(env_prefix="LINEWATCH_", extra="ignore")

    audit_key: SecretStr = Field(
        default=SecretStr(""), validate_default=True,
        description="Signs (HMAC-SHA256) every audit entry and checkpoint; kept outside the "
                    "store, at least 32 random characters. Refused when missing or weak.")
    audit_checkpoints: Path | None = Field(
        default=None,
        description="Append-only file of signed audit checkpoints (entry count and head hash). "
                    "Default: the store's path + '.audit-checkpoints'.")
    audit_checkpoint_every: int = Field(
        default=1000, ge=1,
        description="Write a checkpoint after this many audit entries (and at every clean "
                    "shutdown).")

    @field_validator("audit_key")
    @classmethod
    def _strong_audit_key(cls, value: SecretStr) -> SecretStr:
        problem = audit_key_problem(value.get_secret_value())
        if problem:
            raise ValueError(problem)
        return value


class Settings(AuditSettings):
    """Everything the analyst web app can be configured with."""

    model_config = SettingsConfigDict(env_prefix="LINEWATCH_", extra="ignore")

    db: str = Field("linewatch.duckdb", description="Path of the DuckDB store file.")
    secret_key: SecretStr = Field(SecretStr(""), description="Signs session cookies.")
    host: str = Field("127.0.0.1", description="Address the server listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the server listens on.")
    https: bool = Field(False, description="Mark cookies Secure and send HSTS (behind TLS).")
    tile_url: str | None = Field(
        None, description="Map tile URL template of the force's own tile server, "
                          "e.g. https://tiles.force.local/{z}/{x}/{y}.png. Unset: no base map.")
    session_hours: float = Field(8.0, gt=0, le=24 * 7, description="Session lifetime in hours.")
    tip_rate_per_minute: float = Field(
        6.0, gt=0, description="Public tips accepted per minute (all senders together).")
    tip_burst: int = Field(20, ge=1, description="Tips accepted in a burst before throttling.")
    tip_max_chars: int = Field(5000, ge=100, description="Longest tip text accepted.")
    login_failures_allowed: int = Field(
        5, ge=1, description="Failed sign-ins for one user name before it is locked.")
    login_lock_minutes: float = Field(15.0, gt=0, description="How long that lock lasts.")
    login_rate_per_minute: float = Field(
        30.0, gt=0, description="Sign-in attempts per minute, all users together.")
    upload_max_mb: float = Field(
        2048.0, gt=0, description="Largest import upload (a bundle's files together, unpacked).")
    jobs_dir: Path | None = Field(
        None, description="Folder for queued imports' uploaded files (default: beside the "
                          "store, <db>.jobs).")
    job_stop_grace_seconds: float = Field(
        30.0, ge=0, description="On shutdown (SIGTERM), how long a running job may take to "
                                "finish before it is rolled back and queued again.")
    store_key: SecretStr = Field(
        SecretStr(""), description="Encrypts the store and its backups (DuckDB database "
        "encryption), at least 32 random characters kept outside the store. Required to "
        "listen beyond localhost; unset: the store is not encrypted.")
    lake_roots: str = Field(
        "", description="Lakes an analysis job may read (detection's lake, `analyse --lake`): "
        "folders on the server and URI prefixes (s3a://bucket/lakes/), comma-separated. "
        "Unset: no job may name a lake.")
    spark_masters: str = Field(
        "", description="Spark masters an analysis job may run on besides local[N] "
        "(spark://host:port), comma-separated. Unset: Spark runs only in the server's "
        "process.")
    static_dir: Path | None = Field(
        None, description="Folder of the built web app (default: linewatch/web/static).")

    @field_validator("secret_key")
    @classmethod
    def _strong_secret(cls, value: SecretStr) -> SecretStr:
        problem = secret_problem(value.get_secret_value())
        if problem:
            raise ValueError(f"the secret key {problem}. " + SECRET_HELP)
        return value

    @field_validator("store_key")
    @classmethod
    def _strong_store_key(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value()
        problem = secret_problem(raw) if raw.strip() else None
        if problem:
            raise ValueError(f"LINEWATCH_STORE_KEY is too weak (it {problem}): "
                             f"{STORE_KEY_HELP}")
        return value

    @model_validator(mode="after")
    def _separate_keys(self) -> Settings:
        if self.audit_key.get_secret_value() == self.secret_key.get_secret_value():
            raise ValueError("LINEWATCH_AUDIT_KEY must not be the same as LINEWATCH_SECRET_KEY: "
                             "give each its own random value")
        store_key = self.store_key.get_secret_value()
        if store_key and store_key in {self.audit_key.get_secret_value(),
                                       self.secret_key.get_secret_value()}:
            raise ValueError("LINEWATCH_STORE_KEY must not be the same as the secret or audit "
                             "key: give each its own random value")
        if not store_key and self.host.strip("[]") not in LOCAL_HOSTS:
            raise ValueError(f"listening on {self.host} (beyond localhost) needs an encrypted "
                             f"store: {STORE_KEY_HELP}, then 'linewatch store encrypt --db "
                             f"{self.db}'")
        return self

    def store_key_or_none(self) -> str | None:
        """The store key, or ``None`` when the store is not encrypted."""
        return self.store_key.get_secret_value() or None

    @field_validator("tile_url")
    @classmethod
    def _tile_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("LINEWATCH_TILE_URL must be an http(s) URL template")
        return value.strip()

    @property
    def tile_origin(self) -> str | None:
        """``scheme://host[:port]`` of the tile server, for the CSP ``img-src``."""
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url)
        return f"{parts.scheme}://{parts.netloc}"

    def resolved_static_dir(self) -> Path:
        if self.static_dir is not None:
            return self.static_dir
        return Path(__file__).resolve().parent.parent / "web" / "static"
