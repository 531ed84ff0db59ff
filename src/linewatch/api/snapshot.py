"""An in-memory snapshot of the small analysis tables, for labelling and colouring graphs.

Roles, scores and names of every phone, person, line and address are read once (one query
per table) and kept in dictionaries until the store's data changes (a new import batch or
analysis run; checked at most every few seconds), so decorating a 500-node neighbourhood costs
dictionary look-ups instead of queries. The call records are never loaded.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linewatch.api.data import forget_tables, rows, table_exists
from linewatch.storage import Store

REFRESH_SECONDS = 5.0
Index = defaultdict[str, list[dict[str, Any]]]


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever an import batch or analysis run finishes, or a table appears."""
    forget_tables(store)
    batches = store.scalar("SELECT max(batch_id) FROM import_batches") \
        if table_exists(store, "import_batches") else None
    runs = store.query_one("SELECT count(*), max(finished_at) FROM analysis_runs") \
        if table_exists(store, "analysis_runs") else None
    tables = tuple(sorted(r[0] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE NOT starts_with(table_name, "
        "'lw_search')")))
    return (batches, runs, hash(tables))


@dataclass
class Snapshot:
    phone_role: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    phone_score: dict[str, float] = field(default_factory=dict)
    person_label: dict[str, str] = field(default_factory=dict)
    person_role: dict[str, str] = field(default_factory=dict)
    person_risk: dict[str, tuple[float | None, bool]] = field(default_factory=dict)
    line_score: dict[str, float] = field(default_factory=dict)
    cuckoo: dict[str, tuple[float | None, bool]] = field(default_factory=dict)
    #: link adjacency (rows as dicts), indexed from both ends
    number_links: Index = field(default_factory=lambda: defaultdict(list))
    uses: Index = field(default_factory=lambda: defaultdict(list))
    homes: Index = field(default_factory=lambda: defaultdict(list))
    line_numbers: Index = field(default_factory=lambda: defaultdict(list))
    line_roles: Index = field(default_factory=lambda: defaultdict(list))
    traps: Index = field(default_factory=lambda: defaultdict(list))
    handsets: Index = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def load(cls, store: Store) -> Snapshot:
        snap = cls()
        snap._load_links(store)
        for r in rows(store, ["phone_roles"], "SELECT number, role, line_id FROM phone_roles"):
            snap.phone_role[r["number"]] = (r["role"], r["line_id"])
        for r in rows(store, ["phone_scores"], "SELECT number, deal_line_score FROM "
                      "phone_scores"):
            snap.phone_score[r["number"]] = r["deal_line_score"]
        for r in rows(store, ["persons"], "SELECT person_id, display_name FROM persons"):
            snap.person_label[r["person_id"]] = r["display_name"] or r["person_id"]
        for r in rows(store, ["person_roles"], "SELECT person_id, arg_max(role, confidence) "
                      "AS role FROM person_roles GROUP BY person_id"):
            snap.person_role[r["person_id"]] = r["role"]
        for r in rows(store, ["person_exploitation"], "SELECT person_id, exploitation_risk, "
                      "safeguarding_flag FROM person_exploitation"):
            snap.person_risk[r["person_id"]] = (r["exploitation_risk"],
                                                bool(r["safeguarding_flag"]))
        for r in rows(store, ["lines"], "SELECT line_id, score FROM lines"):
            snap.line_score[r["line_id"]] = r["score"]
        for r in rows(store, ["address_cuckooing"], "SELECT address, cuckooing_score, cuckooed "
                      "FROM address_cuckooing"):
            snap.cuckoo[str(r["address"]).strip().upper()] = (r["cuckooing_score"],
                                                              bool(r["cuckooed"]))
        return snap


    def _load_links(self, store: Store) -> None:
        for r in rows(store, ["number_links"], "SELECT number_a, number_b, link_type, confidence, "
                      "CAST(evidence AS VARCHAR) AS evidence FROM number_links"):
            self.number_links[r["number_a"]].append(r)
            self.number_links[r["number_b"]].append(r)
        if table_exists(store, "phone_persons"):
            uses = rows(store, ["phone_persons"], "SELECT number, person_id, confidence, "
                        "CAST(evidence AS VARCHAR) AS evidence FROM phone_persons")
        else:
            uses = rows(store, ["persons"], "SELECT number, person_id, NULL AS confidence, "
                        "NULL AS evidence FROM (SELECT person_id, unnest(phones) AS number "
                        "FROM persons) WHERE number IS NOT NULL")
        for r in uses:
            self.uses["phone:" + r["number"]].append(r)
            self.uses["person:" + r["person_id"]].append(r)
        for r in rows(store, ["persons"], "SELECT person_id, trim(address) AS address, postcode "
                      "FROM persons WHERE address IS NOT NULL AND trim(address) <> ''"):
            self.homes["person:" + r["person_id"]].append(r)
            self.homes["address:" + r["address"].upper()].append(r)
        for r in rows(store, ["line_numbers"], "SELECT line_id, number, first_seen, last_seen "
                      "FROM line_numbers"):
            self.line_numbers["line:" + r["line_id"]].append(r)
            self.line_numbers["phone:" + r["number"]].append(r)
        for r in rows(store, ["person_roles"], "SELECT person_id, role, line_id, confidence FROM "
                      "person_roles WHERE line_id IS NOT NULL AND role NOT IN ('none', "
                      "'customer')"):
            self.line_roles["line:" + r["line_id"]].append(r)
            self.line_roles["person:" + r["person_id"]].append(r)
        for r in rows(store, ["line_addresses"], "SELECT line_id, trim(address) AS address, "
                      "postcode, confidence FROM line_addresses WHERE address IS NOT NULL"):
            self.traps["line:" + r["line_id"]].append(r)
            self.traps["address:" + r["address"].upper()].append(r)
        for r in rows(store, ["phone_handsets"], "SELECT number, imei, first_seen, last_seen, "
                      "n_events FROM phone_handsets WHERE imei IS NOT NULL"):
            self.handsets["phone:" + r["number"]].append(r)
            self.handsets["handset:" + r["imei"]].append(r)


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.version: tuple[Any, ...] | None = None
        self.checked = 0.0
        self.contacts_version: tuple[Any, ...] | None = None


