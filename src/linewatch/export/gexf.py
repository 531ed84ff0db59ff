"""GEXF 1.2 for Gephi, written by networkx from the same graph as GraphML.

Gephi reads ``label`` as the node's label and every other property as a node or edge
attribute column (``kind`` to colour or filter by; ``events`` on call links as a weight
candidate). Each edge also carries its GraphML id as ``link_id``, because GEXF ids are plain
numbers here. Dates stay text attributes (``first_seen``/``last_seen``): Gephi's timeline
needs intervals, which a case export does not claim.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from linewatch.export.graph import CaseGraph
from linewatch.export.graphml import to_networkx


def write(graph: CaseGraph, out: Path) -> list[Path]:
    """``out`` as a GEXF 1.2 file."""
    g = to_networkx(graph)
    for _a, _b, key, data in g.edges(keys=True, data=True):
        data["link_id"] = key
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(g, out, encoding="utf-8", prettyprint=True, version="1.2draft")
    return [out]
