"""Paths between two entities: time-ordered (who could have told whom, in time) and shortest.

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
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd

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


def shortest_path(store: Store, from_number: str, to_number: str) -> dict[str, Any]:
    """The fewest-hops chain of contacts between two entities, ignoring time order."""
    sources = entity_numbers(store, from_number)
    targets = entity_numbers(store, to_number)
    pairs = store.query_arrow(
        "SELECT least(a_number, b_number) AS u, greatest(a_number, b_number) AS v, "
        "count(*) AS n FROM cdr WHERE a_number <> b_number GROUP BY 1, 2").to_pandas()
    result: dict[str, Any] = {"from": from_number, "to": to_number, "found": False,
                              "numbers": [], "hops": []}
    if pairs.empty:
        return result
    graph = ig.Graph.DataFrame(pairs[["u", "v", "n"]], directed=False, use_vids=False)
    names = graph.vs["name"]
    index = {n: i for i, n in enumerate(names)}
    best: list[int] | None = None
    wanted = [index[t] for t in targets if t in index]
    for s in sources:
        if s not in index or not wanted:
            continue
        for path in graph.get_shortest_paths(index[s], to=wanted, output="vpath"):
            if path and (best is None or len(path) < len(best)):
                best = path
    if best is None:
        return result
    numbers = [names[v] for v in best]
    hops = []
    for u, v in zip(numbers, numbers[1:], strict=False):
        edge = graph.es[graph.get_eid(index[u], index[v])]
        hops.append({"from": u, "to": v, "events": int(edge["n"])})
    result.update(found=True, numbers=numbers, hops=hops)
    return result
