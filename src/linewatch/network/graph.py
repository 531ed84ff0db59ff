"""The wider contact graph: communities (Leiden) and centrality, written to tables.

Nodes are phone numbers; an undirected edge joins two numbers that were in contact, weighted
by the number of events. Communities are found with the Leiden algorithm (Traag, Waltman & van
Eck 2019, ``leidenalg``) on modularity with a resolution parameter; centrality is degree
(distinct contacts), strength (events), betweenness and eigenvector centrality.

Betweenness is exact up to ``exact_betweenness_max`` nodes; above that it is estimated from
shortest paths out of a random sample of ``betweenness_samples`` source nodes, scaled up by
n / samples (Brandes & Pich, *Centrality estimation in large networks*, 2007), which keeps
large graphs tractable; the sample is seeded, so a run is reproducible. Research caution: leaders are often not central in phone data (Agreste et al.),
so centrality is context for an analyst, never a role on its own.
"""

from __future__ import annotations

import random
import warnings
from typing import Any

import igraph as ig
import leidenalg
import pyarrow as pa

CENTRALITY_SCHEMA = pa.schema([
    ("number", pa.string()), ("community", pa.int64()), ("degree", pa.int64()),
    ("strength", pa.float64()), ("betweenness", pa.float64()), ("eigenvector", pa.float64()),
    ("run_id", pa.string()),
])
COMMUNITY_SCHEMA = pa.schema([
    ("community", pa.int64()), ("size", pa.int64()), ("n_deal_lines", pa.int64()),
    ("line_ids", pa.list_(pa.string())), ("top_numbers", pa.list_(pa.string())),
    ("run_id", pa.string()),
])


def contact_graph(edges: pa.Table, *, min_events: int = 1) -> ig.Graph:
    """An undirected igraph from ``number_a``, ``number_b``, ``n`` rows (one per pair).

    The rows are sorted first: engines return them in any order, and the vertex and edge order
    decides Leiden's communities (even seeded) and the last bits of the centralities.
    """
    frame = edges.select(["number_a", "number_b", "n"]).to_pandas()
    frame = frame[frame["n"] >= min_events].sort_values(["number_a", "number_b", "n"],
                                                        ignore_index=True)
    frame = frame.rename(columns={"n": "weight"})
    graph = ig.Graph.DataFrame(frame, directed=False, use_vids=False)
    return graph


def communities(graph: ig.Graph, *, resolution: float = 1.0, seed: int = 7) -> list[int]:
    """Leiden community of every vertex (modularity with a resolution parameter)."""
    if graph.vcount() == 0:
        return []
    partition = leidenalg.find_partition(
        graph, leidenalg.RBConfigurationVertexPartition, weights="weight",
        resolution_parameter=resolution, seed=seed)
    return list(partition.membership)


def centrality(graph: ig.Graph, *, exact_betweenness_max: int = 3_000,
               betweenness_samples: int = 400, seed: int = 7) -> dict[str, list[float]]:
    """Degree, strength, betweenness and eigenvector centrality of every vertex."""
    if graph.vcount() == 0:
        return {"degree": [], "strength": [], "betweenness": [], "eigenvector": []}
    n = graph.vcount()
    if n <= exact_betweenness_max:
        between = graph.betweenness(directed=False)
    else:
        sources = random.Random(seed).sample(range(n), betweenness_samples)  # noqa: S311 - seeded, reproducible; not security
        raw = graph.betweenness(directed=False, sources=sources)
        between = [b * n / betweenness_samples for b in raw]
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # normalised to [0, 1]
    return {
        "degree": [float(d) for d in graph.degree()],
        "strength": graph.strength(weights="weight"),
        "betweenness": [b * scale for b in between],
        "eigenvector": _eigenvector(graph, seed=seed),
    }


def _eigenvector(graph: ig.Graph, *, seed: int = 7) -> list[float]:
    """Eigenvector centrality within each connected component (scaled to 1 in each).

    Eigenvector centrality is meaningful only on a connected graph, so each component is
    scored on its own; in components of one or two nodes every node scores 1. ARPACK starts
    from a random vector drawn from igraph's generator (by default Python's ``random``, seeded
    differently in every process), so a seeded generator is set for the call and the default
    put back after it: the same graph gives the same bits in any process.
    """
    values = [1.0] * graph.vcount()
    ig.set_random_number_generator(random.Random(seed))  # noqa: S311 - seeded, reproducible; not security
    try:
        for members in graph.connected_components(mode="weak"):
            if len(members) < 3:
                continue
            sub = graph.induced_subgraph(members)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                scores = sub.eigenvector_centrality(scale=True, weights="weight")
            for v, score in zip(members, scores, strict=True):
                values[v] = max(0.0, float(score))
    finally:
        ig.set_random_number_generator(random)
    return values


def network_tables(graph: ig.Graph, line_of: dict[str, str], run_id: str, *,
                   resolution: float = 1.0, seed: int = 7) -> tuple[pa.Table, pa.Table]:
    """The ``network_centrality`` and ``network_communities`` tables of a run."""
    names: list[str] = graph.vs["name"] if graph.vcount() else []
    membership = communities(graph, resolution=resolution, seed=seed)
    cent = centrality(graph, seed=seed)
    rows = {"number": names, "community": membership,
            "degree": [int(d) for d in cent["degree"]], "strength": cent["strength"],
            "betweenness": cent["betweenness"], "eigenvector": cent["eigenvector"],
            "run_id": [run_id] * len(names)}
    central = pa.table(rows, schema=CENTRALITY_SCHEMA)
    groups: dict[int, dict[str, Any]] = {}
    for i, (name, comm) in enumerate(zip(names, membership, strict=True)):
        g = groups.setdefault(comm, {"members": [], "lines": set(), "deal": 0})
        g["members"].append((cent["degree"][i], name))
        if name in line_of:
            g["deal"] += 1
            g["lines"].add(line_of[name])
    comm_rows = [{"community": c, "size": len(g["members"]), "n_deal_lines": g["deal"],
                  "line_ids": sorted(g["lines"]),
                  "top_numbers": [n for _, n in sorted(g["members"], reverse=True)[:5]],
                  "run_id": run_id} for c, g in sorted(groups.items())]
    return central, pa.Table.from_pylist(comm_rows, schema=COMMUNITY_SCHEMA)
