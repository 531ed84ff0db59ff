"""Explain why two records are (or are not) the same person, and how a person was built.

Both functions return plain data (JSON-serialisable dicts) for the web app and the CLI.
:func:`explain_pair` scores any two records with the model persisted for the latest resolve
run, so it works for pairs the blocking rules never compared; :func:`explain_person` shows
the records of a person, the links that join them, the overrides that touched them and every
value with its source.
"""

from __future__ import annotations

import json
import math
from typing import Any

from linewatch.errors import NotFound
from linewatch.resolve import overrides as ov
from linewatch.resolve.identifiers import compare as compare_identifiers
from linewatch.resolve.linkage import quiet_splink
from linewatch.resolve.model import comparisons, level_for_gamma, to_dialect
from linewatch.resolve.overrides import RecordKey
from linewatch.storage import Store
from linewatch.storage.runs import latest_run

#: prepared columns shown beside each comparison
COMPARED_COLUMNS: dict[str, list[str]] = {
    "forename": ["forename1", "forename2", "forename_phon", "forename_groups"],
    "surname": ["surname", "surname_phon"],
    "dob": ["dob"],
    "sex": ["sex"],
    "location": ["addr_key", "postcode"],
    "phone": ["phones"],
    "nickname": ["nicknames"],
}
RAW_FIELDS = ("forenames", "surname", "dob", "sex", "address", "postcode", "phone",
              "nickname", "flags")


def resolve_model(store: Store) -> tuple[dict[str, Any], dict[str, Any]]:
    """The Splink settings and the ``resolve_models`` row of the latest resolve run."""
    last = latest_run(store, "resolve")
    if last is None or not store.table_exists("resolve_models"):
        raise NotFound("no resolve run yet: run 'linewatch resolve' first")
    row = store.query_dicts("SELECT * FROM resolve_models WHERE run_id = ?", [last["run_id"]])
    if not row:
        raise NotFound(f"no model stored for run {last['run_id']}")
    return json.loads(row[0]["settings"]), row[0]


def _record(store: Store, key: RecordKey) -> dict[str, Any]:
    rows = store.query_dicts("SELECT * EXCLUDE (run_id) FROM resolve_records "
                             "WHERE source_system = ? AND record_id = ?", list(key))
    if not rows:
        raise NotFound(f"record {key[0]}:{key[1]} is not in the latest resolve run")
    return rows[0]


def _person_of(store: Store, key: RecordKey) -> str | None:
    value = store.scalar("SELECT person_id FROM person_records WHERE source_system = ? "
                         "AND record_id = ?", list(key))
    return None if value is None else str(value)


def overrides_naming(overrides: list[dict[str, Any]], keys: set[RecordKey]
                     ) -> list[dict[str, Any]]:
    """The overrides (active or undone) that name any of ``keys``."""
    return [o for o in overrides if keys & set(o["records"])]


def _score(store: Store, model: dict[str, Any], left: dict[str, Any],
           right: dict[str, Any]) -> dict[str, Any]:
    from splink import Linker

    db_api = store.splink_db_api()
    with quiet_splink():
        sdf = db_api.register("resolve_records")
        try:
            linker = Linker(sdf, to_dialect(model, "duckdb"), log_level=None)
            scored = linker.inference.score_pair(left, right)
            row = scored.as_record_list()[0]
        finally:
            db_api.delete_tables_created_by_splink_from_db()
    return row


