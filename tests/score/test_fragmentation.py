from __future__ import annotations

import datetime as dt
import json
from typing import Any

import igraph as ig
import pytest

from linewatch import score
from linewatch.score.context import load_context
from linewatch.score.network import fragmentation, line_graphs, organisation, removal_gain

T0 = dt.datetime(2024, 9, 10, 12, 0)


def test_fragmentation_formula_matches_borgatti():
    assert fragmentation([4], 4) == 0.0  # connected
    assert fragmentation([1, 1, 1], 3) == 1.0  # all isolates
    # components {a} and {c, d} out of 3 nodes: 1 - (0 + 2) / 6
    assert fragmentation([1, 2], 3) == pytest.approx(2 / 3)
    assert fragmentation([1], 1) == 0.0


def test_removing_a_bridge_fragments_a_path():
    path = ig.Graph(n=4, edges=[(0, 1), (1, 2), (2, 3)])
    before, after, gain = removal_gain(path, 1)
    assert (before, after, gain) == (0.0, pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert removal_gain(path, 0)[2] == 0.0


@pytest.fixture
def two_lines(world: Any) -> Any:
    """L1: controller PC - runners PR1, PR2; PC - deal line D - 3 customers.
    L2: controller PC2 - runner PR3 - deal line D2 - 2 customers."""
    world.person("PC", phones=["+447700900001"])
    world.person("PR1", phones=["+447700900002"])
    world.person("PR2", phones=["+447700900003"])
    world.person("PC2", phones=["+447700900011"])
    world.person("PR3", phones=["+447700900012"])
    roles = {"+447700900001": ("controller", "L1"), "+447700900002": ("runner", "L1"),
             "+447700900003": ("runner", "L1"), "+447700900100": ("deal_line", "L1"),
             "+447700900011": ("controller", "L2"), "+447700900012": ("runner", "L2"),
             "+447700900200": ("deal_line", "L2")}
    for number, (role, line) in roles.items():
        world.phone_role(number, role, line)
    for i in range(3):
        world.phone_role(f"+44770090030{i}", "customer", "L1")
        world.call("+447700900100", f"+44770090030{i}", T0)
    for i in range(2):
        world.phone_role(f"+44770090040{i}", "customer", "L2")
        world.call("+447700900200", f"+44770090040{i}", T0)
    for a, b in [("001", "002"), ("001", "003"), ("001", "100"), ("011", "012"),
                 ("012", "200")]:
        world.call(f"+447700900{a}", f"+447700900{b}", T0)
    for pid, role, line in [("PC", "controller", "L1"), ("PR1", "runner", "L1"),
                            ("PR2", "runner", "L1"), ("PC2", "controller", "L2"),
                            ("PR3", "runner", "L2")]:
        world.person_role(pid, role, line)
    return world


def _disruption(world: Any, pid: str) -> dict[str, Any]:
    raw = world.store.scalar("SELECT components FROM person_priority WHERE person_id = ?", [pid])
    return json.loads(raw)["components"]["disruption"]


def test_fragmentation_contribution_is_hand_computed_per_line(two_lines):
    score.run(two_lines.store)
    pc, pr1, pc2, pr3 = (_disruption(two_lines, p) for p in ("PC", "PR1", "PC2", "PR3"))
    # L1's organisation (PC, PR1, PR2; customers and the unheld deal line cut) is a star:
    # without PC, 2 isolates -> F = 1
    assert pc["detail"]["delta_f"] == pytest.approx(1.0)
    assert (pc["detail"]["line_id"], pc["detail"]["view"]) == ("L1", "organisation")
    # L2 whole line without PR3: {PC2}, {D2, K4, K5} of 4 nodes -> F = 1 - 6/12 = 0.5
    assert pr3["detail"]["delta_f"] == pytest.approx(0.5)
    assert pr3["detail"]["view"] == "whole line"
    assert pr1["detail"]["delta_f"] == 0.0 and pc2["detail"]["delta_f"] == 0.0
    # normalised by the largest contribution (1.0)
    assert pc["value"] == pytest.approx(1.0)
    assert pr3["value"] == pytest.approx(0.5)
    assert pc["contribution"] == pytest.approx(0.15 * 1.0, abs=1e-6)


def test_whole_line_view_counts_customers_and_numbers(two_lines):
    ctx = load_context(two_lines.store)
    graph = line_graphs(two_lines.store, ctx)["L1"]
    assert sorted(graph.vs["role"]) == ["controller", "customer", "customer", "customer",
                                        "deal_line", "runner", "runner"]
    # without PC: {PR1}, {PR2}, {D, K1, K2, K3} of 6 nodes -> F = 1 - 12/30 = 0.6
    assert removal_gain(graph, graph.vs.find(name="PC").index)[2] == pytest.approx(0.6)
    assert organisation(graph).vcount() == 3
