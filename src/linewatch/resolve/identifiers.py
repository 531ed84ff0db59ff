"""Unique identifiers in resolution: equal ones link records, different ones keep them apart.

Person records may carry a PNC ID, CRO number, NHS number, national insurance number, passport
number or driving licence (input contract version 2). Compared by their match key (no spaces,
hyphens or slashes; upper case):

* two records with the same identifier of a kind are linked, whatever the model scores;
* two records with different identifiers of the same kind are never in one person: records
  are joined strongest link first (identifier links, then the model's pairs by probability,
  then analysts' merges) and a link that would put two different identifiers of a kind in one
  person is refused, and named in the run's notes and in a pair's explanation.

Records without identifiers are clustered exactly as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from linewatch.schema.contract import IDENTIFIER_FIELDS
from linewatch.schema.types.identifiers import match_key
from linewatch.storage import Store

Identifiers = dict[str, str]  # kind -> match key


def record_identifiers(store: Store) -> dict[int, Identifiers]:
    """The identifiers of each prepared record (its latest import), by record uid."""
    columns = ", ".join(f"n.{name}" for name in IDENTIFIER_FIELDS)
    rows = store.query(
        f"SELECT r.uid, {columns} FROM resolve_records r JOIN (SELECT *, row_number() OVER ("  # noqa: S608 - contract field names
        "PARTITION BY source_system, record_id ORDER BY _batch DESC NULLS LAST, _row DESC "
        "NULLS LAST) AS rn FROM nominals) n ON n.source_system = r.source_system AND "
        "n.record_id = r.record_id AND n.rn = 1")
    found: dict[int, Identifiers] = {}
    for uid, *values in rows:
        keys = {kind: key for kind, value in zip(IDENTIFIER_FIELDS, values, strict=True)
                if (key := match_key(value))}
        if keys:
            found[int(uid)] = keys
    return found


def identifier_edges(ids: dict[int, Identifiers]) -> tuple[np.ndarray, np.ndarray]:
    """Edges joining the records that share an identifier of a kind (a chain per value)."""
    holders: dict[tuple[str, str], list[int]] = {}
    for uid in sorted(ids):
        for kind, key in ids[uid].items():
            holders.setdefault((kind, key), []).append(uid)
    left: list[int] = []
    right: list[int] = []
    for uids in holders.values():
        left += uids[:-1]
        right += uids[1:]
    return np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)


def constrained_components(n_nodes: int, left: np.ndarray, right: np.ndarray,
                           ids: dict[int, Identifiers], names: dict[int, str] | None = None
                           ) -> tuple[np.ndarray, list[str]]:
    """Join nodes ``1..n_nodes`` along the edges in order, refusing identifier conflicts.

    Returns each node's label (the smallest node of its part) and a note per refused link,
    naming the records by ``names`` (record keys by uid).
    """
    shown = names or {}
    parent = list(range(n_nodes + 1))
    held: dict[int, Identifiers] = {uid: dict(keys) for uid, keys in ids.items()}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    notes: list[str] = []
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        ra, rb = root(int(a)), root(int(b))
        if ra == rb:
            continue
        ka, kb = held.get(ra, {}), held.get(rb, {})
        clash = sorted(k for k in ka.keys() & kb.keys() if ka[k] != kb[k])
        if clash:
            notes.append(f"records {shown.get(int(a), a)} and {shown.get(int(b), b)} kept "
                         f"apart: different {', '.join(clash)}")
            continue
        small, large = (ra, rb) if ra < rb else (rb, ra)
        parent[large] = small
        if ka or kb:
            held[small] = {**ka, **kb}
    labels = np.array([root(node) for node in range(1, n_nodes + 1)], dtype=np.int64)
    smallest = np.full(n_nodes + 1, n_nodes + 1, dtype=np.int64)
    np.minimum.at(smallest, labels, np.arange(1, n_nodes + 1, dtype=np.int64))
    return smallest[labels], notes


def compare(store: Store, a: tuple[str, str], b: tuple[str, str]) -> list[dict[str, Any]]:
    """For a pair's explanation: each identifier kind both records hold, same or different."""
    found = []
    rows = {(s, r): dict(zip(IDENTIFIER_FIELDS, values, strict=True))
            for s, r, *values in store.query(
                f"SELECT source_system, record_id, {', '.join(IDENTIFIER_FIELDS)} "  # noqa: S608 - contract field names
                "FROM nominals WHERE (source_system = ? AND record_id = ?) OR "
                "(source_system = ? AND record_id = ?)", [*a, *b])}
    left, right = rows.get(a, {}), rows.get(b, {})
    for kind in IDENTIFIER_FIELDS:
        ka, kb = match_key(left.get(kind)), match_key(right.get(kind))
        if ka and kb:
            found.append({"identifier": kind, "values": [left[kind], right[kind]],
                          "same": ka == kb,
                          "effect": "linked" if ka == kb else "kept apart"})
    return found
