"""An in-memory snapshot of the small analysis tables, for labelling and colouring graphs.

Roles, scores and names of every phone, person, line and address are read once (one query
per table) and kept in dictionaries until the store's data changes (a new import batch or
analysis run; checked at most every few seconds), so decorating a 500-node neighbourhood costs
dictionary look-ups instead of queries. The call records are never loaded.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from linewatch.api.data import rows, table_exists, table_names
from linewatch.api.memory import NotCached, answering_from_memory
from linewatch.network.relations import Relation, load_relations
from linewatch.storage import Store, identities

REFRESH_SECONDS = 5.0
log = logging.getLogger("linewatch.api")
T = TypeVar("T")
Index = defaultdict[str, list[dict[str, Any]]]


_WRITES: weakref.WeakKeyDictionary[Store, int] = weakref.WeakKeyDictionary()


def data_written(store: Store) -> None:
    """Say that a job (an import, a run, a retention decision, ...) committed: the next
    version check sees a new version even if no batch or run was added."""
    _WRITES[store] = _WRITES.get(store, 0) + 1


def data_version(store: Store) -> tuple[Any, ...]:
    """Changes whenever an import batch or analysis run finishes, a table appears or the
    server's writer commits a job (:func:`data_written`)."""
    table_names(store, max_age=0.0)  # read again now
    batches = store.scalar("SELECT max(batch_id) FROM import_batches") \
        if table_exists(store, "import_batches") else None
    runs = store.query_one("SELECT count(*), max(finished_at) FROM analysis_runs") \
        if table_exists(store, "analysis_runs") else None
    tables = tuple(sorted(r[0] for r in store.query(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary AND database_name = "
        "current_database()")))
    return (batches, runs, hash(tables), _WRITES.get(store, 0))


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
    #: recorded relationships (contract v2), indexed by the node id of either end
    relations: defaultdict[str, list[Relation]] = field(
        default_factory=lambda: defaultdict(list))
    #: labels of the events, objects and officers relationships name (``event:31868``)
    entity_label: dict[str, str] = field(default_factory=dict)
    _phone_attributes: dict[str, dict[str, Any]] | None = None

    def phone_attributes(self) -> dict[str, dict[str, Any]]:
        """``role``, ``line_id``, ``score`` and display ``label`` of each known phone, ready
        to merge into a chart node (built on first use)."""
        from linewatch.api.graph import display_phone

        if self._phone_attributes is None:
            if answering_from_memory():
                raise NotCached("phone attributes")
            merged: dict[str, dict[str, Any]] = {}
            for number, (role, line_id) in self.phone_role.items():
                merged[number] = {"role": role, "line_id": line_id}
            for number, score in self.phone_score.items():
                merged.setdefault(number, {})["score"] = score
            for number, attributes in merged.items():
                if number.startswith("+"):
                    attributes["label"] = display_phone(number)
            self._phone_attributes = merged
        return self._phone_attributes

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
        self._load_relations(store)

    def _load_relations(self, store: Store) -> None:
        relations = load_relations(store)
        for rel in relations:
            for kind, key in ((rel.a_kind, rel.a_key), (rel.b_kind, rel.b_key)):
                self.relations[f"{kind}:{key.upper() if kind == 'address' else key}"].append(
                    rel)
        if not relations:
            return
        for r in rows(store, ["events"], "SELECT event_id, coalesce(crime_category, offence, "
                      "event_type) AS what, occurred_at FROM events WHERE event_id IS NOT NULL"):
            when = f", {r['occurred_at']:%d %b %Y}" if r["occurred_at"] else ""
            self.entity_label["event:" + r["event_id"]] = f"{r['what']}{when}"
        for r in rows(store, ["objects"], "SELECT object_id, object_type, vrm, "
                      "coalesce(description, concat_ws(' ', make, model), object_type) AS what "
                      "FROM objects WHERE object_id IS NOT NULL"):
            label = str(r["vrm"] or r["what"] or r["object_id"])
            self.entity_label["object:" + r["object_id"]] = label
            self.entity_label["vehicle:" + r["object_id"]] = label
            if r["vrm"]:
                self.entity_label["vehicle:" + r["vrm"]] = label
        for r in rows(store, ["officers"], "SELECT officer_id, badge_number, "
                      "concat_ws(' ', rank, surname) AS who FROM officers"):
            label = r["who"] or r["officer_id"]
            for key in (r["officer_id"], r["badge_number"]):
                if key:
                    self.entity_label["officer:" + key] = label


