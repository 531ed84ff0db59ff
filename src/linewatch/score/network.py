"""Disruption value: how much removing a person would break up their line's network.

Key-player fragmentation (Borgatti 2006), ``F = 1 - sum_k s_k (s_k - 1) / (n (n - 1))`` over
the sizes ``s_k`` of the connected components of a graph with ``n`` nodes, as defined once in
:mod:`linewatch.network.disruption` (F = 1 when fewer than two nodes remain). Each line's
network is the person-level graph of :func:`linewatch.network.linegraph.line_networks`, the
same graph the detection stage's key-player picks and the what-if use: the numbers detection
gave a role on the line (deal lines, controller, runners, trap phones, customers) and the
phones of its associates, joined by calls and texts, with the numbers of one person merged
into a single node (numbers with no known owner stay phone nodes). A person's contribution
on a line is ``F(G - person) - F(G)``, computed on the whole line network and again on its
organisation (the people only: no customers, no deal-line numbers held by no known person;
the numbers are redundant hubs that hide who holds the people together); their disruption
value is their largest contribution, divided by the largest contribution of anyone, in [0, 1].

Removing high-betweenness actors disrupts fastest (Bright et al. 2017), but leaders are often
not central in phone data (Agreste et al.) and disrupted networks recover (Duijn et al. 2014),
so this is one component of the priority among several, never the whole of it.
"""

from __future__ import annotations

from typing import Any

import igraph as ig

from linewatch.network.disruption import removal_gain
from linewatch.network.linegraph import line_networks
from linewatch.people.context import Context
from linewatch.storage import Store


def organisation(graph: ig.Graph) -> ig.Graph:
    """The line's people only: customers and deal-line numbers held by no known person cut."""
    cut = [v.index for v in graph.vs
           if v["role"] == "customer" or (v["role"] == "deal_line" and v["kind"] != "person")]
    rest = graph.copy()
    rest.delete_vertices(cut)
    return rest


def fragmentation_contributions(graphs: dict[str, ig.Graph],
                                persons: set[str]) -> dict[str, dict[str, Any]]:
    """Each person's best removal gain over the lines they are on (customers are skipped).

    Two views of each line are scored and the larger gain kept: the whole network, and its
    organisation (the line's people without customers and without the deal-line numbers held by
    no known person), which shows who holds the people behind a line together when the numbers
    themselves are the redundant hubs.
    """
    best: dict[str, dict[str, Any]] = {}
    for line_id, full in graphs.items():
        for view, graph in (("whole line", full), ("organisation", organisation(full))):
            for v in graph.vs:
                if v["name"] not in persons or v["role"] == "customer":
                    continue
                before, after, gain = removal_gain(graph, v.index)
                if v["name"] not in best or gain > best[v["name"]]["delta_f"]:
                    best[v["name"]] = {"line_id": line_id, "view": view,
                                       "delta_f": round(gain, 6), "f_before": round(before, 6),
                                       "f_after": round(after, 6),
                                       "network_nodes": graph.vcount(), "node_role": v["role"]}
    return best


def disruption_values(store: Store, ctx: Context) -> tuple[dict[str, dict[str, Any]], str]:
    """Disruption component per person (``value`` in [0, 1] plus evidence) and its source."""
    graphs = line_networks(store, level="person")
    if not graphs:
        return {}, "none (no line phones from detection)"
    raw = fragmentation_contributions(graphs, set(ctx.person_ids))
    top = max((r["delta_f"] for r in raw.values()), default=0.0)
    values: dict[str, dict[str, Any]] = {}
    for pid, r in raw.items():
        value = r["delta_f"] / top if top > 0 else 0.0
        values[pid] = {"value": round(max(0.0, value), 6),
                       "method": "key-player fragmentation of the line network",
                       "max_delta_f": top, **r}
    _add_detection_context(store, ctx, values)
    return values, "fragmentation of detected line networks (computed by score)"


def _add_detection_context(store: Store, ctx: Context,
                           values: dict[str, dict[str, Any]]) -> None:
    """Attach what detection wrote about the person's place in the network, for context.

    ``network_centrality`` (betweenness of the person's numbers in the wider contact graph) and
    ``line_disruption`` (detection's greedy key-player picks per line) are shown beside the
    score's own fragmentation; they do not change the value. Missing tables are skipped.
    """
    if store.table_exists("network_centrality") and "betweenness" in store.columns(
            "network_centrality"):
        by_number = dict(store.query("SELECT number, betweenness FROM network_centrality"))
        for pid, item in values.items():
            scores = [by_number[n] for n in ctx.phones.get(pid, set()) if n in by_number]
            if scores:
                item["betweenness_detect"] = round(max(float(x or 0.0) for x in scores), 6)
    if store.table_exists("line_disruption") and {"node", "level", "rank", "gain"} <= set(
            store.columns("line_disruption")):
        for line_id, node, rank, gain in store.query(
                "SELECT line_id, node, rank, gain FROM line_disruption WHERE level = 'person' "
                "ORDER BY line_id, rank"):
            if node in values:
                values[node].setdefault("detect_key_player_picks", []).append(
                    {"line_id": line_id, "rank": rank, "gain": gain})
