"""The API's side of readable explanations: attach ``why`` (a sentence and evidence tables,
built by :mod:`linewatch.explain`) and calibrated ``display`` scores to the rows pages show.

Every person id in an evidence table carries the person's name, from one memoised look-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from linewatch import explain
from linewatch.api.snapshot import keyed
from linewatch.storage import Store

display = explain.display
uncapped = explain.uncapped


def names(store: Store) -> explain.Names:
    """Display names of every person (memoised per data version)."""
    found = keyed(store, "person_names", ["persons"],
                  "SELECT person_id AS _key, display_name FROM persons")
    return explain.Names({k: v[0].get("display_name") for k, v in found.items()})


def strip_paths(components: Any) -> Any:
    """A priority's components without the server's file paths (the harm weights file is
    named by its file name only)."""
    if isinstance(components, dict) and isinstance(components.get("harm_weights"), str):
        return {**components, "harm_weights": PurePath(components["harm_weights"]).name}
    return components


def with_priority(store: Store, rows: Iterable[dict[str, Any]], key: str) -> None:
    """``row["why"]`` for each row whose ``key`` holds a priority explanation."""
    who = names(store)
    for row in rows:
        if isinstance(row.get(key), dict):
            row[key] = strip_paths(row[key])
            row["why"] = explain.priority(row[key], who).as_dict()


def with_exploitation(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    who = names(store)
    for row in rows:
        if isinstance(row.get("indicators"), dict):
            row["why"] = explain.exploitation(row["indicators"], who,
                                              flagged=row.get("safeguarding_flag")).as_dict()


def with_roles(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    who = names(store)
    for row in rows:
        evidence = row.get("evidence")
        row["why"] = explain.role(str(row.get("role") or ""), row.get("line_id"),
                                  evidence if isinstance(evidence, dict) else None,
                                  who).as_dict()


def with_cuckooing(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    who = names(store)
    for row in rows:
        if isinstance(row.get("evidence"), dict):
            row["why"] = explain.cuckooing(row["evidence"], who,
                                           cuckooed=row.get("cuckooed")).as_dict()


def line_strength(store: Store) -> dict[str, float]:
    """Each line's unsaturated strength: the logit of its strongest number's score."""
    found = keyed(store, "line_strength", ["line_numbers", "phone_scores"], """
        SELECT n.line_id AS _key, max(s.deal_line_score) AS score FROM line_numbers n
        JOIN phone_scores s ON s.number = n.number GROUP BY n.line_id""")
    return {k: explain.logit(float(v[0]["score"] or 0)) for k, v in found.items()}


def merged_traps(store: Store, traps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per trap house: rows naming the same address (same normalised address and
    postcode, or an address that is the other plus its postcode) are merged, keeping the
    highest confidence and every rule's evidence; each row gets its ``why``."""
    def key(row: dict[str, Any]) -> tuple[str, str]:
        return explain.address_identity(row.get("address"), row.get("postcode"))

    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for row in sorted(traps, key=lambda r: -float(r.get("confidence") or 0)):
        k = key(row)
        if k not in merged:
            merged[k] = {**row, "evidence": [row.get("evidence")], "variants": [row["address"]]}
            continue
        kept = merged[k]
        kept["evidence"].append(row.get("evidence"))
        kept["postcode"] = kept.get("postcode") or row.get("postcode")
        if row["address"] not in kept["variants"]:
            kept["variants"].append(row["address"])
    who = names(store)
    out = list(merged.values())
    for row in out:
        row["evidence"] = [e for e in row["evidence"] if isinstance(e, dict)]
        row["why"] = explain.trap(row["evidence"], who).as_dict()
    return out
