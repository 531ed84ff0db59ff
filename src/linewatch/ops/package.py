"""Warrant packages: for each address, who is there, the risks, what to look for, and who to
safeguard, generated from what linewatch knows; grouped by force for the cross-force view.

A package is built fresh from the store each time (``generated_at`` says when). When a
supervisor approves a plan the package's hash is kept, so an export shows whether the data
behind it changed since approval.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from linewatch.ops import risk
from linewatch.ops.forces import ForceMap
from linewatch.ops.knowledge import Knowledge, Person
from linewatch.ops.plan import get_operation
from linewatch.ops.simultaneity import check as simultaneity_check
from linewatch.ops.status import set_status
from linewatch.ops.tables import now
from linewatch.storage import Store

GENERIC_ITEMS = (
    "Mobile phones, handsets and SIM cards: check every IMEI and number against the list "
    "(deal-line handsets are swapped often, the number is the brand)",
    "Cash, and records of drug debts or customer lists",
    "Controlled drugs and packaging (wraps, scales, cling film, cutting agents)",
    "Keys to other premises, hotel key cards and train tickets (indicators of exploitation)",
)
OFFICER_FIELD = ""


def build_package(store: Store, operation_id: str, *,
                  may_see: Callable[[dict[str, Any]], bool] | None = None,
                  window_min: int | None = None) -> dict[str, Any]:
    """The whole operation's package: every address, the force groups and the warnings."""
    op = get_operation(store, operation_id)
    knowledge = Knowledge(store, exclude_source=f"ops:{operation_id}")  # not its own outcomes
    on = (op["planned_at"] or now()).date()
    plan_people = {p["person_id"]: p for p in op["people"]}
    addresses = [address_package(knowledge, op, a, plan_people, on, may_see)
                 for a in op["addresses"]]
    window = window_min if window_min is not None else int(op["entry_window_min"] or 30)
    warnings, links = simultaneity_check(store, knowledge, addresses, window)
    forces = ForceMap.load()
    groups: dict[str, list[str]] = {}
    for a in addresses:
        groups.setdefault(a["force"], []).append(a["address_id"])
    package = {
        "operation": {k: op[k] for k in (
            "operation_id", "name", "investigation", "planned_at", "entry_window_min", "status",
            "line_ids", "created_by", "created_at", "approved_by", "approved_at",
            "approved_hash", "executed_at")},
        "generated_at": now(),
        "addresses": addresses,
        "forces": [{"force": f, "region": forces.region(f), "address_ids": ids,
                    "uncertain": any(a["force_uncertain"] for a in addresses
                                     if a["address_id"] in ids)}
                   for f, ids in sorted(groups.items())],
        "people": [_plan_person(knowledge, p, on) for p in op["people"]],
        "links": links,
        "warnings": warnings,
        "checks": _checks(knowledge),
    }
    package["hash"] = package_hash(package)
    package["changed_since_approval"] = bool(op["approved_hash"]) and \
        op["approved_hash"] != package["hash"]
    return package


def approve(store: Store, operation_id: str, *, user: str) -> dict[str, Any]:
    """Approve a plan (a supervisor, not its author), keeping the hash of what was approved."""
    package = build_package(store, operation_id)
    return set_status(store, operation_id, "approved", user=user, package_hash=package["hash"])


def package_hash(package: dict[str, Any]) -> str:
    """A hash of the package's content (not of when it was generated, nor of any status)."""
    content = {k: v for k, v in package.items()
               if k not in ("generated_at", "hash", "changed_since_approval", "operation",
                            "addresses")}
    content["addresses"] = [{k: v for k, v in a.items() if k not in ("day_status",
                                                                       "day_status_at")}
                            for a in package["addresses"]]
    content["operation"] = {k: v for k, v in package["operation"].items()
                            if k not in ("status", "approved_by", "approved_at",
                                         "approved_hash", "executed_at")}
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checks(knowledge: Knowledge) -> list[str]:
    """What could not be checked because another stage's output is missing."""
    missing = {
        "persons": "people are single nominal records (resolution has not run)",
        "person_roles": "roles on lines are unknown (detection has not run)",
        "line_addresses": "trap houses are unknown (detection has not run)",
        "person_exploitation": "exploitation risk is unknown (safeguarding has not run)",
        "address_cuckooing": "cuckooing is unknown (safeguarding has not run)",
        "intel": "no intelligence reports loaded",
    }
    return [text for table, text in missing.items() if not knowledge.has(table)]


