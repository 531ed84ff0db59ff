"""``linewatch label``: analysts confirm or reject detections; labels survive re-runs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json
from linewatch.vocabulary import LABEL_KINDS

label_app = typer.Typer(help="Confirm or reject a line, role, cuckooed address or safeguarding "
                             "flag, with a reason; list labels beside the latest analysis.",
                        no_args_is_help=True)


@label_app.command("add")
def add_command(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(LABEL_KINDS)}.")],
    subject: Annotated[str, typer.Argument(help="Line id or number (line), number "
                                           "(phone_role), person id (person_role, "
                                           "safeguarding) or address (cuckooed).")],
    verdict: Annotated[str, typer.Option("--verdict", help="confirmed or rejected.")],
    reason: Annotated[str, typer.Option("--reason", help="Why (kept with the label).")],
    user: Annotated[str, typer.Option("--user", help="Your user name.")],
    role: Annotated[str | None, typer.Option("--role", help="The role judged (phone_role, "
                                             "person_role).")] = None,
    postcode: Annotated[str | None, typer.Option("--postcode", help="Postcode of the address "
                                                 "(cuckooed).")] = None,
    db: DbOption = DEFAULT_DB_PATH,
) -> None:
    """Record a verdict on a detection of the latest analysis."""
    from linewatch.evaluate.labels import add_label

    with open_store(db) as store:
        label = add_label(store, kind, subject, verdict, reason, user, value=role,
                          postcode=postcode)
    out.print(f"label {label['label_id']}: {kind} {subject} {verdict}")


@label_app.command("withdraw")
def withdraw_command(label_id: Annotated[str, typer.Argument(help="The label's id.")],
                     user: Annotated[str, typer.Option("--user", help="Your user name.")],
                     db: DbOption = DEFAULT_DB_PATH) -> None:
    """Withdraw a label (kept on record, no longer counted)."""
    from linewatch.evaluate.labels import withdraw_label

    with open_store(db) as store:
        withdraw_label(store, label_id, user)
    out.print(f"label {label_id} withdrawn")


@label_app.command("list")
def list_command(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
    """Labels, newest first, beside what the latest analysis says of each subject."""
    from linewatch.evaluate.labels import list_labels

    with open_store(db, read_only=True) as store:
        labels = list_labels(store)
    if as_json:
        print_json(labels)
        return
    table = Table("label", "kind", "subject", "role", "verdict", "analysis now", "by", "reason")
    for lb in labels:
        now = lb["analysis"]
        shown = ("predicts it" if now["predicts"] else "does not") + (
            f" ({now['shown_as']})" if now["shown_as"] else "")
        table.add_row(lb["label_id"], lb["kind"], str(lb["shown_as"]), lb["value"] or "",
                      lb["verdict"], shown if now["agrees"] else f"[red]{shown}[/red]",
                      lb["user_name"], lb["reason"])
    out.print(table)


def print_label_report(report: dict[str, object], as_json: bool) -> None:
    """``evaluate --labels``: precision and recall of each detector against the labels."""
    if as_json:
        print_json(report)
        return
    table = Table("detector", "confirmed", "rejected", "precision", "recall", "disagreements")
    detectors = report["detectors"]
    assert isinstance(detectors, dict)  # noqa: S101 - narrows the type for mypy
    for kind, row in detectors.items():
        table.add_row(kind, str(row["confirmed"]), str(row["rejected"]),
                      "-" if row["precision"] is None else f"{row['precision']:.3f}",
                      "-" if row["recall"] is None else f"{row['recall']:.3f}",
                      str(len(row["disagreements"])))
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``label`` to the linewatch app."""
    app.add_typer(label_app, name="label")
