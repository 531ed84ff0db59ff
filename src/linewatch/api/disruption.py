"""Disruption what-if: how much would removing some people fragment a line's network?

Key-player fragmentation (Borgatti 2006): ``F = 1 - sum_k s_k (s_k - 1) / (n (n - 1))`` over
the sizes ``s_k`` of the connected components of the ``n`` remaining numbers. 0 means everyone
can still reach everyone; 1 means nobody can reach anybody. Research caution: disrupted
networks recover and can become more efficient (Duijn et al. 2014), so this is a comparison of
options, not a prediction.

The network stage's own function is used when it is installed
(``linewatch.network.linegraph.what_if(store, line_id, remove)``, person level, customers
included); otherwise the line's network here is its numbers (``phone_roles.line_id``) linked by
calls and texts between them, and a person's numbers (``phone_persons``) are removed.
"""

from __future__ import annotations

from typing import Any

from linewatch.api.data import rows, try_import
from linewatch.errors import NotFound
from linewatch.network.disruption import fragmentation_of_edges
from linewatch.storage import Store

LIST = "(SELECT unnest(?::VARCHAR[]))"


def fragmentation(nodes: set[str], edges: list[tuple[str, str]]) -> float:
    """Borgatti's F of a line network (0.0 for an empty one)."""
    return fragmentation_of_edges(nodes, edges) if nodes else 0.0


def what_if(store: Store, line_id: str, person_ids: list[str]) -> dict[str, Any]:
    linegraph = try_import("linewatch.network.linegraph")
    if linegraph is not None and callable(getattr(linegraph, "what_if", None)):
        result = dict(linegraph.what_if(store, line_id, person_ids))
        return {
            "line_id": line_id, "person_ids": person_ids,
            "removed": result.get("removed", []), "not_found": result.get("not_found", []),
            "numbers_before": result.get("nodes_before"),
            "numbers_after": result.get("nodes_after"),
            "fragmentation_before": round(float(result["before"]), 4),
            "fragmentation_after": round(float(result["after"]), 4),
            "change": round(float(result["after"]) - float(result["before"]), 4),
            "components_before": result.get("components_before"),
            "components_after": result.get("components_after"),
            "method": "Borgatti key-player fragmentation of the line's person-level network "
                      "(linewatch.network)"}
    numbers = {r["number"] for r in rows(store, ["phone_roles"], "SELECT number FROM "
                                         "phone_roles WHERE line_id = ?", [line_id])}
    if not numbers:
        raise NotFound(f"no numbers known for line '{line_id}'")
    edges = [(r["a_number"], r["b_number"]) for r in rows(store, ["cdr"], f"""
        SELECT DISTINCT a_number, b_number FROM cdr
        WHERE a_number IN {LIST} AND b_number IN {LIST}""",  # noqa: S608
        [sorted(numbers), sorted(numbers)])]
    removed = {r["number"] for r in rows(store, ["phone_persons"], f"""
        SELECT number FROM phone_persons WHERE person_id IN {LIST}""",  # noqa: S608
        [person_ids])} & numbers
    if not removed:
        removed = {r["number"] for r in rows(store, ["phone_roles"], f"""
            SELECT number FROM phone_roles WHERE person_id IN {LIST}""",  # noqa: S608
            [person_ids])} & numbers
    remaining = numbers - removed
    before, after = fragmentation(numbers, edges), fragmentation(remaining, edges)
    return {"line_id": line_id, "person_ids": person_ids, "removed": sorted(removed),
            "numbers_before": len(numbers), "numbers_after": len(remaining),
            "fragmentation_before": round(before, 4), "fragmentation_after": round(after, 4),
            "change": round(after - before, 4),
            "method": "Borgatti key-player fragmentation over the line's call network "
                      "(linewatch.api)"}
