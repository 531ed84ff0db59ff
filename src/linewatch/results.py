"""The results export (contract version 1): the analysis as it stands, as one JSON object.

Assembled from the analysis stages' output tables; a stage that has not run contributes
nothing, and ``analyses`` says which ran, so ``evaluate`` can report it as not implemented
rather than as zero.
"""

from __future__ import annotations

import json
from typing import Any

from linewatch.explain import address_identity
from linewatch.schema.contract import CONTRACT_VERSION
from linewatch.storage import Store, check_identifier

#: every output table the export reads (``linewatch lake results`` copies these to a lake)
RESULT_TABLES = ("lines", "line_numbers", "line_addresses", "phone_roles", "phone_scores",
                 "person_roles", "persons", "person_records", "person_priority",
                 "person_exploitation", "address_cuckooing", "target_list",
                 "safeguarding_list")


def _has(store: Store, *tables: str) -> bool:
    return all(store.table_exists(t) for t in tables)


def build_results(store: Store) -> dict[str, Any]:
    """The contract's results export for the store's latest analysis runs."""
    analyses = {
        "person_resolution": _has(store, "persons", "person_records"),
        "deal_lines": _has(store, "phone_roles", "lines"),
        "roles": _has(store, "phone_roles"),
        "line_continuity": _has(store, "line_numbers"),
        "priority": _has(store, "target_list"),
        "safeguarding": _has(store, "safeguarding_list", "person_exploitation"),
        "cuckooing": _has(store, "address_cuckooing"),
    }
    return {
        "contract_version": CONTRACT_VERSION,
        "lines": _lines(store) if analyses["deal_lines"] else [],
        "persons": _persons(store) if analyses["person_resolution"] else [],
        "phones": _phones(store),
        "addresses": _addresses(store) if analyses["cuckooing"] else [],
        "targets": _ordered(store, "target_list") if analyses["priority"] else [],
        "safeguarding": _ordered(store, "safeguarding_list") if analyses["safeguarding"] else [],
        "analyses": analyses,
        "runs": store.query_dicts(
            "SELECT stage, run_id FROM (SELECT stage, run_id, row_number() OVER (PARTITION BY "
            "stage ORDER BY finished_at DESC) AS n FROM analysis_runs WHERE status = 'done') "
            "WHERE n = 1 ORDER BY stage"),
    }


def _ordered(store: Store, table: str) -> list[str]:
    return [r[0] for r in store.query(
        f"SELECT person_id FROM {check_identifier(table)} ORDER BY rank")]  # noqa: S608 - fixed table names and clauses


def _lines(store: Store) -> list[dict[str, Any]]:
    numbers: dict[str, list[str]] = {}
    if store.table_exists("line_numbers"):
        for line_id, number in store.query(
                "SELECT line_id, number FROM line_numbers ORDER BY line_id, first_seen, number"):
            numbers.setdefault(line_id, []).append(number)
    people: dict[tuple[str, str], list[str]] = {}
    if store.table_exists("person_roles"):
        for line_id, role, person_id in store.query(
                "SELECT line_id, role, person_id FROM person_roles WHERE line_id IS NOT NULL "
                "AND role IN ('controller', 'runner') ORDER BY confidence DESC, person_id"):
            people.setdefault((line_id, role), []).append(person_id)
    traps: dict[str, list[str]] = {}
    seen: set[tuple[str, tuple[str, str]]] = set()  # one trap house written two ways is one
    if store.table_exists("line_addresses"):
        for line_id, address, postcode in store.query(
                "SELECT line_id, address, postcode FROM line_addresses "
                "ORDER BY confidence DESC, address"):
            same = (line_id, address_identity(address, postcode))
            if same in seen:
                continue
            seen.add(same)
            label = f"{address} {postcode}".strip() if postcode and postcode not in (
                address or "") else address
            traps.setdefault(line_id, []).append(label)
    return [
        {"line_id": line_id, "numbers": numbers.get(line_id, []), "score": score,
         "controller_person_ids": people.get((line_id, "controller"), []),
         "runner_person_ids": people.get((line_id, "runner"), []),
         "trap_addresses": traps.get(line_id, [])}
        for line_id, score in store.query("SELECT line_id, score FROM lines "
                                          "ORDER BY score DESC, line_id")
    ]


def _persons(store: Store) -> list[dict[str, Any]]:
    records: dict[str, list[list[str]]] = {}
    for person_id, system, record_id in store.query(
            "SELECT person_id, source_system, record_id FROM person_records "
            "ORDER BY person_id, source_system, record_id"):
        records.setdefault(person_id, []).append([system, record_id])
    role = dict(store.query(
        "SELECT person_id, arg_max(role, confidence) FROM person_roles GROUP BY person_id")
    ) if store.table_exists("person_roles") else {}
    harm = dict(store.query("SELECT person_id, harm_score FROM person_priority")
                ) if store.table_exists("person_priority") else {}
    risk: dict[str, tuple[float, bool]] = {
        r[0]: (r[1], r[2]) for r in store.query(
            "SELECT person_id, exploitation_risk, safeguarding_flag FROM person_exploitation")
    } if store.table_exists("person_exploitation") else {}
    return [
        {"person_id": person_id, "records": records.get(person_id, []),
         "role": role.get(person_id, "none"),
         "harm_score": harm.get(person_id),
         "exploitation_risk": risk.get(person_id, (None, False))[0],
         "safeguarding_flag": bool(risk.get(person_id, (None, False))[1])}
        for (person_id,) in store.query("SELECT person_id FROM persons ORDER BY person_id")
    ]


def _phones(store: Store) -> list[dict[str, Any]]:
    if not store.table_exists("phone_roles"):
        return []
    score_join = ("LEFT JOIN phone_scores s ON s.number = r.number"
                  if store.table_exists("phone_scores") else "")
    score_col = "s.deal_line_score" if score_join else "NULL"
    rows = store.query(
        f"SELECT r.number, r.role, {score_col}, r.person_id, r.line_id FROM phone_roles r "  # noqa: S608 - fixed table names and clauses
        f"{score_join} ORDER BY r.number")
    return [{"number": n, "role": role, "deal_line_score": score, "person_id": person,
             "line_id": line} for n, role, score, person, line in rows]


def _addresses(store: Store) -> list[dict[str, Any]]:
    return [
        {"address": a, "postcode": p, "cuckooing_score": s, "cuckooed": bool(c)}
        for a, p, s, c in store.query(
            "SELECT address, postcode, cuckooing_score, cuckooed FROM address_cuckooing "
            "ORDER BY cuckooing_score DESC, address")
    ]


def dumps(results: dict[str, Any]) -> str:
    return json.dumps(results, indent=2, default=str, ensure_ascii=False)

