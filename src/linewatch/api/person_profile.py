"""The person profile: identities, merges, scores with explanations, events, phones, links.

A profile is opened many times a day for thousands of people, so it is assembled from
per-person indexes of the analysis tables (:func:`linewatch.api.snapshot.keyed`: one query per
table per data version) rather than a dozen queries per request. The indexed rows are shared
between requests: everything here copies before it changes a row.
"""

from __future__ import annotations

from typing import Any

from linewatch import explain
from linewatch.api.ages import add_ages, reference_time
from linewatch.api.explained import names, with_exploitation, with_priority, with_roles
from linewatch.api.profiles import intel_mentioning, phone_labels
from linewatch.api.snapshot import keyed, memo
from linewatch.errors import NotFound
from linewatch.storage import Store

_PERSON_RECORDS = "person_records r JOIN nominals n ON n.source_system = r.source_system " \
    "AND n.record_id = r.record_id"


def person_profile(store: Store, role: str, person_id: str) -> dict[str, Any]:
    """Everything the person page shows; raises :class:`NotFound` for an unknown id."""
    found = keyed(store, "persons", ["persons"],
                  "SELECT person_id AS _key, * FROM persons").get(person_id)
    if not found:
        raise NotFound(f"no person '{person_id}'")
    person = found[0]
    scores = {
        "priority": _first(keyed(store, "priority", ["person_priority"],
                                 "SELECT person_id AS _key, harm_score, priority, components "
                                 "FROM person_priority", ["components"]), person_id),
        "exploitation": _first(keyed(store, "exploitation", ["person_exploitation"],
                                     "SELECT person_id AS _key, exploitation_risk, "
                                     "safeguarding_flag, indicators FROM person_exploitation",
                                     ["indicators"]), person_id),
        "target_rank": (_first(keyed(store, "target_rank", ["target_list"],
                                     "SELECT person_id AS _key, rank FROM target_list"),
                               person_id) or {}).get("rank"),
        "safeguarding_rank": (_first(keyed(store, "safeguarding_rank", ["safeguarding_list"],
                                           "SELECT person_id AS _key, rank FROM "
                                           "safeguarding_list"), person_id) or {}).get("rank"),
    }
    person = dict(person)
    add_ages(store, [person])
    who = names(store)
    if scores["priority"]:
        scores["priority"] = dict(scores["priority"])
        with_priority(store, [scores["priority"]], "components")
    if scores["exploitation"]:
        scores["exploitation"] = dict(scores["exploitation"])
        with_exploitation(store, [scores["exploitation"]])
    roles = [dict(r) for r in keyed(store, "roles", ["person_roles"], "SELECT person_id AS _key, "
             "role, line_id, confidence, evidence FROM person_roles ORDER BY confidence DESC",
             ["evidence"]).get(person_id, [])]
    with_roles(store, roles)
    formed = merges(store, person)
    phones = [dict(p) for p in _phones(store, person)]
    phone_labels(store, phones)
    from linewatch.api.paths import neighbourhood

    links = neighbourhood(store, f"person:{person_id}", depth=1, max_nodes=200, role=role)
    terms = [*(person.get("nicknames") or []), person.get("surname") or "",
             *[p["number"] for p in phones]]
    return {
        "person": person,
        "reference_time": reference_time(store),
        "identities": list(keyed(store, "identities", ["person_records", "nominals"], f"""
            SELECT r.person_id AS _key, n.source_system, n.record_id, n.surname, n.forenames,
                   n.dob, n.sex, n.address, n.postcode, n.phone, n.nickname, n.flags
            FROM {_PERSON_RECORDS} ORDER BY n.source_system, n.record_id""").get(  # noqa: S608
            person_id, [])),
        "merges": formed,
        "merges_why": explain.merge(formed, who).as_dict() if formed else None,
        "scores": scores,
        "roles": roles,
        "events": list(keyed(store, "events", ["person_records", "events"], """
            SELECT r.person_id AS _key, e.source_system, e.event_id, e.event_type,
                   e.occurred_at, e.role, e.address, e.postcode, e.offence, e.outcome, e.detail
            FROM events e JOIN person_records r
              ON e.source_system = r.source_system AND e.record_id = r.record_id
            ORDER BY e.occurred_at""").get(person_id, [])),
        "phones": phones,
        "links": links,
        "relationships": relationships(store, role, person_id),
        "intel": intel_mentioning(store, role, terms),
    }


