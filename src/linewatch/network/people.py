"""The people graph: person-to-person relationships and who is party to a crime.

Vertices are person records (their ``record_id``); edges are the contract's person links
(knows, family, lives with, associate, social media, phone contact), undirected. Paths,
neighbourhoods, triangles and betweenness come from igraph.
"""

# ruff: noqa: S608 - only "?" placeholders are built into the SQL; relationship types are bound

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import igraph as ig

from linewatch.errors import InputError
from linewatch.schema.contract import PARTY_TYPES, PERSON_LINK_TYPES
from linewatch.storage import Store


@dataclass
class PeopleGraph:
    graph: ig.Graph
    names: dict[str, str]  # record id -> "Forenames Surname"
    parties: dict[str, set[str]]  # record id -> events it is party to
    link_types: dict[frozenset[str], set[str]]  # pair of record ids -> their link types

    def vertex(self, record_id: str) -> int:
        try:
            return int(self.graph.vs.find(name=record_id).index)
        except ValueError as exc:
            raise InputError(f"no person '{record_id}' in the people graph",
                             field="person") from exc

    def person(self, index: int) -> dict[str, Any]:
        record = self.graph.vs[index]["name"]
        return {"record_id": record, "name": self.names.get(record, "")}


def people_graph(store: Store, via: tuple[str, ...] = PERSON_LINK_TYPES) -> PeopleGraph:
    """The graph of person records over the relationship types ``via``."""
    unknown = set(via) - set(PERSON_LINK_TYPES)
    if unknown:
        raise InputError(f"not person links: {sorted(unknown)} (use {PERSON_LINK_TYPES})",
                         field="via")
    names = {r: " ".join(p for p in (f, s) if p) for r, f, s in store.query(
        "SELECT record_id, forenames, surname FROM nominals")}
    marks = ", ".join("?" for _ in via)
    # only placeholders are built into the SQL; the types are bound parameters
    links_sql = ("SELECT DISTINCT from_ref, to_ref, type FROM relationships WHERE from_type = "
                 f"'person' AND to_type = 'person' AND type IN ({marks}) "
                 "AND from_ref <> to_ref")
    links = store.query(links_sql, list(via))
    parties: dict[str, set[str]] = {}
    party_marks = ", ".join("?" for _ in PARTY_TYPES)
    party_sql = ("SELECT from_ref, to_ref FROM relationships WHERE from_type = 'person' AND "
                 f"to_type = 'event' AND type IN ({party_marks})")
    for record, event in store.query(party_sql, list(PARTY_TYPES)):
        parties.setdefault(record, set()).add(event)
    vertices = sorted(set(names) | {a for a, _, _ in links} | {b for _, b, _ in links})
    graph = ig.Graph()
    graph.add_vertices(vertices)
    graph.add_edges([(a, b) for a, b, _ in links], attributes={"type": [t for _, _, t in links]})
    types: dict[frozenset[str], set[str]] = {}
    for a, b, kind in links:
        types.setdefault(frozenset((a, b)), set()).add(kind)
    return PeopleGraph(graph, names, parties, types)


def shortest_paths(people: PeopleGraph, source: str, target: str,
                   max_hops: int = 3) -> list[list[dict[str, Any]]]:
    """Every shortest path of at most ``max_hops`` links, each as its persons and link types."""
    graph = people.graph
    a, b = people.vertex(source), people.vertex(target)
    collapsed = graph.copy().simplify(combine_edges="first")
    found: list[list[dict[str, Any]]] = []
    for path in collapsed.get_all_shortest_paths(a, to=b):
        if len(path) - 1 > max_hops:
            continue
        steps = []
        for i, index in enumerate(path):
            step = people.person(index)
            if i:
                pair = frozenset((graph.vs[path[i - 1]]["name"], step["record_id"]))
                step["via"] = sorted(people.link_types[pair])
            steps.append(step)
        found.append(steps)
    return sorted(found, key=lambda p: [s["record_id"] for s in p])


