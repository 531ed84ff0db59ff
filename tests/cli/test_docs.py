"""Every CLI command and option is documented in docs/cli.md; every doc named exists."""

from __future__ import annotations

from pathlib import Path

import typer

from linewatch.cli.app import REGISTERED, STAGE_CLIS, app
from linewatch.cli.reference import option_names, walk

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_and_option_is_in_the_cli_reference() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = []
    for path, command in walk(typer.main.get_command(app)):
        if not path:
            continue
        title = "linewatch " + " ".join(path)
        if f"## `{title}`" not in text:
            missing.append(title)
        section = text.split(f"## `{title}`", 1)[-1].split("\n## ", 1)[0]
        missing += [f"{title} {o}" for o in option_names(command) if f"`{o}`" not in section]
    assert not missing, f"undocumented in docs/cli.md (regenerate it): {missing}"


def test_the_reference_walks_every_sub_command() -> None:
    names = {" ".join(path) for path, _ in walk(typer.main.get_command(app))}
    assert {"ingest", "status", "analyse", "results", "demo", "resolve", "ops plan",
            "users add", "audit verify", "extract", "simulate", "evaluate"} <= names
    ingest = next(c for p, c in walk(typer.main.get_command(app)) if p == ("ingest",))
    assert {"--db", "--kind", "--mapping", "--json"} <= set(option_names(ingest))


def test_every_stage_cli_is_registered() -> None:
    assert REGISTERED == STAGE_CLIS


def test_readme_quick_start_shows_the_two_commands_first() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert quick.index("make demo") < quick.index("make test")


def test_docs_linked_from_the_readme_exist() -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / target).exists(), target
