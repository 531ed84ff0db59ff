"""Safeguarding commands: the list, referral packs, referral status and target overrides."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    console,
    open_store,
    out,
    print_json,
)
from linewatch.errors import LinewatchError
from linewatch.vocabulary import REFERRAL_STATUSES

if TYPE_CHECKING:
    from linewatch.storage import Store

UserOption = Annotated[str, typer.Option("--user", help="Your user name (recorded).")]


def _safeguarding_rows(store: Store) -> list[dict[str, Any]]:
    if not store.table_exists("safeguarding_list"):
        raise LinewatchError("no safeguarding list yet: run 'linewatch analyse' first")
    rows = store.query_dicts(
        "SELECT s.rank, s.person_id, s.exploitation_risk, p.display_name, e.indicators "
        "FROM safeguarding_list s LEFT JOIN person_exploitation e USING (person_id) "
        "LEFT JOIN persons p USING (person_id) ORDER BY s.rank")
    for row in rows:
        row["indicators"] = json.loads(row["indicators"]) if row["indicators"] else {}
    return rows


def safeguarding(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """People at risk of exploitation, highest risk first, with their indicators."""
    with open_store(db, read_only=True) as store:
        rows = _safeguarding_rows(store)
    if as_json:
        print_json({"data": rows, "count": len(rows)})
        return
    table = Table("rank", "person", "name", "age", "risk", "indicators (evidence)",
                  title="Safeguarding list (victims first)")
    for row in rows:
        data = row["indicators"]
        names = ", ".join(f"{i['name']} ({len(i['evidence'])})"
                          for i in data.get("indicators", []))
        table.add_row(str(row["rank"]), row["person_id"], row["display_name"] or "",
                      "" if data.get("age") is None else str(data["age"]),
                      f"{row['exploitation_risk']:.2f}", names)
    out.print(table)


def referral(
    person_id: Annotated[str, typer.Argument(help="The person the referral is about.")],
    out_file: Annotated[Path, typer.Option("--out", help="Where to write: .html or .pdf.")],
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write a child safeguarding / NRM referral pack (the referrer is left for the officer)."""
    suffix = out_file.suffix.lower()
    if suffix not in (".html", ".htm", ".pdf"):
        raise LinewatchError(f"{out_file}: the referral pack is written as .html or .pdf")
    from linewatch.safeguard import (
        build_referral_pack,
        render_referral_html,
        render_referral_pdf,
    )

    with open_store(db, read_only=True) as store:
        pack = build_referral_pack(store, person_id)
    if suffix == ".pdf":
        out_file.write_bytes(render_referral_pdf(pack))
    else:
        out_file.write_text(render_referral_html(pack), encoding="utf-8")
    console.print(f"referral pack for {person_id} written to {out_file}")


def referral_status(
    person_id: Annotated[str, typer.Argument(help="The person the referral is about.")],
    status: Annotated[str | None, typer.Argument(
        help=f"New status: {', '.join(REFERRAL_STATUSES)}. Omit to show the history.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Your user name (recorded).")]
    = None,
    note: Annotated[str | None, typer.Option("--note", help="A note for the record.")] = None,
    referral_id: Annotated[str | None, typer.Option(
        "--referral-id", help="Which referral (default: the person's latest).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Show or change a referral's status (drafted, sent, reasonable/conclusive grounds)."""
    from linewatch.safeguard import referral_history, set_referral_status

    with open_store(db) as store:
        if status is not None:
            if not user:
                raise LinewatchError("changing a referral status needs --user")
            set_referral_status(store, person_id, status, user=user, note=note,
                                referral_id=referral_id)
        history = referral_history(store, person_id)
    if as_json:
        print_json({"data": history, "count": len(history)})
        return
    for row in history:
        out.print(f"{row['updated_at']}  {row['referral_id']}  {row['status']}  "
                  f"by {row['updated_by']}{'  (' + row['note'] + ')' if row['note'] else ''}")
    if not history:
        out.print(f"no referral recorded for {person_id}")


def override_target(
    person_id: Annotated[str, typer.Argument(help="The safeguarding-flagged person.")],
    user: UserOption,
    reason: Annotated[str, typer.Option("--reason", help="Why this person must be targeted.")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Supervisor override: let a person flagged for safeguarding appear on the target list."""
    from linewatch.safeguard import add_target_override

    with open_store(db) as store:
        row = add_target_override(store, person_id, user, reason)
    if as_json:
        print_json(row)
    else:
        out.print(f"override {row['override_id']} recorded for {person_id} by {user}")


def revoke_override(
    override_id: Annotated[str, typer.Argument(help="The override to revoke.")],
    user: UserOption,
    reason: Annotated[str | None, typer.Option("--reason", help="Why it is revoked.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Revoke a target override (kept for audit); the person leaves the target list again."""
    from linewatch.safeguard import revoke_target_override

    with open_store(db) as store:
        row = revoke_target_override(store, override_id, user, reason)
    out.print(f"override {override_id} for {row['person_id']} revoked by {user}")


def register(app: typer.Typer) -> None:
    """Add the safeguarding commands to the main app."""
    app.command("safeguarding")(safeguarding)
    app.command("referral")(referral)
    app.command("referral-status")(referral_status)
    app.command("override-target")(override_target)
    app.command("revoke-override")(revoke_override)