def within(people: PeopleGraph, record_id: str, hops: int) -> dict[str, int]:
    """Persons within ``hops`` links of a person, with their distance (the person left out)."""
    start = people.vertex(record_id)
    reached = people.graph.neighborhood(start, order=hops)
    distances = people.graph.distances(start, reached)[0]
    return {people.graph.vs[v]["name"]: int(d) for v, d in zip(reached, distances, strict=True)
            if v != start}


def party_within(store: Store, people: PeopleGraph, record_id: str, hops: int,
                 category: str | None = None) -> list[dict[str, Any]]:
    """Persons within ``hops`` who are party to a crime (of ``category``, if given)."""
    crimes = _crime_categories(store)
    out = []
    for record, distance in within(people, record_id, hops).items():
        events = sorted(e for e in people.parties.get(record, set())
                        if e in crimes and (category is None
                                            or (crimes[e] or "").lower() == category.lower()))
        if events:
            out.append({"record_id": record, "name": people.names.get(record, ""),
                        "hops": distance, "crimes": events})
    return sorted(out, key=lambda r: (r["hops"], r["record_id"]))


def vulnerable(store: Store, people: PeopleGraph, hops: int = 1,
               limit: int = 5) -> list[dict[str, Any]]:
    """Persons party to no crime who know most persons party to one, within ``hops``."""
    crimes = _crime_categories(store)
    offenders = {r for r, events in people.parties.items() if events & set(crimes)}
    scored = []
    for vertex in people.graph.vs:
        record = vertex["name"]
        if record in offenders:
            continue
        reached = people.graph.neighborhood(vertex.index, order=hops)
        count = sum(1 for v in reached if v != vertex.index
                    and people.graph.vs[v]["name"] in offenders)
        if count:
            scored.append({"record_id": record, "name": people.names.get(record, ""),
                           "offenders_known": count})
    scored.sort(key=lambda r: (-r["offenders_known"], r["record_id"]))
    return scored[:limit]


def family_links_to_offenders(store: Store, people: PeopleGraph) -> list[dict[str, Any]]:
    """Family and lives-with links whose other end is party to a crime."""
    crimes = _crime_categories(store)
    offenders = {r for r, events in people.parties.items() if events & set(crimes)}
    out = []
    for edge in people.graph.es:
        if edge["type"] not in ("family", "lives_with"):
            continue
        a, b = (people.graph.vs[i]["name"] for i in edge.tuple)
        for person, relative in ((a, b), (b, a)):
            if relative in offenders:
                out.append({"record_id": person, "name": people.names.get(person, ""),
                            "relative": relative,
                            "relative_name": people.names.get(relative, ""),
                            "link": edge["type"], "relative_crimes": len(
                                people.parties[relative] & set(crimes))})
    return sorted(out, key=lambda r: (r["record_id"], r["relative"], r["link"]))


def graph_measures(people: PeopleGraph, limit: int = 10) -> dict[str, Any]:
    """Triangles (in all and per person) and betweenness on the simple undirected graph."""
    simple = people.graph.copy()
    simple.simplify(combine_edges="first")
    triangles = [tuple(t) for t in simple.list_triangles()]
    per_person: dict[str, int] = {}
    for triangle in triangles:
        for v in triangle:
            name = simple.vs[v]["name"]
            per_person[name] = per_person.get(name, 0) + 1
    betweenness = simple.betweenness(directed=False)
    ranked = sorted(range(simple.vcount()), key=lambda v: (-betweenness[v], simple.vs[v]["name"]))
    return {
        "persons": simple.vcount(), "links": simple.ecount(), "triangles": len(triangles),
        "most_triangles": [{"record_id": r, "name": people.names.get(r, ""), "triangles": n}
                           for r, n in sorted(per_person.items(),
                                              key=lambda x: (-x[1], x[0]))[:limit]],
        "betweenness": [{"record_id": simple.vs[v]["name"],
                         "name": people.names.get(simple.vs[v]["name"], ""),
                         "betweenness": round(betweenness[v], 3)} for v in ranked[:limit]],
    }


def _crime_categories(store: Store) -> dict[str, str | None]:
    return dict(store.query("SELECT event_id, crime_category FROM events "
                            "WHERE event_type = 'crime'"))
