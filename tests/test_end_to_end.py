"""simulate -> ingest -> analyse -> every API route -> results export -> quality floors.

The analysed world (``analysed_world`` in ``tests/conftest.py``) is built by the real stages.
Every route in the app's OpenAPI description is called, so a new route is covered without
editing this file: GET routes get their ids and required query values from the store, and a
new POST route fails here until it is given a body below. The quality floors sit a little
below what this world scores, so a detector replaced by a constant fails them.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from tests.route_values import route_values
from typer.testing import CliRunner

from linewatch.api import Settings, create_app
from linewatch.api.users import add_user
from linewatch.cli.app import app as cli_app
from linewatch.evaluate import evaluate
from linewatch.ingest import ingest_paths
from linewatch.pipeline import STAGES
from linewatch.storage import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

PASSWORD = "end to end password 77"
SECRET = "end-to-end-secret-key-" + "Pq4Wz8Lm2Rt6Yx9Vb"

#: headline floors (``evaluate`` summary): this world scores 1.0, 1.0, ~0.97, ~0.93, 1.0
FLOORS = {"deal_lines": 0.9, "line_continuity": 0.9, "roles": 0.85, "exploited": 0.8,
          "cuckooed": 0.9}


def _ids(store: Store) -> dict[str, str]:
    """Real ids and values from the analysed store, by the parameter names the routes use."""
    tip = store.scalar("SELECT tip_id FROM tips ORDER BY tip_id LIMIT 1")
    values = {**route_values(store), "tip_id": tip, "fmt": "graphml",
              "name": "newcomer"}  # the account the user-management routes create and change
    assert all(v not in (None, "None", "") for v in values.values()), values
    return {k: str(v) for k, v in values.items()}


def _signed_in(app: Any, name: str = "admin") -> TestClient:
    client = TestClient(app)
    res = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
    assert res.status_code == 200, res.text
    client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
    return client


def _has_content(body: Any) -> bool:
    """True when a JSON answer carries something: a non-empty value within two levels."""
    if isinstance(body, dict):
        return any(v not in (None, "", [], {}) for v in body.values())
    return isinstance(body, list) and bool(body)


def _fill(path: str, values: dict[str, str]) -> str:
    missing = [n for n in re.findall(r"{(\w+)}", path) if n not in values]
    assert not missing, f"{path}: give the end-to-end test a value for {missing}"
    return re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)


def _post_bodies(ids: dict[str, str]) -> list[tuple[str, Any]]:
    """Every POST route in the order a user would call them (login is done by sign-in)."""
    op = "/api/operations/{operation_id}"
    return [
        ("/api/operations", {"name": "Operation End To End", "line_id": ids["line_id"],
                             "planned_at": "2024-09-12T05:00",
                             "person_ids": [ids["person_id"]]}),
        (op + "/people", {"person_id": ids["to"].removeprefix("person:"), "kind": "safeguard"}),
        (op + "/addresses", {"address": ids["address"]}),
        (op + "/lines", {"line_id": ids["line_id"]}),
        (op + "/addresses/{address_id}/entry", {"planned_entry": "2024-09-12T05:00"}),
        (op + "/approve", None),
        (op + "/addresses/{address_id}/status", {"status": "entered"}),
        (op + "/results", {"executed_at": "2024-09-12T05:00", "warrants": [
            {"address_id": "{address_id}", "entered_at": "2024-09-12T05:02",
             "people": [{"person_id": ids["person_id"], "arrested": True,
                         "offence": "on suspicion of supplying Class A drugs"}],
             "seizures": [{"item_type": "cash", "value_gbp": "£1,000"}]}]}),
        (op + "/reconcile", {"text": "One person was arrested and £1,000 in cash seized."}),
        (op + "/status", {"status": "closed"}),
        ("/api/labels", {"kind": "phone_role", "subject": ids["number"], "verdict": "confirmed",
                         "role": "deal_line", "reason": "Offers broadcast from it nightly."}),
        ("/api/lines/{line_id}/disruption", {"person_ids": [ids["person_id"]]}),
        ("/api/export/{fmt}", {"nodes": [f"person:{ids['person_id']}", f"line:{ids['line_id']}"]}),
        ("/api/charts", {"name": "End to end chart", "state": {
            "nodes": [{"id": f"line:{ids['line_id']}", "attrs": {"label": ids["line_id"]}}]}}),
        ("/api/labels/{label_id}/withdraw", None),
        ("/api/watches", {"kind": "phone", "value": ids["number"], "note": "end to end"}),
        ("/api/watches/{watch_id}/remove", None),
        ("/api/tips/{tip_id}/triage", {"state": "actioned", "note": "Passed to the local team."}),
        ("/api/users", {"name": ids["name"], "role": "analyst", "password": PASSWORD}),
        ("/api/users/{name}/role", {"role": "safeguarding"}),
        ("/api/users/{name}/password", {"password": PASSWORD + " renewed"}),
        ("/api/users/{name}/disable", None),
        ("/api/users/{name}/enable", None),
        ("/api/tokens", {"label": "end-to-end script"}),
        ("/api/jobs/analyse", {"stages": ["score"]}),
        ("/api/jobs/{job_id}/cancel", None),
        ("/api/retention/decisions", {"action": "retain", "kind": "nominals",
                                      "source_system": ids["source_system"],
                                      "record_id": ids["record_id"],
                                      "reason": "Linked to an open investigation."}),
        ("/api/jobs/backup", {"out": "{backup_out}"}),
        ("/api/jobs/import", {"files": {"tips.csv": "tip_id,received_at,text\n"
                                        "T-E2E,2024-09-10T21:00,Cars at all hours.\n"}}),
        ("/api/imports", {"files": {"tips.csv": "tip_id,received_at,text\n"
                                    "T-E2F,2024-09-11T21:00,Bikes at all hours.\n"}}),
        ("/api/imports/{upload_id}/confirm", None),
        ("/tip", {"form": {"text": "Lads selling from a grey car by the station most nights."}}),
        ("/api/auth/logout", None),
    ]


def _body_with(body: Any, values: dict[str, str]) -> Any:
    return json.loads(_fill(json.dumps(body), values)) if body is not None else None


@pytest.fixture(scope="module")
def e2e(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    store = analysed_world.open_copy(tmp_path_factory.mktemp("e2e"))
    add_user(store, "admin", "admin", PASSWORD)
    add_user(store, "sue", "supervisor", PASSWORD)  # a plan is approved by another person
    ids = _ids(store)
    ids.update(_add_recorded_crimes(store, ids["address"], tmp_path_factory.mktemp("crimes")))
    ids["backup_out"] = str(tmp_path_factory.mktemp("backup") / "e2e-backup.duckdb")
    app = create_app(Settings(secret_key=SECRET), store=store)
    return {"store": store, "app": app, "ids": ids}


def _add_recorded_crimes(store: Store, address: str, folder: Path) -> dict[str, str]:
    """Contract v2 records the simulator does not make: a crime at ``address``, its officer,
    evidence, parties and person links (for the ``/api/ask`` routes)."""
    lat, lon = store.query("SELECT lat, lon FROM addresses WHERE address = ? AND lat IS NOT "
                           "NULL LIMIT 1", [address])[0]
    (folder / "events.csv").write_text(
        "source_system,event_id,event_type,occurred_at,crime_category,address,lat,lon,"
        f"investigating_officer\nrms,CR-1,crime,2026-01-05T10:00:00,Drugs,\"{address}\","
        f"{lat},{lon},OF-1\n", encoding="utf-8")
    (folder / "officers.csv").write_text("source_system,officer_id,surname\nrms,OF-1,Lane\n",
                                         encoding="utf-8")
    (folder / "objects.csv").write_text(
        "source_system,object_id,object_type,description\nrms,OB-1,cash,£500\n",
        encoding="utf-8")
    (folder / "relationships.csv").write_text(
        "source_system,from_type,from_ref,type,to_type,to_ref\n"
        "rms,object,OB-1,involved_in,event,CR-1\nrms,person,RP-2,suspect_in,event,CR-1\n"
        "rms,person,RP-1,knows,person,RP-2\nrms,person,RP-2,family,person,RP-3\n",
        encoding="utf-8")
    ingest_paths(store, [folder])
    return {"event_id": "CR-1", "person": "RP-1", "other": "RP-3", "officer": "Lane"}


def test_the_world_was_put_through_every_stage(e2e: dict[str, Any]) -> None:
    done = {r[0] for r in e2e["store"].query(
        "SELECT stage FROM analysis_runs WHERE status = 'done'")}
    assert done >= set(STAGES)
    assert e2e["store"].count("import_batches") >= 1


def test_every_api_route_answers_with_data(e2e: dict[str, Any]) -> None:
    app, store, ids = e2e["app"], e2e["store"], dict(e2e["ids"])
    client, approver = _signed_in(app), _signed_in(app, "sue")
    paths: dict[str, Any] = app.openapi()["paths"]
    posts = {p for p, ops in paths.items() if "post" in ops} - {"/api/auth/login"}
    planned = _post_bodies(ids)
    assert posts == {p for p, _ in planned}, "give every new POST route a body in _post_bodies"
    operation_steps = [step for step in planned if step[0].startswith("/api/operations")]
    before = [*operation_steps, planned[len(operation_steps)]]  # and a label, for GET labels
    for path, body in before:  # an operation from plan to outcome, for its GET routes
        who = approver if path.endswith("/approve") else client
        res = who.post(_fill(path, ids), json=_body_with(body, ids))
        assert res.status_code == 200, (path, res.text)
        if path == "/api/operations":
            ids["operation_id"] = res.json()["operation_id"]
        if path == "/api/labels":
            ids["label_id"] = res.json()["label_id"]
        if path.endswith("/addresses"):
            ids["address_id"] = str(store.scalar(
                "SELECT address_id FROM operation_addresses WHERE operation_id = ? "
                "ORDER BY address_id LIMIT 1", [ids["operation_id"]]))
    queued = client.post("/api/jobs/analyse", json={"stages": ["score"]})  # for GET jobs/{id}
    assert queued.status_code == 202, queued.text
    ids["job_id"] = queued.json()["job_id"]
    assert client.post("/api/tokens", json={"label": "listed"}).status_code == 201
    called = 0
    for path, ops in paths.items():
        if "get" not in ops:
            continue
        required = [p["name"] for p in ops["get"].get("parameters", [])
                    if p.get("required") and p["in"] == "query"]
        missing = [n for n in required if n not in ids]
        assert not missing, f"{path}: give the end-to-end test a value for {missing}"
        res = client.get(_fill(path, ids), params={n: ids[n] for n in required})
        assert res.status_code == 200, (path, res.status_code, res.text[:300])
        if res.headers["content-type"].startswith("application/json"):
            assert _has_content(res.json()), (path, res.text[:300])
        else:
            assert res.content, path
        called += 1
    assert called >= 25
    for path, body in planned[len(before):]:
        url = _fill(path, ids)
        if isinstance(body, dict) and "form" in body:
            res = client.post(url, data=body["form"])
        elif isinstance(body, dict) and "files" in body:
            res = client.post(url, files=[("files", (name, text.encode(), "text/csv"))
                                          for name, text in body["files"].items()])
        else:
            res = client.post(url, json=_body_with(body, ids))
        if path == "/api/jobs/analyse":
            ids["job_id"] = res.json()["job_id"]
        if path == "/api/watches":
            ids["watch_id"] = res.json()["watch_id"]
        if path == "/api/imports":
            ids["upload_id"] = res.json()["upload_id"]
        if path.endswith("/cancel") and res.status_code == 400:
            # the writer may finish the job before the cancel arrives: a clear refusal
            assert "already ended" in res.json()["detail"], res.text
            continue
        assert 200 <= res.status_code < 300, (path, res.status_code, res.text[:300])
    assert client.get("/api/auth/me").status_code == 401  # logged out last


def test_results_export_scores_above_the_quality_floors(analysed_world: Any,
                                                        tmp_path: Path) -> None:
    db = analysed_world.copy(tmp_path)
    out = CliRunner().invoke(cli_app, ["results", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    results = json.loads(out.stdout)
    assert results["lines"] and results["persons"] and results["targets"]
    report = evaluate(analysed_world.truth, results, texts=False)
    summary = report["summary"]
    below = {task: summary[task] for task, floor in FLOORS.items()
             if summary[task] is None or summary[task] < floor}
    assert not below, (below, {t: report["tasks"][t] for t in below})
    assert summary["children_in_targets"] == 0.0
    assert report["tasks"]["children_in_targets"]["children"] > 0  # there were children to miss
