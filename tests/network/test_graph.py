"""Communities and centrality of the wider contact graph."""

from __future__ import annotations

import pyarrow as pa

from linewatch.network.graph import contact_graph, network_tables


def _edges(pairs: list[tuple[str, str, int]]) -> pa.Table:
    return pa.table({"number_a": [p[0] for p in pairs], "number_b": [p[1] for p in pairs],
                     "n": [p[2] for p in pairs]})


def test_two_cliques_become_two_communities_and_the_bridge_is_most_between() -> None:
    left = [f"L{i}" for i in range(5)]
    right = [f"R{i}" for i in range(5)]
    pairs = [(a, b, 3) for group in (left, right) for i, a in enumerate(group)
             for b in group[i + 1:]]
    pairs.append(("L0", "R0", 1))
    graph = contact_graph(_edges(pairs))
    central, comms = network_tables(graph, {"L1": "LINE1"}, "run-1")
    rows = {r["number"]: r for r in central.to_pylist()}
    assert len({rows[n]["community"] for n in left}) == 1
    assert len({rows[n]["community"] for n in right}) == 1
    assert rows["L1"]["community"] != rows["R1"]["community"]
    top = max(rows.values(), key=lambda r: r["betweenness"])
    assert top["number"] in ("L0", "R0")
    assert all(r["run_id"] == "run-1" for r in rows.values())
    comm_rows = comms.to_pylist()
    assert sum(r["size"] for r in comm_rows) == 10
    assert [r["line_ids"] for r in comm_rows if r["n_deal_lines"]] == [["LINE1"]]


def test_eigenvector_centrality_is_scored_within_each_component() -> None:
    graph = contact_graph(_edges([("a", "b", 1), ("b", "c", 1), ("x", "y", 1)]))
    central, _ = network_tables(graph, {}, "r")
    rows = {r["number"]: r for r in central.to_pylist()}
    assert rows["b"]["eigenvector"] == 1.0
    assert rows["x"]["eigenvector"] == 1.0
