"""``linewatch simulate`` (a scenario with ground truth) and ``linewatch evaluate``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import out, print_json, progress_bar
from linewatch.errors import InputError

SCALE_NAMES = ("tiny", "small", "medium", "large")


def simulate_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write data/ and truth/ to "
                                          "(both are replaced).")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 1,
    scale: Annotated[str, typer.Option("--scale", help="tiny (~10k calls), small (~1M), "
                                       "medium (~10M) or large (~100M).")] = "tiny",
    lines: Annotated[int | None, typer.Option("--lines", help="Number of county lines "
                                              "(default: the scale's).")] = None,
    days: Annotated[int | None, typer.Option("--days", help="Days of data (default: the "
                                             "scale's).")] = None,
    noise: Annotated[float, typer.Option("--noise", help="Recording noise in person records, "
                                         "0 (clean) to 1.")] = 0.1,
    region: Annotated[str, typer.Option("--region", help="london, liverpool, birmingham or "
                                        "manchester.")] = "london",
    family: Annotated[str, typer.Option("--family", help="Scenario family: a (default) or b "
                                        "(independently written worlds, places and rates "
                                        "drawn per seed; tiny or small; --lines, --days, "
                                        "--noise and --region do not apply).")] = "a",
) -> None:
    """Write a county-lines scenario: an input bundle in data/ and its ground truth in truth/."""
    from linewatch.simulate import REGIONS, simulate

    if family.lower() == "b":
        _simulate_family_b(out_dir, seed, scale)
        return
    if family.lower() != "a":
        raise typer.BadParameter("choose a or b", param_hint="--family")

    if scale not in SCALE_NAMES:
        raise typer.BadParameter(f"choose one of {', '.join(SCALE_NAMES)}", param_hint="--scale")
    if region.lower() not in REGIONS:
        raise typer.BadParameter(f"choose one of {', '.join(REGIONS)}", param_hint="--region")
    if not 0.0 <= noise <= 1.0:
        raise typer.BadParameter("must be between 0 and 1", param_hint="--noise")
    with progress_bar() as progress:
        task = progress.add_task("world", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        summary = simulate(out_dir, seed=seed, scale=scale,  # type: ignore[arg-type]
                           lines=lines, days=days, noise=noise, region=region.lower(),
                           progress=report)
    table = Table("file", "rows")
    for name, count in summary.counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    out.print(f"scenario written to {out_dir} (data/ for linewatch, truth/ for evaluate)")


def _simulate_family_b(out_dir: Path, seed: int, scale: str) -> None:
    from linewatch.simulate.family_b import SCALES as FAMILY_B_SCALES
    from linewatch.simulate.family_b import simulate_family_b

    if scale not in FAMILY_B_SCALES:
        raise typer.BadParameter(f"family b has {', '.join(FAMILY_B_SCALES)}",
                                 param_hint="--scale")
    summary = simulate_family_b(out_dir, seed=seed, scale=scale)
    table = Table("file", "rows")
    for name, count in summary.counts.items():
        table.add_row(name, f"{count:,}")
    out.print(table)
    out.print(f"family b scenario written to {out_dir} ({summary.withheld_rows} cdr rows with a "
              "withheld number, which ingest quarantines by design)")


def _load_results(db: Path | None, results: Path | None) -> dict[str, Any]:
    if (db is None) == (results is None):
        raise InputError("give exactly one of --db or --results")
    if results is not None:
        try:
            loaded = json.loads(results.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read results JSON ({exc})", file=str(results)) from exc
        if not isinstance(loaded, dict):
            raise InputError("results JSON must be an object", file=str(results))
        return loaded
    from linewatch.results import build_results
    from linewatch.storage import Store

    assert db is not None  # noqa: S101 - narrows the type for mypy
    with Store.open(db, read_only=True) as store:
        return build_results(store)


def evaluate_command(
    truth: Annotated[Path | None, typer.Option("--truth", help="A scenario's truth/ folder.")]
    = None,
    db: Annotated[Path | None, typer.Option("--db", help="Store whose analysis to score.")]
    = None,
    results: Annotated[Path | None, typer.Option("--results", help="A results export (JSON) "
                                                 "instead of --db.")] = None,
    labels: Annotated[bool, typer.Option("--labels", help="Score against the analysts' labels "
                                         "in --db instead of a truth folder.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full JSON report.")] = False,
) -> None:
    """Score an analysis against a simulated scenario's truth, or against analysts' labels."""
    if labels:
        if db is None or truth is not None or results is not None:
            raise InputError("--labels scores the store given with --db (no --truth, "
                             "no --results)")
        from linewatch.cli.labels import print_label_report
        from linewatch.evaluate.labels import evaluate_labels
        from linewatch.storage import Store

        with Store.open(db, read_only=True) as store:
            print_label_report(evaluate_labels(store), as_json)
        return
    if truth is None:
        raise InputError("give --truth (a scenario's truth folder) or --labels")
    from linewatch.evaluate import evaluate

    report = evaluate(truth, _load_results(db, results))
    if as_json:
        print_json(report)
        return
    table = Table("task", "headline", "value")
    from linewatch.evaluate.core import HEADLINES

    for task, value in report["summary"].items():
        status = report["tasks"][task].get("status")
        shown = "not implemented" if status == "not_implemented" else (
            "-" if value is None else f"{value:.3f}")
        table.add_row(task, ".".join(HEADLINES[task]), shown)
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``simulate`` and ``evaluate`` to the linewatch app."""
    app.command("simulate")(simulate_command)
    app.command("evaluate")(evaluate_command)
