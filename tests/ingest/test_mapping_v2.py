"""Mapping language v2: files, joins, filters, constants, defaults, computed values, otherwise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linewatch.errors import InputError
from linewatch.ingest import ingest_paths, load_mappings
from linewatch.storage import Store

PEOPLE = ("id,full name,born,home,tags,fee\n"
          "1,Smith; Ann,03/04/2001,H1,a|b,\"£1,250.50\"\n"
          "2,Jones; Bob,,H2,c,n/a\n"
          "3,Deleted; X,,H1,,\n")
HOMES = "hid,street,code\nH1,1 High Street,ME4 4QU\nH2,2 Low Road,ME5 5AA\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (folder / "homes.csv").write_text(HOMES, encoding="utf-8")
    return folder


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    return path


PERSONS = """\
kind: nominals
file: people.csv
join:
  - {file: homes.csv, as: home, on: {home: hid}}
where:
  - {column: full name, not_equals: "Deleted; X"}
constants: {source_system: crm}
columns:
  record_id: {template: "P-{id}"}
  surname: {split: full name, sep: ";", index: 0}
  forenames: {split: full name, sep: ";", index: 1}
  dob: born
  address: {concat: [home.street, home.code], sep: ", "}
  postcode: home.code
  flags: {first: [tags, {const: none}]}
  sex: {const: Female}
  nickname: {number: fee}
values:
  sex: {Male: M, otherwise: U}
defaults: {dob: 01/01/1900}
formats: {dob: "%d/%m/%Y"}
"""


def test_every_v2_feature_applies(memory_store: Store, tmp_path: Path) -> None:
    report = ingest_paths(memory_store, [_folder(tmp_path)], mapping=_mapping(tmp_path, PERSONS))
    rows = memory_store.query_dicts(
        "SELECT record_id, surname, forenames, dob, address, postcode, flags, sex, nickname, "
        "source_system, attrs FROM nominals ORDER BY record_id")
    assert [r["record_id"] for r in rows] == ["P-1", "P-2"]  # row 3 filtered out
    assert report.files[0].rows_filtered == 1
    first, second = rows
    assert (first["surname"], first["forenames"]) == ("Smith", "Ann")
    assert first["dob"] == dt.date(2001, 4, 3)
    assert second["dob"] == dt.date(1900, 1, 1)  # the default
    assert first["address"] == "1 High Street, ME4 4QU"
    assert second["postcode"] == "ME5 5AA"
    assert first["flags"] == ["a|b"] and second["flags"] == ["c"]
    assert {r["sex"] for r in rows} == {"U"}  # "Female" is not in the map: otherwise
    assert first["nickname"] == ["1250.50"] and second["nickname"] is None
    assert {r["source_system"] for r in rows} == {"crm"}
    # the row number is the source file's, so quarantine and provenance point at it
    assert memory_store.query("SELECT _row FROM nominals ORDER BY _row") == [(1,), (2,)]


def test_several_documents_in_one_file(memory_store: Store, tmp_path: Path) -> None:
    text = PERSONS + ("---\nkind: addresses\nfile: homes.csv\n"
                      "columns: {address: street, postcode: code, address_id: hid}\n")
    assert len(load_mappings(_mapping(tmp_path, text))) == 2
    ingest_paths(memory_store, [_folder(tmp_path)], mapping=tmp_path / "m.yaml")
    assert memory_store.count("nominals") == 2
    assert memory_store.query("SELECT address_id FROM addresses ORDER BY 1") == [("H1",), ("H2",)]


def test_a_join_with_all_matches_joins_them(memory_store: Store, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "mails.csv").write_text("pid,mail\n1,a@x.org\n1,b@x.org\n", encoding="utf-8")
    text = ("kind: nominals\nfile: people.csv\nconstants: {source_system: s}\n"
            "join:\n  - {file: mails.csv, as: m, on: {id: pid}, many: all}\n"
            "columns: {record_id: id, emails: m.mail}\n")
    ingest_paths(memory_store, [folder], mapping=_mapping(tmp_path, text))
    emails = dict(memory_store.query("SELECT record_id, emails FROM nominals"))
    assert emails == {"1": ["a@x.org", "b@x.org"], "2": None, "3": None}


def test_the_same_import_twice_is_skipped(memory_store: Store, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    ingest_paths(memory_store, [folder], mapping=_mapping(tmp_path, PERSONS))
    again = ingest_paths(memory_store, [folder], mapping=tmp_path / "m.yaml")
    assert again.files[0].skipped and memory_store.count("nominals") == 2


@pytest.mark.parametrize(("text", "line", "key", "message"), [
    ("kind: nominals\nfile: people.csv\ncolumns:\n  record_id: id\n  caller: x\n", 5,
     "columns.caller", "'caller' is not a field"),
    ("kind: nominals\nfile: people.csv\ncolumns:\n  record_id: {split: id}\n", 4,
     "columns.record_id", "'split' needs 'sep'"),
    ("kind: nominals\nfile: people.csv\nwhere:\n  - {column: id, bigger: 3}\n", 4,
     "where[0]", "one test"),
    ("---\nkind: events\nfile: people.csv\n---\nkind: nominals\nfile: people.csv\n"
     "join:\n  - {file: homes.csv, on: {home: hid}}\n", 8, "join[0]", "needs 'file', 'as'"),
    ("kind: nominals\nfile: people.csv\nconstants: {source_system: s}\n"
     "columns:\n  record_id: id\n  surname: {split: no such column, sep: x}\n", 6,
     "columns.surname", "column 'no such column' is not in people.csv"),
])
def test_a_mapping_error_names_file_line_and_key(memory_store: Store, tmp_path: Path, text: str,
                                                 line: int, key: str, message: str) -> None:
    path = _mapping(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        ingest_paths(memory_store, [_folder(tmp_path)], mapping=path)
    assert caught.value.location.file == f"{path}:{line}"
    assert caught.value.location.field == key


def test_otherwise_applies_in_a_version_1_mapping_too(memory_store: Store,
                                                      tmp_path: Path) -> None:
    data = tmp_path / "nominals.csv"
    data.write_text("source_system,record_id,gender\ns,1,Male\ns,2,Woman\ns,3,\n",
                    encoding="utf-8")
    mapping = _mapping(tmp_path, "kind: nominals\ncolumns: {sex: gender}\n"
                                 "values:\n  sex: {Male: M, otherwise: U}\n")
    ingest_paths(memory_store, [data], mapping=mapping)
    assert memory_store.query("SELECT record_id, sex FROM nominals ORDER BY 1") == [
        ("1", "M"), ("2", "U"), ("3", None)]
