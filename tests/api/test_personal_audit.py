"""Every route whose response model tags personal data writes an audit entry, lists included.

The routes are not listed here: they are found from the ``x-personal`` tags in the app's
OpenAPI schema (``linewatch.api.personal``), so tagging a new route's model brings it under
this test, and a tagged route that forgets to audit fails it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from tests.route_values import route_values

from linewatch.api import create_app
from linewatch.api.deps import StoreDep, current_user
from linewatch.api.personal import PERSONAL, PersonRow, TargetList, routes
from linewatch.storage import Store

ISSUE_LISTS = {"/api/targets", "/api/safeguarding", "/api/lines", "/api/map",
               "/api/operations"}


def _tags(schema: Any, components: dict[str, Any], seen: set[str]) -> set[str]:
    """Every ``x-personal`` kind anywhere in ``schema`` (following ``$ref``)."""
    found: set[str] = set()
    if isinstance(schema, dict):
        if PERSONAL in schema:
            found.add(str(schema[PERSONAL]))
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            found |= _tags(components[ref.rsplit("/", 1)[-1]], components, seen | {ref})
        for value in schema.values():
            found |= _tags(value, components, seen)
    elif isinstance(schema, list):
        for value in schema:
            found |= _tags(value, components, seen)
    return found


def personal_routes(app: FastAPI) -> dict[str, dict[str, Any]]:
    """GET routes whose 200 response carries a field tagged personal, with their operation."""
    spec = app.openapi()
    components = spec.get("components", {}).get("schemas", {})
    found = {}
    for path, ops in spec["paths"].items():
        get = ops.get("get")
        if get is None:
            continue
        schema = get.get("responses", {}).get("200", {}).get("content", {})
        if _tags(schema, components, set()):
            found[path] = get
    return found


def _audit_count(store: Store, user: str) -> int:
    return int(store.scalar("SELECT count(*) FROM audit_log WHERE user_name = ?", [user]))


def unaudited_routes(app: FastAPI, client: TestClient, store: Store, user: str,
                     values: dict[str, str], only: set[str] | None = None) -> list[str]:
    """The tagged routes (or those of them in ``only``) that answered without writing an
    audit entry for ``user``."""
    silent = []
    for path, get in personal_routes(app).items():
        if only is not None and path not in only:
            continue
        missing = [n for n in re.findall(r"{(\w+)}", path) if n not in values]
        required = [p["name"] for p in get.get("parameters", [])
                    if p.get("required") and p["in"] == "query"]
        missing += [n for n in required if n not in values]
        assert not missing, f"{path}: give this test a value for {missing}"
        url = re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path)
        before = _audit_count(store, user)
        res = client.get(url, params={n: values[n] for n in required})
        assert res.status_code == 200, (path, res.status_code, res.text[:200])
        if _audit_count(store, user) <= before:
            silent.append(path)
    return silent


def test_the_tags_mark_the_list_routes_the_issue_found_unaudited(app: Any) -> None:
    found = personal_routes(app)
    assert ISSUE_LISTS <= set(found), ISSUE_LISTS - set(found)
    assert {"/api/persons/{person_id}", "/api/search", "/api/tips"} <= set(found)


def test_every_route_tagged_personal_writes_an_audit_entry(app: Any, store: Store,
                                                           clients: dict[str, Any]) -> None:
    assert unaudited_routes(app, clients["admin"], store, "admin", route_values(store)) == []


def test_a_list_entry_names_the_ids_shown_and_no_names(store: Store,
                                                       clients: dict[str, Any]) -> None:
    shown = clients["analyst"].get("/api/targets").json()
    entry = store.query_dicts(
        "SELECT action, CAST(detail AS VARCHAR) AS detail FROM audit_log "
        "WHERE user_name = 'analyst' ORDER BY seq DESC LIMIT 1")[0]
    assert entry["action"] == "view_targets"
    detail = json.loads(entry["detail"])
    people = [*shown["targets"], *shown["held_back"]]
    assert detail["ids"] == list(dict.fromkeys(p["person_id"] for p in people))
    names = {p["display_name"] for p in people if p.get("display_name")}
    assert names and not any(name in entry["detail"] for name in names)


def test_a_tagged_route_that_forgets_to_audit_is_caught(kit: Any) -> None:
    """The check above on an app with one planted route that returns tagged data silently."""
    store = kit.make_store(roles=("analyst",))
    app = create_app(kit.make_settings(), store=store)
    planted = APIRouter()

    @planted.get("/api/forgetful", responses=routes(TargetList))
    def forgetful(store: StoreDep, user: Any = Depends(current_user)) -> dict[str, Any]:
        row = PersonRow(person_id="P1", display_name="A Person", dob=None)
        return {"targets": [row.model_dump()], "held_back": []}

    app.include_router(planted)
    app.openapi_schema = None
    client = kit.sign_in(app, "analyst")
    assert "/api/forgetful" in personal_routes(app)
    assert unaudited_routes(app, client, store, "analyst", {}, {"/api/forgetful"}) == [
        "/api/forgetful"]
