"""``linewatch path``: the fewest links between two entities over calls and relationships,
explained hop by hop, restricted with ``--via``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.storage import Store

runner = CliRunner()


def _world(analysed_world: Any, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The analysed world with one person, who makes no calls, recorded as family of a
    controller."""
    db = analysed_world.copy(tmp_path)
    with Store.open(db) as store:
        controller = store.scalar("SELECT person_id FROM person_roles WHERE role = "
                                  "'controller' ORDER BY confidence DESC, person_id LIMIT 1")
        phone = store.scalar("SELECT number FROM phone_persons WHERE person_id = ? "
                             "ORDER BY confidence DESC LIMIT 1", [controller])
        person = store.scalar("SELECT person_id FROM persons WHERE person_id <> ? AND "
                              "person_id NOT IN (SELECT person_id FROM phone_persons) "
                              "ORDER BY person_id LIMIT 1", [controller])
        assert person, "the world has a person without phones"
        (system, mine), (_, theirs) = (store.query_one(
            "SELECT source_system, record_id FROM person_records WHERE person_id = ? "
            "ORDER BY 1, 2 LIMIT 1", [p]) for p in (person, controller))
        store.execute("INSERT INTO relationships (source_system, from_type, from_ref, type, "
                      "subtype, to_type, to_ref) VALUES (?, 'person', ?, 'family', 'cousin', "
                      "'person', ?)", [system, mine, theirs])
    return db, {"person": person, "controller": controller, "phone": phone,
                "record": mine}


def test_a_path_over_a_relationship_then_a_phone(analysed_world: Any, tmp_path: Path) -> None:
    db, ids = _world(analysed_world, tmp_path)
    result = runner.invoke(app, ["path", ids["record"], ids["phone"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 links from person:" + ids["person"])
    assert lines[1].startswith("1. ") and "family (cousin)" in lines[1]
    assert f"(person:{ids['controller']})" in lines[1]
    assert lines[2].startswith("2. ") and f"phone:{ids['phone']}" in lines[2]
    data = json.loads(runner.invoke(app, ["path", ids["person"], ids["phone"], "--db", str(db),
                                          "--via", "family", "--via", "calls",
                                          "--json"]).stdout)
    assert data["hops"] == 2 and data["steps"][0]["links"][0]["type"] == "family"


def test_via_calls_alone_does_not_cross_the_relationship(analysed_world: Any,
                                                         tmp_path: Path) -> None:
    db, ids = _world(analysed_world, tmp_path)
    result = runner.invoke(app, ["path", f"person:{ids['person']}", ids["phone"], "--db",
                                 str(db), "--via", "calls"])
    assert result.exit_code == 1
    assert "no path" in result.stdout and "over calls" in result.stdout
    bad = runner.invoke(app, ["path", ids["person"], ids["phone"], "--db", str(db), "--via",
                              "rumour"])
    assert bad.exit_code != 0 and "rumour" in str(bad.exception or bad.output)
