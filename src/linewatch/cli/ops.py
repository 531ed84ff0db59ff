"""``linewatch ops``: plan an operation, approve and export it, record and review it."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, out, print_json
from linewatch.cli.common import open_store as _open
from linewatch.errors import InputError

if TYPE_CHECKING:
    from linewatch.storage import Store

ops_app = typer.Typer(help="Operations: plan a day of action, warrant packages, outcomes, "
                           "summary, press-release reconciliation and after-action review.",
                      no_args_is_help=True)

OpArg = Annotated[str, typer.Argument(help="The operation id (e.g. OP1).")]
UserOption = Annotated[str, typer.Option("--user", help="Your user name (recorded).")]


def _me() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def open_store(db: Path) -> Store:
    from linewatch import ops

    store = _open(db)
    ops.ensure_tables(store)
    return store


@ops_app.command("plan")
def plan(
    name: Annotated[str | None, typer.Option(
        "--name", help="Operation name, e.g. 'Operation Kestrel' (needed to create one).")
    ] = None,
    line: Annotated[list[str] | None, typer.Option(
        "--line", help="A line id: its trap houses and the people on it (repeatable).")] = None,
    targets: Annotated[int | None, typer.Option(
        "--targets", help="The first N people of the target list, with their homes.")] = None,
    person: Annotated[list[str] | None, typer.Option(
        "--person", help="A person id (repeatable); children and victims are safeguarded, "
                         "never targeted.")] = None,
    address: Annotated[list[str] | None, typer.Option(
        "--address", help="An address with its postcode, e.g. '12 Example Road, Chatham "
                          "ME4 4QU' (repeatable).")] = None,
    at: Annotated[str | None, typer.Option(
        "--at", help="Planned entry time, ISO (UK local time unless an offset is given).")
    ] = None,
    investigation: Annotated[str | None, typer.Option(
        "--investigation", help="Investigation reference.")] = None,
    window: Annotated[int, typer.Option(
        "--window", help="Entry window in minutes for linked addresses.")] = 30,
    operation: Annotated[str | None, typer.Option(
        "--operation", help="Add to this existing operation instead of creating one.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Your user name (default: the "
                                                             "login name).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Create an operation (or add to one) from lines, the target list, people or addresses."""
    from linewatch import ops
    from linewatch.ops.knowledge import split_postcode

    who = user or _me()
    lines = list(line or [])
    with open_store(db) as store:
        if operation:
            for line_id in lines:
                ops.add_line(store, operation, line_id, user=who)
            if targets:
                ops.add_top_targets(store, operation, targets, user=who)
            for pid in person or []:
                ops.add_person(store, operation, pid, user=who)
            for text in address or []:
                ops.add_address(store, operation, *split_postcode(text), user=who)
            if at:
                ops.set_planned_at(store, operation, at, user=who)
            operation_id = operation
        else:
            if not name:
                raise InputError("--name is needed to create an operation", field="name")
            operation_id = ops.create_operation(
                store, name, user=who, planned_at=at, investigation=investigation,
                line_id=lines[0] if lines else None, targets=targets,
                person_ids=list(person or []), addresses=list(address or []),
                entry_window_min=window)
            for line_id in lines[1:]:
                ops.add_line(store, operation_id, line_id, user=who)
        package = ops.build_package(store, operation_id)
    if as_json:
        print_json(_board(package))
        return
    out.print(f"operation {operation_id} ({package['operation']['status']})")
    _print_board(package)


def _board(package: dict[str, Any]) -> dict[str, Any]:
    """The short view: addresses by force with their flags, and the warnings."""
    return {
        "operation": package["operation"],
        "forces": package["forces"],
        "addresses": [{k: a[k] for k in ("address_id", "address", "postcode", "force",
                                         "force_uncertain", "entry_at", "day_status",
                                         "line_ids")}
                      | {"flags": [f["flag"] for f in a["risk_flags"]],
                         "people": len(a["occupants"]),
                         "safeguarding": len(a["safeguarding_plan"])}
                      for a in package["addresses"]],
        "people": package["people"],
        "warnings": [w["message"] for w in package["warnings"]],
        "changed_since_approval": package["changed_since_approval"],
    }


