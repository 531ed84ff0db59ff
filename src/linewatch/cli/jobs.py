"""``linewatch jobs list|show|cancel`` and ``linewatch users token``.

With a server running these are forwarded to it (see :mod:`linewatch.cli.remote`); against a
stopped server's store they read the ``jobs`` table directly, and ``cancel`` can only cancel
a queued job (nothing runs without the server). ``users token NAME`` prints a new personal API
token for the CLI's ``LINEWATCH_TOKEN`` (stored as a digest only; ``--revoke ID`` revokes).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json

jobs_app = typer.Typer(help="Imports and analysis runs queued on the server (the store's jobs).",
                       no_args_is_help=True)


def print_jobs(jobs: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print_json(jobs)
        return
    from rich.table import Table

    table = Table("job", "kind", "state", "by", "submitted", "finished", "progress / error")
    for j in jobs:
        progress = j.get("progress") or {}
        note = j.get("error") or (f"{progress.get('stage', '')}" if progress else "")
        table.add_row(j["job_id"], j["kind"], j["state"], j["submitted_by"],
                      f"{j['submitted_at']}"[:19], f"{j.get('finished_at') or ''}"[:19],
                      str(note)[:80])
    out.print(table)


@jobs_app.command("list")
def jobs_list(db: DbOption = DEFAULT_DB_PATH,
              state: Annotated[str | None, typer.Option(help="Only jobs in this state.")] = None,
              limit: Annotated[int, typer.Option(help="At most this many, newest first.")] = 20,
              as_json: JsonOption = False) -> None:
    """Jobs, newest first."""
    from linewatch.api.jobs import list_jobs

    with open_store(db) as store:
        print_jobs(list_jobs(store, state=state, limit=limit), as_json)


@jobs_app.command("show")
def jobs_show(job_id: Annotated[str, typer.Argument(help="The job id (J-...).")],
              db: DbOption = DEFAULT_DB_PATH) -> None:
    """One job: state, parameters, progress, result or error (forwarded to a running server,
    ``--wait`` follows it to its end)."""
    from linewatch.api.jobs import get_job
    from linewatch.errors import NotFound

    with open_store(db) as store:
        found = get_job(store, job_id)
    if found is None:
        raise NotFound(f"no job '{job_id}'")
    print_json(found)


@jobs_app.command("cancel")
def jobs_cancel(job_id: Annotated[str, typer.Argument(help="The job id (J-...).")],
                db: DbOption = DEFAULT_DB_PATH) -> None:
    """Cancel a queued job (a running one is cancelled through the server)."""
    from linewatch.api import audit
    from linewatch.api.jobs import get_job
    from linewatch.api.users import now
    from linewatch.cli.serve import _cli_user
    from linewatch.errors import InputError, NotFound

    with open_store(db) as store:
        found = get_job(store, job_id)
        if found is None:
            raise NotFound(f"no job '{job_id}'")
        if found["state"] != "queued":
            raise InputError(f"job {job_id} is {found['state']}: only a queued job can be "
                             "cancelled without the server")
        store.execute("UPDATE jobs SET state = 'cancelled', finished_at = ?, error = ? "
                      "WHERE job_id = ? AND state = 'queued'",
                      [now(), f"cancelled by {_cli_user()} before it started", job_id])
        audit.record(store, _cli_user(), "job_cancel", f"job:{job_id}", {"state": "queued"})
    out.print(f"cancelled {job_id}")


def users_token(
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    db: DbOption = DEFAULT_DB_PATH,
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    revoke: Annotated[str | None, typer.Option("--revoke", help="Revoke this token id "
                                               "instead of issuing one.")] = None,
) -> None:
    """Print a new personal API token for NAME (for LINEWATCH_TOKEN), or revoke one."""
    from linewatch.api import audit
    from linewatch.api.tokens import issue_token, revoke_token
    from linewatch.api.users import User
    from linewatch.cli.serve import _cli_user

    with open_store(db) as store:
        if revoke:
            revoke_token(store, revoke, by=User(_cli_user(), "admin"))
            audit.record(store, _cli_user(), "token_revoke", f"token:{revoke}", {"user": name})
            out.print(f"revoked token {revoke}")
            return
        token_id, token = issue_token(store, name, created_by=_cli_user(), label=label)
        audit.record(store, _cli_user(), "token_issue", f"token:{token_id}", {"user": name})
    typer.echo(token)
    typer.echo(f"token {token_id} for {name}: export LINEWATCH_TOKEN=<the line above> "
               "(shown once; 'linewatch users token NAME --revoke ID' revokes it)", err=True)


def register(app: typer.Typer) -> None:
    from linewatch.cli.serve import users_app

    app.add_typer(jobs_app, name="jobs")
    users_app.command("token")(users_token)