def relationships(store: Store, role: str, person_id: str) -> list[dict[str, Any]]:
    """The person's recorded relationships (contract v2), each with the entity at the other
    end (its chart id and label), dates, provenance and grading; those ``role`` may not see
    under their handling code are left out."""
    from linewatch.api.access import may_see_intel
    from linewatch.api.graph import display_phone
    from linewatch.api.snapshot import snapshot

    snap = snapshot(store)
    out: list[dict[str, Any]] = []
    for rel in snap.relations.get(f"person:{person_id}", []):
        if not may_see_intel(role, rel.handling_code, None):
            continue
        kind, key = rel.other("person", person_id)
        nid = f"{kind}:{key}"
        label = (snap.person_label.get(key) if kind == "person" else
                 display_phone(key) if kind == "phone" and key.startswith("+") else
                 snap.entity_label.get(nid)) or key
        out.append({"type": rel.type, "subtype": rel.subtype, "label": rel.label(),
                    "direction": "from" if rel.a_key == person_id and rel.a_kind == "person"
                    else "to",
                    "other": {"id": nid, "type": kind, "key": key, "label": label},
                    "first_seen": rel.first_seen, "last_seen": rel.last_seen,
                    "provenance": rel.source, "grading": rel.grading,
                    "handling_code": rel.handling_code, "evidence": rel.evidence()})
    out.sort(key=lambda r: (str(r["type"]), str(r["other"]["label"]), str(r["other"]["id"])))
    return out


def _first(index: dict[Any, list[dict[str, Any]]], key: str) -> dict[str, Any] | None:
    found = index.get(key)
    return dict(found[0]) if found else None


def _phones(store: Store, person: dict[str, Any]) -> list[dict[str, Any]]:
    from linewatch.api.data import table_exists

    if table_exists(store, "phone_persons"):
        return keyed(store, "phone_persons", ["phone_persons"], "SELECT person_id AS _key, "
                     "number, confidence, evidence FROM phone_persons ORDER BY confidence "
                     "DESC", ["evidence"]).get(person["person_id"], [])
    return [{"number": n, "confidence": None, "evidence": None}
            for n in person.get("phones") or []]


def merges(store: Store, person: dict[str, Any], max_links: int = 200) -> dict[str, Any] | None:
    """How the person was formed (see :func:`linewatch.resolve.explain_person`), or ``None``
    when there is no resolve run to explain it (e.g. persons written by another tool)."""
    from linewatch.resolve.explain import (
        RAW_FIELDS,
        overrides_naming,
        person_explanation,
        resolve_model,
    )
    from linewatch.resolve.overrides import list_overrides

    def load_model() -> tuple[dict[str, Any], dict[str, Any]] | None:
        try:
            return resolve_model(store)
        except NotFound:
            return None

    model = memo(store, "resolve_model", load_model)
    if model is None:
        return None
    person_id = person["person_id"]
    raws = keyed(store, "raw_records", ["person_records", "nominals"], f"""
        SELECT r.person_id AS _key, n.source_system, n.record_id,
               {', '.join('n.' + f for f in RAW_FIELDS)}, n._batch, n._row
        FROM {_PERSON_RECORDS}
        QUALIFY row_number() OVER (PARTITION BY n.source_system, n.record_id
                                   ORDER BY n._batch DESC, n._row DESC) = 1
        ORDER BY n.source_system, n.record_id""").get(person_id, [])  # noqa: S608
    keys = [(r["source_system"], r["record_id"]) for r in keyed(
        store, "record_keys", ["person_records"], "SELECT person_id AS _key, source_system, "
        "record_id FROM person_records ORDER BY 2, 3").get(person_id, [])]
    by_key = {(r["source_system"], r["record_id"]): r for r in raws}
    values = keyed(store, "person_values", ["person_values"], """
        SELECT person_id AS _key, field, value, source_system, record_id, _batch, _row, is_best
        FROM person_values ORDER BY field, value, source_system, record_id""").get(
        person_id, [])
    pairs = keyed(store, "person_pairs", ["resolve_pairs", "person_records"], """
        SELECT a.person_id AS _key, p.* FROM resolve_pairs p
        JOIN person_records a ON a.source_system = p.source_system_l
             AND a.record_id = p.record_id_l
        JOIN person_records b ON b.source_system = p.source_system_r
             AND b.record_id = p.record_id_r
        WHERE a.person_id = b.person_id ORDER BY p.match_probability DESC, p.source_system_l,
              p.record_id_l, p.source_system_r, p.record_id_r""").get(
        person_id, [])[:max_links]
    overrides = overrides_naming(memo(store, "overrides", lambda: list_overrides(store)),
                                 set(keys))
    return person_explanation(
        person, *model, keys, values, pairs,
        [by_key.get(k, {"source_system": k[0], "record_id": k[1]}) for k in keys], overrides)
