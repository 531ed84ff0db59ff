"""``linewatch disclose`` and ``linewatch reproduce``: the disclosure record of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    JsonOption,
    open_store,
    print_json,
    progress_bar,
)

RunArgument = Annotated[str, typer.Argument(
    help="The analysis run (its id, as in analysis_runs or an output's run_id column).")]


def disclose(
    run_id: RunArgument,
    folder: Annotated[Path, typer.Option("--out", help="A new or empty folder for the "
                                         "package.")],
    db: DbOption = DEFAULT_DB_PATH,
    as_json: JsonOption = False,
) -> None:
    """Write a run's disclosure package: inputs and their hashes, settings, code and library
    versions, outputs and explanations, with a SHA-256 manifest."""
    from linewatch.disclose import write_package

    with open_store(db, read_only=True) as store:
        manifest = write_package(store, run_id, folder)
    if as_json:
        print_json({k: v for k, v in manifest.items() if k != "sha256"})
        return
    rows = sum(sum(t.values()) for t in manifest["outputs"].values())
    typer.echo(f"{folder}: {len(manifest['sha256'])} files for {len(manifest['runs'])} runs "
              f"({rows} output rows, {manifest['explanations']} explanations); hashes in "
              f"{folder / 'manifest.json'}")


def reproduce(
    run_id: RunArgument,
    db: DbOption = DEFAULT_DB_PATH,
    package: Annotated[Path | None, typer.Option(
        "--package", help="Compare with this disclosure package's outputs (needed when a "
        "later run has replaced the run's outputs in the store).")] = None,
    keep: Annotated[Path | None, typer.Option(
        "--keep", help="Keep the scratch store in this folder (default: a temporary one, "
        "removed).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Re-run a run from its recorded inputs in a scratch store and report every difference
    from its recorded outputs (run ids and times masked). Exits 1 on an unexpected
    difference."""
    from linewatch.disclose import reproduce as run_again
    from linewatch.disclose.package import verify_package
    from linewatch.errors import InputError

    if package is not None:
        changed = verify_package(package)
        if changed:
            raise InputError(f"the package does not match its manifest: {changed[0]}",
                             file=str(package))
    with open_store(db, read_only=True) as store, progress_bar() as progress:
        result = run_again(store, run_id, package=package, scratch=keep, progress=progress)
    if as_json:
        print_json(result.as_dict())
    else:
        _print(result)
    if result.unexpected:
        raise typer.Exit(1)


def _print(result: object) -> None:
    from linewatch.disclose import Reproduction

    assert isinstance(result, Reproduction)  # noqa: S101 - for the type checker
    tables = sum(len(t) for t in result.compared.values())
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    for d in result.differences:
        kind = f"expected ({d.expected})" if d.expected else "DIFFERENT"
        typer.echo(f"{kind}: {d.run_id} {d.table}: {d.recorded} rows recorded, "
                  f"{d.reproduced} reproduced; {d.only_recorded} only recorded, "
                  f"{d.only_reproduced} only reproduced")
        for line in d.sample_recorded[:2]:
            typer.echo(f"  - {line[:300]}")
        for line in d.sample_reproduced[:2]:
            typer.echo(f"  + {line[:300]}")
    if result.identical:
        typer.echo(f"{result.run_id}: reproduced, no difference in {tables} output tables "
                  f"over {len(result.reproduced_as)} runs")
    elif not result.unexpected:
        typer.echo(f"{result.run_id}: every difference is expected")


def register(app: typer.Typer) -> None:
    app.command()(disclose)
    app.command()(reproduce)
