"""``linewatch path``: the shortest chain between two entities over calls and relationships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json

if TYPE_CHECKING:
    from linewatch.storage import Store

VIA_HELP = ("Link types to follow, comma-separated or repeated: 'calls' (calls and texts, with "
            "each person's phones), 'relationships' (every recorded relationship), or single "
            "types such as family, lives_with, knows, call, uses. Default: everything.")


def register(app: typer.Typer) -> None:
    """Add ``path``."""

    @app.command("path")
    def path(a: Annotated[str, typer.Argument(help="From: a person id or record id, a phone "
                                                   "number, or type:key (vehicle:AB12CDE).")],
             b: Annotated[str, typer.Argument(help="To: as FROM.")],
             db: DbOption = DEFAULT_DB_PATH,
             via: Annotated[list[str] | None, typer.Option("--via", help=VIA_HELP)] = None,
             max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6,
                                                   help="Longest chain searched.")] = 6,
             as_json: JsonOption = False) -> None:
        """The fewest links between two people, phones or other entities, over calls and
        recorded relationships, explained hop by hop."""
        from linewatch.api.paths import shortest_path

        types = [t.strip() for v in via or [] for t in v.split(",") if t.strip()]
        with open_store(db, read_only=True) as store:
            source, target = entity(store, a), entity(store, b)
            result = shortest_path(store, source, target, set(types) or None,
                                   max_depth=max_hops)
        if as_json:
            print_json(result)
            return
        if not result["found"]:
            out.print(f"no path from {source} to {target} within {max_hops} links"
                      + (f" over {', '.join(types)}" if types else ""), soft_wrap=True)
            raise typer.Exit(1)
        out.print(f"{result['hops']} link{'s' if result['hops'] != 1 else ''} from "
                  f"{source} to {target}:", soft_wrap=True)
        for i, step in enumerate(result["steps"], 1):
            links = "; ".join(link["label"] for link in step["links"])
            out.print(f"{i}. {step['from_label']} ({step['from']}) -> {step['to_label']} "
                      f"({step['to']}): {links}", highlight=False, soft_wrap=True)


def entity(store: Store, text: str) -> str:
    """``type:key`` for a command-line argument: as given when it names its type, else a
    person (by person id, then record id) or, failing that, a phone number."""
    from linewatch.api.graph import NODE_TYPES

    kind, sep, key = text.partition(":")
    if sep and kind.strip().lower() in NODE_TYPES:
        return text
    value = text.strip()
    if store.table_exists("persons") and store.scalar(
            "SELECT count(*) FROM persons WHERE person_id = ?", [value]):
        return f"person:{value}"
    if store.table_exists("person_records"):
        found = [r[0] for r in store.query(
            "SELECT DISTINCT person_id FROM person_records WHERE record_id = ?", [value])]
        if len(found) == 1:
            return f"person:{found[0]}"
    return f"phone:{value}"
