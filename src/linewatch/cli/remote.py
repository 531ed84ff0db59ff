"""Forwarding commands to the running server that holds the store.

DuckDB lets no second process open a store that one holds for writing, and ``linewatch
serve`` holds it. So the CLI forwards to the server when told (``linewatch --server URL
...`` or ``LINEWATCH_SERVER``) or when it finds one (the ``<store>.server.json`` a running
server leaves beside the store): ``ingest``, ``analyse`` and ``detect`` become jobs it follows to the end (with
``--engine``, ``--lake`` and ``--master`` among detection's settings),
``backup`` becomes an admin's job, ``status``, ``jobs``, ``targets``, ``safeguarding``, ``lines``/``detect lines``,
``detect line``, ``person``, ``watch add|list|remove`` and ``alerts`` use the API (printing its JSON); ``retention
due`` and ``fairness`` read it too, and ``retention retain|delete`` become jobs. A command that reads or
writes the store and cannot be forwarded says so in one line; commands that never open a
store (``simulate``, ``extract``, ...) run here as always.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, console, print_json
from linewatch.cli.remote_client import SERVER_ENV, Remote, RemoteError
from linewatch.vocabulary import SERVER_INFO_SUFFIX

remote_app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
jobs_remote = typer.Typer(no_args_is_help=True)
detect_remote = typer.Typer(no_args_is_help=False)
retention_remote = typer.Typer(no_args_is_help=True)
remote_app.add_typer(jobs_remote, name="jobs")
remote_app.add_typer(detect_remote, name="detect")
watch_remote = typer.Typer(no_args_is_help=True)
remote_app.add_typer(watch_remote, name="watch")
remote_app.add_typer(retention_remote, name="retention")
_REMOTE: list[Remote] = []
WaitOption = Annotated[bool, typer.Option("--wait/--no-wait", help="Follow the job to its end.")]


def _server() -> Remote:
    return _REMOTE[-1]


def _end(job: dict[str, Any], as_json: bool, describe: str) -> None:
    if as_json:
        print_json(job.get("result") if job["state"] == "done" else job)
    if job["state"] == "done":
        if not as_json:
            console.print(f"job {job['job_id']} done: {describe}")
        return
    if job["state"] in {"queued", "running"}:
        if not as_json:
            console.print(f"job {job['job_id']} is {job['state']}: 'linewatch jobs show "
                          f"{job['job_id']}' to follow it")
        return
    raise RemoteError(f"job {job['job_id']} {job['state']}: {job.get('error') or ''}")


_LAST_SHOWN: list[str] = []


def _show_progress(job: dict[str, Any]) -> None:
    """One line on standard error whenever a running job's step changes."""
    progress = job.get("progress") or {}
    if job["state"] != "running" or not progress:
        return
    total = progress.get("total")
    done = f" {progress.get('completed', 0):.0f}/{total:.0f}" if total else ""
    line = f"  {job['job_id']}: {progress.get('stage')}{done}"
    if not _LAST_SHOWN or _LAST_SHOWN[-1] != line:
        _LAST_SHOWN.append(line)
        console.print(line, highlight=False)


@remote_app.command("ingest")
def ingest(paths: Annotated[list[Path], typer.Argument()], db: DbOption = DEFAULT_DB_PATH,
           kind: Annotated[str | None, typer.Option("--kind")] = None,
           mapping: Annotated[Path | None, typer.Option("--mapping")] = None,
           as_json: JsonOption = False, wait: WaitOption = True) -> None:
    job = _server().upload_bundle(paths, kind, mapping)
    console.print(f"queued import job {job['job_id']} on {_server().url}")
    if wait:
        job = _server().follow(job, _show_progress)
    result = job.get("result") or {}
    _end(job, as_json, f"batch {result.get('batch_id') or '(nothing new)'}: "
                       f"{result.get('rows_imported', 0)} rows imported, "
                       f"{result.get('rows_quarantined', 0)} quarantined, "
                       f"{result.get('rows_duplicate', 0)} duplicates, "
                       f"{result.get('rows_tombstoned', 0)} left out as deleted under "
                       "retention review")


EngineOption = Annotated[str | None, typer.Option("--engine")]
LakeOption = Annotated[str | None, typer.Option("--lake")]
MasterOption = Annotated[str | None, typer.Option("--master")]


