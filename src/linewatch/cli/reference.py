"""The CLI reference, generated from the CLI itself: ``python -m linewatch.cli.reference``.

``docs/cli.md`` is written from this, and a test fails when a command or option is missing
from it, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from linewatch.cli.app import app


def _context(command: Any, name: str = "") -> Any:
    return command.context_class(command, info_name=name or command.name)


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command with its full name path, depth first, in definition order.

    Typer ships its own copy of click, so commands are recognised by what they can do.
    """
    yield path, command
    if hasattr(command, "list_commands"):
        ctx = _context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from walk(sub, (*path, name))


def _is_option(param: Any) -> bool:
    return bool(param.param_type_name == "option")


def option_names(command: Any) -> list[str]:
    names: list[str] = []
    for param in command.params:
        if _is_option(param) and "--help" not in param.opts:
            names.extend(o for o in param.opts + param.secondary_opts if o.startswith("--"))
    return names


def markdown() -> str:
    root = typer.main.get_command(app)
    lines = ["# linewatch command reference", "",
             "Generated from the CLI (`python -m linewatch.cli.reference > docs/cli.md`); "
             "`linewatch COMMAND --help` shows the same.", ""]
    for path, command in walk(root):
        if not path and not option_names(command):
            continue
        title = " ".join(("linewatch", *path))
        about = "Options given before the command." if not path else \
            (command.help or "").strip().split("\n\n")[0]
        lines += [f"## `{title}`", "", about, ""]
        ctx = _context(command, title)
        usage = " ".join(command.collect_usage_pieces(ctx))
        lines += ["```", f"{title} {usage}".rstrip(), "```", ""]
        rows = []
        for param in command.params:
            if param.param_type_name == "argument":
                helptext = (getattr(param, "help", None) or "").replace("|", "\\|")
                rows.append(f"| `{(param.name or '').upper()}` | argument | {helptext} |")
            elif _is_option(param) and "--help" not in param.opts:
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
