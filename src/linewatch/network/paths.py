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

import numpy as np
import pandas as pd
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


def time_ordered_path(store: Store, from_number: str, to_number: str,
                      start: dt.datetime | None = None,
                      end: dt.datetime | None = None) -> dict[str, Any]:
    """The earliest-arrival chain of contacts from one entity to another, within [start, end].

    Times are naive UTC like the store. Returns ``found``, the ``arrival`` time and the
    ``hops`` (from, to, time, event type and the cdr record) in time order.
    """
    sources = entity_numbers(store, from_number)
    targets = entity_numbers(store, to_number)
    sql = ("SELECT a_number, b_number, event_type, epoch(start_time) AS ts, start_time, "
           "_batch, _row FROM cdr WHERE start_time >= ? AND start_time <= ? "
           "ORDER BY start_time, _batch, _row")
    low = start or dt.datetime(1900, 1, 1)
    high = end or dt.datetime(2999, 12, 31)
    events = store.query_arrow(sql, [low, high]).to_pandas()
    result: dict[str, Any] = {"from": from_number, "to": to_number, "sources": sources,
                              "targets": targets, "start": start, "end": end,
                              "found": False, "arrival": None, "hops": []}
    if events.empty:
        return result
    codes, uniques = pd.factorize(pd.concat([events["a_number"], events["b_number"]]))
    a = codes[: len(events)]
    b = codes[len(events):]
    ts = events["ts"].to_numpy(dtype=float)
    voice = (events["event_type"] != "sms").to_numpy()
    idx = np.arange(len(events))
    # directed hops: every event a -> b, and calls also b -> a
    src = np.concatenate([a, b[voice]])
    dst = np.concatenate([b, a[voice]])
    hop_ts = np.concatenate([ts, ts[voice]])
    hop_event = np.concatenate([idx, idx[voice]])
    order = np.lexsort((hop_event, hop_ts))
    src, dst, hop_ts, hop_event = src[order], dst[order], hop_ts[order], hop_event[order]
    position = {n: i for i, n in enumerate(uniques)}
    arrival = np.full(len(uniques), np.inf)
    pred = np.full(len(uniques), -1, dtype=np.int64)
    source_ids = [position[s] for s in sources if s in position]
    arrival[source_ids] = -np.inf
    while True:
        usable = (arrival[src] < hop_ts) & (hop_ts < arrival[dst])
        if not usable.any():
            break
        cand = np.flatnonzero(usable)
        nodes, first = np.unique(dst[cand], return_index=True)
        picked = cand[first]
        arrival[nodes] = hop_ts[picked]
        pred[nodes] = picked
    reached = [(arrival[position[t]], t) for t in targets
               if t in position and np.isfinite(arrival[position[t]])
               and position[t] not in source_ids]
    if not reached:
        return result
    _, target = min(reached)
    hops = []
    node = position[target]
    while pred[node] >= 0:
        h = int(pred[node])
        row = events.iloc[int(hop_event[h])]
        hops.append({"from": uniques[src[h]], "to": uniques[dst[h]],
                     "time": row["start_time"].to_pydatetime(), "event_type": row["event_type"],
                     "cdr": {"table": "cdr", "_batch": _int(row["_batch"]),
                             "_row": _int(row["_row"])}})
        node = int(src[h])
    hops.reverse()
    result.update(found=True, arrival=hops[-1]["time"], hops=hops)
    return result


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


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
