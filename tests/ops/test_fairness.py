"""The disproportionality audit: a generated world with one group over-selected for the target
list relative to its base is flagged, an unbiased draw from the same base is not, and the
analysis scores do not change when ethnicity codes are added."""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from linewatch.ops.fairness import audit
from linewatch.pipeline import analyse
from linewatch.storage import Store

CODES = ["W1"] * 5 + ["B1"] * 2 + ["A1"] * 2 + ["M1"]  # 50% W, 20% B, 20% A, 10% M


def _world(store: Store, *, bias: float, seed: int = 11, people: int = 600,
           targets: int = 80) -> None:
    """``people`` in contact with lines as customers, half of them with a supply offence (the target list's base);
    ``targets`` drawn from that base with Black people ``bias`` times as likely to be drawn."""
    rng = random.Random(seed)
    store.execute("CREATE TABLE persons (person_id VARCHAR, dob DATE, sex VARCHAR, "
                  "postcode VARCHAR)")
    store.execute("CREATE TABLE person_records (person_id VARCHAR, source_system VARCHAR, "
                  "record_id VARCHAR)")
    store.execute("CREATE TABLE person_roles (person_id VARCHAR, role VARCHAR)")
    store.execute("CREATE TABLE target_list (rank INTEGER, person_id VARCHAR)")
    store.execute("CREATE TABLE safeguarding_list (rank INTEGER, person_id VARCHAR)")
    base: list[tuple[str, str]] = []
    for i in range(people):
        pid, code = f"P{i:04d}", rng.choice(CODES)
        dob = dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 38))
        store.execute("INSERT INTO persons VALUES (?, ?, ?, ?)",
                      [pid, dob, rng.choice("MF"), rng.choice(["AB1 2CD", "AB2 3EF"])])
        store.execute("INSERT INTO person_records VALUES (?, 'rms', ?)", [pid, f"R{i}"])
        store.execute("INSERT INTO nominals (source_system, record_id, ethnicity_self) "
                      "VALUES ('rms', ?, ?)", [f"R{i}", code])
        store.execute("INSERT INTO person_roles VALUES (?, ?)",
                      [pid, "customer"])
        if i % 2 == 0:
            store.execute("INSERT INTO events (source_system, event_id, event_type, "
                          "occurred_at, record_id, offence) VALUES ('rms', ?, 'arrest', "
                          "TIMESTAMP '2025-06-01 10:00', ?, 'Possession with intent to supply "
                          "cocaine')", [f"E{i}", f"R{i}"])
            base.append((pid, code))
    weights = [bias if code.startswith("B") else 1.0 for _, code in base]
    chosen: list[str] = []
    pool = list(zip(base, weights, strict=True))
    while len(chosen) < targets:
        (pid, _), _w = pool.pop(rng.choices(range(len(pool)), [w for _, w in pool])[0])
        chosen.append(pid)
    store.executemany("INSERT INTO target_list VALUES (?, ?)",
                      [[n + 1, pid] for n, pid in enumerate(chosen)])


def _targets(result: dict[str, Any]) -> dict[str, Any]:
    return next(lst for lst in result["lists"] if lst["list"] == "targets")


def _flags(result: dict[str, Any]) -> dict[str, list[str]]:
    return {d["dimension"]: d["flagged"] for d in _targets(result)["dimensions"]}


def test_a_planted_over_selection_is_detected(memory_store: Store) -> None:
    _world(memory_store, bias=4.0)
    result = audit(memory_store)
    targets = _targets(result)
    assert targets["n_base"] == 300 and targets["n_list"] == 80 and targets["outside_base"] == 0
    ethnicity = next(d for d in targets["dimensions"] if d["dimension"] == "ethnicity")
    black = next(g for g in ethnicity["groups"] if g["group"] == "Black")
    assert black["finding"] == "over-selected" and black["ratio_interval"][0] > 1
    assert black["share_list"]["value"] > black["share_base"]["value"]
    assert "Black" in _flags(result)["ethnicity"]
    assert _flags(result)["sex"] == [] and _flags(result)["area"] == []


def test_an_unbiased_draw_is_not_flagged(memory_store: Store) -> None:
    _world(memory_store, bias=1.0)
    assert _flags(audit(memory_store)) == {"age_band": [], "sex": [], "ethnicity": [],
                                           "area": []}


def _scores(store: Store) -> dict[str, Any]:
    return {
        "targets": store.query("SELECT person_id, round(priority, 9) FROM target_list "
                               "ORDER BY rank"),
        "priority": store.query("SELECT person_id, round(harm_score, 9) FROM person_priority "
                                "ORDER BY person_id"),
        "safeguarding": store.query("SELECT person_id, round(exploitation_risk, 9) FROM "
                                    "safeguarding_list ORDER BY rank"),
        "exploitation": store.query("SELECT person_id, round(exploitation_risk, 9) FROM "
                                    "person_exploitation ORDER BY person_id"),
    }


def test_ethnicity_never_changes_a_score(world_store: Store) -> None:
    store = world_store
    analyse(store)
    without = _scores(store)
    assert without["targets"] and without["exploitation"]
    rng = random.Random(5)
    for system, record in store.query("SELECT source_system, record_id FROM nominals"):
        store.execute("UPDATE nominals SET ethnicity_self = ?, ethnicity_observed = ? "
                      "WHERE source_system = ? AND record_id = ?",
                      [rng.choice(CODES), rng.choice(["W", "B", "A"]), system, record])
    analyse(store)
    assert _scores(store) == without
    assert any(g["group"] != "not recorded" for lst in audit(store)["lists"]
               for d in lst["dimensions"] if d["dimension"] == "ethnicity"
               for g in d["groups"])


def test_the_association_component_is_audited_as_its_own_list() -> None:
    store = Store.open(":memory:")
    _world(store, bias=1.0)
    store.execute("CREATE TABLE person_priority (person_id VARCHAR, components JSON)")
    # three people carry an association component, one has it at zero, the rest none
    for pid, value in [("P0001", 0.03), ("P0002", 0.01), ("P0003", 0.02), ("P0004", 0.0)]:
        store.execute("INSERT INTO person_priority VALUES (?, ?)",
                      [pid, json.dumps({"association": {"contribution": value}})])
    lists = {entry["list"]: entry for entry in audit(store)["lists"]}
    assert "association" in lists
    assert "violence or weapons" in lists["association"]["rule"]
    assert lists["association"]["n_list"] == 3
