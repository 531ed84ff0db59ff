"""Reconciling a published press release with the record finds the differences both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from ops_world import PLANNED, build, outcomes
from typer.testing import CliRunner

from linewatch import ops
from linewatch.cli.ops import register
from linewatch.storage import Store

RELEASE = (
    "Kent Police executed seven warrants at addresses in Chatham on Tuesday 5 March 2024, "
    "with support from Essex Police. Five people were arrested on suspicion of being "
    "concerned in the supply of Class A drugs. Officers seized £20,000 in cash, heroin and a "
    "machete. Two people were safeguarded.")


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    store = Store.open(":memory:")
    build(store)
    op = ops.create_operation(store, "Operation Kestrel", user="ana", planned_at=PLANNED,
                              line_id="L1", person_ids=["P4"])
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, outcomes(), user="ana")
    store.write_rows("articles", [{"article_id": "kent-2024-03-05", "title": "Raids",
                                   "text": RELEASE}], mode="append")
    found = ops.reconcile(store, op, article_id="kent-2024-03-05")
    store.close()
    return found


def _status(result: dict[str, Any], field: str, value: Any = None) -> dict[Any, str]:
    items = result["differences"] + result["matches"]
    return {(i["release"], i["record"]): i["status"] for i in items if i["field"] == field}


def test_counts_the_release_overstates_are_conflicts(result: dict[str, Any]) -> None:
    assert _status(result, "warrants") == {(7, 2): "conflict"}
    assert _status(result, "arrests") == {(5, 2): "conflict"}
    warrants = next(i for i in result["differences"] if i["field"] == "warrants")
    assert warrants["note"] == "the release says more"


def test_counts_that_agree_are_matches(result: dict[str, Any]) -> None:
    assert _status(result, "cash_gbp") == {(20000, 20000.0): "match"}
    assert _status(result, "safeguarded") == {(2, 2): "match"}


def test_items_only_in_the_release_and_only_in_the_record(result: dict[str, Any]) -> None:
    assert _status(result, "weapons") == {("machete", None): "release_only",
                                          (None, "knife"): "record_only"}
    assert _status(result, "drugs") == {("heroin", None): "release_only",
                                        (None, "crack cocaine"): "record_only",
                                        (None, "cannabis"): "record_only"}
    assert _status(result, "drug_classes") == {("A", "A"): "match", (None, "B"): "record_only"}


def test_forces_named_in_the_release_are_checked_against_the_record(
        result: dict[str, Any]) -> None:
    assert _status(result, "forces") == {("Essex Police", None): "release_only",
                                         ("Kent Police", "Kent Police"): "match",
                                         (None, "Metropolitan Police"): "record_only"}


def test_a_release_read_from_a_file_that_agrees_has_no_differences(
        tmp_path: Path, executed_store: tuple[Store, str]) -> None:
    store, op = executed_store
    text = ops.write_summary(store, op)["text"]
    path = tmp_path / "release.txt"
    path.write_text(text, encoding="utf-8")
    found = ops.reconcile(store, op, path=path)
    assert [d for d in found["differences"] if d["status"] != "record_only"] == [], found[
        "differences"]


@pytest.fixture
def executed_store(planned: tuple[Store, str]) -> tuple[Store, str]:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, outcomes(), user="ana")
    return store, op


def test_reconcile_a_release_file_from_the_command_line(tmp_path: Path) -> None:
    app = typer.Typer()

    @app.callback()
    def _root() -> None:
        """linewatch"""

    register(app)
    runner = CliRunner()
    db = tmp_path / "lw.duckdb"
    with Store.open(db) as store:
        build(store)

    def _ok(*args: str) -> str:
        result = runner.invoke(app, ["ops", *args])
        assert result.exit_code == 0, (result.output, result.exception)
        return result.stdout

    d = str(db)
    _ok("plan", "--name", "Operation Kestrel", "--line", "L1", "--at",
        "2024-03-05T05:00", "--user", "ana", "--db", d)
    _ok("approve", "OP1", "--user", "sue", "--db", d)
    doc = tmp_path / "outcomes.json"
    doc.write_text(json.dumps(outcomes()), encoding="utf-8")
    _ok("record", "OP1", "--file", str(doc), "--user", "ana", "--db", d)
    release = tmp_path / "release.txt"
    release.write_text("Kent Police executed nine warrants and arrested two people.",
                       encoding="utf-8")
    found = json.loads(_ok("reconcile", "OP1", "--file", str(release), "--db", d,
                           "--json"))
    warrants = next(i for i in found["differences"] if i["field"] == "warrants")
    assert (warrants["release"], warrants["record"], warrants["status"]) == (9, 2, "conflict")
