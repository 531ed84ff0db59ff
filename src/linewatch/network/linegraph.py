"""A line's network as a graph, at phone or person level: the one builder every stage uses.

The network of a line is every number the detection stage gave a role on that line (its deal
line numbers, controller, runners, trap phones and, unless left out, its customers), plus the
phones of the people detection named the line's associates (the controller's regular circle),
joined by the calls and texts among them in ``cdr`` (an edge's ``weight`` is the number of
events). At person level, a number's owner is detection's attribution
(``phone_roles.person_id``), else the most confident person of ``phone_persons``; the numbers
of one person merge into that person's node, and numbers with no known owner stay as phone
nodes, so the deal line itself can be a pick (cutting a line number is a "Type 2" closure).

The detection stage's key-player picks (``line_disruption``), the what-if of the API and of
the after-action review, and the scoring stage's disruption component all read this graph, so
one line gets one set of fragmentation numbers wherever it is shown.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

import igraph as ig
import pyarrow as pa

from linewatch.errors import NotFound
from linewatch.network.disruption import key_players, what_if_graph
from linewatch.schema.types.phone import try_clean
from linewatch.storage import Store

LEVELS = ("person", "phone")
ROLE_RANK = {"controller": 0, "runner": 1, "trap": 2, "deal_line": 3, "associate": 4,
             "customer": 5}
PHONE_ROLES = ("deal_line", "controller", "runner", "trap", "customer")


BEST_OWNER = ("SELECT number, person_id FROM (SELECT number, person_id, row_number() OVER ("
              "PARTITION BY number ORDER BY confidence DESC NULLS LAST, person_id) AS rk "
              "FROM phone_persons WHERE person_id IS NOT NULL) WHERE rk = 1")


def owners(store: Store, numbers: list[str]) -> dict[str, str]:
    """The most confident person of each number, when resolution linked one."""
    if not numbers or not store.table_exists("phone_persons"):
        return {}
    rows = store.query(f"SELECT number, person_id FROM ({BEST_OWNER}) "  # noqa: S608 - fixed clauses; values bound
                       "WHERE list_contains(?, number)", [numbers])
    return {r[0]: r[1] for r in rows}


def number_owners(store: Store, numbers: list[str]) -> dict[str, str]:
    """The person each number stands for in a line's network: detection's attribution
    (``phone_roles.person_id``) when it made one, else :func:`owners`."""
    found = owners(store, numbers)
    if numbers and store.table_exists("phone_roles"):
        found.update(store.query(
            "SELECT number, min(person_id) FROM phone_roles WHERE list_contains(?, number) "
            "AND person_id IS NOT NULL GROUP BY number", [numbers]))
    return found


def _members(store: Store, line_ids: list[str] | None,
             include_customers: bool) -> dict[str, dict[str, str]]:
    """``{line: {number: role}}``: the numbers of each line and their highest role on it."""
    roles = [r for r in PHONE_ROLES if include_customers or r != "customer"]
    members: dict[str, dict[str, str]] = defaultdict(dict)

    def add(line_id: str, number: str, role: str) -> None:
        current = members[line_id].get(number)
        if current is None or ROLE_RANK[role] < ROLE_RANK[current]:
            members[line_id][number] = role

    only = "" if line_ids is None else " AND list_contains(?, line_id)"
    chosen = [] if line_ids is None else [line_ids]
    for line_id, number, role in store.query(
            "SELECT line_id, number, role FROM phone_roles WHERE line_id IS NOT NULL "  # noqa: S608 - fixed clauses; values bound
            f"AND list_contains(?, role){only} ORDER BY line_id, number, role",
            [roles, *chosen]):
        add(line_id, number, role)
    if store.table_exists("person_roles") and store.table_exists("phone_persons"):
        for line_id, number in store.query(
                f"SELECT DISTINCT r.line_id, p.number FROM person_roles r JOIN ({BEST_OWNER}) p "  # noqa: S608 - fixed clauses; values bound
                "ON p.person_id = r.person_id WHERE r.role = 'associate' "
                f"AND r.line_id IS NOT NULL{only.replace('line_id', 'r.line_id')} "
                "ORDER BY 1, 2", chosen):
            add(line_id, number, "associate")
    return members


def _contacts(store: Store, members: dict[str, dict[str, str]]) -> list[tuple[str, str, str, int]]:
    """``(line, number, number, events)`` for every pair of one line's members in contact."""
    table = pa.table({"line_id": [line for line, m in members.items() for _ in m],
                      "number": [n for m in members.values() for n in m]})
    name = f"lw_line_members_{uuid.uuid4().hex}"
    with store.registered(name, table):
        rows = store.query(
            f"SELECT a.line_id, least(c.a_number, c.b_number), "  # noqa: S608 - fixed clauses; values bound
            f"greatest(c.a_number, c.b_number), count(*) FROM cdr c "
            f"JOIN {name} a ON c.a_number = a.number "
            f"JOIN {name} b ON c.b_number = b.number AND b.line_id = a.line_id "
            f"WHERE c.a_number <> c.b_number GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
    return [(r[0], r[1], r[2], int(r[3])) for r in rows]


def line_networks(store: Store, line_ids: list[str] | None = None, *, level: str = "person",
                  include_customers: bool = True) -> dict[str, ig.Graph]:
    """Each line's network (all lines, or those of ``line_ids``), keyed by line id.

    Vertex attributes: ``name`` (person id or number), ``kind`` (``person`` or ``phone``) and
    ``role`` (the highest of its numbers' roles on the line: controller, runner, trap,
    deal_line, associate, customer); edge attribute ``weight`` (calls and texts).
    """
    return networks_by_level(store, line_ids, (level,),
                             include_customers=include_customers).get(level, {})


def networks_by_level(store: Store, line_ids: list[str] | None = None,
                      levels: tuple[str, ...] = LEVELS, *,
                      include_customers: bool = True) -> dict[str, dict[str, ig.Graph]]:
    """:func:`line_networks` at each of ``levels`` (keyed by level), from one read of the
    members and one pass over ``cdr`` for all lines."""
    for level in levels:
        if level not in LEVELS:
            raise NotFound(f"unknown level '{level}' (choose person or phone)")
    if not store.table_exists("phone_roles"):
        return {}
    members = _members(store, line_ids, include_customers)
    if not members:
        return {}
    numbers = sorted({n for m in members.values() for n in m})
    pairs: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    if store.table_exists("cdr"):
        for line_id, u, v, n in _contacts(store, members):
            pairs[line_id].append((u, v, n))
    out: dict[str, dict[str, ig.Graph]] = {}
    for level in levels:
        owner = number_owners(store, numbers) if level == "person" else {}
        out[level] = {line_id: _graph(line, owner, pairs[line_id])
                      for line_id, line in sorted(members.items())}
    return out


def _graph(line: dict[str, str], owner: dict[str, str],
           pairs: list[tuple[str, str, int]]) -> ig.Graph:
    node_of = {number: owner.get(number, number) for number in line}
    roles: dict[str, str] = {}
    for number, role in line.items():
        node = node_of[number]
        if node not in roles or ROLE_RANK[role] < ROLE_RANK[roles[node]]:
            roles[node] = role
    names = sorted(roles)
    index = {n: i for i, n in enumerate(names)}
    weights: dict[tuple[int, int], int] = {}
    for u, v, n in pairs:
        a, b = index[node_of[u]], index[node_of[v]]
        if a != b:
            key = (min(a, b), max(a, b))
            weights[key] = weights.get(key, 0) + n
    edges = sorted(weights)
    graph = ig.Graph(n=len(names), edges=edges, directed=False)
    graph.vs["name"] = names
    graph.vs["kind"] = ["phone" if n in line else "person" for n in names]
    graph.vs["role"] = [roles[n] for n in names]
    graph.es["weight"] = [weights[e] for e in edges]
    return graph


def line_graph(store: Store, line_id: str, *, level: str = "person",
               include_customers: bool = True) -> ig.Graph:
    """One line's network (see :func:`line_networks`); ``NotFound`` for an unknown line."""
    if not store.table_exists("phone_roles"):
        raise NotFound("no detection results: run 'linewatch analyse' or detect first")
    graph = line_networks(store, [line_id], level=level,
                          include_customers=include_customers).get(line_id)
    if graph is None:
        raise NotFound(f"no line '{line_id}' (see 'linewatch detect lines')")
    return graph


def disruption_picks(graph: ig.Graph, k: int) -> list[dict[str, Any]]:
    """Greedy key players among the line's non-customer nodes."""
    candidates = [v.index for v in graph.vs if v["role"] != "customer"]
    picks = key_players(graph, k, candidates=candidates)
    role = dict(zip(graph.vs["name"], graph.vs["role"], strict=True))
    kind = dict(zip(graph.vs["name"], graph.vs["kind"], strict=True))
    return [{"rank": i + 1, "node": p.name, "node_kind": kind[p.name], "role": role[p.name],
             "fragmentation": round(p.fragmentation, 6), "gain": round(p.gain, 6)}
            for i, p in enumerate(picks)]


def what_if(store: Store, line_id: str, remove: list[str], *, level: str = "person",
            include_customers: bool = True) -> dict[str, Any]:
    """Fragmentation of the line's network before and after removing people or phones.

    ``remove`` holds person ids or numbers; at person level a number is replaced by its
    owner's node when resolution knows one. Returns ``before``, ``after`` and details.
    """
    graph = line_graph(store, line_id, level=level, include_customers=include_customers)
    names = set(graph.vs["name"])
    mapped: list[str] = []
    by_number = number_owners(store, [c for r in remove if (c := try_clean(r)) is not None])
    for ref in remove:
        if ref in names:
            mapped.append(ref)
            continue
        number = try_clean(ref)
        if number is not None and level == "person" and number in by_number:
            mapped.append(by_number[number])
        else:
            mapped.append(number or ref)
    result = what_if_graph(graph, mapped)
    result.update(line_id=line_id, level=level, requested=list(remove))
    return result
