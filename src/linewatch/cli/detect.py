"""``linewatch detect``: run detection, list lines, show a line, find paths, test disruption."""

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
    person_names,
    print_json,
    progress_bar,
)
from linewatch.errors import InputError

detect_app = typer.Typer(help="Find deal lines, rebuild their networks and roles, and test "
                              "disruption.", no_args_is_help=False)


@detect_app.callback(invoke_without_command=True)
def detect(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB_PATH,
    threshold: Annotated[float | None, typer.Option(
        "--threshold", help="Deal-line score from which a number is flagged (0.5).")] = None,
    engine: Annotated[str, typer.Option(
        "--engine", help="Feature pipeline engine: duckdb or spark.")] = "duckdb",
    lake: Annotated[str | None, typer.Option(
        "--lake", help="With --engine spark: read the features' inputs from this Parquet "
        "lake (docs/scaling.md) instead of exporting them from the store.")] = None,
    master: Annotated[str | None, typer.Option(
        "--master", help="With --engine spark: local[N] (default local[2]) or a cluster's "
        "spark://host:port.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Run detection: features, scores, lines, roles, networks, disruption."""
    if ctx.invoked_subcommand is not None:
        return
    params: dict[str, Any] = {"engine": engine, **spark_params(engine, lake, master)}
    if threshold is not None:
        if not 0 < threshold < 1:
            raise InputError("--threshold must be between 0 and 1", field="threshold")
        params["threshold"] = threshold
    from linewatch.detect import run

    with open_store(db) as store, progress_bar() as progress:
        summary = run(store, params=params, progress=progress)
    if as_json:
        print_json(summary)
        return
    table = Table("measure", "value")
    for key in ("numbers", "deal_line_numbers", "lines", "bursts", "trap_addresses",
                "communities", "links_source"):
        table.add_row(key, str(summary.get(key)))
    for role, count in sorted(summary.get("phone_roles", {}).items()):
        table.add_row(f"phones: {role}", str(count))
    out.print(table)
    out.print(f"run {summary['run_id']}")


def spark_params(engine: str, lake: str | None, master: str | None) -> dict[str, Any]:
    """The detect settings for ``--lake`` and ``--master``, which need ``--engine spark``."""
    if engine != "spark" and (lake or master):
        raise InputError("--lake and --master need --engine spark", field="engine")
    params: dict[str, Any] = {}
    if lake:
        params["lake"] = lake
    if master:
        params["spark_master"] = master
    return params


@detect_app.command("lines")
def lines(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """List the lines found, strongest first."""
    from linewatch.detect.report import list_lines

    with open_store(db, read_only=True) as store:
        rows = list_lines(store)
    if as_json:
        print_json(rows)
        return
    table = Table("line", "score", "first seen", "last seen", "numbers", "phones by role")
    for r in rows:
        table.add_row(r["line_id"], f"{r['score']:.3f}", str(r["first_seen"]),
                      str(r["last_seen"]), "\n".join(r["numbers"]),
                      ", ".join(f"{k} {v}" for k, v in r["phones_by_role"].items()))
    out.print(table)


@detect_app.command("line")
def line(line_id: Annotated[str, typer.Argument(help="A line id, e.g. L1.")],
         db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """One line: numbers over time, network summary, roles and top disruption picks."""
    from linewatch.detect.report import line_report

    with open_store(db, read_only=True) as store:
        report = line_report(store, line_id)
        names = person_names(store)
    if as_json:
        print_json(report)
        return
    out.print(f"[bold]{line_id}[/bold] score {report['score']:.3f} "
              f"({report['first_seen']} - {report['last_seen']})")
    numbers = Table("number", "first seen", "last seen", "score")
    for n in report["numbers"]:
        numbers.add_row(n["number"], str(n["first_seen"]), str(n["last_seen"]),
                        f"{n['score']:.3f}" if n["score"] is not None else "")
    out.print(numbers)
    out.print("phones by role: " + ", ".join(
        f"{k} {v}" for k, v in report["network"]["phones_by_role"].items()))
    roles = Table("number", "role", "person", "confidence", "rule")
    for r in report["roles"]:
        who = f"{names.name(r['person_id'])} ({r['person_id']})" if r["person_id"] else ""
        roles.add_row(r["number"], r["role"], who, f"{r['confidence']:.2f}",
                      str((r["evidence"] or {}).get("rule", "")))
    out.print(roles)
    for a in report["trap_addresses"]:
        out.print(f"trap address: {a['address']} {a['postcode'] or ''} "
                  f"(confidence {a['confidence']:.2f})")
    picks = Table("level", "rank", "remove", "kind", "role", "fragmentation", "harm")
    for p in report["disruption"]:
        picks.add_row(p["level"], str(p["rank"]), p["node"], p["node_kind"], p["role"],
                      f"{p['fragmentation']:.3f}",
                      "" if p["harm_score"] is None else f"{p['harm_score']:.1f}")
    out.print(picks)


def _when(value: str | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"--{name} must be an ISO 8601 time, not '{value}'",
                         field=name) from exc
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


@detect_app.command("path")
def path(
    a: Annotated[str, typer.Argument(help="From: a phone number or person id.")],
    b: Annotated[str, typer.Argument(help="To: a phone number or person id.")],
    db: DbOption = DEFAULT_DB_PATH,
    time_ordered: Annotated[bool, typer.Option(
        "--time-ordered", help="Earliest-arrival path respecting the order of contacts.")
    ] = False,
    start: Annotated[str | None, typer.Option("--start", help="From this time (ISO).")] = None,
    end: Annotated[str | None, typer.Option("--end", help="Until this time (ISO).")] = None,
    as_json: JsonOption = False,
) -> None:
    """A chain of contacts between two phones or people (shortest, or in time order)."""
    from linewatch.detect import shortest_path, time_ordered_path

    with open_store(db, read_only=True) as store:
        result = (time_ordered_path(store, a, b, _when(start, "start"), _when(end, "end"))
                  if time_ordered else shortest_path(store, a, b))
    if as_json:
        print_json(result)
        return
    if not result["found"]:
        out.print(f"no {'time-ordered ' if time_ordered else ''}path from {a} to {b}")
        raise typer.Exit(1)
    table = Table("from", "to", "when" if time_ordered else "events")
    for hop in result["hops"]:
        table.add_row(hop["from"], hop["to"],
                      str(hop["time"]) if time_ordered else str(hop["events"]))
    out.print(table)


@detect_app.command("disrupt")
def disrupt(
    line_id: Annotated[str, typer.Argument(help="A line id, e.g. L1.")],
    remove: Annotated[str, typer.Option("--remove", help="Comma-separated person ids or "
                                                           "numbers to take out.")],
    db: DbOption = DEFAULT_DB_PATH,
    level: Annotated[str, typer.Option("--level", help="person or phone.")] = "person",
    as_json: JsonOption = False,
) -> None:
    """What if these people or phones were taken out: fragmentation before and after."""
    names = [r.strip() for r in remove.split(",") if r.strip()]
    if not names:
        raise InputError("--remove needs at least one person id or number", field="remove")
    from linewatch.detect import what_if

    with open_store(db, read_only=True) as store:
        result = what_if(store, line_id, names, level=level)
    if as_json:
        print_json(result)
        return
    out.print(f"{line_id}: fragmentation {result['before']:.3f} -> {result['after']:.3f}; "
              f"components {result['components_before']} -> {result['components_after']}; "
              f"largest {result['largest_component_before']} -> "
              f"{result['largest_component_after']}")
    if result["not_found"]:
        out.print("not in the line's network: " + ", ".join(result["not_found"]))


@detect_app.command("weights")
def weights(as_json: JsonOption = False) -> None:
    """The deal-line score's components, weights and meaning."""
    from linewatch.detect import weights_table

    rows = weights_table()
    if as_json:
        print_json(rows)
        return
    table = Table("component", "weight", "features", "meaning")
    for r in rows:
        table.add_row(r["component"], f"{r['weight']:+.2f}", ", ".join(r["features"]),
                      r["meaning"])
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``detect`` (with ``lines``, ``line``, ``path``, ``disrupt``, ``weights``)."""
    app.add_typer(detect_app, name="detect")