class _Holder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.version: tuple[Any, ...] | None = None
        self.checked = 0.0
        self.building = False  # a new snapshot is being loaded
        self.check_lock = threading.Lock()
        self.checker: threading.Thread | None = None  # see _check_in_background
        #: data version each derived table was built for (see derived_table)
        self.derived: dict[str, tuple[Any, ...] | None] = {}
        self.derived_lock = threading.Lock()
        #: per-version memos (see :func:`memo`), dropped when the version changes
        self.memos: dict[str, Any] = {}
        self.memo_version: tuple[Any, ...] | None = None
        self.memo_lock = threading.Lock()
        self.memo_locks: dict[str, threading.Lock] = {}


_HOLDERS: weakref.WeakKeyDictionary[Store, _Holder] = weakref.WeakKeyDictionary()
_HOLDERS_LOCK = threading.Lock()


def snapshot(store: Store) -> Snapshot:
    """The store's current snapshot (rebuilt when its data changed)."""
    with _HOLDERS_LOCK:
        holder = _HOLDERS.setdefault(store, _Holder())
    if answering_from_memory():  # no check, no build, no waiting for another thread's
        age = time.monotonic() - holder.checked
        if holder.snapshot is None or holder.building or age > REFRESH_SECONDS:
            raise NotCached("snapshot")
        if age > REFRESH_SECONDS / 2:
            _check_in_background(store, holder)
        return holder.snapshot
    return _refresh(store, holder, REFRESH_SECONDS)


def _refresh(store: Store, holder: _Holder, due: float) -> Snapshot:
    """Check the data version when the last check is older than ``due`` seconds; rebuild
    the snapshot when the version changed."""
    with holder.lock:
        if holder.snapshot is None or time.monotonic() - holder.checked > due:
            holder.checked = time.monotonic()
            version = data_version(store)
            if holder.snapshot is None or version != holder.version:
                holder.building = True
                try:
                    holder.snapshot = Snapshot.load(store)
                    settle()
                    holder.version = version
                finally:
                    holder.building = False
        assert holder.snapshot is not None  # noqa: S101 - narrows the type for mypy
        return holder.snapshot


def refresh_now(store: Store) -> Snapshot:
    """Check the data version now (not at the next periodic check) and rebuild what changed:
    called by the server's writer right after a job commits, so pages switch to the new data
    at once."""
    with _HOLDERS_LOCK:
        holder = _HOLDERS.setdefault(store, _Holder())
    return _refresh(store, holder, 0.0)


def _check_in_background(store: Store, holder: _Holder) -> None:
    """Start the data-version check in a thread of its own, once at a time.

    The event loop answers from memory only while the snapshot is less than
    ``REFRESH_SECONDS`` old; past that, every request would have to leave the loop until one
    of them has checked. Checked when half that time has gone by, a busy server's snapshot
    never gets that old (an idle one is checked by its next request, in the thread pool).
    """
    with holder.check_lock:
        if holder.checker is not None and holder.checker.is_alive():
            return

        def check() -> None:
            try:
                _refresh(store, holder, REFRESH_SECONDS / 2)
            except Exception:  # the next request checks again
                log.exception("checking the data version failed")

        holder.checker = threading.Thread(target=check, name="linewatch-version-check",
                                          daemon=True)
        holder.checker.start()


