"""What an export covers: the whole case, a line's network, a person's neighbourhood or a
link-chart selection, each cut from the case graph.

A line's network is the line's members as the network stage defines them
(:func:`linewatch.network.linegraph.line_graph` at phone level: its numbers, its people's
phones and its customers), the line itself, and what hangs off them without a call: the
people using those numbers or holding a role on the line, their addresses and vehicles, the
trap houses and handsets. Calls are kept among the nodes kept, so a customer's calls to
strangers stay out.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from linewatch.errors import InputError, NotFound
from linewatch.export.graph import Audience, CaseGraph, around, within_hops
from linewatch.export.sources import case_graph
from linewatch.network.linegraph import line_graph
from linewatch.storage import Store

MAX_HOPS = 4
MAX_SELECTION = 5000


@dataclass(frozen=True)
class Scope:
    """At most one of ``line``, ``person`` or ``nodes``; none means the whole case."""

    line: str | None = None
    person: str | None = None
    hops: int = 1
    nodes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        chosen = [n for n, v in (("--line", self.line), ("--person", self.person),
                                 ("a selection", self.nodes)) if v]
        if len(chosen) > 1:
            raise InputError(f"choose one scope, not {' and '.join(chosen)}")
        if not 0 <= self.hops <= MAX_HOPS:
            raise InputError(f"hops must be between 0 and {MAX_HOPS}")
        if len(self.nodes) > MAX_SELECTION:
            raise InputError(f"a selection holds at most {MAX_SELECTION} nodes")

    @property
    def name(self) -> str:
        if self.line:
            return f"line:{self.line}"
        if self.person:
            return f"person:{self.person} ({self.hops} hops)"
        if self.nodes:
            return f"selection of {len(self.nodes)} nodes"
        return "case"

    def describe(self) -> dict[str, object]:
        """The scope as the audit log records it."""
        return {"line": self.line, "person": self.person,
                "hops": self.hops if self.person else None,
                "nodes": list(self.nodes[:50]) if self.nodes else None,
                "n_selected": len(self.nodes) or None}


def scoped_graph(store: Store, audience: Audience, scope: Scope) -> CaseGraph:
    """The case graph the audience may see, cut to ``scope``."""
    from linewatch.storage.identities import current_id

    graph = case_graph(store, audience)
    if scope.line:  # an id a later run merged or renamed stands for the line it is now
        line = current_id(store, "line", scope.line)
        scope = replace(scope, line=line)
        members = line_graph(store, line, level="phone").vs["name"]
        seeds = {f"line:{line}"} | {f"phone:{n}" for n in members}
        keep = around(graph, {s for s in seeds if s in graph.nodes},
                      ("line", "phone", "person"), 2, frozenset({"line"}))
        return graph.subgraph(keep, scope.name)
    if scope.person:
        scope = replace(scope, person=current_id(store, "person", scope.person))
        return graph.subgraph(within_hops(graph, f"person:{scope.person}", scope.hops),
                              scope.name)
    if scope.nodes:
        missing = [n for n in scope.nodes if n not in graph.nodes]
        if len(missing) == len(scope.nodes):
            raise NotFound("none of the selected nodes is in this case")
        return graph.subgraph(scope.nodes, scope.name)
    graph.scope = scope.name
    return graph
