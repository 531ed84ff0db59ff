"""Neo4j import CSVs follow neo4j-admin's header format; counts and endpoints match."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from linewatch.export import neo4j
from linewatch.export.graph import CaseGraph

#: neo4j-admin's header entries: ``name:type``, ``:ID``, ``:LABEL``, ``:START_ID`` ...
HEADER = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?(?::(?P<field>ID|LABEL|START_ID|END_ID|"
                    r"TYPE|IGNORE|long|int|short|byte|double|float|boolean|char|string|date|"
                    r"localdatetime|datetime|localtime|time|duration|point)(?:\[\])?)?$")
PARSE = {"long": int, "int": int, "double": float, "float": float,
         "boolean": lambda v: {"true": True, "false": False}[v],
         "date": dt.date.fromisoformat, "localdatetime": dt.datetime.fromisoformat,
         "string": str}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


@pytest.fixture(scope="module")
def folder(case: CaseGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("neo4j") / "import"
    neo4j.write(case, out)
    return out


def test_headers_and_values_follow_the_import_format(folder: Path) -> None:
    for path in sorted(folder.glob("*.csv")):
        header, rows = _read(path)
        for entry in header:
            assert HEADER.match(entry), (path.name, entry)
        fields = {e.split(":", 1)[1] for e in header if ":" in e}
        if path.name.startswith("nodes_"):
            assert {"ID", "LABEL"} <= fields
        else:
            assert {"START_ID", "END_ID", "TYPE"} <= fields
        for row in rows:
            for entry, value in row.items():
                kind = entry.split(":", 1)[1] if ":" in entry else "string"
                if value and kind in PARSE:
                    PARSE[kind](value)  # raises when a value does not fit its type


def test_counts_and_every_relationship_end_exists(case: CaseGraph, folder: Path) -> None:
    ids: set[str] = set()
    labels: dict[str, int] = {}
    for path in folder.glob("nodes_*.csv"):
        _, rows = _read(path)
        for row in rows:
            assert row["id:ID"] not in ids
            ids.add(row["id:ID"])
            label = row[":LABEL"].split(";")[0]
            labels[label] = labels.get(label, 0) + 1
    assert ids == set(case.nodes)
    assert labels == {neo4j.label(k): n for k, n in case.summary()["node_kinds"].items()}
    n_rels = 0
    for path in folder.glob("rels_*.csv"):
        _, rows = _read(path)
        for row in rows:
            assert row[":START_ID"] in ids and row[":END_ID"] in ids
            assert row[":TYPE"] == path.stem[5:].upper()
        n_rels += len(rows)
    assert n_rels == len(case.edges)


def test_typed_columns_and_scripts(case: CaseGraph, folder: Path) -> None:
    header, rows = _read(folder / "rels_call.csv")
    assert "events:long" in header and "first_seen:localdatetime" in header
    person_header, _ = _read(folder / "nodes_person.csv")
    assert "dob:date" in person_header
    script = (folder / "import.sh").read_text("utf-8")
    assert "neo4j-admin database import full" in script
    files = {p.name for p in folder.glob("*.csv")}
    assert {m for m in re.findall(r"--(?:nodes|relationships)=(\S+)", script)} == files
    cypher = (folder / "load.cypher").read_text("utf-8")
    assert cypher.count("LOAD CSV WITH HEADERS") == len(files)
