"""Neighbourhoods and paths over the link chart's graph.

* :func:`neighbourhood`: the entity and its links up to ``depth`` hops (bounded by
  ``max_nodes``), filtered by link type and time window.
* :func:`shortest_path`: fewest links between two entities
  (:func:`linewatch.network.paths.fewest_hops`, a bidirectional breadth-first search; each
  level's links are read from the store in one batched expansion).
* :func:`time_ordered_path`: how something said on one phone could have reached another —
  a chain of calls each later than the one before (earliest-arrival search over cdr).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from linewatch.api.data import short_date, table_exists
from linewatch.api.graph import (
    Graph,
    Window,
    decorate,
    expand,
    link_types,
    node_id,
    parse_entity,
)
from linewatch.errors import InputError, NotFound
from linewatch.network.paths import cdr_contacts_after, earliest_arrival, fewest_hops
from linewatch.storage import Store

MAX_DEPTH = 6


def _group(ids: set[str] | list[str], graph: Graph) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for nid in sorted(ids):  # not set order (it changes with each process's hash seed)
        node = graph.nodes[nid]
        grouped[node["type"]].append(node["key"])
    return grouped


def neighbourhood(store: Store, entity: str, types: set[str] | None = None,
                  window: Window | None = None, depth: int = 1, max_nodes: int = 500,
                  per_node: int = 50, role: str | None = None) -> dict[str, Any]:
    """Nodes and edges within ``depth`` hops of ``entity`` (relationships hidden from
    ``role`` under their handling code left out; ``None``: every relationship)."""
    kind, key = parse_entity(entity, store)
    wanted = link_types(types)
    window = window or Window()
    graph = Graph()
    start = graph.add_node(kind, key)
    frontier = {start}
    truncated = False
    for _ in range(max(1, min(depth, 3))):
        new = expand(store, graph, _group(frontier, graph), wanted, window, per_node, role)
        if len(graph.nodes) > max_nodes:
            truncated = True
            _trim(graph, start, max_nodes)
            break
        frontier = new
        if not frontier:
            break
    decorate(store, graph)
    result = graph.to_dict()
    result.update(center=start, truncated=truncated)
    return result


def _trim(graph: Graph, keep: str, max_nodes: int) -> None:
    """Keep the best-linked nodes (by total link count, then id) when a neighbourhood is too
    big."""
    weight: dict[str, float] = defaultdict(float)
    for edge in graph.edges.values():
        w = float(edge.get("count") or 1)
        weight[edge["source"]] += w
        weight[edge["target"]] += w
    weight[keep] = float("inf")
    kept = set(sorted(graph.nodes, key=lambda n: (-weight[n], n))[:max_nodes])
    graph.nodes = {k: v for k, v in graph.nodes.items() if k in kept}
    graph.edges = {k: e for k, e in graph.edges.items()
                   if e["source"] in kept and e["target"] in kept}


def shortest_path(store: Store, source: str, target: str, types: set[str] | None = None,
                  window: Window | None = None, max_depth: int = MAX_DEPTH,
                  per_node: int = 200, max_frontier: int = 3000,
                  role: str | None = None) -> dict[str, Any]:
    """Fewest-links path between two entities, or ``found: false``; ``steps`` explains each
    hop (from, to, and the links between them)."""
    a, b = node_id(*parse_entity(source, store)), node_id(*parse_entity(target, store))
    wanted = link_types(types)
    window = window or Window()
    graph = Graph()
    graph.add_node(*parse_entity(source, store))
    graph.add_node(*parse_entity(target, store))
    adjacent: dict[str, set[str]] = defaultdict(set)
    known: set[str] = set()

    def neighbours(frontier: list[str]) -> dict[str, set[str]]:
        expand(store, graph, _group(frontier, graph), wanted, window, per_node, role)
        for eid in graph.edges.keys() - known:
            edge = graph.edges[eid]
            adjacent[edge["source"]].add(edge["target"])
            adjacent[edge["target"]].add(edge["source"])
        known.update(graph.edges)
        return {u: adjacent[u] for u in frontier}

    chain = fewest_hops([a], [b], neighbours, max_depth=max_depth, max_frontier=max_frontier)
    if chain is None:
        return {"found": False, "nodes": [], "edges": [], "hops": None}
    return _path_result(store, graph, chain)


def _path_result(store: Store, graph: Graph, chain: list[str]) -> dict[str, Any]:
    sub = Graph()
    for nid in chain:
        sub.nodes[nid] = graph.nodes[nid]
    for u, v in zip(chain, chain[1:], strict=False):
        for edge in graph.edges.values():
            if {edge["source"], edge["target"]} == {u, v}:
                sub.edges[edge["id"]] = edge
                break
    decorate(store, sub)
    result = sub.to_dict()
    steps = []
    for u, v in zip(chain, chain[1:], strict=False):
        links = [e for e in graph.edges.values() if {e["source"], e["target"]} == {u, v}]
        steps.append({"from": u, "to": v,
                      "from_label": sub.nodes[u]["label"], "to_label": sub.nodes[v]["label"],
                      "links": [{"type": e["type"], "subtype": e.get("subtype"),
                                 "label": e["label"] if e["label"] is not None
                                 else "calls", "relationship": bool(e.get("relationship"))}
                                for e in sorted(links, key=lambda e: e["id"])]})
    result.update(found=True, hops=len(chain) - 1, order=chain, steps=steps)
    return result


def time_ordered_path(store: Store, source: str, target: str, start: dt.datetime | None = None,
                      end: dt.datetime | None = None, max_hops: int = MAX_DEPTH) -> dict[str, Any]:
    """Earliest chain of contacts from phone ``source`` to phone ``target``, each later than
    the one before (a call carries both ways, a text from its sender): the one search of
    :func:`linewatch.network.paths.earliest_arrival`, at most ``max_hops`` contacts."""
    ka, a = parse_entity(source)
    kb, b = parse_entity(target)
    if ka != "phone" or kb != "phone":
        raise InputError("a time-ordered path runs between two phones")
    if not table_exists(store, "cdr"):
        raise NotFound("no call records in the store")
    leave = (start or dt.datetime(1900, 1, 1)) - dt.timedelta(microseconds=1)
    found = earliest_arrival([a], [b], cdr_contacts_after(store, end), start=leave,
                             max_hops=max_hops) if a != b else None
    if not found:
        return {"found": False, "nodes": [], "edges": [], "hops": None, "calls": []}
    chain: list[str] = [a] + [other for _, other, _, _ in found]
    calls: list[dict[str, Any]] = [
        {"from": node_id("phone", me), "to": node_id("phone", other), "at": at,
         "event_type": ev["event_type"]} for me, other, at, ev in found]
    graph = Graph()
    for nid in chain:
        graph.add_node("phone", nid)
    for step in calls:
        what = "text" if step["event_type"] == "sms" else "call"
        graph.add_edge(step["from"], step["to"], "call", f"{what} at {short_date(step['at'])} "
                       f"{step['at']:%H:%M}", first=step["at"], last=step["at"], count=1)
    decorate(store, graph)
    result = graph.to_dict()
    result.update(found=True, hops=len(calls), calls=calls,
                  order=[node_id("phone", n) for n in chain])
    return result