def _engine_params(engine: str | None, lake: str | None, master: str | None
                   ) -> dict[str, Any]:
    """Detection's engine settings from ``--engine``, ``--lake``, ``--master``, as the local
    commands make them; a lake folder is sent as its absolute path (the server allows only
    the lakes under its LINEWATCH_LAKE_ROOTS)."""
    from linewatch.cli.detect import spark_params

    if engine is None:
        if lake or master:
            spark_params("duckdb", lake, master)  # the error: they need --engine spark
        return {}
    if lake and "://" not in lake:
        lake = str(Path(lake).resolve())
    return {"engine": engine, **spark_params(engine, lake, master)}


def _submit_analysis(stages: list[str] | None, params: dict[str, Any] | None,
                     as_of: str | None, as_json: bool, wait: bool) -> None:
    body = {"stages": stages, "params": params, "as_of": as_of}
    job = _server().post("/api/jobs/analyse", json=body)
    console.print(f"queued analysis job {job['job_id']} on {_server().url}")
    if wait:
        job = _server().follow(job, _show_progress)
    _end(job, as_json, ", ".join(sorted(job.get("result") or {})))


@remote_app.command("analyse")
def analyse(db: DbOption = DEFAULT_DB_PATH,
            stage: Annotated[list[str] | None, typer.Option("--stage")] = None,
            params: Annotated[Path | None, typer.Option("--params")] = None,
            as_json: JsonOption = False,
            as_of: Annotated[str | None, typer.Option("--as-of")] = None,
            engine: EngineOption = None, lake: LakeOption = None, master: MasterOption = None,
            wait: WaitOption = True) -> None:
    from linewatch.cli.pipeline import _read_params

    stage_params = _read_params(params) if params else None
    detect = _engine_params(engine, lake, master)
    if detect:
        stage_params = stage_params or {}
        stage_params["detect"] = {**stage_params.get("detect", {}), **detect}
    _submit_analysis(stage or None, stage_params, as_of, as_json, wait)


@detect_remote.callback(invoke_without_command=True)
def detect(ctx: typer.Context, db: DbOption = DEFAULT_DB_PATH,
           threshold: Annotated[float | None, typer.Option("--threshold")] = None,
           engine: EngineOption = None, lake: LakeOption = None, master: MasterOption = None,
           as_json: JsonOption = False, wait: WaitOption = True) -> None:
    """Detection alone, as an analysis job of the one stage."""
    if ctx.invoked_subcommand is not None:
        return
    detect_params = _engine_params(engine, lake, master)
    if threshold is not None:
        detect_params["threshold"] = threshold
    _submit_analysis(["detect"], {"detect": detect_params} if detect_params else None, None,
                     as_json, wait)


@remote_app.command("backup")
def backup(db: DbOption = DEFAULT_DB_PATH,
           out_path: Annotated[Path, typer.Option("--out")] = Path("linewatch-backup.duckdb"),
           as_json: JsonOption = False, wait: WaitOption = True) -> None:
    job = _server().post("/api/jobs/backup", json={"out": str(out_path.resolve())})
    console.print(f"queued backup job {job['job_id']} on {_server().url}")
    if wait:
        job = _server().follow(job, _show_progress)
    result = job.get("result") or {}
    _end(job, as_json, f"backup {result.get('path')}: {result.get('rows', 0)} rows, "
                       f"{result.get('audit_entries', 0)} audit entries")