def memo(store: Store, name: str, load: Callable[[], T]) -> T:
    """``load()``, computed once per data version of ``store`` and kept under ``name``.

    For read-mostly look-ups the pages need on every request (rows of a small table keyed by
    person, the resolve model, the contact index): one query per version instead of one per
    request. Two requests needing the same memo wait for one load; other memos stay available.
    """
    snapshot(store)
    holder = _HOLDERS[store]
    if answering_from_memory():
        with holder.memo_lock:
            if holder.memo_version != holder.version or name not in holder.memos:
                raise NotCached(name)
            return cast(T, holder.memos[name])
    with holder.memo_lock:
        if holder.memo_version != holder.version:
            holder.memos, holder.memo_locks = {}, {}
            holder.memo_version = holder.version
        memos = holder.memos
        if name in memos:
            return cast(T, memos[name])
        lock = holder.memo_locks.setdefault(name, threading.Lock())
    with lock:
        if name not in memos:
            memos[name] = load()
            settle()
        return cast(T, memos[name])


def current_id(store: Store, kind: str, entity_id: str) -> str:
    """:func:`linewatch.storage.identities.current_id` from a per-version map of the
    redirects (only a run writes them): no query per request."""
    moved = memo(store, f"redirects:{kind}", lambda: identities.redirect_map(store, kind))
    return moved.get(entity_id, entity_id)


def settle() -> None:
    """Move every object alive now out of the garbage collector's sight (``gc.freeze``).

    The caches hold millions of long-lived objects; without this every full collection walks
    them all, a pause of up to a few hundred milliseconds in the middle of some request.
    Called after a cache is built (rare), so the few short-lived objects frozen with them
    cost nothing worth mentioning.
    """
    gc.freeze()


def keyed(store: Store, name: str, tables: Iterable[str], sql: str,
          json_keys: Iterable[str] = ()) -> dict[Any, list[dict[str, Any]]]:
    """Rows of ``sql`` grouped by its ``_key`` column (dropped from each row), per version.

    Missing tables give an empty mapping, like :func:`linewatch.api.data.rows`.
    """
    def load() -> dict[Any, list[dict[str, Any]]]:
        grouped: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for row in rows(store, tables, sql, json_keys=json_keys):
            grouped[row.pop("_key")].append(row)
        return dict(grouped)

    return memo(store, name, load)


def movements_table(store: Store) -> str | None:
    """A cached table of events per (number, day, originating cell), sorted by number.

    The phone page's movement map reads a number's days and cells from it instead of
    scanning ``cdr``; windowed queries still read ``cdr``.
    """
    return derived_table(store, "movements", ["cdr"], """
        SELECT a_number AS number, date_trunc('day', start_time) AS day, a_cell_id AS cell_id,
               count(*) AS n
        FROM cdr WHERE a_cell_id IS NOT NULL GROUP BY ALL ORDER BY number, day""")


def daily_activity_table(store: Store) -> str | None:
    """A cached table of events per (number, day), counting both ends of every event: the
    line page's activity chart reads it instead of scanning ``cdr`` twice per request."""
    return derived_table(store, "daily_activity", ["cdr"], """
        SELECT number, CAST(date_trunc('day', start_time) AS DATE) AS day, count(*) AS n
        FROM (SELECT a_number AS number, start_time FROM cdr
              UNION ALL SELECT b_number, start_time FROM cdr)
        WHERE number IS NOT NULL GROUP BY ALL ORDER BY number, day""")


def derived_table(store: Store, name: str, needs: Iterable[str], select: str) -> str | None:
    """A table of the store's in-memory cache database built from ``select`` once per data
    version, or ``None`` when a table it reads from does not exist. Returns its name."""
    if answering_from_memory():
        raise NotCached(name)  # it is read through a query
    if not all(table_exists(store, t) for t in needs):
        return None
    snapshot(store)
    holder = _HOLDERS[store]
    table = f"{store.cache_db()}.lw_{name}_{id(holder):x}"
    with holder.derived_lock:
        if holder.derived.get(name) != holder.version:
            store.execute(f"CREATE OR REPLACE TABLE {table} AS {select}")
            holder.derived[name] = holder.version
    return table
