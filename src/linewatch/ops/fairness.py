"""The disproportionality audit: do the lists fall on one group more than their records justify?

For each list (the target list, the safeguarding list, and the line-role flags) the audit
compares its members with the *base*: the people whose records could justify a place on it
(people with a drug supply offence or a part on a line for the target list; people in contact
with a line for the other two). For every group of every dimension (age band, sex,
self-defined ethnicity where recorded, postcode area) it gives the group's share of the list
and of the base with Wilson intervals, and the ratio of the group's selection rate to everyone
else's with a Katz log interval (:mod:`linewatch.ops.fairness_stats`). A group is reported as
over- or under-selected only when the whole interval lies above or below 1, at a 95% level
shared across the dimension's groups (Bonferroni).

The audit only reads. No stage imports it, and ethnicity is read nowhere else: it never feeds
back into a score (a test re-runs the analysis with and without ethnicity codes and compares).
See ``docs/fairness.md`` for the method and its limits.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from linewatch.ops.fairness_stats import katz_ratio, wilson, z_value
from linewatch.score.harm import load_harm_weights
from linewatch.storage import Store

#: harm-table categories that count as a drug supply or trafficking offence
SUPPLY_OFFENCES = frozenset({"supply_class_a", "supply_class_b", "supply_class_c",
                             "supply_unknown_class", "ho_group_trafficking_of_drugs",
                             "police_uk_drugs"})
#: detected roles that put a person on a line's working side
LINE_ROLES = frozenset({"controller", "runner", "trap_occupant"})
AGE_BANDS = ((0, 18, "under 18"), (18, 25, "18-24"), (25, 35, "25-34"), (35, 45, "35-44"),
             (45, 200, "45 and over"))
ETHNIC_GROUPS = {"A": "Asian", "B": "Black", "M": "Mixed", "O": "Other", "W": "White",
                 "N": "not stated"}
NOT_RECORDED = "not recorded"
DIMENSIONS = ("age_band", "sex", "ethnicity", "area")
ALPHA = 0.05
MIN_BASE = 5  # groups with fewer people in the base are shown but never judged


@dataclass(frozen=True)
class Person:
    person_id: str
    age_band: str
    sex: str
    ethnicity: str
    area: str

    def value(self, dimension: str) -> str:
        return str(getattr(self, dimension))


@dataclass(frozen=True)
class AuditedList:
    name: str
    rule: str
    base_rule: str
    members: frozenset[str]
    base: frozenset[str]


def audit(store: Store, as_of: dt.date | None = None) -> dict[str, Any]:
    """The whole audit as JSON-ready data (``lists`` is empty before an analysis run)."""
    if not store.table_exists("persons"):
        return {"reference_date": None, "lists": [], "method": METHOD}
    day = as_of or _reference_date(store)
    people = {p.person_id: p for p in _people(store, day)}
    lists = _lists(store)
    return {"reference_date": day.isoformat(), "method": METHOD,
            "lists": [_audit_list(lst, people) for lst in lists]}


METHOD = {
    "share_interval": "Wilson score interval",
    "ratio": "selection rate of the group / selection rate of the rest of the base",
    "ratio_interval": "Katz log interval (0.5 added to each cell when a count is zero)",
    "level": f"{1 - ALPHA:.0%}, Bonferroni-shared across the groups of a dimension",
    "min_base": MIN_BASE,
}


def _reference_date(store: Store) -> dt.date:
    latest = store.scalar("SELECT max(occurred_at) FROM events") if store.table_exists(
        "events") else None
    return latest.date() if isinstance(latest, dt.datetime) else dt.date.today()


def _age_band(dob: dt.date | None, day: dt.date) -> str:
    if dob is None:
        return "unknown"
    age = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return next((label for low, high, label in AGE_BANDS if low <= age < high), "unknown")


def _area(postcode: str | None) -> str:
    text = (postcode or "").strip().upper()
    return text.split()[0] if text else "unknown"


def _people(store: Store, day: dt.date) -> list[Person]:
    codes: dict[str, Counter[str]] = {}
    for person_id, code in store.query(
            "SELECT pr.person_id, n.ethnicity_self FROM person_records pr JOIN nominals n "
            "ON n.source_system = pr.source_system AND n.record_id = pr.record_id "
            "WHERE n.ethnicity_self IS NOT NULL"):
        codes.setdefault(person_id, Counter())[str(code)] += 1
    found = []
    for person_id, dob, sex, postcode in store.query(
            "SELECT person_id, dob, sex, postcode FROM persons"):
        counted = codes.get(person_id)
        ethnicity = NOT_RECORDED
        if counted:
            code = counted.most_common(1)[0][0]
            ethnicity = ETHNIC_GROUPS.get(code[:1], NOT_RECORDED)
        found.append(Person(person_id, _age_band(dob, day), sex or "U", ethnicity,
                            _area(postcode)))
    return found


def _ids(store: Store, table: str, sql: str) -> frozenset[str]:
    return frozenset(str(r[0]) for r in store.query(sql)) if store.table_exists(
        table) else frozenset()


def _supply_offenders(store: Store) -> frozenset[str]:
    if not store.table_exists("person_records"):
        return frozenset()
    harm = load_harm_weights()
    found = set()
    for person_id, offence, category in store.query(
            "SELECT pr.person_id, e.offence, e.crime_category FROM person_records pr "
            "JOIN events e ON e.source_system = pr.source_system AND "
            "e.record_id = pr.record_id WHERE e.offence IS NOT NULL OR "
            "e.crime_category IS NOT NULL"):
        keys = {c.offence.key for text in (offence, category) for c in harm.classify(text)}
        if keys & SUPPLY_OFFENCES:
            found.add(str(person_id))
    return frozenset(found)


def _lists(store: Store) -> list[AuditedList]:
    roles = store.query("SELECT person_id, role FROM person_roles") if store.table_exists(
        "person_roles") else []
    in_contact = frozenset(str(p) for p, role in roles if role and role != "none")
    working = frozenset(str(p) for p, role in roles if role in LINE_ROLES)
    on_line = frozenset(str(p) for p, role in roles if role and role not in {"none",
                                                                              "customer"})
    supply = _supply_offenders(store)
    return [
        AuditedList("targets", "High-harm offender priority (recorded offences weighted by "
                    "harm, recency and outcome, with network position); anyone the "
                    "safeguarding assessment flags or any child is held back.",
                    "people with a recorded drug supply offence, or a part on a line other "
                    "than customer", _ids(store, "target_list", "SELECT person_id FROM "
                                          "target_list"), supply | on_line),
        AuditedList("safeguarding", "Exploitation risk from indicators (age, missing "
                    "episodes, travel on a line, cuckooing, intelligence) above the "
                    "safeguarding threshold.", "people in contact with a line (any role)",
                    _ids(store, "safeguarding_list", "SELECT person_id FROM "
                         "safeguarding_list"), in_contact),
        AuditedList("line_role_flags", "A detected working role on a line (controller, "
                    "runner or trap occupant) from call patterns and intelligence.",
                    "people in contact with a line (any role)", working, in_contact),
        AuditedList("association", "A bounded priority component for recorded "
                    "relationships (family, lives with, knows ...) with people who have "
                    "violence or weapons offences: association is not guilt, so it is "
                    "audited on its own.", "people with a recorded relationship to another "
                    "person", _ids(store, "person_priority",
                                   "SELECT person_id FROM person_priority WHERE "
                                   "json_extract(components, '$.association.contribution')"
                                   "::DOUBLE > 0"), _related(store)),
    ]


def _related(store: Store) -> frozenset[str]:
    """People at either end of a recorded person-to-person relationship."""
    if not store.table_exists("relationships") or not store.table_exists("person_records"):
        return frozenset()
    from linewatch.network.relations import by_person, load_relations

    return frozenset(by_person(load_relations(store)))


def _audit_list(lst: AuditedList, people: dict[str, Person]) -> dict[str, Any]:
    members = {p for p in lst.members if p in people}
    base = {p for p in lst.base if p in people}
    selected = members & base
    return {"list": lst.name, "rule": lst.rule, "base": lst.base_rule,
            "n_list": len(members), "n_base": len(base), "n_selected_from_base": len(selected),
            "outside_base": len(members - base),
            "dimensions": [_dimension(d, members, base, selected, people.__getitem__)
                           for d in DIMENSIONS]}


def _dimension(dimension: str, members: set[str], base: set[str], selected: set[str],
               person: Callable[[str], Person]) -> dict[str, Any]:
    in_list = Counter(person(p).value(dimension) for p in members)
    in_base = Counter(person(p).value(dimension) for p in base)
    in_selected = Counter(person(p).value(dimension) for p in selected)
    groups = sorted(set(in_list) | set(in_base))
    judged = [g for g in groups if in_base[g] >= MIN_BASE and len(base) - in_base[g] > 0]
    z = z_value(ALPHA / max(1, len(judged)))
    z_share = z_value(ALPHA)
    rows = []
    for group in groups:
        ratio = katz_ratio(in_selected[group], in_base[group],
                           len(selected) - in_selected[group], len(base) - in_base[group], z)
        finding = "too few to judge"
        if group in judged and ratio is not None:
            finding = ("over-selected" if ratio.low > 1 else "under-selected"
                       if ratio.high < 1 else "no evidence of disproportion")
        rows.append({
            "group": group, "n_list": in_list[group], "n_base": in_base[group],
            "share_list": _share(in_list[group], len(members), z_share),
            "share_base": _share(in_base[group], len(base), z_share),
            "ratio": None if ratio is None else round(ratio.ratio, 3),
            "ratio_interval": None if ratio is None else [round(ratio.low, 3),
                                                          round(ratio.high, 3)],
            "finding": finding})
    return {"dimension": dimension, "groups": rows,
            "flagged": [r["group"] for r in rows if r["finding"] in {"over-selected",
                                                                      "under-selected"}]}


def _share(count: int, total: int, z: float) -> dict[str, Any]:
    low, high = wilson(count, total, z)
    return {"value": round(count / total, 3) if total else None,
            "interval": [round(low, 3), round(high, 3)]}
