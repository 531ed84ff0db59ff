"""Disruption analysis: which people (or phones) to remove to break a line's network apart.

Fragmentation (Borgatti, *Identifying sets of key players in a social network*, Computational
and Mathematical Organization Theory 12, 2006) is the share of pairs of nodes that can no
longer reach each other::

    F = 1 - sum_k s_k (s_k - 1) / (n (n - 1))

over the sizes ``s_k`` of the connected components of the network that remains, ``n`` being
the number of nodes that remain. A connected network has F = 0; a network of isolated nodes
has F = 1. The key-player set of size k is chosen greedily: at each step, the node whose
removal (together with those already chosen) raises F the most; ties go to the node with more
connections, then by name, so the result is reproducible.

Research caution (domain notes): disrupted networks recover and can become more efficient
(Duijn, Kashirin & Sloot 2014); leaders are often not central in phone data. The picks are a
measure of structural dependence, not a recommendation on their own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig


def fragmentation(sizes: Iterable[int]) -> float:
    """Borgatti's F from component sizes; 1.0 when fewer than two nodes remain."""
    sizes = [int(s) for s in sizes if s > 0]
    n = sum(sizes)
    if n < 2:
        return 1.0
    reachable = sum(s * (s - 1) for s in sizes)
    return 1.0 - reachable / (n * (n - 1))


def fragmentation_of_edges(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> float:
    """Borgatti's F of the graph made of ``nodes`` and the ``edges`` between them."""
    parent = {v: v for v in nodes}

    def find(v: str) -> str:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in edges:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb
    return fragmentation(Counter(find(v) for v in parent).values())


def fragmentation_after(graph: ig.Graph, removed: Collection[int]) -> float:
    """F of ``graph`` (undirected view) once the vertices ``removed`` are deleted."""
    gone = set(removed)
    keep = [v for v in range(graph.vcount()) if v not in gone]
    if len(keep) < 2:
        return 1.0
    sub = graph.induced_subgraph(keep)
    return fragmentation(sub.connected_components(mode="weak").sizes())


@dataclass(frozen=True)
class Pick:
    """One greedy key-player step: the node chosen and F once it (and earlier picks) are gone."""

    name: str
    fragmentation: float
    gain: float


def key_players(graph: ig.Graph, k: int, *,
                candidates: Sequence[int] | None = None) -> list[Pick]:
    """Greedy key-player selection (KPP-Neg) of up to ``k`` vertices among ``candidates``."""
    names = graph.vs["name"] if "name" in graph.vs.attributes() else [
        str(v) for v in range(graph.vcount())]
    degree = graph.degree()
    pool = list(range(graph.vcount()) if candidates is None else candidates)
    chosen: list[int] = []
    picks: list[Pick] = []
    current = fragmentation_after(graph, [])
    for _ in range(min(k, len(pool))):
        trials = [(round(fragmentation_after(graph, [*chosen, v]), 12), v)
                  for v in pool if v not in chosen]
        if not trials:
            break
        f, v = min(trials, key=lambda t: (-t[0], -degree[t[1]], names[t[1]]))
        chosen.append(v)
        picks.append(Pick(name=names[v], fragmentation=f, gain=f - current))
        current = f
    return picks


def what_if_graph(graph: ig.Graph, remove: Iterable[str]) -> dict[str, Any]:
    """Fragmentation before and after deleting the named vertices, with component sizes."""
    names = list(graph.vs["name"]) if graph.vcount() else []
    index = {n: i for i, n in enumerate(names)}
    wanted = list(dict.fromkeys(remove))
    found = [r for r in wanted if r in index]
    removed = [index[r] for r in found]
    before_sizes = graph.connected_components(mode="weak").sizes() if graph.vcount() else []
    gone = set(removed)
    keep = [v for v in range(graph.vcount()) if v not in gone]
    after_sizes = (graph.induced_subgraph(keep).connected_components(mode="weak").sizes()
                   if keep else [])
    return {
        "before": fragmentation(before_sizes),
        "after": fragmentation(after_sizes),
        "nodes_before": graph.vcount(),
        "nodes_after": len(keep),
        "components_before": len(before_sizes),
        "components_after": len(after_sizes),
        "largest_component_before": max(before_sizes, default=0),
        "largest_component_after": max(after_sizes, default=0),
        "removed": found,
        "not_found": [r for r in wanted if r not in index],
    }
