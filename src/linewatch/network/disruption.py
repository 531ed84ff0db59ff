"""Disruption analysis: which people (or phones) to remove to break a line's network apart.

Fragmentation (Borgatti, *Identifying sets of key players in a social network*, Computational
and Mathematical Organization Theory 12, 2006) is the share of pairs of nodes that can no
longer reach each other::

    F = 1 - sum_k s_k (s_k - 1) / (n (n - 1))

over the sizes ``s_k`` of the connected components of the network that remains, ``n`` being
the number of nodes that remain. A connected network has F = 0; a network of isolated nodes
has F = 1. With fewer than two nodes the formula is 0/0 and F is taken as 1: there is no pair
left that can reach each other, which is what "fully fragmented" means, and it continues the
isolated-nodes case (F = 1 for any number of isolated nodes) down to one node and none. The
other choice, 0, would make removing one end of a two-person network look like no disruption
at all, and the greedy steps below would see removing the last nodes as undoing fragmentation.
This is the only definition in linewatch: the detection, scoring, API and operations stages
all call it. The key-player set of size k is chosen greedily: at each step, the node whose
removal (together with those already chosen) raises F the most; ties go to the node with more
connections, then by name, so the result is reproducible.

Research caution (domain notes): disrupted networks recover and can become more efficient
(Duijn, Kashirin & Sloot 2014); leaders are often not central in phone data. The picks are a
measure of structural dependence, not a recommendation on their own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import igraph as ig


def fragmentation(sizes: Iterable[int]) -> float:
    """Borgatti's F from component sizes; 1.0 when fewer than two nodes remain (see above)."""
    sizes = [int(s) for s in sizes if s > 0]
    n = sum(sizes)
    if n < 2:
        return 1.0
    reachable = sum(s * (s - 1) for s in sizes)
    return 1.0 - reachable / (n * (n - 1))


def fragmentation_after(graph: ig.Graph, removed: Collection[int]) -> float:
    """F of ``graph`` (undirected view) once the vertices ``removed`` are deleted."""
    gone = set(removed)
    keep = [v for v in range(graph.vcount()) if v not in gone]
    if len(keep) < 2:
        return fragmentation([1] * len(keep))
    sub = graph.induced_subgraph(keep)
    return fragmentation(sub.connected_components(mode="weak").sizes())


def removal_gain(graph: ig.Graph, vertex: int) -> tuple[float, float, float]:
    """``(F before, F after removing vertex, gain)`` for one vertex of ``graph``."""
    before = fragmentation_after(graph, [])
    after = fragmentation_after(graph, [vertex])
    return before, after, after - before


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
