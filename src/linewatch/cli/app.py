"""The ``linewatch`` command: a thin Typer app over the library, one module per stage."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperOption

from linewatch.errors import LinewatchError

_type_column = TyperOption.display_type_rich


def _flag_without_type(self: TyperOption, ctx: Any) -> str | None:
    """A flag (``--json``, ``--help``) takes no value: its help shows no ``<bool>`` type."""
    return None if self.is_flag else _type_column(self, ctx)


TyperOption.display_type_rich = _flag_without_type  # type: ignore[method-assign,assignment]

app = typer.Typer(
    name="linewatch",
    help="County lines intelligence and safeguarding: ingest, resolve, detect, prioritise, "
         "safeguard, extract, plan operations and serve the analyst web app.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: stage modules that add their commands with ``register(app)``, in help order
STAGE_CLIS = [
    "linewatch.cli.ingest",
    "linewatch.cli.pipeline",
    "linewatch.cli.simulate",
    "linewatch.cli.resolve",
    "linewatch.cli.detect",
    "linewatch.cli.lake",
    "linewatch.cli.case",
    "linewatch.cli.paths",
    "linewatch.cli.score",
    "linewatch.cli.safeguard",
    "linewatch.cli.text",
    "linewatch.cli.textgraph",
    "linewatch.cli.ops",
    "linewatch.cli.labels",
    "linewatch.cli.desk",
    "linewatch.cli.export",
    "linewatch.cli.ask",
    "linewatch.cli.serve",
    "linewatch.cli.jobs",
    "linewatch.cli.watch",
    "linewatch.cli.retention",
    "linewatch.cli.disclose",
    "linewatch.cli.store",
]


@app.callback()
def _root(server: Annotated[str | None, typer.Option(
        "--server", envvar="LINEWATCH_SERVER",
        help="URL of a running linewatch server: ingest, analyse, status, jobs and the list "
             "reads go to it as the user of LINEWATCH_TOKEN (without it, the CLI forwards by "
             "itself when a running server holds the store).")] = None) -> None:
    """County lines intelligence and safeguarding."""
    del server  # main() forwards before Typer parses (linewatch.cli.remote)


def _register_stages() -> list[str]:
    registered = []
    for name in STAGE_CLIS:
        module = importlib.import_module(name)
        module.register(app)
        registered.append(name)
    return registered


REGISTERED = _register_stages()


def main() -> None:
    """Entry point: run the app, turning linewatch errors into one clear line and exit 2."""
    try:
        from linewatch.cli.remote import forward

        forwarded = forward(sys.argv[1:])
        if forwarded is not None:
            sys.exit(forwarded)
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except LinewatchError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors arrive here with standalone_mode off
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):  # a ClickException (Typer's own click)
            show()
            sys.exit(code)
        raise


if __name__ == "__main__":
    main()
