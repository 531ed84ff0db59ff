"""Roles of resolved persons, from the roles of their phones and the trap addresses.

A person takes the strongest role among the phones resolution ties to them (``phone_persons``,
each link's confidence multiplying the phone role's): controller > runner > trap occupant >
associate > customer. A person living at a trap address is a trap occupant. An *associate* is
someone in the controller's circle or a regular contact of a controller known to police for
offending (``detect/associates.py``).
Everyone else in ``persons`` gets ``none``. A person tied to a deal-line number (a seized
line phone, say) without another role is an associate of that line: the number alone does not
say whether the holder was the controller or a runner. A controller or runner named as such
in graded intelligence or a tip (``intel_roles``) is offered that role, weighted by the grading.

Recorded relationships (contract v2) only support a role found otherwise: living with, family
of, or an associate of a controller or runner of the same line adds ``relationship_support``
to the confidence and is listed in the evidence (``supported_by``). A person with no role
keeps none; their links to line members are listed for the analyst, nothing more.
"""

from __future__ import annotations

import json
from typing import Any

from linewatch.detect.associates import circle_associates, known_associates
from linewatch.detect.intel_roles import stated_roles
from linewatch.detect.roles import LineCrew, PhoneRole
from linewatch.detect.trap_occupants import occupants
from linewatch.network.relations import by_person, load_relations
from linewatch.settings.detect import DetectSettings
from linewatch.storage import Store

PHONE_TO_PERSON = {"controller": "controller", "runner": "runner", "trap": "trap_occupant",
                   "customer": "customer", "deal_line": "associate"}
RANK = {"controller": 0, "runner": 1, "trap_occupant": 2, "associate": 3, "customer": 4,
        "none": 5}


