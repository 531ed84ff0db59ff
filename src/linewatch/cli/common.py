"""Options and helpers shared by the stage CLIs.

Importing the CLI modules must stay cheap (``linewatch --help`` builds every command): stage
packages, ``linewatch.storage`` (DuckDB, pyarrow) and other heavy libraries are imported
inside the commands that use them, never at module level. ``tests/cli/test_startup.py`` checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from linewatch.vocabulary import DEFAULT_DB

if TYPE_CHECKING:
    from rich.progress import Progress

    from linewatch.explain import Names
    from linewatch.storage import Store

DbOption = Annotated[Path, typer.Option("--db", help="The linewatch store (a DuckDB file).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DEFAULT_DB_PATH = Path(DEFAULT_DB)

console = Console(stderr=True)
out = Console()


def open_store(db: Path, *, read_only: bool = False) -> Store:
    from linewatch.storage import Store

    return Store.open(db, read_only=read_only)


def progress_bar() -> Progress:
    """A Rich progress bar on standard error (quiet when it is not a terminal)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                    transient=False, disable=not console.is_terminal)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, default=str, ensure_ascii=False))


def person_names(store: Store) -> Names:
    """Display names of every person in ``store``, so tables show a name beside each id."""
    from linewatch.explain import Names

    if not store.table_exists("persons"):
        return Names()
    return Names(dict(store.query("SELECT person_id, display_name FROM persons")))