def _linked_people(knowledge: Knowledge, op: dict[str, Any], a: dict[str, Any],
                   plan_people: dict[str, dict[str, Any]]) -> list[risk.Linked]:
    linked: dict[str, risk.Linked] = {}

    def link(person: Person | None, why: str) -> None:
        if person is None:
            return
        entry = linked.setdefault(person.person_id, risk.Linked(person))
        if why not in entry.links:
            entry.links.append(why)

    for person in knowledge.residents(a["address"], a["postcode"]):
        link(person, "resident")
    for event in knowledge.events_at(a["address"], a["postcode"]):
        if event["person_id"]:
            link(knowledge.persons.get(event["person_id"]),
                 f"{event['event_type'].replace('_', ' ')} here on {str(event['occurred_at'])[:10]}"
                 + (f" ({event['role']})" if event["role"] else ""))
    traps = {r["line_id"] for r in knowledge.lines_at(a["address"], a["postcode"])}
    for pid, roles in knowledge.roles.items():
        for r in roles:
            # runners move between a line's trap houses; an occupant is linked where they live
            if r["line_id"] in traps and r["role"] == "runner":
                link(knowledge.persons.get(pid), f"runner of {r['line_id']} (its trap house)")
    for pid, p in plan_people.items():
        if p["address_id"] == a["address_id"]:
            link(knowledge.persons.get(pid), f"in the plan: {p['kind']}")
    return list(linked.values())


