"""``linewatch store encrypt|rekey|recover``, ``linewatch backup`` and ``linewatch restore``.

Encrypting and rotating the key rewrite the store file, so they need the store to themselves
(stop the server). ``backup`` works while the server runs: the CLI forwards it to the server
(:mod:`linewatch.cli.remote`), whose writer takes the snapshot between jobs. ``restore``
replaces the store file: stop the server first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, console, print_json

store_app = typer.Typer(help="Encrypt a store at rest, rotate its key (LINEWATCH_STORE_KEY), or recover "
                             "one whose write-ahead log cannot be replayed.",
                        no_args_is_help=True)
NEW_KEY_ENV = "LINEWATCH_NEW_STORE_KEY"


def _audit_verdict(db: Path) -> None:
    """Verify the audit chain of the rewritten store; exit 1 when it does not verify."""
    from linewatch.api import audit
    from linewatch.storage import Store

    with Store.open(db) as store:
        result = audit.verify(store)
    if not result.ok:
        typer.echo(f"audit log BROKEN at seq {result.first_bad_seq}: {result.problem}", err=True)
        sys.exit(1)
    console.print(f"audit log intact: {result.entries} entries", highlight=False)


@store_app.command("encrypt")
def encrypt(db: DbOption = DEFAULT_DB_PATH) -> None:
    """Encrypt an unencrypted store with LINEWATCH_STORE_KEY (in place; stop the server
    first). Every table's rows are checked in the encrypted copy before it replaces the file,
    and the audit chain is verified after."""
    from linewatch.storage.copies import rewrite_store
    from linewatch.storage.encryption import StoreKeyError, store_key_from_env

    key = store_key_from_env()
    if key is None:
        raise StoreKeyError("LINEWATCH_STORE_KEY is not set: set it to the new store key "
                            "(python -c 'import secrets; print(secrets.token_urlsafe(48))')")
    report = rewrite_store(db, None, key)
    console.print(f"{db} is encrypted: {len(report.rows)} tables, {sum(report.rows.values())} "
                  "rows checked", highlight=False)
    _audit_verdict(db)


@store_app.command("rekey")
def rekey(db: DbOption = DEFAULT_DB_PATH) -> None:
    """Rotate the store key: the store (encrypted with LINEWATCH_STORE_KEY) is copied into a
    new file encrypted with LINEWATCH_NEW_STORE_KEY, checked, and swapped in (stop the server
    first). Then set LINEWATCH_STORE_KEY to the new key."""
    from linewatch.storage.copies import rewrite_store
    from linewatch.storage.encryption import StoreKeyError, check_store_key, store_key_from_env

    old = store_key_from_env()
    if old is None:
        raise StoreKeyError("LINEWATCH_STORE_KEY must hold the store's current key")
    new = check_store_key(os.environ.get(NEW_KEY_ENV, ""), NEW_KEY_ENV)
    report = rewrite_store(db, old, new)
    console.print(f"{db} is now encrypted with the new key ({len(report.rows)} tables, "
                  f"{sum(report.rows.values())} rows checked): set LINEWATCH_STORE_KEY to "
                  f"the value of {NEW_KEY_ENV}", highlight=False)
    os.environ["LINEWATCH_STORE_KEY"] = new
    _audit_verdict(db)


@store_app.command("recover")
def recover(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Open a store whose write-ahead log cannot be replayed after a crash (stop the server
    first): the log is kept beside the store as <db>.wal.unreplayed-<time>, and the store
    opens as of its last checkpoint (taken after every import and analysis). Says what it
    holds; re-run 'analyse' and 'audit verify' after."""
    from linewatch.storage import Store
    from linewatch.storage.recovery import checkpoint_state, set_aside_wal

    kept = set_aside_wal(db)
    with Store.open(db) as store:
        state = checkpoint_state(store)
    result = {"store": str(db), "log_kept_as": str(kept) if kept else None, **state}
    if as_json:
        print_json(result)
        return
    if kept is None:
        console.print(f"{db} has no write-ahead log: nothing to recover", highlight=False)
    else:
        console.print(f"the write-ahead log is kept as {kept}", highlight=False)
    batch = state["last_batch"]
    console.print(f"{db} opens; last import batch: "
                  f"{batch['batch_id'] if batch else 'none'}; last runs: "
                  + (", ".join(f"{k} {v['run_id']}" for k, v in state["last_runs"].items())
                     or "none"), highlight=False)
    console.print("re-run 'linewatch analyse' for results after that, and 'linewatch audit "
                  "verify' to see whether audit entries were lost", highlight=False)


def backup(db: DbOption = DEFAULT_DB_PATH,
           out_path: Annotated[Path, typer.Option("--out", help="The new backup file.")] = Path(
               "linewatch-backup.duckdb"),
           as_json: JsonOption = False) -> None:
    """Back the store up into a new file: a consistent snapshot (encrypted when the store
    is), with a copy of the signed audit checkpoints beside it (OUT.audit-checkpoints). While
    the server runs, it takes the backup (forwarded as an admin's job)."""
    from linewatch.api.backup import backup as take_backup
    from linewatch.cli.serve import _cli_user
    from linewatch.storage import Store

    with Store.open(db) as store:
        result = take_backup(store, out_path, _cli_user())
        from linewatch.api import audit

        audit.close(store)
    if as_json:
        print_json(result)
        return
    console.print(f"backup {result['path']}: {result['tables']} tables, {result['rows']} rows, "
                  f"{result['audit_entries']} audit entries"
                  f"{', encrypted' if result['encrypted'] else ''}", highlight=False)


def restore(backup_path: Annotated[Path, typer.Argument(help="The backup file.")],
            db: DbOption = DEFAULT_DB_PATH,
            replace: Annotated[bool, typer.Option(
                "--replace", help="Restore over an existing store (kept beside it as "
                                  "<db>.replaced-<time>).")] = False,
            as_json: JsonOption = False) -> None:
    """Restore a backup as the store (stop the server first): its audit chain is verified,
    and a signed 'restored' checkpoint is appended so 'audit verify' passes."""
    from linewatch.api.backup import restore as put_back
    from linewatch.cli.serve import _cli_user

    result = put_back(backup_path, db, _cli_user(), replace=replace)
    if as_json:
        print_json(result)
        return
    console.print(f"restored {result['restored_from']} as {db}: audit log intact, "
                  f"{result['entries']} entries", highlight=False)
    if result["replaced_store_kept_as"]:
        console.print(f"the replaced store is kept as {result['replaced_store_kept_as']}",
                      highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``store``, ``backup`` and ``restore`` to the main CLI."""
    app.add_typer(store_app, name="store")
    app.command("backup")(backup)
    app.command("restore")(restore)
