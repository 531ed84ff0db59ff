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


def _tangled_pairs() -> list[tuple[str, str, int]]:
    """120 numbers in loose blocks of 20: communities that depend on the order they are met."""
    import random

    rng = random.Random(3)
    numbers = [f"+4477009{i:05d}" for i in range(120)]
    weights: dict[tuple[str, str], int] = {}
    for _ in range(400):
        a, b = rng.sample(numbers, 2)
        if rng.random() < 0.7:
            b = numbers[numbers.index(a) // 20 * 20 + rng.randrange(20)]
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = weights.get(key, 0) + rng.randint(1, 5)
    return [(a, b, n) for (a, b), n in weights.items()]


def test_the_tables_do_not_depend_on_the_order_of_the_edge_rows() -> None:
    """The engine returns the edges in any order (parallel joins): same graph, same tables."""
    import random

    outputs = []
    for shuffle in range(4):
        rows = _tangled_pairs()
        random.Random(shuffle).shuffle(rows)
        central, comms = network_tables(contact_graph(_edges(rows)), {}, "r")
        outputs.append((central.to_pylist(), comms.to_pylist()))
    assert all(out == outputs[0] for out in outputs[1:])


TABLES_IN_A_CHILD = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("graph_tests", sys.argv[1])
tests = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tests)
central, comms = tests.network_tables(
    tests.contact_graph(tests._edges(tests._tangled_pairs())), {"+447700900001": "L1"}, "r")
print(repr((central.to_pylist(), comms.to_pylist())))
"""


def test_the_tables_do_not_depend_on_the_process() -> None:
    """Same edges, same tables in any process (igraph's default generator is seeded per
    process; set and dict order of strings follow the hash seed)."""
    import os
    import subprocess
    import sys

    outputs = {subprocess.run([sys.executable, "-c", TABLES_IN_A_CHILD, __file__], check=True,
                              capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("1", "2")}
    assert len(outputs) == 1 and len(next(iter(outputs))) > 10_000