def address_package(knowledge: Knowledge, op: dict[str, Any], a: dict[str, Any],
                    plan_people: dict[str, dict[str, Any]], on: dt.date,
                    may_see: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """The warrant package of one address."""
    people = _linked_people(knowledge, op, a, plan_people)
    flags = risk.assess(knowledge, a["address"], a["postcode"], people, on, may_see)
    victims = {pid for f in flags if f["flag"] == "cuckooed_victim" for pid in f["people"]}
    vulnerable = {pid for f in flags if f["flag"] == "vulnerable_adults" for pid in f["people"]}
    lines = sorted(set(a["line_ids"]) | {r["line_id"] for r in knowledge.lines_at(
        a["address"], a["postcode"])})
    occupants: list[dict[str, Any]] = []
    for link in people:
        p = link.person
        age = p.age(on)
        planned = plan_people.get(p.person_id, {}).get("kind")
        if p.person_id in victims:
            status = "victim"
        elif age is not None and age < 18:
            status = "child: safeguard"
        elif planned == "target":
            status = "target"
        elif planned == "safeguard" or p.person_id in vulnerable:
            status = "safeguard"
        else:
            status = "occupant" if "resident" in link.links else "associate"
        occupants.append({
            "person_id": p.person_id, "name": p.display_name, "dob": p.dob, "age": age,
            "sex": p.sex, "nicknames": p.nicknames, "phones": knowledge.phones_of(p.person_id)
            or p.phones, "line_roles": [{"role": r["role"], "line_id": r["line_id"]}
                                         for r in knowledge.line_roles(p.person_id)],
            "links": link.links, "status": status, "photo": OFFICER_FIELD,
        })
    order = {"target": 0, "victim": 1, "child: safeguard": 2, "safeguard": 3, "occupant": 4,
             "associate": 5}
    occupants.sort(key=lambda o: (order[str(o["status"])], str(o["person_id"])))
    return {
        "address_id": a["address_id"], "address": a["address"], "postcode": a["postcode"],
        "force": a["force"], "force_uncertain": bool(a["force_uncertain"]),
        "force_basis": a["force_basis"], "lat": a["lat"], "lon": a["lon"],
        "entry_at": a["entry_at"], "day_status": a["day_status"],
        "day_status_at": a["day_status_at"], "source": a["source"], "reason": a["reason"],
        "line_ids": lines, "occupants": occupants, "risk_flags": flags,
        "look_for": _look_for(knowledge, a, occupants, lines, flags),
        "safeguarding_plan": _safeguarding_plan(knowledge, occupants, flags),
    }


def _look_for(knowledge: Knowledge, a: dict[str, Any], occupants: list[dict[str, Any]],
              lines: list[str], flags: list[dict[str, Any]]) -> dict[str, Any]:
    phones: dict[str, dict[str, Any]] = {}
    for o in occupants:
        for number in o["phones"]:
            phones.setdefault(number, {"number": number, "why": []})["why"].append(
                f"phone of {o['person_id']}")
    for line_id in sorted(set(lines) | {r["line_id"] for o in occupants
                                        for r in o["line_roles"]}):
        for row in knowledge.line_numbers(line_id):
            phones.setdefault(row["number"], {"number": row["number"], "why": []})[
                "why"].append(f"deal line of {line_id}")
    imeis = knowledge.imeis(sorted(phones))
    for number, item in phones.items():
        item["imeis"] = imeis.get(number, [])
        item["deal_line"] = any(w.startswith("deal line") for w in item["why"])
    seized_before = sorted({f"{s['drug_name'] or 'drugs'} (Class {s['drug_class']})"
                            if s["drug_class"] else (s["drug_name"] or "drugs")
                            for e in knowledge.events_at(a["address"], a["postcode"])
                            for s in knowledge.seizures_at(e) if s["item_type"] == "drug"})
    items = list(GENERIC_ITEMS)
    if seized_before:
        items.append("Drugs seized here before: " + ", ".join(seized_before))
    if any(f["flag"] in ("weapons", "firearms") for f in flags):
        items.append("Weapons (see the risk flags)")
    return {"phones": sorted(phones.values(), key=lambda p: (not p["deal_line"], p["number"])),
            "items": items}


def _safeguarding_plan(knowledge: Knowledge, occupants: list[dict[str, Any]],
                       flags: list[dict[str, Any]]) -> list[dict[str, Any]]:
    reasons: dict[str, list[str]] = {}
    for f in flags:
        if f["flag"] in ("children", "vulnerable_adults", "cuckooed_victim"):
            for pid in f["people"]:
                reasons.setdefault(pid, []).append(risk.LABELS[f["flag"]])
    plan = []
    for o in occupants:
        if o["status"] not in ("victim", "child: safeguard", "safeguard") and \
                o["person_id"] not in reasons:
            continue
        child = o["age"] is not None and o["age"] < 18
        pack = o["person_id"] in knowledge.persons and knowledge.resolved
        plan.append({
            "person_id": o["person_id"], "name": o["name"], "age": o["age"],
            "category": "child" if child else ("victim of cuckooing" if o["status"] == "victim"
                                               else "vulnerable adult"),
            "reasons": reasons.get(o["person_id"], [o["status"]]),
            "attending": OFFICER_FIELD, "agencies_to_notify": OFFICER_FIELD,
            "referral_pack": {
                "available": bool(pack),
                "api": f"/api/safeguarding/{o['person_id']}/referral" if pack else None,
                "cli": (f"linewatch referral {o['person_id']} --out "
                        f"referral-{o['person_id']}.pdf") if pack else None},
            "referral_status": _referral_status(knowledge, o["person_id"]),
            "note": "Victim first: treat as a potential victim of exploitation even if "
                    "arrested (s.45 Modern Slavery Act 2015 for under-18s)." if child else None,
        })
    return plan


def _referral_status(knowledge: Knowledge, person_id: str) -> str | None:
    if not knowledge.has("referrals"):
        return None
    value = knowledge.store.scalar(
        "SELECT status FROM referrals WHERE person_id = ? ORDER BY updated_at DESC LIMIT 1",
        [person_id])
    return str(value) if value else None


def _plan_person(knowledge: Knowledge, p: dict[str, Any], on: dt.date) -> dict[str, Any]:
    person = knowledge.persons.get(p["person_id"])
    return {"person_id": p["person_id"], "kind": p["kind"], "address_id": p["address_id"],
            "name": person.display_name if person else None,
            "age": person.age(on) if person else None, "source": p["source"],
            "reason": p["reason"],
            "line_roles": [{"role": r["role"], "line_id": r["line_id"]}
                           for r in knowledge.line_roles(p["person_id"])]}
