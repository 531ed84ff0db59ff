"""The network part of the detection stage: communities, centrality and disruption tables.

``network_centrality`` and ``network_communities`` cover the wider contact graph (every pair of
numbers in contact at least ``graph_min_events`` times). ``line_disruption`` holds, for each
line, the greedy key-player picks at person level and at phone level, with each pick's
fragmentation and, when the scoring stage has run, the person's harm score.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from linewatch.detect.params import DetectParams
from linewatch.detect.tables import write_json_rows
from linewatch.network.disruption import fragmentation_after
from linewatch.network.graph import contact_graph, network_tables
from linewatch.network.linegraph import disruption_picks, line_graph, networks_by_level
from linewatch.storage import Store


def write_networks(store: Store, edges: pa.Table | None, line_of: dict[str, str],
                   line_ids: list[str], p: DetectParams, run_id: str) -> dict[str, Any]:
    """Write the three network tables; returns a short summary."""
    summary: dict[str, Any] = {}
    if edges is not None:
        graph = contact_graph(edges, min_events=p.graph_min_events)
        central, comms = network_tables(graph, line_of, run_id,
                                        resolution=p.leiden_resolution, seed=p.seed)
        store.write_arrow("network_centrality", central)
        store.write_arrow("network_communities", comms)
        summary["communities"] = comms.num_rows
    write_json_rows(store, "line_disruption", disruption_rows(store, line_ids, p.disrupt_k),
                    run_id)
    return summary


def disruption_rows(store: Store, line_ids: list[str], k: int) -> list[dict[str, Any]]:
    """Key-player picks for every line, at person and phone level."""
    harm = _harm(store)
    rows: list[dict[str, Any]] = []
    networks = networks_by_level(store, line_ids, ("person", "phone"))  # one pass for all lines
    for line_id in line_ids:
        for level in ("person", "phone"):
            graph = networks.get(level, {}).get(line_id)
            if graph is None:
                graph = line_graph(store, line_id, level=level)  # raises NotFound as before
            before = fragmentation_after(graph, [])
            for pick in disruption_picks(graph, k):
                rows.append({"line_id": line_id, "level": level, **pick,
                             "harm_score": harm.get(pick["node"]), "nodes": graph.vcount(),
                             "run_fragmentation_before": round(before, 6)})
    return rows


def _harm(store: Store) -> dict[str, float]:
    if not store.table_exists("person_priority"):
        return {}
    return {r[0]: float(r[1]) for r in store.query(
        "SELECT person_id, harm_score FROM person_priority WHERE harm_score IS NOT NULL")}
