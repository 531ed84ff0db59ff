"""Every route, called as a partner, answers only what the partner allowlist lets through.

The routes come from the app's OpenAPI description (a new route is walked without editing
this file); their ids come from the analysed world, and routes taking a phone number are
called again with a customer's number. Each answer is checked two ways:

* by field: every key holding text, a list or an object is in the partner allowlist
  (:mod:`linewatch.api.allowlist`) for that route;
* by value, independently of the allowlist: no string (nor key) contains an identifier the
  store holds that a partner must never see: event ids, record ids, IMEIs, IMSIs, a
  customer's phone number (in E.164 or national form).

The planted-leak tests prove the checker fails when the layer lets something through.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from linewatch import ops
from linewatch.api import Settings, allowlist, create_app
from linewatch.api.users import add_user
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

SECRET = "partner-allowlist-secret-" + "Hq7Vd2Ks9Lw4Pz6Rm"
PASSWORD = "partner allowlist password 31"
MEASURE = (bool, int, float, type(None))


class World:
    """The app on a copy of the analysed world, with an approved operation a partner sees."""

    def __init__(self, store: Store) -> None:
        self.store = store
        for name, role in (("admin", "admin"), ("sue", "supervisor"), ("pat", "partner")):
            add_user(store, name, role, PASSWORD)
        self.app = create_app(Settings(secret_key=SECRET), store=store)
        admin, sue = self.client("admin"), self.client("sue")
        line_id, number = store.query("SELECT line_id, number FROM line_numbers "
                                      "ORDER BY line_id, first_seen LIMIT 1")[0]
        person = store.scalar("SELECT person_id FROM target_list ORDER BY rank LIMIT 1")
        child = store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1")
        address = store.scalar("SELECT address FROM address_cuckooing WHERE cuckooed "
                               "ORDER BY cuckooing_score DESC, address LIMIT 1")
        res = admin.post("/api/operations", json={
            "name": "Operation Allowlist", "line_id": line_id, "planned_at": "2024-09-12T05:00",
            "person_ids": [person], "addresses": [address]})
        assert res.status_code == 200, res.text
        operation = res.json()["operation_id"]
        assert sue.post(f"/api/operations/{operation}/approve").status_code == 200
        force = store.scalar("SELECT force FROM operation_addresses WHERE operation_id = ? "
                             "ORDER BY address_id LIMIT 1", [operation])
        ops.set_partner_force(store, "pat", force, set_by="admin")
        customer = sorted(self.customers())[0]
        chart = admin.post("/api/charts", json={"name": "Police chart", "state": {
            "nodes": [{"id": f"person:{child}", "attrs": {"label": "a child"}}]}})
        assert chart.status_code == 200, chart.text
        self.values = {
            "line_id": line_id, "number": number, "person_id": person, "operation_id": operation,
            "q": store.scalar("SELECT surname FROM persons WHERE person_id = ?", [person]),
            "entity": f"person:{child}", "from": f"person:{person}", "to": f"person:{child}",
            "address": address, "vrm": store.scalar("SELECT vrm FROM anpr ORDER BY vrm LIMIT 1"),
            "fmt": "graphml", "job_id": "J-0",
            # the record questions (/api/ask, police roles only): any values will do
            "officer": "Lane", "person": person, "other": child, "event_id": "CR-1",
            "chart_id": chart.json()["chart_id"],
        }
        #: a second call for routes that take a phone: a customer's number
        self.customer_values = {"number": customer, "entity": f"phone:{customer}"}
        self.identifiers = self._identifiers()

    def client(self, name: str) -> TestClient:
        client = TestClient(self.app)
        res = client.post("/api/auth/login", json={"name": name, "password": PASSWORD})
        assert res.status_code == 200, res.text
        client.headers["X-CSRF-Token"] = res.json()["csrf_token"]
        return client

    def customers(self) -> set[str]:
        return {r[0] for r in self.store.query(
            "SELECT number FROM phone_roles GROUP BY number HAVING bool_and(role = 'customer')")}

    def _identifiers(self) -> re.Pattern[str]:
        """One pattern for every identifier a partner must never receive."""
        found: set[str] = set()
        for sql in ("SELECT DISTINCT event_id FROM events",
                    "SELECT DISTINCT record_id FROM person_records",
                    "SELECT DISTINCT imei FROM phone_handsets"):
            found |= {str(r[0]) for r in self.store.query(sql) if r[0]}
        for table, column in self.store.query(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE column_name ILIKE '%imsi' OR column_name ILIKE '%imei'"):
            if column.startswith("n_"):
                continue  # counts
            found |= {str(r[0]) for r in self.store.query(
                f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')}
        for number in self.customers():
            found |= {number, phone_type.display(number)}
        found = {f for f in found if len(f) >= 6}
        assert len(found) > 50, "the world should hold identifiers to look for"
        return re.compile("|".join(re.escape(f) for f in sorted(found, key=len, reverse=True)))

    def calls(self) -> Iterator[tuple[str, str, dict[str, str]]]:
        """(template, url, query) for every GET route, twice where a phone can be given."""
        for template, methods in self.app.openapi()["paths"].items():
            if "get" not in methods:
                continue
            params = methods["get"].get("parameters", [])
            names = {p["name"] for p in params}
            for extra in ({}, self.customer_values):
                if extra and not names & extra.keys():
                    continue
                values = {k: str(v) for k, v in {**self.values, **extra}.items()}
                url = re.sub(r"{(\w+)}", lambda m, v=values: quote(v[m.group(1)], safe=":"),
                             template)
                query = {p["name"]: values[p["name"]] for p in params
                         if p["in"] == "query" and (p.get("required") or p["name"] in extra)}
                yield template, url, query


def leaks(body: Any, template: str, identifiers: re.Pattern[str]) -> list[str]:
    """What in ``body`` a partner should not have received from ``template``."""
    rules = allowlist.ALLOWLISTS["partner"]
    fields = rules.fields_for(template)
    found: list[str] = []

    def text(value: str, where: str) -> None:
        hit = identifiers.search(value)
        if hit:
            found.append(f"{where}: identifier {hit.group(0)!r}")

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                text(str(key), where)
                if (template not in rules.described and not isinstance(item, MEASURE)
                        and key not in fields):
                    found.append(f"{where}.{key}: field outside the allowlist")
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{where}[]")
        elif isinstance(value, str):
            text(value, where)

    walk(body, template)
    return found


@pytest.fixture(scope="module")
def world(analysed_world: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    store = analysed_world.open_copy(tmp_path_factory.mktemp("partner-allowlist"))
    yield World(store)
    store.close()


def walk_routes(world: World) -> tuple[list[str], int]:
    partner = world.client("pat")
    problems: list[str] = []
    answered = 0
    for template, url, query in world.calls():
        res = partner.get(url, params=query)
        if res.status_code in (401, 403, 404):
            assert set(res.json()) == {"detail"}, (template, res.text[:200])
            continue
        assert res.status_code == 200, (template, res.status_code, res.text[:300])
        answered += 1
        if res.headers["content-type"].startswith("application/json"):
            problems += leaks(res.json(), template, world.identifiers)
        else:  # a download (the operation's sanitised package): its text, by value
            hit = world.identifiers.search(res.content.decode("utf-8", "replace"))
            if hit:
                problems.append(f"{template}: identifier {hit.group(0)!r} in the download")
    return problems, answered


def test_every_route_answers_a_partner_only_allowlisted_fields(world: World) -> None:
    problems, answered = walk_routes(world)
    assert answered >= 20  # the partner really reached the routes it may use
    assert problems == []


def test_a_partner_still_sees_what_safeguarding_needs(world: World) -> None:
    partner = world.client("pat")
    people = partner.get("/api/safeguarding").json()["people"]
    assert people and all(p["display_name"] and "person_id" in p for p in people)
    lines = partner.get("/api/lines").json()["lines"]
    assert lines and all(line["numbers"] for line in lines)
    items = partner.get("/api/timeline").json()["items"]
    assert items and all(i["label"] and "event_id" not in i for i in items)
    addresses = partner.get("/api/map").json()["addresses"]
    assert addresses and all(not a.get("flags") and a["address"] for a in addresses)
    # a customer's number is replaced by the same pseudonym wherever it appears
    customer = world.customer_values["number"]
    chart = partner.get("/api/graph/neighbours", params={"entity": f"phone:{customer}"}).json()
    ids = {n["id"] for n in chart["nodes"]}
    assert not any(customer in i for i in ids)
    assert all(e["source"] in ids and e["target"] in ids for e in chart["edges"])


def test_the_checker_sees_a_police_role_answer_as_leaking(world: World) -> None:
    # what an analyst receives holds every kind of identifier the partner test looks for
    analyst_view = world.client("admin")
    found: list[str] = []
    for template, url, query in world.calls():
        res = analyst_view.get(url, params=query)
        if res.status_code == 200 and res.headers["content-type"].startswith("application"
                                                                              "/json"):
            found += leaks(res.json(), template, world.identifiers)
    text = "\n".join(found)
    for kind in ("event_id", "imei", "flags", "identifier"):
        assert kind in text, kind


def test_a_planted_field_leak_fails_the_walk(world: World,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    planted = allowlist.Allowlist(fields=allowlist.PARTNER.fields | {"event_id"},
                                  routes=allowlist.PARTNER.routes,
                                  described=allowlist.PARTNER.described)
    monkeypatch.setitem(allowlist.ALLOWLISTS, "partner", planted)
    problems, _ = walk_routes(world)
    # the field is now "allowed", so only the value check can catch it: event ids
    event_ids = {r[0] for r in world.store.query("SELECT event_id FROM events")}
    assert any(any(f"'{e}'" in p for e in event_ids) for p in problems), problems[:5]


def test_a_planted_text_leak_fails_the_walk(world: World,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # handset ids no longer withheld in text (a timeline label names the handset's IMEI)
    monkeypatch.setattr(allowlist, "HANDSET_ID", re.compile(r"(?!x)x"))
    problems, _ = walk_routes(world)
    imeis = {r[0] for r in world.store.query("SELECT imei FROM phone_handsets")}
    assert any(any(imei in p for imei in imeis) for p in problems), problems[:5]


def test_a_route_that_bypasses_the_layer_fails_the_walk(world: World,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("linewatch.api.role_filter.filtered_role", lambda role: False)
    problems, _ = walk_routes(world)
    assert any("outside the allowlist" in p for p in problems)
    assert any("identifier" in p for p in problems)
