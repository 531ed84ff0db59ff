"""Analyst labels: stored by run-independent subjects, judged against the latest analysis,
kept across re-runs, and the detectors' precision and recall measured against them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from linewatch.cli.app import app
from linewatch.errors import InputError
from linewatch.evaluate.labels import add_label, evaluate_labels, list_labels, withdraw_label
from linewatch.pipeline import analyse
from linewatch.storage import Store


@pytest.fixture(scope="module")
def analysed(analysed_world: Any) -> tuple[Path, Path]:
    """The shared analysed world (``tests/conftest.py``): its store and its scenario."""
    return analysed_world.db, analysed_world.scenario


@pytest.fixture()
def store(analysed: tuple[Path, Path], tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "case.duckdb"
    copy.write_bytes(analysed[0].read_bytes())
    copy.chmod(0o600)
    with Store.open(copy) as opened:
        yield opened


def _one(store: Store, sql: str) -> str:
    value = store.scalar(sql)
    assert value is not None, sql
    return str(value)


def test_a_line_label_names_its_numbers_and_survives_a_rerun(store: Store) -> None:
    line_id = _one(store, "SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    numbers = sorted(r[0] for r in store.query(
        "SELECT number FROM line_numbers WHERE line_id = ?", [line_id]))
    label = add_label(store, "line", line_id, "confirmed", "seized handset shows the line",
                      "ana")
    assert label["subject"] == {"numbers": numbers}
    analyse(store, stages=["detect"])  # a re-run numbers lines afresh
    (listed,) = list_labels(store)
    assert listed["analysis"]["predicts"] is True
    assert listed["analysis"]["shown_as"] in {r[0] for r in store.query("SELECT line_id FROM lines")}
    assert listed["analysis"]["agrees"] is True


def test_labels_measure_precision_and_recall_per_detector(store: Store) -> None:
    deal = _one(store, "SELECT number FROM phone_roles WHERE role = 'deal_line' LIMIT 1")
    customer = _one(store, "SELECT number FROM phone_roles WHERE role = 'customer' LIMIT 1")
    # an analyst agrees with one deal line, rejects another call (the detector said deal
    # line, the analyst says no) and confirms a deal line the detector missed
    add_label(store, "phone_role", deal, "confirmed", "test purchase", "ana", value="deal_line")
    second = str(store.scalar("SELECT number FROM phone_roles WHERE role = 'deal_line' "
                              "AND number <> ? LIMIT 1", [deal]))
    add_label(store, "phone_role", second, "rejected", "a taxi firm", "ana", value="deal_line")
    add_label(store, "phone_role", customer, "confirmed", "seized phone", "ana",
              value="deal_line")
    report = evaluate_labels(store)["detectors"]["phone_role"]
    assert (report["tp"], report["predicted"], report["actual"]) == (1, 2, 2)
    assert report["precision"] == 0.5 and report["recall"] == 0.5
    assert len(report["disagreements"]) == 2


def test_a_withdrawn_label_is_no_longer_counted(store: Store) -> None:
    deal = _one(store, "SELECT number FROM phone_roles WHERE role = 'deal_line' LIMIT 1")
    label = add_label(store, "phone_role", deal, "rejected", "mistaken", "ana",
                      value="deal_line")
    withdraw_label(store, label["label_id"], "sue")
    assert list_labels(store) == []
    assert evaluate_labels(store)["detectors"]["phone_role"]["predicted"] == 0


def test_person_labels_follow_the_records_not_the_person_id(store: Store) -> None:
    person = _one(store, "SELECT person_id FROM person_exploitation WHERE safeguarding_flag "
                         "ORDER BY person_id LIMIT 1")
    label = add_label(store, "safeguarding", person, "confirmed", "social care agrees", "sam")
    records = label["subject"]["records"]
    assert records and all(len(r) == 2 for r in records)
    # the person is renumbered (as a re-run may do): the label still finds them
    store.execute("UPDATE person_records SET person_id = 'RENUMBERED' WHERE person_id = ?",
                  [person])
    store.execute("UPDATE person_exploitation SET person_id = 'RENUMBERED' "
                  "WHERE person_id = ?", [person])
    (listed,) = list_labels(store)
    assert listed["analysis"] == {"predicts": True, "shown_as": "RENUMBERED", "agrees": True}


def test_a_label_needs_a_reason_and_a_known_role(store: Store) -> None:
    deal = _one(store, "SELECT number FROM phone_roles LIMIT 1")
    with pytest.raises(InputError, match="reason"):
        add_label(store, "phone_role", deal, "confirmed", "", "ana", value="deal_line")
    with pytest.raises(InputError, match="role"):
        add_label(store, "phone_role", deal, "confirmed", "good reason", "ana", value="boss")
    with pytest.raises(InputError, match="kind"):
        add_label(store, "vehicle", deal, "confirmed", "good reason", "ana")


def test_cli_adds_lists_and_evaluates_labels(analysed: tuple[Path, Path],
                                             tmp_path: Path) -> None:
    db = tmp_path / "case.duckdb"
    db.write_bytes(analysed[0].read_bytes())
    db.chmod(0o600)
    with Store.open(db, read_only=True) as store:
        address, postcode = store.query(
            "SELECT address, postcode FROM address_cuckooing ORDER BY cuckooing_score DESC "
            "LIMIT 1")[0]
        cuckooed = bool(store.scalar("SELECT cuckooed FROM address_cuckooing WHERE "
                                     "address = ?", [address]))
    runner = CliRunner()
    added = runner.invoke(app, ["label", "add", "cuckooed", address, "--postcode", postcode,
                                "--verdict", "confirmed", "--reason", "welfare visit",
                                "--user", "ana", "--db", str(db)])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["label", "list", "--db", str(db), "--json"])
    assert json.loads(listed.stdout)[0]["analysis"]["predicts"] is cuckooed
    scored = runner.invoke(app, ["evaluate", "--labels", "--db", str(db), "--json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.stdout)["detectors"]["cuckooed"]
    assert (report["actual"], report["tp"]) == (1, int(cuckooed))


def test_api_labels_by_role_with_audit(store: Store) -> None:
    import warnings

    from linewatch.api import Settings, create_app
    from linewatch.api.users import add_user

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    password = "a long enough password 42"
    for name, role in (("ana", "analyst"), ("kent1", "partner")):
        add_user(store, name, role, password)
    app = create_app(Settings(secret_key="labels-api-tests-" + "Zq8Rt3Wm5Yp2Kx7Nd"),
                     store=store)
    clients = {}
    for name in ("ana", "kent1"):
        client = TestClient(app)
        res = client.post("/api/auth/login", json={"name": name, "password": password})
        assert res.status_code == 200, res.text
        client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
        clients[name] = client
    line_id = _one(store, "SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    body = {"kind": "line", "subject": line_id, "verdict": "rejected",
            "reason": "a courier firm's dispatch phone"}
    assert clients["kent1"].post("/api/labels", json=body).status_code == 403
    assert clients["kent1"].get("/api/labels").status_code == 403
    added = clients["ana"].post("/api/labels", json=body)
    assert added.status_code == 200, added.text
    listed = clients["ana"].get("/api/labels").json()
    assert listed["count"] == 1 and listed["data"][0]["analysis"]["agrees"] is False
    report = clients["ana"].get("/api/labels/evaluation").json()
    assert report["detectors"]["line"]["predicted"] == 1
    label_id = added.json()["label_id"]
    assert clients["ana"].post(f"/api/labels/{label_id}/withdraw").status_code == 200
    assert clients["ana"].get("/api/labels").json()["count"] == 0
    actions = [r[0] for r in store.query("SELECT action FROM audit_log WHERE user_name = 'ana' "
                                         "ORDER BY seq")]
    for action in ("add_label", "view_labels", "view_label_evaluation", "withdraw_label"):
        assert action in actions
