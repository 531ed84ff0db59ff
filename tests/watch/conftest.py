"""The re-run world: the shared scenario delivered in two parts, analysed after each.

After the first analysis, users of every role watch things, and the store gains every kind of
lasting reference to a person or a line (a supervisor's victim-first override, a referral, an
operation's targets and lines, watches); an analyst asks for a merge of two persons and a split
of another. Then the second part is imported (alerts checked, as the import job does) and the
whole analysis runs again. ``ReRun`` keeps what each reference meant before, so tests can check
it still means the same real-world entity.
"""

from __future__ import annotations

import csv
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from tests.watch.two_phase import split_scenario

from linewatch.storage import Store

PASSWORD = "a long enough password " + secrets.token_hex(8)
USERS = {"ann": "analyst", "sue": "supervisor", "sam": "safeguarding", "pat": "partner"}
#: the token only the crafted, supervisors-only intelligence report carries
SECRET_WORD = "Quillfeather"


@dataclass
class ReRun:
    store: Store
    first: dict[str, Any] = field(default_factory=dict)   # what the first analysis said
    refs: dict[str, Any] = field(default_factory=dict)    # the references made after it
    second: dict[str, Any] = field(default_factory=dict)  # the second import and analysis


def _persons(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for pid, key in store.query("SELECT person_id, source_system || ':' || record_id "
                                "FROM person_records"):
        out.setdefault(pid, set()).add(key)
    return out


def _lines(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for lid, number in store.query("SELECT line_id, number FROM line_numbers"):
        out.setdefault(lid, set()).add(number)
    return out


def _key(member: str) -> tuple[str, str]:
    system, _, record = member.partition(":")
    return system, record


def _first_row(path: Path, **match: str) -> dict[str, str]:
    with path.open(newline="", encoding="utf-8") as source:
        for row in csv.DictReader(source):
            if all(row.get(k) for k in match.values()):
                return row
    raise AssertionError(f"{path.name} has no row with {match}")


def _restricted_intel(folder: Path, number: str) -> None:
    """A supervisors-only report naming a watched number, added to the second delivery."""
    with (folder / "intel.csv").open("a", newline="", encoding="utf-8") as out:
        csv.writer(out).writerow(["IR-TEST-000001", "2024-09-08T10:00", "2", "B", "C",
                                  "Supervisors only.",
                                  f"Operation {SECRET_WORD}: the runner now uses {number}."])


def _references(store: Store, world: ReRun, second: Path) -> None:
    from linewatch.api.users import add_user
    from linewatch.ops.plan import create_operation
    from linewatch.resolve import add_override, parse_record
    from linewatch.safeguard.overrides import add_target_override
    from linewatch.safeguard.referral import set_referral_status
    from linewatch.watch import add_watch

    for name, role in USERS.items():
        add_user(store, name, role, PASSWORD)
    persons, lines = world.first["persons"], world.first["lines"]
    singles = sorted(p for p, recs in persons.items() if len(recs) == 1)
    several = sorted((p for p, recs in persons.items() if len(recs) >= 2),
                     key=lambda p: (-len(persons[p]), p))
    assert len(singles) >= 2 and several, "the shared world lost its single and multi persons"
    keep, gone = sorted(singles[:2], key=lambda p: min(_key(k) for k in persons[p]))
    split = several[0]
    founder, *rest = sorted(persons[split], key=_key)  # one import: the lowest key founds
    add_override(store, "merge", [parse_record(min(persons[keep])),
                                  parse_record(min(persons[gone]))],
                 user="ann", reason="same person: confirmed by the officer in the case")
    add_override(store, "split", [parse_record(rest[0])],  # leaves its person, alone
                 user="ann", reason="a brother sharing the date of birth")
    world.refs.update(merged_keep=keep, merged_gone=gone, split=split, split_founder=founder,
                      split_moved=rest[0])
    override = add_target_override(store, gone, user="sue",
                                   reason="an adult; the exploitation flag was wrong")
    set_referral_status(store, gone, "drafted", user="sam", note="to the local authority")
    line_id = sorted(lines)[0]
    operation_id = create_operation(store, "Op Test", planned_at="2024-09-20T05:00",
                                    user="sue", line_id=line_id, person_ids=[gone])
    world.refs.update(override_id=override["override_id"], operation_id=operation_id,
                      line=line_id)
    # watches: every person (to see who gets flagged), and one of each other kind
    for pid in sorted(persons):
        add_watch(store, "ann", "person", pid)
    second_cdr = _first_row(second / "cdr.csv", a="a_number")
    number = second_cdr["a_number"]
    plate = _first_row(second / "anpr.csv", v="vrm")["vrm"]
    postcode = _first_row(second / "events.csv", p="postcode")["postcode"]
    watches = {
        "phone": add_watch(store, "ann", "phone", number),
        "plate": add_watch(store, "ann", "plate", plate),
        "address": add_watch(store, "ann", "address", postcode),
        "line": add_watch(store, "ann", "line", line_id),
        "search": add_watch(store, "ann", "search", SECRET_WORD),
    }
    _restricted_intel(second, watches["phone"]["value"])
    world.refs["watches"] = watches
    world.refs["restricted"] = {name: add_watch(store, name, "search", SECRET_WORD)
                                for name in ("sue", "sam", "pat")}
    world.refs["partner_phone"] = add_watch(store, "pat", "phone", number)


@pytest.fixture(scope="session")
def rerun_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReRun]:
    """The two-part world after both analyses (built once per test run)."""
    from tests.conftest import WORLD_DAYS, WORLD_LINES, WORLD_SEED

    from linewatch.ingest import ingest_paths
    from linewatch.pipeline import analyse, raise_alerts
    from linewatch.simulate import simulate

    root = tmp_path_factory.mktemp("rerun-world")
    simulate(root / "scenario", seed=WORLD_SEED, scale="tiny", lines=WORLD_LINES,
             days=WORLD_DAYS)
    first, second = split_scenario(root / "scenario" / "data", root / "parts")
    store = Store.open(root / "rerun.duckdb")
    world = ReRun(store)
    ingest_paths(store, [first])
    analyse(store)
    world.first.update(persons=_persons(store), lines=_lines(store), safeguarding={
        r[0] for r in store.query("SELECT person_id FROM safeguarding_list")})
    _references(store, world, second)
    report = ingest_paths(store, [second])
    world.second["import_alerts"] = raise_alerts(store, batch_id=report.batch_id)
    world.second["summaries"] = analyse(store)
    world.second.update(persons=_persons(store), lines=_lines(store), safeguarding={
        r[0] for r in store.query("SELECT person_id FROM safeguarding_list")},
        batch_id=report.batch_id)
    yield world
    store.close()
