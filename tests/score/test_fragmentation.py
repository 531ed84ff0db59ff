from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from linewatch import score
from linewatch.network.disruption import removal_gain
from linewatch.network.linegraph import line_networks
from linewatch.score.network import organisation

T0 = dt.datetime(2024, 9, 10, 12, 0)


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
    # L2's organisation is the pair PC2 - PR3: without either one person is left, F = 1
    # (fewer than two nodes: fully fragmented), a gain of 1 over the whole line's 0.5
    for person in (pr3, pc2):
        assert person["detail"]["delta_f"] == pytest.approx(1.0)
        assert (person["detail"]["line_id"], person["detail"]["view"]) == ("L2", "organisation")
    assert pr1["detail"]["delta_f"] == 0.0  # a leaf of L1's star
    # normalised by the largest contribution (1.0)
    assert pc["value"] == pytest.approx(1.0) and pr3["value"] == pytest.approx(1.0)
    assert pr1["value"] == 0.0
    assert pc["contribution"] == pytest.approx(0.15 * 1.0, abs=1e-6)


def test_whole_line_gain_of_a_runner_on_a_pair_line(two_lines):
    graph = line_networks(two_lines.store)["L2"]
    # L2 whole line without PR3: {PC2}, {D2, K4, K5} of 4 nodes -> F = 1 - 6/12 = 0.5
    assert removal_gain(graph, graph.vs.find(name="PR3").index)[2] == pytest.approx(0.5)


def test_whole_line_view_counts_customers_and_numbers(two_lines):
    graph = line_networks(two_lines.store)["L1"]
    assert sorted(graph.vs["role"]) == ["controller", "customer", "customer", "customer",
                                        "deal_line", "runner", "runner"]
    # without PC: {PR1}, {PR2}, {D, K1, K2, K3} of 6 nodes -> F = 1 - 12/30 = 0.6
    assert removal_gain(graph, graph.vs.find(name="PC").index)[2] == pytest.approx(0.6)
    assert organisation(graph).vcount() == 3


@pytest.fixture
def bridged_line(world: Any) -> Any:
    """L3: an organisation triangle PC3, PR4, PR5; only PR4 reaches the deal line D3 (and its
    two customers) and the associate PA1, the controller's regular contact."""
    for pid, number in [("PC3", "021"), ("PR4", "022"), ("PR5", "023"), ("PA1", "024")]:
        world.person(pid, phones=[f"+447700900{number}"])
    for number, role in [("021", "controller"), ("022", "runner"), ("023", "runner"),
                         ("300", "deal_line"), ("501", "customer"), ("502", "customer")]:
        world.phone_role(f"+447700900{number}", role, "L3")
    for pid, role in [("PC3", "controller"), ("PR4", "runner"), ("PR5", "runner"),
                      ("PA1", "associate")]:
        world.person_role(pid, role, "L3")
    for a, b in [("021", "022"), ("021", "023"), ("022", "023"), ("022", "300"),
                 ("300", "501"), ("300", "502"), ("022", "024")]:
        world.call(f"+447700900{a}", f"+447700900{b}", T0)
    return world


def test_target_list_what_if_and_key_players_read_the_same_line_network(bridged_line):
    """The score's disruption value, the what-if (network and API) and the detection stage's
    key-player table give one set of fragmentation numbers for the same line."""
    from linewatch.api.disruption import what_if as api_what_if
    from linewatch.detect.network_stage import disruption_rows
    from linewatch.network.linegraph import what_if

    store = bridged_line.store
    score.run(store)
    pr4 = _disruption(bridged_line, "PR4")["detail"]
    assert (pr4["line_id"], pr4["view"]) == ("L3", "whole line")
    # without PR4: {PC3, PR5}, {D3, K1, K2}, {PA1} of 6 nodes -> F = 1 - 8/30; the associate
    # counts, in every consumer
    assert pr4["f_after"] == pytest.approx(1 - 8 / 30, abs=1e-6) and pr4["f_before"] == 0.0
    network = what_if(store, "L3", ["PR4"])
    assert (round(network["before"], 6), round(network["after"], 6)) == (
        pr4["f_before"], pr4["f_after"])
    api = api_what_if(store, "L3", ["PR4"])
    assert api["fragmentation_after"] == round(pr4["f_after"], 4)
    picks = [r for r in disruption_rows(store, ["L3"], 3) if r["level"] == "person"]
    assert {r["run_fragmentation_before"] for r in picks} == {pr4["f_before"]}
    assert picks[0]["nodes"] == pr4["network_nodes"]
    pr4_pick = [r for r in picks if r["node"] == "PR4"]
    assert pr4_pick and pr4_pick[0]["rank"] == 1
    assert pr4_pick[0]["fragmentation"] == pr4["f_after"]
