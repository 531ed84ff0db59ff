"""``linewatch serve`` (the analyst web app), ``linewatch users ...`` and ``linewatch audit ...``.

DuckDB lets one process write a store at a time: run ``ingest`` and ``analyse`` before
``serve``, and stop the server to add users or verify the audit log from the command line.
"""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, open_store, out, print_json

if TYPE_CHECKING:
    from linewatch.storage import Store

users_app = typer.Typer(help="Manage the web app's user accounts (no default account exists).",
                        no_args_is_help=True)
audit_app = typer.Typer(help="Check and read the keyed, hash-chained audit log (needs "
                             "LINEWATCH_AUDIT_KEY).", no_args_is_help=True)


def _cli_user() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _audited(store: Store, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    """Record a change made from the command line and checkpoint it (the command ends)."""
    from linewatch.api import audit

    audit.record(store, _cli_user(), action, target, detail)
    audit.close(store)


def _audit_ready(store: Store) -> None:
    """Refuse (one line) before changing anything when the audit key is missing or weak."""
    from linewatch.api import audit

    audit.writer(store)


def serve(
    db: DbOption = DEFAULT_DB_PATH,
    host: Annotated[str | None, typer.Option(help="Listen address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Serve the analyst web app. Needs LINEWATCH_SECRET_KEY and LINEWATCH_AUDIT_KEY (random
    values, 32+ characters each); beyond localhost also LINEWATCH_STORE_KEY (an encrypted
    store, see 'linewatch store encrypt')."""
    from pydantic import ValidationError

    from linewatch.api import Settings
    from linewatch.api.server import serve_settings

    overrides: dict[str, object] = {"db": str(db)}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        for err in exc.errors():
            typer.echo(f"error: {err['msg'].removeprefix('Value error, ')}", err=True)
        sys.exit(2)  # SystemExit, not typer.Exit: the code must survive standalone_mode=False
    typer.echo(f"linewatch web app on http://{settings.host}:{settings.port}/ "
               f"(public tip form at /tip)", err=True)
    serve_settings(settings)  # access log off: no client address is ever logged


def _read_password(name: str) -> str:
    if sys.stdin.isatty():
        return typer.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option(help="admin, supervisor, analyst, safeguarding or "
                                           "partner.")],
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Add a user; the password is prompted twice (or read from stdin when piped)."""
    from linewatch.api.users import add_user

    password = _read_password(name)
    with open_store(db) as store:
        _audit_ready(store)
        user = add_user(store, name, role, password)
        _audited(store, "user_add", f"user:{user.name}", {"role": user.role})
    out.print(f"added {user.name} ({user.role})")


@users_app.command("list")
def users_list(db: DbOption = DEFAULT_DB_PATH,
               json_: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List users with their roles and whether they are disabled."""
    from linewatch.api.users import list_users

    with open_store(db) as store:
        found = list_users(store)
    if json_:
        print_json(found)
        return
    for u in found:
        state = "disabled" if u["disabled"] else "active"
        out.print(f"{u['name']:<24} {u['role']:<13} {state:<9} created {u['created_at']:%Y-%m-%d}")


@users_app.command("disable")
def users_disable(name: Annotated[str, typer.Argument()], db: DbOption = DEFAULT_DB_PATH) -> None:
    """Disable a user and revoke all their sessions at once."""
    from linewatch.api.users import set_disabled

    with open_store(db) as store:
        _audit_ready(store)
        set_disabled(store, name, True)
        _audited(store, "user_disable", f"user:{name}")
    out.print(f"disabled {name}")


@users_app.command("enable")
def users_enable(name: Annotated[str, typer.Argument()], db: DbOption = DEFAULT_DB_PATH) -> None:
    """Re-enable a disabled user."""
    from linewatch.api.users import set_disabled

    with open_store(db) as store:
        _audit_ready(store)
        set_disabled(store, name, False)
        _audited(store, "user_enable", f"user:{name}")
    out.print(f"enabled {name}")


@users_app.command("reset-password")
def users_reset_password(name: Annotated[str, typer.Argument()],
                         db: DbOption = DEFAULT_DB_PATH) -> None:
    """Set a new password (prompted twice, or read from stdin) and revoke the user's sessions."""
    from linewatch.api.users import set_password

    password = _read_password(name)
    with open_store(db) as store:
        _audit_ready(store)
        set_password(store, name, password)
        _audited(store, "user_reset_password", f"user:{name}")
    out.print(f"password of {name} reset; their sessions are revoked")


@users_app.command("role")
def users_role(name: Annotated[str, typer.Argument()],
               role: Annotated[str, typer.Argument(help="The new role.")],
               db: DbOption = DEFAULT_DB_PATH) -> None:
    """Change a user's role and revoke their sessions (they sign in again with the new role)."""
    from linewatch.api.users import set_role

    with open_store(db) as store:
        _audit_ready(store)
        before = set_role(store, name, role)
        _audited(store, "user_role", f"user:{name}", {"from": before, "to": role})
    out.print(f"{name} is now {role} (was {before})")


@audit_app.command("verify")
def audit_verify(db: DbOption = DEFAULT_DB_PATH) -> None:
    """Check the keyed chain and the signed checkpoints; exit 1 naming the first edited or
    deleted entry, a cut tail or a wrong key."""
    from linewatch.api import audit

    with open_store(db) as store:
        result = audit.verify(store)
    for warning in result.warnings:
        typer.echo(f"note: {warning}", err=True)
    if result.ok:
        out.print(f"audit log intact: {result.entries} entries ({result.legacy_entries} "
                  f"legacy), {result.checkpoints} checkpoints, last hash {result.last_hash}")
        return
    where = f" at seq {result.first_bad_seq}" if result.first_bad_seq else ""
    typer.echo(f"audit log BROKEN{where}: {result.problem}", err=True)
    sys.exit(1)


@audit_app.command("checkpoints")
def audit_checkpoints(
    db: DbOption = DEFAULT_DB_PATH,
    limit: Annotated[int, typer.Option(help="How many (newest first).")] = 20,
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print the signed checkpoints (entry count and head hash), newest first."""
    from linewatch.api import audit

    with open_store(db) as store:
        found = audit.checkpoints(store)
    found["checkpoints"] = found["checkpoints"][:limit]
    if json_:
        print_json(found)
        return
    out.print(f"{found['path']} (key id {found['key_id']}, keyed from entry "
              f"{found['keyed_from']})", markup=False, highlight=False)
    if found["problem"]:
        typer.echo(f"problem: {found['problem']}", err=True)
    for c in found["checkpoints"]:
        out.print(f"{c['at']}  {c['entries']:>8} entries  {c['head']}  {c['reason']}",
                  markup=False, highlight=False)


@audit_app.command("show")
def audit_show(
    db: DbOption = DEFAULT_DB_PATH,
    limit: Annotated[int, typer.Option(help="How many entries (newest first).")] = 50,
    user: Annotated[str | None, typer.Option(help="Only this user's entries.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    json_: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print audit entries, newest first."""
    from linewatch.api import audit

    with open_store(db) as store:
        found = audit.entries(store, limit=limit, user=user, action=action)
    if json_:
        print_json(found)
        return
    for e in found:
        target = e["target"] or ""
        out.print(f"{e['seq']:>6} {e['at']:%Y-%m-%d %H:%M:%S} {e['user_name']:<16} "
                  f"{e['action']:<18} {target}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``users`` and ``audit`` to the main CLI."""
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")


__all__ = ["register", "serve"]
