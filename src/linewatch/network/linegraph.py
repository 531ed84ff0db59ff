"""A line's network as a graph, at phone or person level, and the what-if on it.

The network of a line is every number the detection stage gave a role on that line (its deal
line numbers, controller, runners, trap phones and, unless left out, its customers) joined by
the contacts among them in ``cdr``. At person level, numbers that resolution tied to a person
(``phone_persons``, the most confident owner of each number) merge into that person's node;
numbers with no known owner stay as phone nodes, so the deal line itself can be a pick
(cutting a line number is a "Type 2" closure).
"""

from __future__ import annotations

from typing import Any

import igraph as ig
import pandas as pd

from linewatch.errors import NotFound
from linewatch.network.disruption import key_players, what_if_graph
from linewatch.schema.types.phone import try_clean
from linewatch.storage import Store

LEVELS = ("person", "phone")


def line_members(store: Store, line_id: str, *, include_customers: bool = True) -> pd.DataFrame:
    """Numbers with a role on the line: number, role, person_id."""
    if not store.table_exists("phone_roles"):
        raise NotFound("no detection results: run 'linewatch analyse' or detect first")
    roles = ["deal_line", "controller", "runner", "trap"]
    if include_customers:
        roles.append("customer")
    frame = store.query_arrow(
        "SELECT number, role FROM phone_roles WHERE line_id = ? AND list_contains(?, role) "
        "ORDER BY number", [line_id, roles]).to_pandas()
    if frame.empty:
        raise NotFound(f"no line '{line_id}' (see 'linewatch detect lines')")
    frame["person_id"] = frame["number"].map(owners(store, list(frame["number"])))
    return frame


def owners(store: Store, numbers: list[str]) -> dict[str, str]:
    """The most confident person of each number, when resolution linked one."""
    if not numbers or not store.table_exists("phone_persons"):
        return {}
    rows = store.query(
        "SELECT number, person_id FROM (SELECT number, person_id, row_number() OVER ("
        "PARTITION BY number ORDER BY confidence DESC NULLS LAST, person_id) AS rk "
        "FROM phone_persons WHERE list_contains(?, number)) WHERE rk = 1", [numbers])
    return {r[0]: r[1] for r in rows}


def line_graph(store: Store, line_id: str, *, level: str = "person",
               include_customers: bool = True) -> ig.Graph:
    """The line's network; vertex attributes ``name``, ``kind`` (person/phone) and ``role``."""
    if level not in LEVELS:
        raise NotFound(f"unknown level '{level}' (choose person or phone)")
    members = line_members(store, line_id, include_customers=include_customers)
    numbers = list(members["number"])
    pairs = store.query(
        "SELECT least(a_number, b_number), greatest(a_number, b_number), count(*) FROM cdr "
        "WHERE list_contains(?, a_number) AND list_contains(?, b_number) "
        "AND a_number <> b_number GROUP BY 1, 2", [numbers, numbers])
    node_of: dict[str, str] = {}
    info: dict[str, dict[str, Any]] = {}
    rank = {"controller": 0, "runner": 1, "trap": 2, "deal_line": 3, "customer": 4}
    for row in members.itertuples(index=False):
        person = row.person_id if level == "person" and isinstance(row.person_id, str) else None
        node = person or row.number
        node_of[row.number] = node
        current = info.get(node)
        if current is None or rank[row.role] < rank[current["role"]]:
            info[node] = {"kind": "person" if person else "phone", "role": row.role}
    names = sorted(info)
    index = {n: i for i, n in enumerate(names)}
    weights: dict[tuple[int, int], int] = {}
    for u, v, n in pairs:
        a, b = index[node_of[u]], index[node_of[v]]
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = weights.get(key, 0) + int(n)
    graph = ig.Graph(n=len(names), edges=list(weights), directed=False)
    graph.vs["name"] = names
    graph.vs["kind"] = [info[n]["kind"] for n in names]
    graph.vs["role"] = [info[n]["role"] for n in names]
    graph.es["weight"] = list(weights.values())
    return graph


def disruption_picks(graph: ig.Graph, k: int) -> list[dict[str, Any]]:
    """Greedy key players among the line's non-customer nodes."""
    candidates = [v.index for v in graph.vs if v["role"] != "customer"]
    picks = key_players(graph, k, candidates=candidates)
    role = dict(zip(graph.vs["name"], graph.vs["role"], strict=True))
    kind = dict(zip(graph.vs["name"], graph.vs["kind"], strict=True))
    return [{"rank": i + 1, "node": p.name, "node_kind": kind[p.name], "role": role[p.name],
             "fragmentation": round(p.fragmentation, 6), "gain": round(p.gain, 6)}
            for i, p in enumerate(picks)]


def what_if(store: Store, line_id: str, remove: list[str], *, level: str = "person",
            include_customers: bool = True) -> dict[str, Any]:
    """Fragmentation of the line's network before and after removing people or phones.

    ``remove`` holds person ids or numbers; at person level a number is replaced by its
    owner's node when resolution knows one. Returns ``before``, ``after`` and details.
    """
    graph = line_graph(store, line_id, level=level, include_customers=include_customers)
    names = set(graph.vs["name"])
    mapped: list[str] = []
    by_number = owners(store, [c for r in remove if (c := try_clean(r)) is not None])
    for ref in remove:
        if ref in names:
            mapped.append(ref)
            continue
        number = try_clean(ref)
        if number is not None and level == "person" and number in by_number:
            mapped.append(by_number[number])
        else:
            mapped.append(number or ref)
    result = what_if_graph(graph, mapped)
    result.update(line_id=line_id, level=level, requested=list(remove))
    return result
