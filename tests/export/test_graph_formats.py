"""GraphML and GEXF read back with networkx (and GraphML with igraph) equal the case graph."""

from __future__ import annotations

from pathlib import Path

import igraph as ig
import networkx as nx
import pytest

from linewatch.export import gexf, graphml
from linewatch.export.graph import CaseGraph


@pytest.fixture(scope="module")
def graphml_file(case: CaseGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return graphml.write(case, tmp_path_factory.mktemp("graphml") / "case.graphml")[0]


def _same_value(written: object, read: object) -> bool:
    if isinstance(written, float):
        return isinstance(read, float) and abs(written - read) < 1e-9
    return written == read


def test_graphml_reads_back_in_networkx_with_every_property(case: CaseGraph,
                                                           graphml_file: Path) -> None:
    g = nx.read_graphml(graphml_file, force_multigraph=True)
    assert g.number_of_nodes() == len(case.nodes)
    assert g.number_of_edges() == len(case.edges)
    assert g.graph["role"] == "analyst" and g.graph["run_detect"] == case.runs["detect"]
    for node in case.nodes.values():
        data = g.nodes[node.id]
        assert data["kind"] == node.kind and data["label"] == node.label
        for name, value in node.props.items():
            if value is None:
                assert name not in data
            else:
                assert _same_value(value, data[name]), (node.id, name, value, data[name])
    read_edges = {d["kind"] + "|" + "|".join(sorted((a, b))): d
                  for a, b, d in g.edges(data=True) if d["kind"] == "call"}
    for edge in case.edges.values():
        if edge.kind == "call":
            assert read_edges[edge.id]["events"] == edge.props["events"]


def test_graphml_reads_back_in_igraph(case: CaseGraph, graphml_file: Path) -> None:
    g = ig.Graph.Read_GraphML(str(graphml_file))
    assert g.vcount() == len(case.nodes) and g.ecount() == len(case.edges)
    kinds = {v["id"]: v["kind"] for v in g.vs}
    assert kinds == {n.id: n.kind for n in case.nodes.values()}
    by_kind: dict[str, int] = {}
    for e in g.es:
        by_kind[e["kind"]] = by_kind.get(e["kind"], 0) + 1
    assert by_kind == case.summary()["edge_kinds"]
    person = next(n for n in case.nodes.values() if n.props.get("exploitation_risk"))
    vertex = g.vs.find(id=person.id)
    assert vertex["exploitation_risk"] == pytest.approx(person.props["exploitation_risk"])


def test_gexf_reads_back_in_networkx(case: CaseGraph, tmp_path: Path) -> None:
    path = gexf.write(case, tmp_path / "case.gexf")[0]
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == len(case.nodes)
    assert g.number_of_edges() == len(case.edges)
    labels = {n: d["label"] for n, d in g.nodes(data=True)}
    assert labels == {n.id: n.label for n in case.nodes.values()}
    links = {d["link_id"]: d for _, _, d in g.edges(data=True)}
    assert set(links) == set(case.edges)
    call = next(e for e in case.edges.values() if e.kind == "call")
    assert links[call.id]["events"] == call.props["events"]
    assert links[call.id]["kind"] == "call"
