"""Stable identities across a re-run on new data: every stored reference made after the first
analysis still points at the same real-world entity after the second (a merge and a split
included), and the API answers an old id with the entity it stands for now."""

from __future__ import annotations

from typing import Any

from linewatch.storage import identities


def _holding(persons: dict[str, set[str]], record: str) -> str:
    return next(p for p, recs in persons.items() if record in recs)


def test_ids_of_unchanged_entities_survive_the_new_data(rerun_world: Any) -> None:
    first, second, refs = rerun_world.first, rerun_world.second, rerun_world.refs
    touched = {refs["merged_keep"], refs["merged_gone"], refs["split"]}
    for pid, records in first["persons"].items():
        if pid in touched:
            continue
        # the id follows the founding record, whatever joined or left
        assert _holding(second["persons"], min(records, key=lambda k: k.split(":", 1))) == pid
    for lid, numbers in first["lines"].items():
        assert lid in second["lines"], f"line {lid} lost its id"
        assert numbers <= second["lines"][lid]


def test_a_line_that_takes_on_a_new_number_keeps_its_id(rerun_world: Any) -> None:
    line = rerun_world.refs["line"]
    assert rerun_world.second["lines"][line] > rerun_world.first["lines"][line]


def test_the_merge_redirects_the_younger_id(rerun_world: Any) -> None:
    store, refs, second = rerun_world.store, rerun_world.refs, rerun_world.second
    keep, gone = refs["merged_keep"], refs["merged_gone"]
    assert gone not in second["persons"]
    now = identities.current_id(store, "person", gone)
    assert now == keep
    assert rerun_world.first["persons"][gone] | rerun_world.first["persons"][keep] \
        <= second["persons"][now]
    history = identities.redirects(store, "person", gone)
    assert [(h["old_id"], h["new_id"], h["reason"]) for h in history] == [(gone, keep, "merged")]
    assert history[0]["run_id"].startswith("resolve-")


def test_the_split_keeps_the_old_id_with_its_founding_record(rerun_world: Any) -> None:
    store, refs, second = rerun_world.store, rerun_world.refs, rerun_world.second
    split = refs["split"]
    assert _holding(second["persons"], refs["split_founder"]) == split
    moved_to = _holding(second["persons"], refs["split_moved"])
    assert moved_to != split
    assert identities.current_id(store, "person", split) == split
    rows = [(h["old_id"], h["new_id"], h["reason"])
            for h in identities.redirects(store, "person", split)]
    assert (split, moved_to, "split") in rows


def test_every_stored_reference_follows_the_merge(rerun_world: Any) -> None:
    from linewatch.ops.plan import get_operation
    from linewatch.people.targets import list_overrides
    from linewatch.safeguard.referral import referral_history

    store, refs = rerun_world.store, rerun_world.refs
    keep, gone = refs["merged_keep"], refs["merged_gone"]
    overrides = list_overrides(store, keep)
    assert [(o["override_id"], o["person_id"], o["made_for"]) for o in overrides] == \
        [(refs["override_id"], keep, gone)]
    assert [r["person_id"] for r in referral_history(store, keep)] == [gone]
    operation = get_operation(store, refs["operation_id"])
    targets = [p["person_id"] for p in operation["people"]]
    assert keep in targets and gone not in targets
    assert operation["line_ids"] == [refs["line"]]
    assert identities.current_id(store, "person", keep) == keep


def test_the_watch_on_the_merged_person_says_so(rerun_world: Any) -> None:
    from linewatch.watch import list_alerts

    keep, gone = rerun_world.refs["merged_keep"], rerun_world.refs["merged_gone"]
    reasons = [a["reason"] for a in list_alerts(rerun_world.store, "ann")
               if a["kind"] == "person" and a["value"] == gone]
    assert any(f"identity changed: {gone} is now {keep}" in r for r in reasons)


def test_the_api_answers_an_old_id_with_the_person_now(rerun_world: Any) -> None:
    import secrets
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from fastapi.testclient import TestClient

    from tests.watch.conftest import PASSWORD

    from linewatch.api import Settings, create_app

    keep, gone = rerun_world.refs["merged_keep"], rerun_world.refs["merged_gone"]
    app = create_app(Settings(secret_key=secrets.token_urlsafe(48), db=":memory:"),
                     store=rerun_world.store)
    client = TestClient(app)
    res = client.post("/api/auth/login", json={"name": "ann", "password": PASSWORD})
    assert res.status_code == 200, res.text
    person = client.get(f"/api/persons/{gone}")
    assert person.status_code == 200, person.text
    body = person.json()
    assert body["redirected_from"] == gone
    assert body["person"]["person_id"] == keep
    where = client.get(f"/api/redirects/person/{gone}").json()
    assert where["current"] == keep
    assert client.get(f"/api/lines/{rerun_world.refs['line']}").status_code == 200


def test_a_saved_chart_and_the_graph_routes_follow_the_merge(rerun_world: Any) -> None:
    from linewatch.api.graph import parse_entity
    from linewatch.api.saved_charts import open_chart, save_chart

    store = rerun_world.store
    keep, gone = rerun_world.refs["merged_keep"], rerun_world.refs["merged_gone"]
    state = {"nodes": [{"id": f"person:{gone}", "x": 1.0}, {"id": "phone:+447700900001"}],
             "edges": [{"source": f"person:{gone}", "target": "phone:+447700900001"}],
             "notes": [{"text": f"person:{gone} seen at the address"}]}
    chart = save_chart(store, "before the merge", state, "ann", "analyst")
    opened = open_chart(store, chart["chart_id"], "analyst")["state"]
    assert [n["id"] for n in opened["nodes"]] == [f"person:{keep}", "phone:+447700900001"]
    assert opened["edges"][0]["source"] == f"person:{keep}"
    assert opened["notes"][0]["text"] == state["notes"][0]["text"]  # free text is untouched
    assert parse_entity(f"person:{gone}", store) == ("person", keep)
    assert parse_entity(f"person:{gone}") == ("person", gone)


def test_exports_and_the_what_if_read_an_old_person_id_as_the_current_one(
        rerun_world: Any) -> None:
    from linewatch.api.disruption import what_if
    from linewatch.api.exports import audience_for
    from linewatch.export.scope import Scope, scoped_graph

    store = rerun_world.store
    keep, gone = rerun_world.refs["merged_keep"], rerun_world.refs["merged_gone"]
    old = scoped_graph(store, audience_for("analyst", store), Scope(person=gone, hops=1))
    new = scoped_graph(store, audience_for("analyst", store), Scope(person=keep, hops=1))
    assert sorted(old.nodes) == sorted(new.nodes) and f"person:{keep}" in old.nodes
    found = what_if(store, rerun_world.refs["line"], [gone])
    assert found["person_ids"] == [keep]
