"""``linewatch resolve`` (run, merge, split, undo, overrides) and ``linewatch explain-match``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    open_store,
    out,
    print_json,
    progress_bar,
)
from linewatch.errors import InputError

resolve_app = typer.Typer(help="Resolve persons across systems and link phones into lines.",
                          no_args_is_help=False)

UserOption = Annotated[str, typer.Option("--user", help="Who makes the change (audit).")]
ReasonOption = Annotated[str, typer.Option("--reason", help="Why (kept with the override).")]


@resolve_app.callback(invoke_without_command=True)
def resolve(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB_PATH,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", help="Match probability at which two records are linked (0.9).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of u sampling.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run entity resolution (persons, handsets, line continuity, phones to persons)."""
    if ctx.invoked_subcommand is not None:
        return
    params: dict[str, Any] = {}
    if threshold is not None:
        if not 0 < threshold < 1:
            raise InputError("--threshold must be between 0 and 1", field="threshold")
        params["threshold"] = threshold
    if seed is not None:
        params["seed"] = seed
    from linewatch.resolve import run

    with open_store(db) as store, progress_bar() as progress:
        summary = run(store, params=params, progress=progress)
    if as_json:
        print_json(summary)
        return
    table = Table("measure", "value")
    for key in ("records", "persons", "persons_with_several_records", "pairs_scored",
                "pairs_kept", "em_trained", "threshold"):
        table.add_row(key, str(summary.get(key)))
    for link_type, count in summary.get("links", {}).items():
        table.add_row(f"number links: {link_type}", str(count))
    table.add_row("phone-person links", str(summary["phone_persons"]["links"]))
    out.print(table)
    for note in summary.get("training_notes", []) + summary.get("override_notes", []):
        out.print(f"note: {note}")
    out.print(f"run {summary['run_id']}")


def _after_override(db_store: Any, override_id: str, as_json: bool) -> None:
    from linewatch.resolve import apply_overrides_now

    rebuilt = apply_overrides_now(db_store)
    if as_json:
        print_json({"override_id": override_id, **rebuilt})
        return
    out.print(f"override {override_id} recorded")
    if rebuilt.get("rebuilt"):
        out.print(f"persons rebuilt for run {rebuilt['run_id']}: {rebuilt['persons']} persons "
                  "(re-run detect, score and safeguard to refresh their outputs)")
    else:
        out.print(rebuilt.get("reason", ""))


@resolve_app.command("merge")
def merge(
    records: Annotated[list[str], typer.Argument(help="Two or more SYSTEM:RECORD_ID.")],
    user: UserOption, reason: ReasonOption,
    db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
) -> None:
    """Join the persons holding these records into one (kept across re-runs)."""
    from linewatch.resolve import add_override, parse_record

    keys = [parse_record(r) for r in records]
    with open_store(db) as store:
        override_id = add_override(store, "merge", keys, user=user, reason=reason)
        _after_override(store, override_id, as_json)


@resolve_app.command("split")
def split(
    records: Annotated[list[str], typer.Argument(help="SYSTEM:RECORD_ID to move out.")],
    user: UserOption, reason: ReasonOption,
    db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
) -> None:
    """Move records out of their person into a person of their own (kept across re-runs)."""
    from linewatch.resolve import add_override, parse_record

    keys = [parse_record(r) for r in records]
    with open_store(db) as store:
        override_id = add_override(store, "split", keys, user=user, reason=reason)
        _after_override(store, override_id, as_json)


@resolve_app.command("undo")
def undo(
    override_id: Annotated[str, typer.Argument(help="The override to undo (OV-...).")],
    user: Annotated[str | None, typer.Option("--user", help="Who undoes it.")] = None,
    db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
) -> None:
    """Undo a merge or split; the override stays on record, marked undone."""
    from linewatch.resolve import undo_override

    with open_store(db) as store:
        undo_override(store, override_id, user=user)
        _after_override(store, override_id, as_json)