def _comparisons(model: dict[str, Any], row: dict[str, Any], left: dict[str, Any],
                 right: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    descriptions = {name: desc for name, desc, _levels in comparisons("duckdb", {})}
    for comp in model["comparisons"]:
        name = comp["output_column_name"]
        gamma = row.get(f"gamma_{name}")
        level = level_for_gamma(comp, gamma) or {}
        weight = float(row.get(f"mw_{name}") or 0.0)
        tf_adj = row.get(f"mw_tf_adj_{name}")
        m, u = level.get("m_probability"), level.get("u_probability")
        out.append({
            "comparison": name,
            "description": descriptions.get(name, comp.get("comparison_description")),
            "level": level.get("label_for_charts"),
            "sql_condition": level.get("sql_condition"),
            "gamma": gamma,
            "m_probability": m,
            "u_probability": u,
            "bayes_factor": (m / u) if m and u else None,
            "match_weight": round(weight, 4),
            "term_frequency_adjustment": None if tf_adj is None else round(float(tf_adj), 4),
            "values": {"left": {c: left.get(c) for c in COMPARED_COLUMNS.get(name, [])},
                       "right": {c: right.get(c) for c in COMPARED_COLUMNS.get(name, [])}},
        })
    return out


def explain_pair(store: Store, a: RecordKey, b: RecordKey) -> dict[str, Any]:
    """Why the model does or does not think records ``a`` and ``b`` are one person."""
    model, meta = resolve_model(store)
    left, right = _record(store, a), _record(store, b)
    row = _score(store, model, left, right)
    lam = float(model["probability_two_random_records_match"])
    stored = store.query_one(
        "SELECT match_probability FROM resolve_pairs WHERE (source_system_l = ? AND "
        "record_id_l = ? AND source_system_r = ? AND record_id_r = ?) OR (source_system_l = ? "
        "AND record_id_l = ? AND source_system_r = ? AND record_id_r = ?)",
        [*a, *b, *b, *a]) if store.table_exists("resolve_pairs") else None
    pa_, pb_ = _person_of(store, a), _person_of(store, b)
    threshold = float(meta["threshold"])
    probability = float(row["match_probability"])
    return _jsonable({
        "run_id": meta["run_id"],
        "records": raw_records(store, [a, b]),
        "prior": {"probability_two_random_records_match": lam,
                  "match_weight": round(math.log2(lam / (1 - lam)), 4)},
        "comparisons": _comparisons(model, row, left, right),
        "match_weight": round(float(row["match_weight"]), 4),
        "match_probability": probability,
        "threshold": threshold,
        "above_threshold": probability >= threshold,
        "compared_in_run": stored is not None,
        "person_ids": [pa_, pb_],
        "same_person": pa_ is not None and pa_ == pb_,
        "model_trained": bool(meta["trained"]),
        "overrides": overrides_naming(ov.list_overrides(store), {a, b}),
        "identifiers": compare_identifiers(store, a, b),
    })


def explain_person(store: Store, person_id: str, *, max_links: int = 200) -> dict[str, Any]:
    """How ``person_id`` was formed: records, values with provenance, links and overrides."""
    person = store.query_dicts("SELECT * FROM persons WHERE person_id = ?", [person_id])
    if not person:
        raise NotFound(f"no person {person_id}")
    model, meta = resolve_model(store)
    keys = [(s, r) for s, r in store.query(
        "SELECT source_system, record_id FROM person_records WHERE person_id = ? "
        "ORDER BY 1, 2", [person_id])]
    values = store.query_dicts(
        "SELECT field, value, source_system, record_id, _batch, _row, is_best "
        "FROM person_values WHERE person_id = ? ORDER BY field, value, source_system, "
        "record_id", [person_id])
    pairs = store.query_dicts(
        "SELECT p.* FROM resolve_pairs p JOIN person_records a ON a.source_system = "
        "p.source_system_l AND a.record_id = p.record_id_l JOIN person_records b ON "
        "b.source_system = p.source_system_r AND b.record_id = p.record_id_r WHERE "
        "a.person_id = ? AND b.person_id = ? ORDER BY p.match_probability DESC, "
        "p.source_system_l, p.record_id_l, p.source_system_r, p.record_id_r LIMIT ?",
        [person_id, person_id, max_links])
    return person_explanation(person[0], model, meta, keys, values, pairs,
                              raw_records(store, keys),
                              overrides_naming(ov.list_overrides(store), set(keys)))


def raw_records(store: Store, keys: list[RecordKey]) -> list[dict[str, Any]]:
    """The latest raw nominal row of each record key, in the order of ``keys``."""
    if not keys:
        return []
    sql = (f"SELECT source_system, record_id, {', '.join(RAW_FIELDS)}, _batch, _row "  # noqa: S608
           "FROM nominals n JOIN (SELECT unnest(?::VARCHAR[]) AS k_s, unnest(?::VARCHAR[]) "
           "AS k_r) k ON n.source_system = k.k_s AND n.record_id = k.k_r QUALIFY "
           "row_number() OVER (PARTITION BY source_system, record_id ORDER BY _batch DESC, "
           "_row DESC) = 1")
    found = {(r["source_system"], r["record_id"]): r for r in store.query_dicts(
        sql, [[k[0] for k in keys], [k[1] for k in keys]])}
    return [found.get(k, {"source_system": k[0], "record_id": k[1]}) for k in keys]


def person_explanation(person: dict[str, Any], model: dict[str, Any], meta: dict[str, Any],
                       keys: list[RecordKey], values: list[dict[str, Any]],
                       pairs: list[dict[str, Any]], raws: list[dict[str, Any]],
                       overrides: list[dict[str, Any]]) -> dict[str, Any]:
    """Assemble :func:`explain_person`'s answer from rows already read (no queries).

    ``values`` are ``person_values`` rows (with ``field``), ``pairs`` the ``resolve_pairs``
    rows joining two records of the person, best first.
    """
    by_field: dict[str, list[dict[str, Any]]] = {}
    for row in values:
        by_field.setdefault(row["field"], []).append(
            {k: v for k, v in row.items() if k != "field"})
    threshold = float(meta["threshold"])
    by_name = {c["output_column_name"]: c for c in model["comparisons"]}
    links = []
    for p in pairs:
        levels = {}
        for name, comp in by_name.items():
            level = level_for_gamma(comp, p.get(f"gamma_{name}")) or {}
            levels[name] = {"level": level.get("label_for_charts"),
                            "match_weight": round(float(p.get(f"mw_{name}") or 0.0), 4)}
        links.append({
            "records": [[p["source_system_l"], p["record_id_l"]],
                        [p["source_system_r"], p["record_id_r"]]],
            "match_weight": round(float(p["match_weight"]), 4),
            "match_probability": float(p["match_probability"]),
            "linked": float(p["match_probability"]) >= threshold,
            "comparisons": levels,
        })
    return {
        "run_id": meta["run_id"],
        "person": _jsonable(person),
        "records": _jsonable(raws),
        "values": _jsonable(by_field),
        "links": links,
        "threshold": threshold,
        "joined_by_override": [o["override_id"] for o in overrides
                               if o["action"] == "merge" and o["undone_at"] is None],
        "overrides": _jsonable(overrides),
        "model_trained": bool(meta["trained"]),
    }


def _jsonable(value: Any) -> Any:
    """Dates, tuples and other values turned into JSON-friendly ones."""
    return json.loads(json.dumps(value, default=str))
