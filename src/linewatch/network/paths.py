"""Paths between two entities: time-ordered (who could have told whom, in time) and shortest.

:func:`fewest_hops` is the one shortest-path search of linewatch: a bidirectional
breadth-first search over a graph that is discovered as it goes (a ``neighbours`` function
returns the links of a frontier), so the API's link chart, which reads its links from the
store a hop at a time, and :func:`shortest_path` over ``cdr`` use the same code. Every step
runs in sorted order, so the same graph gives the same path in every process.

An entity is a phone number (any common written form) or a person id from resolution, which
stands for every number linked to that person in ``phone_persons``.

The time-ordered path is an *earliest-arrival* path over time-stamped contacts: information
leaves the source at ``start`` and can travel along a contact only at the contact's time and
only if it already reached the sender before that moment. A call carries it both ways; a text
only from sender to recipient. The answer is the chain of contacts by which it reaches the
target first, each hop a cdr record a court can look up.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pyarrow as pa

from linewatch.errors import NotFound
from linewatch.schema.types.phone import try_clean
from linewatch.storage import Store


def entity_numbers(store: Store, ref: str) -> list[str]:
    """The numbers an entity reference stands for (a number, or a resolved person's phones)."""
    if store.table_exists("phone_persons"):
        rows = store.query("SELECT DISTINCT number FROM phone_persons WHERE person_id = ? "
                           "ORDER BY number", [ref])
        if rows:
            return [r[0] for r in rows]
    number = try_clean(ref)
    if number is None:
        raise NotFound(f"'{ref}' is neither a phone number nor a known person id")
    return [number]


#: a contact found by a search: (node it leaves, node it reaches, time, evidence)
Contact = tuple[str, str, Any, Any]
ContactsAfter = Callable[[Mapping[str, Any]], Iterable[Contact]]


def earliest_arrival(sources: Iterable[str], targets: Iterable[str],
                     contacts_after: ContactsAfter, *, start: Any,
                     max_hops: int | None = None) -> list[Contact] | None:
    """The chain of contacts by which something leaving ``sources`` at ``start`` reaches one
    of ``targets`` first, or ``None``.

    ``contacts_after(frontier)`` gets ``{node: time}`` and returns, for each node, its
    earliest contact to each other node strictly after that time (a call counts both ways, a
    text only from its sender: the caller decides). The search runs in rounds, one hop each,
    re-expanding any node reached earlier than before, until nothing improves or ``max_hops``
    rounds have run; it is the one earliest-arrival search of linewatch (the CLI, the stages
    and the API's link chart use it). Ties go to the earlier time, then the sorted ids.
    """
    arrival: dict[str, Any] = {n: start for n in sorted(set(sources))}
    wanted = set(targets) - set(arrival)
    parent: dict[str, Contact] = {}
    frontier = dict(arrival)
    rounds = 0
    while frontier and (max_hops is None or rounds < max_hops):
        rounds += 1
        best = min((arrival[t] for t in wanted if t in arrival), default=None)
        improved: dict[str, Any] = {}
        for contact in sorted(contacts_after(frontier), key=lambda c: (c[2], c[0], c[1])):
            me, other, at, _ = contact
            if best is not None and at >= best:
                continue
            if other not in arrival or at < arrival[other]:
                arrival[other] = at
                parent[other] = contact
                improved[other] = at
        frontier = {n: t for n, t in sorted(improved.items()) if n not in wanted}
    reached = sorted((arrival[t], t) for t in wanted if t in arrival)
    if not reached:
        return None
    chain: list[Contact] = []
    node = reached[0][1]
    while node in parent:
        chain.append(parent[node])
        node = parent[node][0]
    chain.reverse()
    return chain


def cdr_contacts_after(store: Store, end: dt.datetime | None = None) -> ContactsAfter:
    """``contacts_after`` over ``cdr``: a call both ways, a text from sender to recipient; the
    evidence is the record (event type, ``_batch``, ``_row``). Contacts after ``end`` are not
    used."""

    def contacts_after(frontier: Mapping[str, Any]) -> list[Contact]:
        table = pa.table({"number": list(frontier), "t": list(frontier.values())})
        name = f"lw_frontier_{uuid.uuid4().hex}"
        end_clause = " AND c.start_time <= $end" if end else ""
        bound: dict[str, Any] = {"end": end} if end else {}
        with store.registered(name, table):
            rows = store.query(f"""
                SELECT me, other, start_time, event_type, _batch, _row FROM (
                  SELECT f.number AS me, c.b_number AS other, c.start_time, c.event_type,
                         c._batch, c._row
                  FROM {name} f JOIN cdr c ON c.a_number = f.number AND c.start_time > f.t
                  {end_clause}
                  UNION ALL
                  SELECT f.number, c.a_number, c.start_time, c.event_type, c._batch, c._row
                  FROM {name} f JOIN cdr c ON c.b_number = f.number AND c.start_time > f.t
                   AND c.event_type <> 'sms'{end_clause})
                WHERE other IS NOT NULL AND other <> me
                QUALIFY row_number() OVER (PARTITION BY me, other
                                           ORDER BY start_time, _batch, _row) = 1
                """, bound)  # noqa: S608 - the name is a generated uuid, values are bound
        return [(me, other, at, {"event_type": kind, "_batch": _int(batch), "_row": _int(row)})
                for me, other, at, kind, batch, row in rows]

    return contacts_after


def time_ordered_path(store: Store, from_number: str, to_number: str,
                      start: dt.datetime | None = None,
                      end: dt.datetime | None = None) -> dict[str, Any]:
    """The earliest-arrival chain of contacts from one entity to another, within [start, end].

    Times are naive UTC like the store. Returns ``found``, the ``arrival`` time and the
    ``hops`` (from, to, time, event type and the cdr record) in time order.
    """
    sources = entity_numbers(store, from_number)
    targets = entity_numbers(store, to_number)
    result: dict[str, Any] = {"from": from_number, "to": to_number, "sources": sources,
                              "targets": targets, "start": start, "end": end,
                              "found": False, "arrival": None, "hops": []}
    # a contact at ``start`` itself counts: the search asks for contacts after a time
    leave = (start or dt.datetime(1900, 1, 1)) - dt.timedelta(microseconds=1)
    chain = earliest_arrival(sources, targets, cdr_contacts_after(store, end), start=leave)
    if not chain:
        return result
    hops = [{"from": me, "to": other, "time": at, "event_type": ev["event_type"],
             "cdr": {"table": "cdr", "_batch": ev["_batch"], "_row": ev["_row"]}}
            for me, other, at, ev in chain]
    result.update(found=True, arrival=hops[-1]["time"], hops=hops)
    return result


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


Neighbours = Callable[[list[str]], Mapping[str, Iterable[str]]]


def fewest_hops(sources: Iterable[str], targets: Iterable[str], neighbours: Neighbours, *,
                max_depth: int | None = None, max_frontier: int | None = None
                ) -> list[str] | None:
    """The fewest-links path from any of ``sources`` to any of ``targets``, or ``None``.

    ``neighbours(frontier)`` gets a sorted list of nodes and returns, for each, the nodes it
    links to. The search grows the smaller side a level at a time and stops at the level where
    the two sides meet, taking the meeting node with the shortest total path (then the
    smallest id); ties inside a level go to the frontier node that sorts first. ``max_depth``
    bounds the number of levels, ``max_frontier`` the size of a side's next frontier (its
    first nodes in sorted order), for graphs too big to search whole.
    """
    ends = [sorted(set(sources)), sorted(set(targets))]
    common = set(ends[0]) & set(ends[1])
    if common:
        return [min(common)]
    parents: list[dict[str, str | None]] = [{n: None for n in ends[0]}, {n: None for n in ends[1]}]
    depth: list[dict[str, int]] = [{n: 0 for n in ends[0]}, {n: 0 for n in ends[1]}]
    frontiers = ends
    level = 0
    while all(frontiers) and (max_depth is None or level < max_depth):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        other = 1 - side
        links = neighbours(frontiers[side])
        found: list[str] = []
        meets: list[tuple[int, str]] = []
        for u in frontiers[side]:
            for v in sorted(set(links.get(u, ()))):
                if v in parents[side]:
                    continue
                parents[side][v] = u
                depth[side][v] = depth[side][u] + 1
                found.append(v)
                if v in parents[other]:
                    meets.append((depth[side][v] + depth[other][v], v))
        if meets:
            meet = min(meets)[1]
            half = _walk(parents[side], meet)
            rest = _walk(parents[other], meet)[1:]
            chain = half[::-1] + rest
            return chain if side == 0 else chain[::-1]
        frontiers[side] = sorted(found)[:max_frontier]
        level += 1
    return None


def _walk(parents: Mapping[str, str | None], start: str) -> list[str]:
    out: list[str] = []
    cursor: str | None = start
    while cursor is not None:
        out.append(cursor)
        cursor = parents.get(cursor)
    return out


def _cdr_neighbours(store: Store) -> Neighbours:
    """The numbers each number of a frontier called or texted (or was called by)."""
    def neighbours(frontier: list[str]) -> dict[str, set[str]]:
        name = f"lw_path_frontier_{uuid.uuid4().hex}"
        out: dict[str, set[str]] = {}
        with store.registered(name, pa.table({"number": frontier})):
            for u, v in store.query(
                    f"SELECT DISTINCT c.a_number, c.b_number FROM cdr c "  # noqa: S608
                    f"WHERE c.a_number <> c.b_number AND (c.a_number IN (SELECT number FROM "
                    f"{name}) OR c.b_number IN (SELECT number FROM {name}))"):
                out.setdefault(u, set()).add(v)
                out.setdefault(v, set()).add(u)
        return out
    return neighbours


def shortest_path(store: Store, from_number: str, to_number: str) -> dict[str, Any]:
    """The fewest-hops chain of contacts between two entities, ignoring time order."""
    sources = entity_numbers(store, from_number)
    targets = entity_numbers(store, to_number)
    result: dict[str, Any] = {"from": from_number, "to": to_number, "found": False,
                              "numbers": [], "hops": []}
    numbers = fewest_hops(sources, targets, _cdr_neighbours(store))
    if numbers is None:
        return result
    pairs = list(zip(numbers, numbers[1:], strict=False))
    counts = {(u, v): int(n) for u, v, n in store.query(
        "SELECT least(a_number, b_number), greatest(a_number, b_number), count(*) FROM cdr "
        "WHERE list_contains(?, least(a_number, b_number) || ' ' || greatest(a_number, "
        "b_number)) GROUP BY 1, 2", [[" ".join(sorted(p)) for p in pairs]])} if pairs else {}
    hops = [{"from": u, "to": v, "events": counts.get((min(u, v), max(u, v)), 0)}
            for u, v in pairs]
    result.update(found=True, numbers=numbers, hops=hops)
    return result