@remote_app.command("status")
def status(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    info = _server().get("/api/status")
    if as_json:
        print_json(info)
        return
    from rich.table import Table

    from linewatch.cli.common import out

    table = Table("kind", "rows", "quarantined")
    for name, counts in info["kinds"].items():
        table.add_row(name, str(counts["rows"]), str(counts["quarantined"]))
    out.print(table)
    out.print(f"{info['batches']} import batches; schema version {info['schema_version']}; "
              f"input contract version {info.get('contract_version')}; jobs queued {info['jobs']['queued']}, running {info['jobs']['running']} "
              f"(server {_server().url})")


@jobs_remote.command("list")
def jobs_list(db: DbOption = DEFAULT_DB_PATH, state: Annotated[str | None, typer.Option()] = None,
              limit: Annotated[int, typer.Option()] = 20, as_json: JsonOption = False) -> None:
    from linewatch.cli.jobs import print_jobs

    print_jobs(_server().get("/api/jobs", state=state, limit=limit)["jobs"], as_json)


@jobs_remote.command("show")
def jobs_show(job_id: str, db: DbOption = DEFAULT_DB_PATH, wait: Annotated[bool, typer.Option(
        "--wait/--no-wait", help="Follow the job to its end.")] = False) -> None:
    job = _server().get(f"/api/jobs/{job_id}")
    if wait:
        job = _server().follow(job, _show_progress)
    print_json(job)


@jobs_remote.command("cancel")
def jobs_cancel(job_id: str, db: DbOption = DEFAULT_DB_PATH) -> None:
    job = _server().post(f"/api/jobs/{job_id}/cancel")
    console.print(f"job {job_id}: {job['state']} (a running job stops at its next step and "
                  "rolls back)")


def _read(path: str) -> None:
    print_json(_server().get(path))


@remote_app.command("targets")
def targets(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
            limit: Annotated[int, typer.Option("--limit")] = 50) -> None:
    data = _server().get("/api/targets")
    data["targets"] = data.get("targets", [])[:max(0, limit)]
    print_json(data)


@remote_app.command("safeguarding")
def safeguarding(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    _read("/api/safeguarding")


@remote_app.command("lines")
@detect_remote.command("lines")
def lines(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    _read("/api/lines")


@detect_remote.command("line")
def line(line_id: str, db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    _read(f"/api/lines/{line_id}")


@remote_app.command("person")
def person(person_id: str, db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    _read(f"/api/persons/{person_id}")


@watch_remote.command("add")
def watch_add(kind: str, value: str, db: DbOption = DEFAULT_DB_PATH,
              note: Annotated[str | None, typer.Option("--note")] = None,
              user: Annotated[str | None, typer.Option("--user")] = None,
              as_json: JsonOption = False) -> None:
    del user  # the server acts as the token's user
    added = _server().post("/api/watches", json={"kind": kind, "value": value, "note": note})
    if as_json:
        print_json(added)
    else:
        console.print(f"watch {added['watch_id']}: {added['user_name']} watches {kind} "
                      f"{added['value']}")


@watch_remote.command("list")
def watch_list(db: DbOption = DEFAULT_DB_PATH,
               user: Annotated[str | None, typer.Option("--user")] = None,
               as_json: JsonOption = False) -> None:
    from linewatch.cli.watch import print_watches

    del user
    print_watches(_server().get("/api/watches")["watches"], as_json)


@watch_remote.command("remove")
def watch_remove(watch_id: str, db: DbOption = DEFAULT_DB_PATH,
                 user: Annotated[str | None, typer.Option("--user")] = None) -> None:
    del user
    _server().request("DELETE", f"/api/watches/{watch_id}")
    console.print(f"watch {watch_id} removed")


@remote_app.command("alerts")
def alerts(db: DbOption = DEFAULT_DB_PATH,
           user: Annotated[str | None, typer.Option("--user")] = None,
           unread: Annotated[bool, typer.Option("--unread")] = False,
           as_json: JsonOption = False) -> None:
    from linewatch.cli.watch import print_alerts

    del user
    print_alerts(_server().get("/api/alerts", unread=unread or None)["alerts"], as_json)

@retention_remote.command("due")
def retention_due(db: DbOption = DEFAULT_DB_PATH,
                  as_of: Annotated[str | None, typer.Option("--as-of")] = None,
                  as_json: JsonOption = False) -> None:
    from linewatch.cli.retention import print_due

    found = _server().get("/api/retention/due", **({"as_of": as_of} if as_of else {}))
    print_due(found["due"], found["as_of"], as_json)


def _decide(body: dict[str, Any], wait: bool) -> None:
    job = _server().post("/api/retention/decisions", json=body)
    console.print(f"queued retention job {job['job_id']} on {_server().url}")
    if wait:
        job = _server().follow(job, _show_progress)
    result = job.get("result") or {}
    _end(job, False, f"{result.get('decision')}: " + (
        f"next review {result.get('next_review')}" if result.get("decision") == "retain"
        else f"tombstone {result.get('tombstone_id')}"))


@retention_remote.command("retain")
def retention_retain(kind: str, record_id: str, db: DbOption = DEFAULT_DB_PATH,
                     source_system: Annotated[str | None, typer.Option("--source-system")]
                     = None, reason: Annotated[str, typer.Option("--reason")] = "",
                     next_review: Annotated[str | None, typer.Option("--next-review")] = None,
                     wait: WaitOption = True) -> None:
    _decide({"action": "retain", "kind": kind, "record_id": record_id,
             "source_system": source_system, "reason": reason, "next_review": next_review},
            wait)


@retention_remote.command("delete")
def retention_delete(kind: str, record_id: str, db: DbOption = DEFAULT_DB_PATH,
                     source_system: Annotated[str | None, typer.Option("--source-system")]
                     = None, reason: Annotated[str, typer.Option("--reason")] = "",
                     wait: WaitOption = True) -> None:
    _decide({"action": "delete", "kind": kind, "record_id": record_id,
             "source_system": source_system, "reason": reason}, wait)


@remote_app.command("fairness")
def fairness(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False,
             as_of: Annotated[str | None, typer.Option("--as-of")] = None) -> None:
    from linewatch.cli.retention import print_fairness

    print_fairness(_server().get("/api/fairness", **({"as_of": as_of} if as_of else {})),
                   as_json)


# -- deciding whether to forward -----------------------------------------------------------
def _split_server(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--server URL`` given before the command, and the rest."""
    rest, server, i = [], None, 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--server" and i + 1 < len(argv):
            server, i = argv[i + 1], i + 2
            continue
        if arg.startswith("--server="):
            server, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    return server, rest


def read_server_info(db: str | Path) -> dict[str, Any] | None:
    """The running server's ``{"url", "pid", "db"}`` for a store, or ``None`` when no live
    server left one (the file of a killed server names a process that is gone)."""
    import json
    import os

    path = Path(f"{db}{SERVER_INFO_SUFFIX}")
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid = int(info["pid"])
        str(info["url"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, someone else's
        pass
    return dict(info)


def _db_of(argv: list[str]) -> Path:
    for i, arg in enumerate(argv):
        if arg == "--db" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--db="):
            return Path(arg.split("=", 1)[1])
    return DEFAULT_DB_PATH


def _command_path(root: typer.Typer, argv: list[str]) -> tuple[list[str], Any]:
    """The command words of ``argv`` in ``root`` (``["jobs", "list"]``) and the command they
    name, stopping at the first word that is not a subcommand."""
    command: Any = typer.main.get_command(root)
    words: list[str] = []
    for arg in argv:
        if arg.startswith("-") or not _is_group(command):
            break
        sub = command.commands.get(arg)
        if sub is None:
            break
        words.append(arg)
        command = sub
    return words, command


def _is_group(command: Any) -> bool:
    return isinstance(getattr(command, "commands", None), dict)


def _opens_store(command: Any) -> bool:
    """Whether a command takes ``--db``: it reads or writes a store (a group only when it
    runs by itself, as ``detect`` does)."""
    runs_alone = not _is_group(command) or bool(getattr(command, "invoke_without_command",
                                                        False))
    return runs_alone and any(
        getattr(p, "name", None) == "db" for p in getattr(command, "params", []))


def forward(argv: list[str]) -> int | None:
    """Run ``argv`` against a server when one applies; ``None`` means run it here."""
    import os

    from linewatch.cli.app import app

    server, rest = _split_server(argv)
    server = server or os.environ.get(SERVER_ENV) or None
    if not rest or any(a in {"--help", "-h"} for a in rest):
        return None if server is None else _help()
    local_words, local = _command_path(app, rest)
    found = None
    if server is None:
        if not local_words or not _opens_store(local):
            return None
        found = read_server_info(_db_of(rest))
        if found is None:
            return None
        server = str(found["url"])
    remote_words, remote = _command_path(remote_app, rest)
    if not remote_words or not _opens_store(remote):
        if local_words and _opens_store(local):
            typer.echo(f"error: '{' '.join(local_words)}' cannot be forwarded to the linewatch "
                       f"server at {server}{' (it holds the store)' if found else ''}: use the "
                       "web app, or stop the server and run it against the store", err=True)
            return 2
        return None  # never opens a store: runs here
    _REMOTE.append(Remote(server))
    if found is not None:
        console.print(f"the store is held by the linewatch server at {server}: forwarding",
                      highlight=False)
    try:
        result = remote_app(args=rest, standalone_mode=False)
    finally:
        _REMOTE.pop()
    return result if isinstance(result, int) else 0


def _help() -> int:
    typer.echo("with --server, these commands are forwarded: ingest, analyse, detect, backup, "
               "status, jobs "
               "list|show|cancel, targets, safeguarding, lines, detect lines|line, person, "
               "watch add|list|remove, alerts; "
               "retention due|retain|delete, fairness; "
               "'linewatch COMMAND --help' without --server shows their options", err=True)
    return 0
