"""CSV of every list: the lists a role may open, scoped, through the formula guard."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

from linewatch.api.access import may_see_intel
from linewatch.api.exports import audience_for
from linewatch.export import export
from linewatch.export.scope import Scope
from linewatch.storage import Store


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_an_analyst_gets_every_list_with_every_row(store: Store, tmp_path: Path) -> None:
    export(store, "csv", tmp_path, audience_for("analyst"))
    names = {p.stem for p in tmp_path.glob("*.csv")}
    assert {"lines", "targets", "safeguarding", "persons", "phones", "addresses", "intel",
            "tips", "tip_extractions", "text_mentions", "nodes", "edges"} <= names
    assert len(_read(tmp_path / "persons.csv")) == store.count("persons")
    assert len(_read(tmp_path / "targets.csv")) == store.count("target_list")
    visible = {r[0] for r in store.query(
        "SELECT report_id, handling_code, handling_conditions FROM intel")
        if may_see_intel("analyst", r[1], r[2])}
    assert {r["report_id"] for r in _read(tmp_path / "intel.csv")} == visible


def test_a_partner_gets_no_targets_intelligence_or_evidence(store: Store,
                                                            tmp_path: Path) -> None:
    summary = export(store, "csv", tmp_path / "p.zip", audience_for("partner"))
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        names = set(archive.namelist())
        safeguarding = archive.read("safeguarding.csv").decode("utf-8-sig")
    assert summary["files"] == ["p.zip"]
    assert not {"targets.csv", "intel.csv", "tips.csv", "text_mentions.csv"} & names
    assert "safeguarding.csv" in names and "persons.csv" in names
    header = next(csv.reader(io.StringIO(safeguarding)))
    assert "evidence" not in header and "exploitation_risk" in header


def test_a_line_export_keeps_only_that_lines_rows(store: Store, tmp_path: Path) -> None:
    line = store.scalar("SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    export(store, "csv", tmp_path, audience_for("analyst"), Scope(line=line))
    assert {r["line_id"] for r in _read(tmp_path / "lines.csv")} == {line}
    nodes = {r["id"] for r in _read(tmp_path / "nodes.csv")}
    persons = {r["person_id"] for r in _read(tmp_path / "persons.csv")}
    assert persons and {f"person:{p}" for p in persons} <= nodes
    assert len(persons) < store.count("persons")


def test_cells_go_through_the_formula_guard(analysed_world: Any, tmp_path: Path) -> None:
    with analysed_world.open_copy(tmp_path) as store:
        person = store.scalar("SELECT person_id FROM persons ORDER BY person_id LIMIT 1")
        store.execute("UPDATE persons SET display_name = ? WHERE person_id = ?",
                      ["=HYPERLINK(\"http://x\")", person])
        export(store, "csv", tmp_path / "out", audience_for("analyst"))
    rows = {r["person_id"]: r for r in _read(tmp_path / "out" / "persons.csv")}
    assert rows[person]["display_name"] == "'=HYPERLINK(\"http://x\")"
    labels = {r["id"]: r["label"] for r in _read(tmp_path / "out" / "nodes.csv")}
    assert labels[f"person:{person}"].startswith("'=")


def test_a_partners_exports_carry_no_member_of_the_publics_number(store: Store,
                                                                   tmp_path: Path) -> None:
    customers = [r[0] for r in store.query(
        "SELECT number FROM phone_roles GROUP BY number HAVING bool_and(role = 'customer')")]
    assert customers, "the analysed world has customers"
    for fmt, out in (("graphml", tmp_path / "p.graphml"), ("csv", tmp_path / "p.zip"),
                     ("i2", tmp_path / "p.anx")):
        export(store, fmt, out, audience_for("partner", store, b"k" * 32))
        blob = out.read_bytes() if fmt != "csv" else b"".join(
            zipfile.ZipFile(out).read(n) for n in zipfile.ZipFile(out).namelist())
        leaked = [n for n in customers if n.encode() in blob or n[3:].encode() in blob]
        assert not leaked, f"{fmt}: {leaked[:3]}"
    analyst = tmp_path / "a.graphml"
    export(store, "graphml", analyst, audience_for("analyst", store))
    assert any(n.encode() in analyst.read_bytes() for n in customers)  # police keep them
