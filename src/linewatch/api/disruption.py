"""Disruption what-if: how much would removing some people fragment a line's network?

Key-player fragmentation (Borgatti 2006) of the line's person-level network, customers
included, before and after the people are removed: ``linewatch.network.linegraph.what_if``,
the same graph and the same definition of F as the detection stage's key-player picks and the
target list's disruption value. 0 means everyone can still reach everyone; 1 means nobody can
reach anybody. Research caution: disrupted networks recover and can become more efficient
(Duijn et al. 2014), so this is a comparison of options, not a prediction.
"""

from __future__ import annotations

from typing import Any

from linewatch.network.linegraph import what_if as line_what_if
from linewatch.storage import Store


def what_if(store: Store, line_id: str, person_ids: list[str]) -> dict[str, Any]:
    """The what-if of removing ``person_ids`` from the line, in the API's field names (ids a
    later run merged or renamed are read as the ids they stand for now)."""
    from linewatch.storage.identities import current_id

    line_id = current_id(store, "line", line_id)
    person_ids = [current_id(store, "person", p) for p in person_ids]
    result = line_what_if(store, line_id, person_ids, level="person")
    before, after = float(result["before"]), float(result["after"])
    return {
        "line_id": line_id, "person_ids": person_ids,
        "removed": result.get("removed", []), "not_found": result.get("not_found", []),
        "numbers_before": result.get("nodes_before"),
        "numbers_after": result.get("nodes_after"),
        "fragmentation_before": round(before, 4),
        "fragmentation_after": round(after, 4),
        "change": round(after - before, 4),
        "components_before": result.get("components_before"),
        "components_after": result.get("components_after"),
        "method": "Borgatti key-player fragmentation of the line's person-level network "
                  "(linewatch.network)"}
