"""GraphML (yEd, Gephi, Cytoscape, networkx, igraph), written by networkx.

One ``<graph>`` with every node and edge of the case graph. Each node carries ``kind`` and
``label`` and its properties; each edge ``kind``, ``label`` and its properties, and ``directed``
(GraphML allows a direction per edge, but readers differ, so the graph is written undirected
and the direction is the edge's ``source`` to ``target`` order plus this flag). Graph-level
data holds the scope, the role it was made for and each stage's analysis run id. A property
missing on an item is absent from it (GraphML's way), never an empty string.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from linewatch.export.graph import CaseGraph, Edge, Node, Scalar

#: GraphML/GEXF keys that name the item itself; a property of the same name is renamed
RESERVED = frozenset({"id", "label", "kind", "source", "target", "directed"})


def _props(props: dict[str, Scalar]) -> dict[str, str | int | float | bool]:
    """Properties without ``None`` values; a property called like a reserved key gets a
    ``prop_`` prefix."""
    return {(f"prop_{k}" if k in RESERVED else k): v for k, v in props.items() if v is not None}


def _typed(graph: CaseGraph) -> dict[str, type]:
    """One type per property name across the graph (GraphML declares each key once): a name
    holding both numbers and text is written as text everywhere."""
    seen: dict[str, type] = {}
    items: list[Node | Edge] = [*graph.nodes.values(), *graph.edges.values()]
    for item in items:
        for name, value in _props(item.props).items():
            kind: type = type(value)
            if kind is int and seen.get(name) is float:
                kind = float
            if name in seen and seen[name] is not kind:
                numbers = {seen[name], kind} <= {int, float}
                seen[name] = float if numbers else str
            else:
                seen.setdefault(name, kind)
    return seen


def to_networkx(graph: CaseGraph) -> nx.MultiGraph:
    """The case graph as a networkx multigraph (two kinds of link may join the same pair)."""
    types = _typed(graph)

    def convert(props: dict[str, Scalar]) -> dict[str, str | int | float | bool]:
        out: dict[str, str | int | float | bool] = {}
        for k, v in _props(props).items():
            wanted = types[k]
            out[k] = v if type(v) is wanted else wanted(v)
        return out

    g = nx.MultiGraph(scope=graph.scope, role=graph.audience.role, generator="linewatch",
                      **{f"run_{stage}": run for stage, run in sorted(graph.runs.items())})
    for node in graph.nodes.values():
        g.add_node(node.id, kind=node.kind, label=node.label, **convert(node.props))
    for edge in graph.edges.values():
        g.add_edge(edge.source, edge.target, key=edge.id, kind=edge.kind, label=edge.label,
                   directed=edge.directed, **convert(edge.props))
    return g


def write(graph: CaseGraph, out: Path) -> list[Path]:
    """``out`` as a GraphML file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(to_networkx(graph), out, encoding="utf-8", prettyprint=True,
                     named_key_ids=True, edge_id_from_attribute=None)
    return [out]
