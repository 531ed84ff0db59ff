"""The case graph holds what the store holds, for the role it is built for, cut to a scope."""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import pytest

from linewatch.api.access import may_see_intel
from linewatch.api.exports import audience_for
from linewatch.errors import InputError, NotFound
from linewatch.export.graph import CaseGraph
from linewatch.export.scope import Scope, scoped_graph
from linewatch.storage import Store


def test_nodes_are_the_stores_persons_phones_and_lines(store: Store, case: CaseGraph) -> None:
    kinds = {k: {n.key for n in case.nodes.values() if n.kind == k} for k in
             ("person", "phone", "line")}
    assert kinds["person"] == {r[0] for r in store.query("SELECT person_id FROM persons")}
    assert kinds["line"] == {r[0] for r in store.query("SELECT line_id FROM lines")}
    scored = {r[0] for r in store.query("SELECT number FROM phone_scores")}
    assert scored <= kinds["phone"]


def test_calls_are_aggregated_per_pair_with_counts_and_dates(store: Store,
                                                            case: CaseGraph) -> None:
    pairs: dict[tuple[str, str], list[object]] = {}
    for a, b, kind, when in store.query(
            "SELECT a_number, b_number, event_type, start_time FROM cdr"):
        if a and b and a != b:
            pairs.setdefault((min(a, b), max(a, b)), []).append((kind, when))
    calls = {(e.source[6:], e.target[6:]): e for e in case.edges.values() if e.kind == "call"}
    assert set(calls) == set(pairs)
    (a, b), events = max(pairs.items(), key=lambda kv: len(kv[1]))
    edge = calls[(a, b)]
    assert edge.props["events"] == len(events)
    assert edge.props["calls"] == sum(1 for k, _ in events if k == "voice")
    assert edge.props["first_seen"] == min(w for _, w in events).isoformat(timespec="seconds")


def test_every_link_kind_the_store_supports_is_there(case: CaseGraph) -> None:
    kinds = {e.kind for e in case.edges.values()}
    assert {"call", "uses", "lives_at", "line_number", "line_role", "trap_house",
            "handset"} <= kinds
    for e in case.edges.values():
        assert e.source in case.nodes and e.target in case.nodes


def test_nodes_carry_roles_scores_flags_and_run_ids(store: Store, case: CaseGraph) -> None:
    runs = dict(store.query("SELECT stage, run_id FROM analysis_runs"))
    assert case.runs == runs
    child = store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1")
    props = case.nodes[f"person:{child}"].props
    assert props["safeguarding_rank"] == 1 and props["safeguard_run_id"] == runs["safeguard"]
    line = store.query_one("SELECT line_id, score FROM lines ORDER BY line_id LIMIT 1")
    assert line is not None
    assert case.nodes[f"line:{line[0]}"].props["score"] == line[1]
    target = store.scalar("SELECT person_id FROM target_list ORDER BY rank LIMIT 1")
    assert case.nodes[f"person:{target}"].props["target_rank"] == 1


def test_partner_gets_no_handsets_priorities_evidence_or_intelligence(
        graph_for: Callable[[str], CaseGraph]) -> None:
    partner, analyst = graph_for("partner"), graph_for("analyst")
    assert not any(n.kind == "handset" for n in partner.nodes.values())
    hidden = {"priority", "target_rank", "harm_score", "evidence", "refs", "detail",
              "handling_code", "record_id"}
    for item in [*partner.nodes.values(), *partner.edges.values()]:
        assert not hidden & set(item.props), item
    assert any(n.kind == "handset" for n in analyst.nodes.values())
    assert not any(e.props.get("basis") == "intelligence" for e in partner.edges.values())


def test_intelligence_links_follow_the_handling_code_rule(
        store: Store, graph_for: Callable[[str], CaseGraph]) -> None:
    graded = store.query("""SELECT DISTINCT source_id, handling_code, handling_conditions
        FROM text_mentions WHERE source_kind = 'intel' AND matched_type = 'vehicle'""")
    assert graded, "the analysed world names a vehicle in intelligence"
    for role in ("admin", "analyst", "safeguarding", "partner"):
        links = {e.props.get("refs") for e in graph_for(role).edges.values()
                 if e.props.get("basis") == "intelligence"}
        expected = {r[0] for r in graded if may_see_intel(role, r[1], r[2])}
        if role == "partner":
            expected = set()  # partners see no source detail at all
        assert links == expected, role


def test_a_line_scope_is_the_lines_network(store: Store, case: CaseGraph) -> None:
    line = store.scalar("SELECT line_id FROM lines ORDER BY line_id LIMIT 1")
    cut = scoped_graph(store, audience_for("analyst"), Scope(line=line))
    numbers = {r[0] for r in store.query("SELECT number FROM line_numbers WHERE line_id = ?",
                                         [line])}
    assert {f"phone:{n}" for n in numbers} | {f"line:{line}"} <= set(cut.nodes)
    assert not any(n.kind == "line" and n.key != line for n in cut.nodes.values())
    roles = {r[0] for r in store.query("SELECT person_id FROM person_roles WHERE line_id = ? "
                                       "AND role <> 'none'", [line])}
    assert {f"person:{p}" for p in roles} <= set(cut.nodes)
    assert len(cut.nodes) < len(case.nodes)
    for e in cut.edges.values():
        assert e.id in case.edges and e.source in cut.nodes and e.target in cut.nodes


@pytest.mark.parametrize("hops", [0, 1, 2])
def test_a_person_scope_is_everything_within_the_hops(store: Store, case: CaseGraph,
                                                      hops: int) -> None:
    person = store.scalar("SELECT person_id FROM person_roles WHERE role = 'controller' "
                          "ORDER BY confidence DESC, person_id LIMIT 1")
    cut = scoped_graph(store, audience_for("analyst"), Scope(person=person, hops=hops))
    g = nx.Graph([(e.source, e.target) for e in case.edges.values()])
    g.add_nodes_from(case.nodes)
    expected = set(nx.single_source_shortest_path_length(g, f"person:{person}", cutoff=hops))
    assert set(cut.nodes) == expected


def test_a_selection_keeps_its_nodes_and_the_links_among_them(store: Store,
                                                              case: CaseGraph) -> None:
    edge = next(e for e in case.edges.values() if e.kind == "uses")
    chosen = (edge.source, edge.target, "person:NO-SUCH-PERSON")
    cut = scoped_graph(store, audience_for("analyst"), Scope(nodes=chosen))
    assert set(cut.nodes) == {edge.source, edge.target}
    assert edge.id in cut.edges


def test_bad_scopes_are_refused(store: Store) -> None:
    audience = audience_for("analyst")
    with pytest.raises(InputError):
        Scope(line="L1", person="P1")
    with pytest.raises(NotFound):
        scoped_graph(store, audience, Scope(person="NO-SUCH-PERSON"))
    with pytest.raises(NotFound):
        scoped_graph(store, audience, Scope(line="NO-SUCH-LINE"))
    with pytest.raises(NotFound):
        scoped_graph(store, audience, Scope(nodes=("person:NOBODY",)))
