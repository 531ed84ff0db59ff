"""Encryption at rest: DuckDB's database encryption (AES-GCM), keyed by ``LINEWATCH_STORE_KEY``.

An encrypted store is opened by attaching its file with the key to an in-memory connection
(DuckDB takes the key only through ``ATTACH``) and making it the connection's default
catalogue, so every query, cursor and Splink run reads and writes it as before. Its WAL and
the temporary files DuckDB spills to disk are encrypted too.

DuckDB writes encrypted files only with OpenSSL's cipher, which comes with its ``httpfs``
extension; its built-in module can only read them. The extension is loaded from the
``duckdb-extension-httpfs`` wheel (a package dependency), never downloaded, so this works on a
machine without network. Every secret linewatch takes is checked by :func:`secret_problem`.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
from pathlib import Path

import duckdb

from linewatch.errors import StoreError

STORE_KEY_ENV = "LINEWATCH_STORE_KEY"
#: the catalogue an encrypted store is attached as (the connection's default)
STORE_CATALOG = "lw_store"
MIN_SECRET_LENGTH = 32
#: Values people paste from tutorials; refused whatever their length.
KNOWN_DEFAULTS = frozenset({
    "", "changeme", "change-me", "change_me", "secret", "secret-key", "secret_key", "default",
    "password", "linewatch", "dev", "development", "test", "insecure", "notsecret",
})
STORE_KEY_HELP = (
    f"set {STORE_KEY_ENV} to a random value of at least {MIN_SECRET_LENGTH} characters kept "
    "outside the store (python -c 'import secrets; print(secrets.token_urlsafe(48))')"
)
_HEADER_MAGIC = b"DUCK"
_ENCRYPTED_FLAG = 1


class StoreKeyError(StoreError):
    """The store key is weak, wrong or missing where one is needed (one line, saying what
    to do)."""


def secret_problem(raw: str) -> str | None:
    """Why ``raw`` is too weak to sign or encrypt anything with, or ``None`` when it will do."""
    if raw.strip().lower() in KNOWN_DEFAULTS:
        return "is empty or a known default"
    if len(raw) < MIN_SECRET_LENGTH:
        return f"is only {len(raw)} characters"
    if len(set(raw)) < 8:
        return "repeats too few characters"
    return None


def check_store_key(raw: str, name: str = STORE_KEY_ENV) -> str:
    """``raw`` when it is strong enough to encrypt a store with; else :class:`StoreKeyError`."""
    problem = secret_problem(raw)
    if problem:
        raise StoreKeyError(f"{name} is too weak (it {problem}): {STORE_KEY_HELP}")
    return raw


def store_key_from_env() -> str | None:
    """``LINEWATCH_STORE_KEY`` (checked), or ``None`` when it is unset or empty."""
    raw = os.environ.get(STORE_KEY_ENV, "")
    if not raw.strip():
        return None
    return check_store_key(raw)


def is_encrypted(path: str | Path) -> bool:
    """Whether the DuckDB file at ``path`` is encrypted (read from its header, so this works
    while another process holds the file); ``False`` for a missing or non-DuckDB file."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(28)
    except OSError:
        return False
    return len(header) == 28 and header[8:12] == _HEADER_MAGIC and \
        bool(header[20] & _ENCRYPTED_FLAG)


def _httpfs_file() -> str | None:
    """The httpfs extension shipped in the ``duckdb-extension-httpfs`` wheel for this DuckDB."""
    spec = importlib.util.find_spec("duckdb_extension_httpfs")
    if spec is None or not spec.submodule_search_locations:
        return None
    version = duckdb.__version__.split("-")[0]
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "extensions" / f"v{version}" / "httpfs.duckdb_extension"
        if candidate.is_file():
            return str(candidate)
    return None


def load_cipher(con: duckdb.DuckDBPyConnection) -> None:
    """Load OpenSSL's cipher (the httpfs extension) so ``con`` can write encrypted files."""
    found = _httpfs_file()
    try:
        if found is not None:
            con.execute(f"LOAD '{quote(found)}'")
        else:  # installed by hand into DuckDB's extension folder, perhaps
            con.execute("LOAD httpfs")
    except duckdb.Error as exc:
        raise StoreError(
            f"encrypted stores need DuckDB's httpfs extension for this DuckDB "
            f"({duckdb.__version__}), from the duckdb-extension-httpfs package of the same "
            f"version: pip install 'duckdb-extension-httpfs=={duckdb.__version__}' ({exc})"
        ) from exc


def attach_sql(path: str | Path, key: str, alias: str, *, read_only: bool = False) -> str:
    """``ATTACH`` of an encrypted file (DuckDB takes no bound parameters in ATTACH options:
    the path and key are quoted; the key passed :func:`check_store_key`)."""
    mode = ", READ_ONLY" if read_only else ""
    return (f"ATTACH '{quote(str(path))}' AS {alias} "
            f"(ENCRYPTION_KEY '{quote(key)}'{mode})")


def connect_encrypted(path: str, key: str, *, read_only: bool = False
                      ) -> duckdb.DuckDBPyConnection:
    """A connection whose default catalogue is the encrypted store at ``path``."""
    check_store_key(key)
    con = duckdb.connect(":memory:")
    try:
        load_cipher(con)
        con.execute("SET temp_file_encryption = true")
        con.execute(attach_sql(path, key, STORE_CATALOG, read_only=read_only))
        con.execute(f"USE {STORE_CATALOG}")
    except duckdb.Error as exc:
        con.close()
        key_problem, message = _attach_problem(path, str(exc))
        raise (StoreKeyError if key_problem else StoreError)(message) from exc
    except StoreError:
        con.close()
        raise
    return con


def _attach_problem(path: str, error: str) -> tuple[bool, str]:
    """Whether the key is the problem, and one line saying what went wrong."""
    from linewatch.storage.store import held_message

    if "wrong encryption key" in error.lower():
        return True, (f"{path}: {STORE_KEY_ENV} is not the key this store was encrypted with "
                      "(after a rotation, use the new key)")
    if "is not encrypted" in error.lower():
        return True, (f"{path} is not encrypted but {STORE_KEY_ENV} is set: encrypt it with "
                      f"'linewatch store encrypt --db {path}', or unset the key")
    return False, held_message(path, error) or f"{path}: cannot open encrypted store ({error})"


def unkeyed_problem(path: str) -> str:
    return (f"{path} is encrypted: set {STORE_KEY_ENV} to the key it was encrypted with")


def quote(text: str) -> str:
    """A string literal's inside for SQL that takes no parameters (single quotes doubled)."""
    if "\x00" in text:
        raise StoreError("a path or key holds a NUL character")
    return text.replace("'", "''")


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
