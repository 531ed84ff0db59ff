"""Stand-in detectors that know nothing: a constant, a random and a rank-by-degree one.

The quality floors must reject each of them, or the floors prove nothing. Each takes a real
results export (for its lists of numbers, persons and addresses) and the store (for contact
degrees) and returns a results export of the same shape with the analysis replaced.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from linewatch.storage import Store

PHONE_ROLES = ("deal_line", "controller", "runner", "trap", "customer", "other")
PERSON_ROLES = ("controller", "runner", "trap_occupant", "associate", "customer", "none")


def _base(results: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(results)


def constant(results: dict[str, Any], store: Store) -> dict[str, Any]:
    """Every phone a customer, every person a runner, everyone on every list."""
    out = _base(results)
    for phone in out["phones"]:
        phone["role"] = "customer"
    for person in out["persons"]:
        person["role"] = "runner"
    everyone = [p["person_id"] for p in out["persons"]]
    out["lines"] = []
    out["targets"] = everyone
    out["safeguarding"] = everyone
    for address in out["addresses"]:
        address["cuckooed"] = True
    return out


def shuffled(results: dict[str, Any], store: Store, seed: int = 7) -> dict[str, Any]:
    """Roles, lists and flags drawn at random, in the same numbers as the real analysis."""
    rng = random.Random(seed)
    out = _base(results)
    roles = [p["role"] for p in out["phones"]]
    rng.shuffle(roles)
    for phone, role in zip(out["phones"], roles, strict=True):
        phone["role"] = role
    person_roles = [p["role"] for p in out["persons"]]
    rng.shuffle(person_roles)
    for person, role in zip(out["persons"], person_roles, strict=True):
        person["role"] = role
    ids = [p["person_id"] for p in out["persons"]]
    out["targets"] = rng.sample(ids, min(len(ids), len(out["targets"])))
    out["safeguarding"] = rng.sample(ids, min(len(ids), len(out["safeguarding"])))
    flags = [a["cuckooed"] for a in out["addresses"]]
    rng.shuffle(flags)
    for address, flag in zip(out["addresses"], flags, strict=True):
        address["cuckooed"] = flag
    deal = [p["number"] for p in out["phones"] if p["role"] == "deal_line"]
    out["lines"] = [{"line_id": f"R{i}", "numbers": [n]} for i, n in enumerate(deal)]
    return out


def by_degree(results: dict[str, Any], store: Store) -> dict[str, Any]:
    """The best-connected numbers are the deal lines, then controllers, runners, traps; the
    people with the best-connected phones top both lists."""
    degree = dict(store.query(
        "SELECT n, count(DISTINCT c) FROM (SELECT a_number AS n, b_number AS c FROM cdr "
        "UNION ALL SELECT b_number, a_number FROM cdr) WHERE n IS NOT NULL GROUP BY n"))
    out = _base(results)
    counts = {role: sum(1 for p in results["phones"] if p["role"] == role)
              for role in PHONE_ROLES}
    ranked = sorted(out["phones"], key=lambda p: (-degree.get(p["number"], 0), p["number"]))
    position = 0
    for role in PHONE_ROLES:
        for phone in ranked[position:position + counts[role]]:
            phone["role"] = role
        position += counts[role]
    phone_degree: dict[str, int] = {}
    for phone in out["phones"]:
        if phone.get("person_id"):
            pid = str(phone["person_id"])
            phone_degree[pid] = max(phone_degree.get(pid, 0), degree.get(phone["number"], 0))
    people = sorted((p["person_id"] for p in out["persons"]),
                    key=lambda pid: (-phone_degree.get(str(pid), 0), str(pid)))
    out["targets"] = people[:len(results["targets"])]
    out["safeguarding"] = people[:len(results["safeguarding"])]
    deal = [p["number"] for p in out["phones"] if p["role"] == "deal_line"]
    out["lines"] = [{"line_id": f"D{i}", "numbers": [n]} for i, n in enumerate(deal)]
    return out


STAND_INS = {"constant": constant, "random": shuffled, "degree": by_degree}
