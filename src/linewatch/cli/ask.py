"""``linewatch ask``: questions about recorded crimes and the people graph."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json

ask_app = typer.Typer(help="Answer questions from recorded crimes, officers, evidence and the "
                           "relationships between people.", no_args_is_help=True)
ViaOption = Annotated[list[str] | None, typer.Option(
    "--via", help="Person link types to follow (default: every person link).")]
HopsOption = Annotated[int, typer.Option("--hops", min=1, max=6, help="Most links to follow.")]


def _show(rows: list[dict[str, Any]] | dict[str, Any], as_json: bool) -> None:
    if as_json or isinstance(rows, dict):
        print_json(rows)
        return
    if not rows:
        out.print("nothing found")
        return
    table = Table(*rows[0].keys())
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row.values()))
    out.print(table)


def _via(via: list[str] | None) -> tuple[str, ...]:
    from linewatch.schema.contract import PERSON_LINK_TYPES

    return tuple(via) if via else PERSON_LINK_TYPES


@ask_app.command("crimes")
def crimes(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Recorded crimes per category."""
    from linewatch.network.records import crime_totals

    with open_store(db, read_only=True) as store:
        _show(crime_totals(store), as_json)


@ask_app.command("places")
def places(limit: Annotated[int, typer.Option("--limit", min=1)] = 10,
           db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """The places with most recorded crimes."""
    from linewatch.network.records import top_locations

    with open_store(db, read_only=True) as store:
        _show(top_locations(store, limit), as_json)


@ask_app.command("near")
def near(address: Annotated[str, typer.Argument(help="An address of the reference data.")],
         postcode: Annotated[str | None, typer.Option("--postcode")] = None,
         metres: Annotated[float, typer.Option("--metres", min=1)] = 500.0,
         db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Recorded crimes within a distance of an address, nearest first."""
    from linewatch.network.records import crimes_near

    with open_store(db, read_only=True) as store:
        _show(crimes_near(store, address, postcode, metres), as_json)


@ask_app.command("officer")
def officer(surname: Annotated[str | None, typer.Option("--surname")] = None,
            badge: Annotated[str | None, typer.Option("--badge")] = None,
            category: Annotated[str | None, typer.Option("--category")] = None,
            outcome: Annotated[str | None, typer.Option("--outcome")] = None,
            db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Crimes an officer investigates (by surname or badge number)."""
    from linewatch.network.records import crimes_by_officer

    with open_store(db, read_only=True) as store:
        _show(crimes_by_officer(store, surname=surname, badge=badge, category=category,
                                outcome=outcome), as_json)


@ask_app.command("evidence")
def evidence_command(event_id: Annotated[str, typer.Argument(help="The crime's event id.")],
                     db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Objects, vehicles and persons linked to a crime."""
    from linewatch.network.records import evidence

    with open_store(db, read_only=True) as store:
        _show(evidence(store, event_id), as_json)


@ask_app.command("paths")
def paths(source: Annotated[str, typer.Argument(help="A person's record id.")],
          target: Annotated[str, typer.Argument(help="Another person's record id.")],
          hops: HopsOption = 3, via: ViaOption = None, db: DbOption = DEFAULT_DB_PATH,
          as_json: JsonOption = False) -> None:
    """Every shortest path of at most --hops person links between two persons."""
    from linewatch.network.people import people_graph, shortest_paths

    with open_store(db, read_only=True) as store:
        found = shortest_paths(people_graph(store, _via(via)), source, target, hops)
    if as_json:
        print_json(found)
        return
    for path in found or []:
        out.print(" -> ".join(f"{s['name']} ({s['record_id']})"
                              + (f" [{'/'.join(s['via'])}]" if "via" in s else "")
                              for s in path), markup=False)
    if not found:
        out.print(f"no path of at most {hops} links")


@ask_app.command("party-within")
def party_within_command(person: Annotated[str, typer.Argument(help="A person's record id.")],
                         hops: HopsOption = 3,
                         category: Annotated[str | None, typer.Option("--category")] = None,
                         via: ViaOption = None, db: DbOption = DEFAULT_DB_PATH,
                         as_json: JsonOption = False) -> None:
    """Persons within --hops links who are party to a crime (of --category)."""
    from linewatch.network.people import party_within, people_graph

    with open_store(db, read_only=True) as store:
        _show(party_within(store, people_graph(store, _via(via)), person, hops, category),
              as_json)


@ask_app.command("vulnerable")
def vulnerable_command(hops: HopsOption = 1,
                       limit: Annotated[int, typer.Option("--limit", min=1)] = 5,
                       via: ViaOption = None, db: DbOption = DEFAULT_DB_PATH,
                       as_json: JsonOption = False) -> None:
    """Persons party to no crime who know most persons party to one."""
    from linewatch.network.people import people_graph, vulnerable

    with open_store(db, read_only=True) as store:
        _show(vulnerable(store, people_graph(store, _via(via)), hops, limit), as_json)


@ask_app.command("family")
def family(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Family and lives-with links to persons party to a crime."""
    from linewatch.network.people import family_links_to_offenders, people_graph

    with open_store(db, read_only=True) as store:
        _show(family_links_to_offenders(store, people_graph(store)), as_json)


@ask_app.command("graph")
def graph(limit: Annotated[int, typer.Option("--limit", min=1)] = 10, via: ViaOption = None,
          db: DbOption = DEFAULT_DB_PATH) -> None:
    """Triangles and betweenness on the people graph (JSON)."""
    from linewatch.network.people import graph_measures, people_graph

    with open_store(db, read_only=True) as store:
        print_json(graph_measures(people_graph(store, _via(via)), limit))


def register(app: typer.Typer) -> None:
    """Add ``ask`` to the linewatch app."""
    app.add_typer(ask_app, name="ask")