def person_roles(store: Store, phone_roles: list[PhoneRole], crews: list[LineCrew],
                 traps: list[dict[str, Any]], settings: DetectSettings | None = None,
                 line_of: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Rows of ``person_roles`` (without run id); empty when resolution has not run."""
    s = settings or DetectSettings()
    if not store.table_exists("persons"):
        return []
    persons = [r[0] for r in store.query("SELECT person_id FROM persons ORDER BY person_id")]
    best: dict[str, dict[str, Any]] = {
        p: {"person_id": p, "role": "none", "line_id": None, "confidence": 0.5,
            "evidence": {"rule": "no role found"}} for p in persons}
    links = _dominant_links(_phone_links(store), s.role_link_min_share)
    by_number = {r.number: r for r in phone_roles if r.role != "other"}
    for number, person, conf in links:
        role = by_number.get(number)
        if role is None or person not in best:
            continue
        _offer(best, person, PHONE_TO_PERSON[role.role], role.line_id, conf * role.confidence,
               {"rule": f"owns a {role.role.replace('_', ' ')} phone", "number": number,
                "phone_role_confidence": role.confidence, "owner_link_confidence": conf})
    for row in traps:
        for person, address in _residents(store, row["address"], row.get("postcode")):
            _offer(best, person, "trap_occupant", row["line_id"], 0.8 * row["confidence"],
                   {"rule": "lives at a trap address", "address": address,
                    "postcode": row.get("postcode")})
    # residents by dwelling key through their nominal records ("10 Spencer Ln" = "10 SPENCER
    # LANE"), so an occupant who is rarely on the phone is found from the address alone
    for person, line_id, address, conf in occupants(store, traps, s):
        if person in best:
            _offer(best, person, "trap_occupant", line_id, 0.8 * conf,
                   {"rule": "a nominal record gives a trap address as home",
                    "address": address})
    for stated in stated_roles(store, line_of or {}, s.intel_controller_cues,
                               s.intel_runner_cues):
        if stated.person_id in best:
            _offer(best, stated.person_id, stated.role, stated.line_id,
                   0.5 + 0.4 * stated.weight, stated.evidence)
    for crew, number, conf in circle_associates(store, crews, by_number,
                                                s.associate_min_days):
        for num, person, link in links:
            if num == number and person in best:
                _offer(best, person, "associate", crew, conf * link,
                       {"rule": "in the controller's regular circle", "number": number})
    for person, crew, _number, conf, evidence in known_associates(store, crews, by_number,
                                                                  links, best, s):
        _offer(best, person, "associate", crew, conf, evidence)
    _support_by_relationships(store, best, s)
    return list(best.values())


LINE_MEMBER_ROLES = ("controller", "runner")


def _support_by_relationships(store: Store, best: dict[str, dict[str, Any]],
                              s: DetectSettings) -> None:
    """Relationships with line members as supporting evidence (weighted low, never alone)."""
    related = by_person(load_relations(store))
    if not related:
        return
    types = set(s.relationship_support_types)
    for person, row in best.items():
        support = []
        for other, relation in related.get(person, []):
            theirs = best.get(other)
            if (relation.type not in types or theirs is None or other == person
                    or theirs["role"] not in LINE_MEMBER_ROLES):
                continue
            if row["role"] != "none" and theirs["line_id"] != row["line_id"]:
                continue
            support.append(relation.evidence(person_id=other, their_role=theirs["role"],
                                             line_id=theirs["line_id"]))
        if not support:
            continue
        evidence = dict(row["evidence"])
        evidence["supported_by" if row["role"] != "none" else "related_to_line_members"] = \
            support[:5]
        row["evidence"] = evidence
        if row["role"] not in ("none", "customer"):
            row["confidence"] = round(min(0.99, float(row["confidence"])
                                          + float(s.relationship_support)), 4)


def _offer(best: dict[str, dict[str, Any]], person: str, role: str, line_id: str | None,
           confidence: float, evidence: dict[str, Any]) -> None:
    current = best[person]
    if (RANK[role], -confidence) < (RANK[current["role"]], -current["confidence"]):
        best[person] = {"person_id": person, "role": role, "line_id": line_id,
                        "confidence": round(confidence, 4), "evidence": evidence}


def _phone_links(store: Store) -> list[tuple[str, str, float]]:
    if not store.table_exists("phone_persons"):
        return []
    rows = store.query("SELECT number, person_id, confidence FROM phone_persons "
                       "ORDER BY number, person_id")
    return [(n, p, float(c if c is not None else 0.5)) for n, p, c in rows]


def _dominant_links(links: list[tuple[str, str, float]],
                    min_share: float) -> list[tuple[str, str, float]]:
    """Links at least ``min_share`` as strong as the number's strongest: a name matched on a
    subscriber record alone does not take a phone's role from its clear owner."""
    strongest: dict[str, float] = {}
    for number, _person, conf in links:
        strongest[number] = max(conf, strongest.get(number, 0.0))
    return [(n, p, c) for n, p, c in links if c >= min_share * strongest[n]]


def _residents(store: Store, address: str, postcode: str | None) -> list[tuple[str, str]]:
    rows = store.query(
        "SELECT person_id, address FROM persons WHERE upper(trim(address)) = upper(trim(?)) "
        "AND (? IS NULL OR postcode IS NULL OR postcode = ?)", [address, postcode, postcode])
    return [(r[0], r[1]) for r in rows]


#: the phone role a person's own phones take from the person's role
PERSON_TO_PHONE = {"controller": "controller", "runner": "runner", "trap_occupant": "trap"}


def owner_phones(store: Store, people: list[dict[str, Any]]) -> None:
    """A controller's, runner's or trap occupant's own phone (a customer's or nobody's so
    far) takes their role on their line: a controller named in intelligence, say, whose
    personal phone never rang the line. A phone with a line role of its own keeps it."""
    for row in people:
        role = PERSON_TO_PHONE.get(row["role"])
        if role is None:
            continue
        evidence = json.dumps({"rule": f"the phone of a {row['role'].replace('_', ' ')}",
                               "person_id": row["person_id"],
                               "person_role_evidence": row["evidence"]}, default=str)
        store.execute(
            "UPDATE phone_roles SET role = ?, line_id = ?, evidence = ?::JSON, "
            "confidence = least(confidence, ?) "
            "WHERE person_id = ? AND role IN ('customer', 'other')",
            [role, row["line_id"], evidence, row["confidence"], row["person_id"]])
