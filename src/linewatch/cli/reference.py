"""The CLI reference, generated from the CLI itself: ``python -m linewatch.cli.reference``.

``docs/cli.md`` is written from this, and a test fails when a command or option is missing
from it, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
import typer

from linewatch.cli.app import app


def walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], click.Command]]:
    """Every command with its full name path, depth first, in definition order."""
    yield path, command
    if isinstance(command, click.Group):
        for name in command.list_commands(click.Context(command)):
            sub = command.get_command(click.Context(command), name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, (*path, name))


def option_names(command: click.Command) -> list[str]:
    names: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option) and "--help" not in param.opts:
            names.extend(o for o in param.opts + param.secondary_opts if o.startswith("--"))
    return names


def markdown() -> str:
    root = typer.main.get_command(app)
    lines = ["# linewatch command reference", "",
             "Generated from the CLI (`python -m linewatch.cli.reference > docs/cli.md`); "
             "`linewatch COMMAND --help` shows the same.", ""]
    for path, command in walk(root):
        if not path:
            continue
        title = "linewatch " + " ".join(path)
        lines += [f"## `{title}`", "", (command.help or "").strip().split("\n\n")[0], ""]
        ctx = click.Context(command, info_name=title)
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += ["```", f"{title} {usage}".rstrip(), "```", ""]
        rows = []
        for param in command.params:
            if isinstance(param, click.Argument):
                rows.append(f"| `{param.human_readable_name}` | argument | |")
            elif isinstance(param, click.Option) and "--help" not in param.opts:
                flags = ", ".join(f"`{o}`" for o in param.opts + param.secondary_opts)
                helptext = (param.help or "").replace("|", "\\|").replace("\n", " ")
                default = "" if param.default in (None, False, ()) or param.is_flag else \
                    f" (default: `{param.default}`)"
                rows.append(f"| {flags} | option | {helptext}{default} |")
        if rows:
            lines += ["| name | kind | meaning |", "|---|---|---|", *rows, ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
