"""Store look-ups shared by the text matchers: what a match is, and nominal records to persons.

All look-ups register the values being looked for as a small Arrow table (``lw_text_wanted``)
and join it to the store's tables in SQL, so their cost grows with the number of distinct values
mentioned, not with the size of the store. Values are never formatted into SQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from linewatch.storage import Store

WANTED = "lw_text_wanted"


@dataclass(frozen=True)
class Match:
    """One mention tied to one known entity: what, which, how and how sure.

    ``matched_type`` is ``phone`` (id: the E.164 number), ``vehicle`` (the compact plate),
    ``person`` (a resolved ``person_id``), ``nominal`` (``source_system:record_id`` when the
    record is in no resolved person yet), ``address`` (the address as the store writes it),
    ``postcode`` or ``line`` (a ``line_id`` from detection).
    """

    matched_type: str
    matched_id: str
    method: str
    confidence: float
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@contextlib.contextmanager
def wanted(store: Store, values: Iterable[str]) -> Iterator[str]:
    """Make ``values`` visible to SQL as table ``lw_text_wanted(value)``."""
    table = pa.table({"value": pa.array(sorted(set(values)), pa.string())})
    with store.registered(WANTED, table) as name:
        yield name


def has_columns(store: Store, table: str, columns: Iterable[str]) -> bool:
    """Whether ``table`` exists with all of ``columns`` (optional upstream outputs)."""
    if not store.table_exists(table):
        return False
    return set(columns) <= set(store.columns(table))


def record_entities(store: Store, records: Iterable[tuple[str, str]]
                    ) -> dict[tuple[str, str], tuple[str, str]]:
    """``(source_system, record_id) -> (matched_type, matched_id)`` for nominal records.

    A record in ``person_records`` (resolution output) is its person; any other record stands
    for itself as ``("nominal", "source_system:record_id")``.
    """
    keys = sorted(set(records))
    out = {k: ("nominal", f"{k[0]}:{k[1]}") for k in keys}
    if not keys or not has_columns(store, "person_records",
                                   ("person_id", "source_system", "record_id")):
        return out
    table = pa.table({"source_system": [k[0] for k in keys], "record_id": [k[1] for k in keys]})
    with store.registered("lw_text_records", table):
        rows = store.query(
            "SELECT r.source_system, r.record_id, min(p.person_id) FROM lw_text_records r "
            "JOIN person_records p ON p.source_system = r.source_system "
            "AND p.record_id = r.record_id GROUP BY 1, 2")
    for system, record, person in rows:
        if person is not None:
            out[(system, record)] = ("person", str(person))
    return out


def merge_matches(matches: Iterable[Match]) -> list[Match]:
    """One match per entity: the highest confidence, every method named, evidence merged."""
    best: dict[tuple[str, str], Match] = {}
    methods: dict[tuple[str, str], list[str]] = {}
    evidence: dict[tuple[str, str], dict[str, Any]] = {}
    for m in matches:
        key = (m.matched_type, m.matched_id)
        methods.setdefault(key, [])
        for part in m.method.split("+"):
            if part not in methods[key]:
                methods[key].append(part)
        merged = evidence.setdefault(key, {})
        for name, value in m.evidence.items():
            if isinstance(value, list) and isinstance(merged.get(name), list):
                merged[name] = merged[name] + [v for v in value if v not in merged[name]]
            else:
                merged.setdefault(name, value)
        if key not in best or m.confidence > best[key].confidence:
            best[key] = m
    return [Match(k[0], k[1], "+".join(methods[k]), round(best[k].confidence, 4), evidence[k])
            for k in best]


def split_ambiguous(matches: list[Match]) -> list[Match]:
    """Share the confidence among several equally good entities (two persons called 'Dee')."""
    n = len({(m.matched_type, m.matched_id) for m in matches})
    if n <= 1:
        return matches
    return [Match(m.matched_type, m.matched_id, m.method, round(m.confidence / n, 4),
                  {**m.evidence, "candidates": n}) for m in matches]
