"""The case graph every export format writes: typed nodes and aggregated edges.

Node ids are the link chart's ``type:key`` ids (``person:P17``, ``phone:+447700900123``,
``address:12 EXAMPLE ROAD``, ``vehicle:AB12CDE``, ``line:L1``, ``handset:356938035643809``), so
a selection made on the chart names the same nodes here. Every property value is a scalar
(text, number, flag) or ``None``: dates are ISO text and lists are joined with ``"; "``, which
is what GraphML, GEXF, CSV and i2 attributes can all hold.

Who reads the export decides what is in it: an :class:`Audience` carries the role, the
handling-code rule for intelligence and the partner sanitiser. The API and the CLI build it
from the web app's access rules (``linewatch.api.exports.audience_for``); this stage only
applies it, so the rules have one home.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from linewatch.errors import InputError, NotFound

Scalar = str | int | float | bool | None

#: kinds of node, in the order the formats list them
NODE_KINDS = ("person", "phone", "address", "vehicle", "line", "handset", "object",
              "organisation")
#: edges whose direction means something (``source`` did it to ``target``)
DIRECTED_KINDS = frozenset({"uses", "lives_at", "line_number", "line_role", "trap_house",
                            "handset", "vehicle_link", "relationship"})


@dataclass(frozen=True)
class Audience:
    """The reader of an export: role, intelligence rule and sanitiser (see module doc)."""

    role: str
    may_see_intel: Callable[[str | None, str | None], bool]
    sanitise: Callable[[Any], Any]
    sees_priorities: bool
    #: rewrites identifiers inside every string of the export (for a partner: members of the
    #: public's phone numbers become keyed pseudonyms); ``None`` keeps strings as they are
    text: Callable[[str], str] | None = None

    @property
    def sees_handsets(self) -> bool:
        """Handset identifiers (IMEI) are source detail the sanitiser removes for partners."""
        return "imei" in (self.sanitise({"imei": "x"}) or {})

    def clean(self, props: dict[str, Any]) -> dict[str, Any]:
        kept: dict[str, Any] = self.sanitise(props)
        if self.text is not None:
            kept = {k: _rewrite(v, self.text) for k, v in kept.items()}
        return kept


def _rewrite(value: Any, fn: Callable[[str], str]) -> Any:
    """``fn`` applied to every string inside ``value`` (lists and mappings included)."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list | tuple):
        return [_rewrite(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _rewrite(v, fn) for k, v in value.items()}
    return value


def scalar(value: Any) -> Scalar:
    """A property value every format can hold."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep="T", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(v) for v in value if v is not None)
    return str(value)


@dataclass
class Node:
    id: str
    kind: str
    label: str
    props: dict[str, Scalar] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.id.partition(":")[2]


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    label: str
    props: dict[str, Scalar] = field(default_factory=dict)

    @property
    def id(self) -> str:
        a, b = self.source, self.target
        if self.kind not in DIRECTED_KINDS and b < a:
            a, b = b, a
        sub = self.props.get("type") if self.kind == "relationship" else None
        return f"{self.kind}|{a}|{b}" + (f"|{sub}" if sub else "")

    @property
    def directed(self) -> bool:
        return self.kind in DIRECTED_KINDS


@dataclass
class CaseGraph:
    """Nodes and edges with the analysis runs they come from and the scope they cover."""

    audience: Audience
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)
    scope: str = "case"

    def node(self, kind: str, key: str, label: str | None = None, /, **props: Any) -> str:
        """Add (or enrich) a node; returns its id. Properties pass through the sanitiser."""
        nid = f"{kind}:{key}"
        found = self.nodes.get(nid)
        if found is None:
            found = self.nodes[nid] = Node(nid, kind, label or key)
        elif label and found.label == key:
            found.label = label
        for name, value in self.audience.clean(props).items():
            if value is not None or name not in found.props:
                found.props[name] = scalar(value)
        return nid

    def edge(self, source: str, target: str, kind: str, label: str, /, **props: Any) -> None:
        """Add an edge once (an undirected kind in either direction)."""
        edge = Edge(source, target, kind, label,
                    {k: scalar(v) for k, v in self.audience.clean(props).items()})
        self.edges.setdefault(edge.id, edge)

    def rewritten(self) -> CaseGraph:
        """The graph with the audience's ``text`` applied to every id, label and property
        (edges follow their nodes' new ids); the graph itself when there is none."""
        fn = self.audience.text
        if fn is None:
            return self

        def props(values: dict[str, Scalar]) -> dict[str, Scalar]:
            return {k: fn(v) if isinstance(v, str) else v for k, v in values.items()}

        out = CaseGraph(self.audience, runs=dict(self.runs), scope=self.scope)
        for node in self.nodes.values():
            new = Node(fn(node.id), node.kind, fn(node.label), props(node.props))
            out.nodes.setdefault(new.id, new)
        for edge in self.edges.values():
            moved = Edge(fn(edge.source), fn(edge.target), edge.kind, fn(edge.label),
                         props(edge.props))
            out.edges.setdefault(moved.id, moved)
        return out

    def neighbours(self) -> dict[str, set[str]]:
        adjacent: dict[str, set[str]] = {nid: set() for nid in self.nodes}
        for e in self.edges.values():
            adjacent[e.source].add(e.target)
            adjacent[e.target].add(e.source)
        return adjacent

    def subgraph(self, keep: Iterable[str], scope: str) -> CaseGraph:
        """The nodes of ``keep`` (those that exist) and the edges among them."""
        ids = {k for k in keep if k in self.nodes}
        return CaseGraph(self.audience, {k: v for k, v in self.nodes.items() if k in ids},
                         {k: e for k, e in self.edges.items()
                          if e.source in ids and e.target in ids}, dict(self.runs), scope)

    def property_names(self, items: Iterable[Node] | Iterable[Edge]) -> list[str]:
        names: dict[str, None] = {}
        for item in items:
            names.update(dict.fromkeys(item.props))
        return list(names)

    def summary(self) -> dict[str, Any]:
        kinds: dict[str, int] = {}
        for n in self.nodes.values():
            kinds[n.kind] = kinds.get(n.kind, 0) + 1
        links: dict[str, int] = {}
        for e in self.edges.values():
            links[e.kind] = links.get(e.kind, 0) + 1
        return {"scope": self.scope, "role": self.audience.role, "nodes": len(self.nodes),
                "edges": len(self.edges), "node_kinds": kinds, "edge_kinds": links,
                "runs": self.runs}


def within_hops(graph: CaseGraph, start: str, hops: int) -> set[str]:
    """Every node at most ``hops`` links from ``start`` (breadth first, any link kind)."""
    if start not in graph.nodes:
        raise NotFound(f"no {start.replace(':', ' ', 1)} in this case")
    if hops < 0:
        raise InputError("hops must be 0 or more")
    adjacent = graph.neighbours()
    seen = {start: 0}
    queue = deque([start])
    while queue:
        here = queue.popleft()
        if seen[here] >= hops:
            continue
        for there in sorted(adjacent[here]):
            if there not in seen:
                seen[there] = seen[here] + 1
                queue.append(there)
    return set(seen)


def around(graph: CaseGraph, seeds: set[str], kinds_from: Iterable[str], steps: int,
           skip_kinds: frozenset[str]) -> set[str]:
    """``seeds`` plus the nodes reached in ``steps`` steps over non-call links, never through
    a node of ``skip_kinds`` (another line, say) and starting only from ``kinds_from``."""
    starting = frozenset(kinds_from)
    adjacent: dict[str, set[str]] = {}
    for e in graph.edges.values():
        if e.kind == "call":
            continue
        adjacent.setdefault(e.source, set()).add(e.target)
        adjacent.setdefault(e.target, set()).add(e.source)
    kept, frontier = set(seeds), set(seeds)
    for _ in range(steps):
        found = {there for here in frontier if graph.nodes[here].kind in starting
                 for there in adjacent.get(here, ()) if there not in kept
                 and graph.nodes[there].kind not in skip_kinds}
        kept |= found
        frontier = found
    return kept
