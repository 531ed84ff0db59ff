"""Ages in the API are those at the analysis reference time, not today's."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch.api import create_app
from linewatch.storage import Store


def _dob_sixteen_at(store: Store) -> dt.date:
    """A date of birth 16 years and two months before the analysed world's last call."""
    last = store.scalar("SELECT max(start_time) FROM cdr").date()
    return dt.date(last.year - 16, last.month, 1) - dt.timedelta(days=60)


@pytest.fixture
def teen(kit: Any, world_store: Store) -> Any:
    """A copy of the analysed world plus a person who is 16 at its reference time."""
    store = kit.add_role_users(world_store, ("admin",))
    dob = _dob_sixteen_at(store)
    store.write_rows("persons", [{"person_id": "TEEN", "display_name": "Teen Example",
                                  "forenames": "Teen", "surname": "Example", "dob": dob,
                                  "nicknames": [], "phones": [], "address": "1 Teen Road",
                                  "postcode": "SE25 6AB", "flags": [], "n_records": 1,
                                  "run_id": "crafted"}], mode="append")
    store.write_rows("safeguarding_list", [{"rank": 99, "person_id": "TEEN",
                                            "exploitation_risk": 0.6, "run_id": "crafted"}],
                     mode="append")
    return store


def _clients(kit: Any, store: Store) -> dict[str, Any]:
    app = create_app(kit.make_settings(), store=store)
    return {"admin": kit.sign_in(app, "admin")}


def test_a_sixteen_year_old_in_2024_data_shows_as_sixteen_and_a_child(kit, teen):
    admin = _clients(kit, teen)["admin"]
    listed = {r["person_id"]: r for r in admin.get("/api/safeguarding").json()["people"]}
    assert listed["TEEN"]["age"] == 16 and listed["TEEN"]["child"] is True
    person = admin.get("/api/persons/TEEN").json()["person"]
    assert person["age"] == 16 and person["child"] is True
    hits = admin.get("/api/search", params={"q": "Teen Example"}).json()
    subs = [h.get("sub") for h in (hits.get("results") or hits.get("hits") or [])
            if h.get("id") == "person:TEEN"]
    assert subs and subs[0].startswith(f"{_dob_sixteen_at(teen)} (16)")


def test_the_latest_runs_reference_time_is_used(kit, teen):
    eighteen = _dob_sixteen_at(teen).replace(year=_dob_sixteen_at(teen).year + 18) \
        + dt.timedelta(days=30)
    teen.execute(
        "INSERT INTO analysis_runs (run_id, stage, started_at, finished_at, status, params, "
        "summary) VALUES ('safeguard-x', 'safeguard', ?, ?, 'done', '{}', ?)",
        [dt.datetime(2030, 1, 1), dt.datetime(2030, 1, 1),
         json.dumps({"reference_time": f"{eighteen} 00:00:00"})])
    admin = _clients(kit, teen)["admin"]
    person = admin.get("/api/persons/TEEN").json()
    assert person["person"]["age"] == 18 and person["person"]["child"] is False
    assert str(person["reference_time"]).startswith(str(eighteen))


def test_the_target_list_says_who_is_held_back_and_why(kit, teen):
    from linewatch.people.output import replace_table

    reason = "possible same person as flagged child P1: same name and date of birth"
    replace_table(teen, "target_holdbacks", [
        {"person_id": "TEEN", "priority": 0.4, "held_back_reason": reason,
         "possible_same_as": [{"flagged_person_id": "P1", "signal": "name_and_dob"}],
         "run_id": "score-x"}])
    admin = _clients(kit, teen)["admin"]
    body = admin.get("/api/targets").json()
    assert "TEEN" not in {t["person_id"] for t in body["targets"]}
    [held] = body["held_back"]
    assert held["held_back_reason"] == reason and held["age"] == 16 and held["child"]
    assert held["possible_same_as"][0]["flagged_person_id"] == "P1"