def _print_board(package: dict[str, Any]) -> None:
    from linewatch.ops.render import local

    op = package["operation"]
    out.print(f"[bold]{op['name']}[/bold] {op['operation_id']}: planned {local(op['planned_at'])}"
              f", {op['status']}" + (f", approved by {op['approved_by']}" if op["approved_by"]
                                     else ""))
    table = Table("id", "address", "force", "entry", "risk flags", "people", "safeguard",
                  "status")
    for a in package["addresses"]:
        table.add_row(a["address_id"], f"{a['address']} {a['postcode'] or ''}",
                      a["force"] + (" (?)" if a["force_uncertain"] else ""),
                      local(a["entry_at"]), ", ".join(f["flag"] for f in a["risk_flags"]),
                      str(len(a["occupants"])), str(len(a["safeguarding_plan"])),
                      a["day_status"] or "")
    out.print(table)
    for w in package["warnings"]:
        out.print(f"[red]warning[/red]: {w['message']}")
    for check in package["checks"]:
        out.print(f"not checked: {check}")


@ops_app.command("list")
def list_(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Every operation, newest first."""
    from linewatch import ops
    from linewatch.ops.render import local

    with open_store(db) as store:
        rows = ops.list_operations(store)
    if as_json:
        print_json({"data": rows, "count": len(rows)})
        return
    table = Table("id", "name", "planned", "status", "addresses", "forces")
    for r in rows:
        table.add_row(r["operation_id"], r["name"], local(r["planned_at"]), r["status"],
                      str(r["addresses"]), ", ".join(f for f in r["forces"] or [] if f))
    out.print(table)


@ops_app.command("show")
def show(operation_id: OpArg, db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
         full: Annotated[bool, typer.Option("--full", help="The whole package (JSON).")] = False
         ) -> None:
    """The operation board: addresses by force, risk flags, people and warnings."""
    from linewatch import ops

    with open_store(db) as store:
        package = ops.build_package(store, operation_id)
    if full:
        print_json(package)
    elif as_json:
        print_json(_board(package))
    else:
        _print_board(package)


@ops_app.command("entry")
def entry(operation_id: OpArg, address_id: Annotated[str, typer.Argument(help="e.g. A2")],
          at: Annotated[str, typer.Option("--at", help="Planned entry time (ISO).")],
          user: Annotated[str | None, typer.Option("--user", help="Your user name.")] = None,
          db: DbOption = DEFAULT_DB_PATH) -> None:
    """Set one address's planned entry time."""
    from linewatch import ops

    with open_store(db) as store:
        ops.set_entry(store, operation_id, address_id, at, user=user or _me())
        package = ops.build_package(store, operation_id)
    for w in package["warnings"]:
        out.print(f"[red]warning[/red]: {w['message']}")


@ops_app.command("approve")
def approve(operation_id: OpArg, user: UserOption, db: DbOption = DEFAULT_DB_PATH) -> None:
    """Approve a plan (a supervisor other than its author); the package hash is kept."""
    from linewatch import ops

    with open_store(db) as store:
        result = ops.approve(store, operation_id, user=user)
    out.print(f"{operation_id}: {result['from']} -> {result['to']} by {result['by']}")


@ops_app.command("status")
def status(operation_id: OpArg,
           new: Annotated[str, typer.Argument(help="draft, approved, executed or closed; or "
                                                   "with --address a status on the day")],
           user: UserOption,
           address: Annotated[str | None, typer.Option(
               "--address", help="An address id: set its status on the day (en_route, "
                                 "entered, secured, searching, complete, aborted).")] = None,
           db: DbOption = DEFAULT_DB_PATH) -> None:
    """Move the operation (or one address on the day) to a new status."""
    from linewatch import ops

    with open_store(db) as store:
        if address:
            ops.set_day_status(store, operation_id, address, new, user=user)
            out.print(f"{operation_id} {address}: {new}")
        elif new == "approved":
            ops.approve(store, operation_id, user=user)
            out.print(f"{operation_id}: approved")
        else:
            result = ops.set_status(store, operation_id, new, user=user)
            out.print(f"{operation_id}: {result['from']} -> {result['to']}")


@ops_app.command("export")
def export(
    operation_id: OpArg,
    out_file: Annotated[Path, typer.Option("--out", help="Where to write the package.")],
    fmt: Annotated[str, typer.Option("--format", help="html or pdf.")] = "html",
    force: Annotated[str | None, typer.Option(
        "--force", help="Only this force's part, sanitised for a partner force.")] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Write the warrant package (or one force's sanitised part) as HTML or PDF."""
    from linewatch import ops

    if fmt not in ("html", "pdf"):
        raise InputError("--format must be html or pdf", field="format")
    with open_store(db) as store:
        package = ops.build_package(store, operation_id)
    if force:
        package = ops.partner_view(package, force)
    if fmt == "pdf":
        out_file.write_bytes(ops.render_pdf(package))
    else:
        out_file.write_text(ops.render_html(package), encoding="utf-8")
    out.print(f"wrote {out_file}")


def _split(value: str, parts: int) -> list[str | None]:
    pieces: list[str | None] = [p.strip() or None for p in value.split(":")]
    return (pieces + [None] * parts)[:parts]


@ops_app.command("record")
def record(
    operation_id: OpArg,
    user: UserOption,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Outcomes as YAML or JSON (see docs/operations.md).")] = None,
    address: Annotated[str | None, typer.Option(
        "--address", help="Address id for the options below (e.g. A1).")] = None,
    entered_at: Annotated[str | None, typer.Option("--entered-at", help="When (ISO).")] = None,
    arrest: Annotated[list[str] | None, typer.Option(
        "--arrest", help="Person id arrested (repeatable).")] = None,
    offence: Annotated[str | None, typer.Option(
        "--offence", help="Offence wording for --arrest.")] = None,
    disposal: Annotated[str | None, typer.Option(
        "--disposal", help="charged, released_under_investigation, no_further_action, bail.")
    ] = None,
    safeguard: Annotated[list[str] | None, typer.Option(
        "--safeguard", help="Person id safeguarded (repeatable).")] = None,
    referral: Annotated[str | None, typer.Option(
        "--referral", help="Referral made for --safeguard.")] = None,
    cash: Annotated[list[str] | None, typer.Option("--cash", help="Cash seized, e.g. "
                                                                  "£20,000.")] = None,
    drug: Annotated[list[str] | None, typer.Option(
        "--drug", help="name[:class[:quantity[:unit]]], e.g. 'crack cocaine:A:56:g'.")] = None,
    weapon: Annotated[list[str] | None, typer.Option("--weapon", help="e.g. knife.")] = None,
    phone: Annotated[list[str] | None, typer.Option(
        "--phone", help="number[:IMEI] of a phone seized.")] = None,
    vrm: Annotated[list[str] | None, typer.Option("--vrm", help="Vehicle seized (plate).")
                   ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Record outcomes: warrants, arrests, disposals, safeguarding and seizures."""
    from linewatch import ops

    if file is not None:
        outcomes = ops.load_outcomes(file)
    elif address:
        people: list[dict[str, Any]] = [
            {"person_id": p, "arrested": True, "offence": offence, "disposal": disposal}
            for p in arrest or []]
        people += [{"person_id": p, "safeguarded": True, "referral": referral}
                   for p in safeguard or []]
        seizures: list[dict[str, Any]] = [{"item_type": "cash", "value_gbp": c}
                                          for c in cash or []]
        for d in drug or []:
            name, cls, qty, unit = _split(d, 4)
            seizures.append({"item_type": "drug", "drug_name": name, "drug_class": cls,
                             "quantity": qty, "unit": unit})
        seizures += [{"item_type": "weapon", "description": w} for w in weapon or []]
        for ph in phone or []:
            number, imei = _split(ph, 2)
            seizures.append({"item_type": "phone", "number": number, "imei": imei})
        seizures += [{"item_type": "vehicle", "vrm": v} for v in vrm or []]
        outcomes = {"warrants": [{"address_id": address, "entered_at": entered_at,
                                  "people": people, "seizures": seizures}]}
    else:
        raise InputError("give --file, or --address with the outcomes at that address")
    with open_store(db) as store:
        written = ops.record_outcomes(store, operation_id, outcomes, user=user,
                                      source=str(file) if file else None)
    if as_json:
        print_json(written)
        return
    out.print(f"recorded {written['results']} result(s) in batch {written['batch_id']}: "
              f"{written['events']} event(s), {written['seizures']} seizure(s)"
              + (f", {written['superseded']} superseded" if written["superseded"] else ""))


@ops_app.command("summary")
def summary(operation_id: OpArg, db: DbOption = DEFAULT_DB_PATH,
            as_json: JsonOption = False) -> None:
    """A factual press-style summary from the recorded outcomes (no names)."""
    from linewatch import ops

    with open_store(db) as store:
        result = ops.write_summary(store, operation_id)
    if as_json:
        print_json(result)
    else:
        typer.echo(result["text"])


@ops_app.command("reconcile")
def reconcile(
    operation_id: OpArg,
    article_id: Annotated[str | None, typer.Option(
        "--article-id", help="An ingested article (linewatch ingest --kind articles).")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A press release text file.")
                    ] = None,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Compare a published press release with the record: what each says the other lacks."""
    from linewatch import ops

    with open_store(db) as store:
        result = ops.reconcile(store, operation_id, article_id=article_id, path=file)
    if as_json:
        print_json(result)
        return
    table = Table("field", "release", "record", "status", "note",
                  title=f"{operation_id} against {result['source']}")
    for item in result["differences"] + result["matches"]:
        table.add_row(item["field"], str(item["release"]), str(item["record"]),
                      item["status"], item["note"])
    out.print(table)


@ops_app.command("after")
def after(operation_id: OpArg,
          days: Annotated[int, typer.Option("--days", help="Days after the operation.")] = 14,
          db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """After-action review: targets arrested, silent and re-emerged lines, disruption."""
    from linewatch import ops

    with open_store(db) as store:
        result = ops.after_action(store, operation_id, days=days)
    if as_json:
        print_json(result)
        return
    out.print(f"targets arrested: {result['targets_arrested']} of {len(result['targets'])}")
    if not result["data_covers_window"]:
        out.print(f"communications data end {result['data_until']}: before the end of the "
                  f"{days}-day window, so silence cannot be confirmed yet")
    table = Table("line", "status", "events before", "events after", "new numbers",
                  "fragmentation before", "after")
    for line in result["lines"]:
        frag = line.get("disruption") or {}
        table.add_row(line["line_id"], line["status"], str(line.get("events_before", "")),
                      str(line.get("events_after", "")),
                      ", ".join(n["number"] for n in line.get("new_numbers", [])),
                      _fmt(frag.get("before", frag.get("fragmentation_before"))),
                      _fmt(frag.get("after", frag.get("fragmentation_after"))))
    out.print(table)
    out.print(result["caution"])


def _fmt(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else ("" if value is None else str(value))


@ops_app.command("partner-force")
def partner_force_cmd(
    partner: Annotated[str, typer.Argument(help="The partner user's name.")],
    force: Annotated[str, typer.Argument(help="Their force, as in the force map.")],
    user: UserOption, db: DbOption = DEFAULT_DB_PATH) -> None:
    """Set the force a partner user belongs to (they see only its sanitised part)."""
    from linewatch import ops

    with open_store(db) as store:
        ops.set_partner_force(store, partner, force, set_by=user)
    out.print(f"{partner}: {force}")


@ops_app.command("force")
def force_cmd(postcode: Annotated[str, typer.Argument(help="A postcode, e.g. ME4 4QU.")],
              forces: Annotated[Path | None, typer.Option(
                  "--forces", help="Another force map file (YAML).")] = None,
              as_json: JsonOption = False) -> None:
    """Which police force a postcode is in (from the editable force map)."""
    from linewatch import ops

    found = ops.ForceMap.load(forces).lookup(postcode)
    if as_json:
        print_json(found.to_dict())
    else:
        out.print(f"{found.force} ({found.basis})")


def register(app: typer.Typer) -> None:
    """Add ``linewatch ops`` to the main app."""
    app.add_typer(ops_app, name="ops")
