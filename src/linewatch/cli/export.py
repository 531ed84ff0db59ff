"""``linewatch export``: the case (or a line, or a person's neighbourhood) for i2, Gephi,
Neo4j, Aleph or a spreadsheet; audited like a download from the web app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.vocabulary import EXPORT_FORMATS


def register(app: typer.Typer) -> None:
    app.command("export")(export_command)


def export_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT",
                                       help=f"One of: {', '.join(EXPORT_FORMATS)}.")],
    out_path: Annotated[Path, typer.Option("--out", help="File to write (a folder for neo4j "
                                           "and csv; csv writes a zip when it ends .zip).")],
    db: DbOption = DEFAULT_DB_PATH,
    line: Annotated[str | None, typer.Option("--line", help="Only this line's network.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Only this person's "
                                               "neighbourhood (see --hops).")] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, max=4,
                                      help="Links out from --person.")] = 1,
    role: Annotated[str, typer.Option("--role", help="Build the file for this role's view "
                                      "(partner: sanitised).")] = "analyst",
    json_: JsonOption = False,
) -> None:
    """Export nodes and links (persons, phones, addresses, vehicles, lines, handsets) with
    roles, scores and flags, or every list as CSV; the export is written to the audit log."""
    from linewatch.api.exports import audience_for
    from linewatch.cli.serve import _audited
    from linewatch.export import Scope, export

    scope = Scope(line=line, person=person, hops=hops)
    with open_store(db) as store:
        audience = audience_for(role, store)
        summary = export(store, fmt, out_path, audience, scope)
        _audited(store, "export", f"{summary['format']}:{scope.name}",
                 {"format": summary["format"], "scope": scope.describe(), "role": role,
                  "nodes": summary["nodes"], "edges": summary["edges"], "out": str(out_path)})
    if json_:
        print_json(summary)
        return
    out.print(f"{summary['format']}: {summary['nodes']} nodes, {summary['edges']} links "
              f"({scope.name}, for the {role} role) -> {out_path}")