@resolve_app.command("overrides")
def overrides(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """List every merge and split with who, why, when and whether it was undone."""
    from linewatch.resolve import list_overrides

    with open_store(db) as store:
        rows = list_overrides(store)
    if as_json:
        print_json(rows)
        return
    table = Table("override", "action", "records", "user", "reason", "created", "undone")
    for row in rows:
        table.add_row(row["override_id"], row["action"],
                      ", ".join(f"{s}:{r}" for s, r in row["records"]), row["user_name"],
                      row["reason"], str(row["created_at"])[:19],
                      str(row["undone_at"])[:19] if row["undone_at"] else "")
    out.print(table)


def explain_match(
    records: Annotated[list[str] | None, typer.Argument(
        help="Two records SYSTEM:RECORD_ID to compare.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Explain a person instead.")]
    = None,
    db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
) -> None:
    """Why two records are (or are not) the same person, or how a person was formed."""
    from linewatch.resolve import explain_pair, explain_person, parse_record

    reference: dt.datetime | None = None
    with open_store(db) as store:
        if person:
            from linewatch.storage.runs import latest_reference_time

            result = explain_person(store, person)
            reference = latest_reference_time(store)
        else:
            if not records or len(records) != 2:
                raise InputError("give two records SYSTEM:RECORD_ID, or --person P...",
                                 field="records")
            result = explain_pair(store, parse_record(records[0]), parse_record(records[1]))
    if as_json:
        print_json(result)
    elif person:
        _print_person(result, reference)
    else:
        _print_pair(result)


def _print_pair(result: dict[str, Any]) -> None:
    left, right = result["records"]
    table = Table("comparison", "level", "left", "right", "m", "u", "weight",
                  title=f"{left['source_system']}:{left['record_id']} vs "
                        f"{right['source_system']}:{right['record_id']}")
    table.add_row("prior", "", "", "", "", "", f"{result['prior']['match_weight']:+.2f}")
    for c in result["comparisons"]:
        tf = c["term_frequency_adjustment"]
        weight = c["match_weight"] + (tf or 0.0)
        table.add_row(c["comparison"], str(c["level"]), _short(c["values"]["left"]),
                      _short(c["values"]["right"]), _num(c["m_probability"]),
                      _num(c["u_probability"]), f"{weight:+.2f}")
    table.add_row("total", "", "", "", "", "", f"{result['match_weight']:+.2f}")
    out.print(table)
    verdict = "linked" if result["above_threshold"] else "not linked"
    out.print(f"match probability {result['match_probability']:.4f} "
              f"(threshold {result['threshold']}): {verdict}; same person now: "
              f"{result['same_person']} {result['person_ids']}")
    for o in result["overrides"]:
        out.print(f"override {o['override_id']} {o['action']} by {o['user_name']}: "
                  f"{o['reason']}{' (undone)' if o['undone_at'] else ''}")


def _print_person(result: dict[str, Any], reference: dt.datetime | None) -> None:
    from linewatch.schema.types.dates import age_at

    p = result["person"]
    dob = dt.date.fromisoformat(str(p["dob"])[:10]) if p.get("dob") else None
    age = age_at(dob, reference)
    aged = f" (age {age} at {reference:%Y-%m-%d})" if age is not None and reference else ""
    out.print(f"[bold]{p['person_id']}[/bold] {p['display_name'] or ''} "
              f"dob {p['dob']}{aged} — {p['n_records']} records")
    recs = Table("record", "forenames", "surname", "dob", "postcode", "phones")
    for r in result["records"]:
        recs.add_row(f"{r['source_system']}:{r['record_id']}", str(r.get("forenames")),
                     str(r.get("surname")), str(r.get("dob")), str(r.get("postcode")),
                     ", ".join(r.get("phone") or []))
    out.print(recs)
    links = Table("left", "right", "probability", "linked", "agreeing on")
    for link in result["links"]:
        agree = [f"{k}: {v['level']}" for k, v in link["comparisons"].items()
                 if v["match_weight"] > 0]
        links.add_row(":".join(link["records"][0]), ":".join(link["records"][1]),
                      f"{link['match_probability']:.4f}", str(link["linked"]), "; ".join(agree))
    out.print(links)
    for o in result["overrides"]:
        out.print(f"override {o['override_id']} {o['action']} by {o['user_name']}: "
                  f"{o['reason']}{' (undone)' if o['undone_at'] else ''}")


def _short(values: dict[str, Any]) -> str:
    shown = [str(v) for v in values.values() if v not in (None, [], "")]
    return " / ".join(shown)[:40]


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3g}"


def register(app: typer.Typer) -> None:
    """Add ``resolve`` (with its sub-commands) and ``explain-match`` to the main app."""
    app.add_typer(resolve_app, name="resolve")
    app.command("explain-match")(explain_match)
