"""``linewatch retention due|retain|delete|tombstones`` and ``linewatch fairness``.

Retention review under the MoPI groups (:mod:`linewatch.ops.retention`) and the
disproportionality audit (:mod:`linewatch.ops.fairness`). With a server holding the store,
these are forwarded to it (:mod:`linewatch.cli.remote`): decisions become jobs for its writer.
Decisions and reads are audited as the CLI's user.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json

retention_app = typer.Typer(help="Retention review of nominal and intelligence records (MoPI).",
                            no_args_is_help=True)
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", help="Due on or before this date, YYYY-MM-DD (default: today).")]
KindArgument = Annotated[str, typer.Argument(help="nominals or intel.")]
RecordArgument = Annotated[str, typer.Argument(help="The record id (intel: the report id).")]
SourceOption = Annotated[str | None, typer.Option(
    "--source-system", help="The nominal record's source system.")]


def _date(text: str | None) -> dt.date | None:
    from linewatch.errors import InputError

    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise InputError(f"not a date (YYYY-MM-DD): {text}") from exc


def print_due(due: list[dict[str, Any]], as_of: str, as_json: bool) -> None:
    if as_json:
        print_json({"as_of": as_of, "due": due})
        return
    from rich.table import Table

    table = Table("kind", "source", "record", "group", "offence", "last event", "review",
                  "reviewed")
    for i in due:
        table.add_row(i["kind"], i["source_system"] or "", i["record_id"],
                      str(i["mopi_group"]), i["offence"] or "", i["last_event"],
                      i["review_date"], "yes" if i["reviewed"] else "")
    out.print(table)
    out.print(f"{len(due)} records due for review on or before {as_of}")


@retention_app.command("due")
def due(db: DbOption = DEFAULT_DB_PATH, as_of: AsOfOption = None,
        as_json: JsonOption = False) -> None:
    """Records due for review: group, the offence that set it, last event, review date."""
    from linewatch.cli.serve import _audited
    from linewatch.ops import retention

    day = _date(as_of) or dt.date.today()
    with open_store(db) as store:
        found = [i.as_dict() for i in retention.due(store, day)]
        _audited(store, "view_retention_due", "retention",
                 {"as_of": day.isoformat(), "count": len(found)})
    print_due(found, day.isoformat(), as_json)


@retention_app.command("retain")
def retain(kind: KindArgument, record_id: RecordArgument, db: DbOption = DEFAULT_DB_PATH,
           source_system: SourceOption = None,
           reason: Annotated[str, typer.Option("--reason", help="Why it is still needed.")]
           = "",
           next_review: Annotated[str | None, typer.Option(
               "--next-review", help="YYYY-MM-DD (default: the group's period from today).")]
           = None) -> None:
    """Keep a record, with the reason and the date of its next review."""
    from linewatch.cli.serve import _audit_ready, _audited, _cli_user
    from linewatch.ops import retention

    with open_store(db) as store:
        _audit_ready(store)
        done = retention.retain(store, _cli_user(), kind, record_id, reason,
                                source_system=source_system, next_review=_date(next_review))
        _audited(store, "retention_retain", f"{kind}:{record_id}",
                 {"review_id": done["review_id"], "next_review": done["next_review"]})
    out.print(f"retained {kind} {record_id} (group {done['mopi_group']}): next review "
              f"{done['next_review']}")


@retention_app.command("delete")
def delete(kind: KindArgument, record_id: RecordArgument, db: DbOption = DEFAULT_DB_PATH,
           source_system: SourceOption = None,
           reason: Annotated[str, typer.Option("--reason", help=(
               "One of: no_policing_purpose, not_adequate_or_up_to_date, excessive, "
               "review_period_ended, court_or_legal_order."))] = "") -> None:
    """Delete a record: it goes now, what was derived from it at the next analysis run, and a
    tombstone stops a re-import bringing it back."""
    from linewatch.cli.serve import _audit_ready, _audited, _cli_user
    from linewatch.ops import retention

    with open_store(db) as store:
        _audit_ready(store)
        done = retention.delete(store, _cli_user(), kind, record_id, reason,
                                source_system=source_system)
        _audited(store, "retention_delete", f"tombstone:{done['tombstone_id']}",
                 {"kind": kind, "reason": reason})
    out.print(f"deleted {done['rows_removed']} row(s); tombstone {done['tombstone_id']}; run "
              "'linewatch analyse' to remove what was derived from it")


@retention_app.command("tombstones")
def tombstones(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Deletions made under retention review (no personal data: kind, reason, who, when)."""
    from linewatch.ops import retention

    with open_store(db, read_only=True) as store:
        found = retention.tombstones(store)
    if as_json:
        print_json(found)
        return
    for t in found:
        out.print(f"{t['tombstone_id']}  {t['kind']}  group {t['mopi_group']}  "
                  f"{t['reason_code']}  by {t['deleted_by']} at {t['deleted_at']}")
    out.print(f"{len(found)} tombstones")


def print_fairness(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    from rich.table import Table

    for lst in result["lists"]:
        out.print(f"[bold]{lst['list']}[/bold]: {lst['n_list']} on the list, {lst['n_base']} "
                  f"in the base ({lst['base']}); {lst['outside_base']} on the list outside "
                  f"the base\n  rule: {lst['rule']}")
        table = Table("dimension", "group", "list", "base", "list share", "base share",
                      "ratio [interval]", "finding")
        for dim in lst["dimensions"]:
            for g in dim["groups"]:
                interval = g["ratio_interval"]
                ratio = "" if g["ratio"] is None else (
                    f"{g['ratio']:.2f} [{interval[0]:.2f}, {interval[1]:.2f}]")
                table.add_row(dim["dimension"], g["group"], str(g["n_list"]),
                              str(g["n_base"]), _pct(g["share_list"]["value"]),
                              _pct(g["share_base"]["value"]), ratio, g["finding"])
        out.print(table)
    if not result["lists"]:
        out.print("no analysis yet: run 'linewatch analyse' first")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def fairness(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
             as_of: Annotated[str | None, typer.Option(
                 "--as-of", help="Reference date for age bands (default: the latest event).")]
             = None) -> None:
    """Disproportionality audit: each list's make-up by age band, sex, self-defined ethnicity
    and area against the people whose records could justify it (see docs/fairness.md)."""
    from linewatch.cli.serve import _audited
    from linewatch.ops.fairness import audit

    with open_store(db) as store:
        result = audit(store, _date(as_of))
        _audited(store, "view_fairness", "fairness",
                 {"lists": [lst["list"] for lst in result["lists"]]})
    print_fairness(result, as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
    app.command("fairness")(fairness)