_HOLDERS: weakref.WeakKeyDictionary[Store, _Holder] = weakref.WeakKeyDictionary()
_HOLDERS_LOCK = threading.Lock()


def snapshot(store: Store) -> Snapshot:
    """The store's current snapshot (rebuilt when its data changed)."""
    with _HOLDERS_LOCK:
        holder = _HOLDERS.setdefault(store, _Holder())
    with holder.lock:
        if holder.snapshot is None or time.monotonic() - holder.checked > REFRESH_SECONDS:
            holder.checked = time.monotonic()
            version = data_version(store)
            if holder.snapshot is None or version != holder.version:
                holder.snapshot = Snapshot.load(store)
                holder.version = version
        return holder.snapshot


def contacts_table(store: Store) -> str | None:
    """A temporary table of call and text counts per ordered pair of numbers, or ``None``.

    ``(me, other, n, voice, first, last)`` with both directions, sorted by ``me``: the link
    chart reads a number's contacts from it without scanning ``cdr``. Rebuilt with the
    snapshot; queries with a time window still read ``cdr`` itself.
    """
    if not table_exists(store, "cdr"):
        return None
    snapshot(store)
    holder = _HOLDERS[store]
    name = f"lw_contacts_{id(holder):x}"
    with holder.lock:
        if holder.contacts_version != holder.version:
            store.execute(f"""
                CREATE OR REPLACE TEMP TABLE {name} AS
                SELECT me, other, count(*) AS n, count(*) FILTER (WHERE event_type = 'voice')
                       AS voice, min(start_time) AS first, max(start_time) AS last
                FROM (SELECT a_number AS me, b_number AS other, event_type, start_time FROM cdr
                      UNION ALL
                      SELECT b_number, a_number, event_type, start_time FROM cdr)
                GROUP BY me, other ORDER BY me, n DESC""")  # noqa: S608
            holder.contacts_version = holder.version
    return name
