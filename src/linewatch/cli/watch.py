"""``linewatch watch add|list|remove`` and ``linewatch alerts``: watchlists and their alerts.

With a server holding the store these are forwarded to it (:mod:`linewatch.cli.remote`) and
act as the token's user; here they act as ``--user``, whose role (from the store's users)
decides which alerts are shown, and every read of alerts is audited as in the app.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.vocabulary import WATCH_KINDS

watch_app = typer.Typer(help="Watch a phone number, plate, person, address, line or search; "
                             "imports and analysis runs raise alerts about it.",
                        no_args_is_help=True)
UserOption = Annotated[str, typer.Option("--user", help="Your user name in this store.")]


@watch_app.command("add")
def add_command(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(WATCH_KINDS)}.")],
    value: Annotated[str, typer.Argument(help="The number, plate, person id, address or "
                                         "postcode, line id, or words to search for.")],
    user: UserOption,
    note: Annotated[str | None, typer.Option("--note", help="Why you watch it.")] = None,
    db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
) -> None:
    """Watch something from now on (what is already known raises no alert)."""
    from linewatch.api import audit
    from linewatch.watch import add_watch

    with open_store(db) as store:
        added = add_watch(store, user, kind, value, note)
        audit.record(store, user, "watch_add", f"{kind}:{added['value']}",
                     {"watch_id": added["watch_id"], "via": "cli"})
    if as_json:
        print_json(added)
    else:
        out.print(f"watch {added['watch_id']}: {user} watches {kind} {added['value']}")


@watch_app.command("list")
def list_command(user: Annotated[str | None, typer.Option(
                     "--user", help="Only this user's watches.")] = None,
                 db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Active watches, newest first."""
    from linewatch.watch import list_watches

    with open_store(db, read_only=True) as store:
        found = list_watches(store, user)
    print_watches(found, as_json)


def print_watches(found: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(found)
        return
    table = Table("watch", "user", "kind", "value", "alerts", "since")
    for w in found:
        table.add_row(w["watch_id"], w["user_name"], w["kind"], w["value"], str(w["alerts"]),
                      str(w["created_at"])[:16])
    out.print(table)


@watch_app.command("remove")
def remove_command(watch_id: Annotated[str, typer.Argument(help="The watch's id.")],
                   user: UserOption, db: DbOption = DEFAULT_DB_PATH) -> None:
    """Stop watching (kept on record with its alerts)."""
    from linewatch.api import audit
    from linewatch.watch import remove_watch

    with open_store(db) as store:
        removed = remove_watch(store, watch_id, user, admin=_role(store, user) == "admin")
        audit.record(store, user, "watch_remove", f"{removed['kind']}:{removed['value']}",
                     {"watch_id": watch_id, "via": "cli"})
    out.print(f"watch {watch_id} removed")


def _role(store: Any, user: str) -> str:
    from linewatch.errors import InputError

    role = store.scalar("SELECT role FROM users WHERE name = ? AND NOT disabled", [user])
    if role is None:
        raise InputError(f"no active user '{user}' in this store (add one with "
                         "'linewatch users add')", field="user")
    return str(role)


def alerts(user: UserOption, db: DbOption = DEFAULT_DB_PATH,
           unread: Annotated[bool, typer.Option("--unread", help="Only alerts not yet read.")]
           = False, as_json: JsonOption = False) -> None:
    """Your alerts that your role may see, newest first (the read is audited)."""
    from linewatch.api.alerts import alerts_for

    with open_store(db) as store:
        shown = alerts_for(store, user, _role(store, user), unread=unread)
    print_alerts(shown, as_json)


def print_alerts(shown: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(shown)
        return
    table = Table("alert", "when", "watch", "what happened", "evidence")
    for a in shown:
        table.add_row(a["alert_id"], str(a["created_at"])[:16], f"{a['kind']} {a['value']}",
                      a["reason"], f"{len(a['evidence'])} source(s)")
    out.print(table)
    if not shown:
        out.print("no alerts")


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
    app.command("alerts")(alerts)
