"""``linewatch analyse``, ``results`` and ``demo``."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Annotated, Any

import typer

from linewatch.cli.common import (
    DEFAULT_DB_PATH,
    DbOption,
    console,
    open_store,
    print_json,
    progress_bar,
)
from linewatch.vocabulary import PIPELINE_STAGES


def analyse(
    db: DbOption = DEFAULT_DB_PATH,
    stage: Annotated[list[str] | None, typer.Option(
        "--stage", help=f"Run only these stages (any of {', '.join(PIPELINE_STAGES)}).")] = None,
    params: Annotated[Path | None, typer.Option(
        "--params", help="JSON file of parameters per stage: {\"detect\": {...}}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summaries as JSON.")]
    = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Reference date (ISO) for ages and recency; default: the latest "
        "event in the data.")] = None,
    engine: Annotated[str | None, typer.Option(
        "--engine", help="Engine of detection's feature pipeline: duckdb or spark (the other "
        "stages run on the store's DuckDB).")] = None,
    lake: Annotated[str | None, typer.Option(
        "--lake", help="With --engine spark: the features read this Parquet lake.")] = None,
    master: Annotated[str | None, typer.Option(
        "--master", help="With --engine spark: local[N] or spark://host:port.")] = None,
) -> None:
    """Run resolution, detection, priority and safeguarding over the store."""
    from linewatch.cli.detect import spark_params
    from linewatch.pipeline import STAGES
    from linewatch.pipeline import analyse as run_analysis

    stage_params = _read_params(params) if params else None
    if engine is not None:
        detect_params = {"engine": engine, **spark_params(engine, lake, master)}
        stage_params = stage_params or {}
        stage_params["detect"] = {**stage_params.get("detect", {}), **detect_params}
    elif lake or master:
        spark_params("duckdb", lake, master)  # the error: they need --engine spark
    from linewatch.pipeline import deliver_alerts

    with open_store(db) as store, progress_bar() as progress:
        summaries = run_analysis(store, stages=stage or STAGES, params=stage_params,
                                 progress=progress, as_of=as_of)
        deliver_alerts(store)
    if as_json:
        print_json(summaries)
    else:
        for name, summary in summaries.items():
            console.print(f"[bold]{name}[/bold]: {json.dumps(summary, default=str)[:300]}")
        timed = {n: s["timing"] for n, s in summaries.items()
                 if isinstance(s, dict) and isinstance(s.get("timing"), dict)}
        for name, timing in timed.items():
            console.print(f"{name:>10}: {timing['wall_s']:8.2f} s wall, "
                          f"{timing['cpu_s']:8.2f} s CPU, peak {timing['peak_rss_mb']:,.0f} MB")
        if timed:
            console.print(f"{'total':>10}: {sum(t['wall_s'] for t in timed.values()):8.2f} s "
                          "wall")


def _read_params(path: Path) -> dict[str, dict[str, Any]]:
    """The per-stage settings file; every stage's settings are checked before any runs."""
    from linewatch.errors import InputError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read settings: {exc}", file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError('settings must map stage names to their settings, e.g. '
                         '{"detect": {"threshold": 0.6}}', file=str(path))
    return data


def results(
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print the contract JSON.")] = True,
    lake: Annotated[Path | None, typer.Option(
        "--lake", help="Read the results a run wrote to this lake ('linewatch lake results') "
        "instead of the store.")] = None,
    run: Annotated[str | None, typer.Option(
        "--run", help="With --lake: the run whose results to read (default: the results "
        "written last).")] = None,
) -> None:
    """The analysis as it stands, in the results export format of the input contract."""
    from linewatch.results import build_results, dumps

    if run is not None and lake is None:
        from linewatch.errors import InputError

        raise InputError("--run needs --lake (a store holds only its latest results)",
                         field="run")
    if lake is not None:
        from linewatch.storage.lake_results import open_results

        with open_results(lake, run) as store:
            data = build_results(store)
    else:
        with open_store(db) as store:
            data = build_results(store)
    if as_json:
        typer.echo(dumps(data))
    else:
        print_json({k: len(v) if isinstance(v, list) else v for k, v in data.items()})


def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the scenario and the store.")]
    = Path("demo"),
    scale: Annotated[str, typer.Option("--scale", help="Scenario scale.")] = "small",
    seed: Annotated[int, typer.Option("--seed", help="Scenario seed.")] = 7,
    port: Annotated[int, typer.Option("--port", help="Port to serve on.")] = 8000,
    serve: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the web app at "
                                        "the end.")] = True,
) -> None:
    """Simulate a scenario, ingest it, analyse it and serve the web app (ends with the URL)."""
    from linewatch.demo import prepare_demo

    prepared = prepare_demo(out, scale=scale, seed=seed)
    console.print(f"[bold green]demo store ready[/bold green]: {prepared.db}")
    console.print(f"  audit key: {out / 'audit.key'} unless LINEWATCH_AUDIT_KEY was set "
                  f"(export LINEWATCH_AUDIT_KEY=\"$(cat {out / 'audit.key'})\" before "
                  "'linewatch audit verify')", markup=False, highlight=False)
    for user, password, role in prepared.accounts:
        console.print(f"  sign in as [bold]{user}[/bold] ({role}) with password "
                      f"[bold]{password}[/bold]")
    if prepared.partner_force:
        console.print(f"  the partner account belongs to [bold]{prepared.partner_force}[/bold]")
    if not serve:
        print_json({"db": str(prepared.db), "users": [a[0] for a in prepared.accounts]})
        return
    from linewatch.api.server import serve_app

    secret = secrets.token_urlsafe(48)
    console.print(f"open [bold]http://127.0.0.1:{port}/[/bold]  (Ctrl+C to stop)")
    serve_app(db=prepared.db, host="127.0.0.1", port=port, secret_key=secret)


def register(app: typer.Typer) -> None:
    app.command()(analyse)
    app.command()(results)
    app.command()(demo)
