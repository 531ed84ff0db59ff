"""Planning an operation: its addresses and people, its time, and its status.

An operation is built from a line's network (trap houses in ``line_addresses`` and the homes of
the people with roles on the line), from the top of the target list, or by hand. Victim first:
a child, or anyone the safeguarding stage flagged, joins the plan as someone to *safeguard*,
never as a target.

Changing an approved plan returns it to ``draft``; an executed plan can no longer be changed
(the status workflow is in :mod:`linewatch.ops.status`). Every change is in ``operation_log``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from linewatch.errors import InputError, LinewatchError, NotFound
from linewatch.ops.forces import ForceMap
from linewatch.ops.knowledge import Knowledge, same_place, split_postcode
from linewatch.ops.tables import ensure_tables, has, log, now
from linewatch.schema.types import dates
from linewatch.schema.types import postcode as postcode_type
from linewatch.storage import Store, identities

DEFAULT_WINDOW_MIN = 30
#: markers that on their own make a person someone to safeguard rather than target (drug use or
#: mental ill health alone do not: the safeguarding stage's flag decides those)
VICTIM_MARKERS = frozenset({"vulnerable_adult", "learning_disability"})


def parse_time(value: str | dt.datetime | None) -> dt.datetime | None:
    """An ISO time (naive = Europe/London wall time) as naive UTC; ``None`` when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return dates.clean_datetime(value)


def create_operation(store: Store, name: str, *, user: str, planned_at: Any = None,
                     investigation: str | None = None, line_id: str | None = None,
                     targets: int | None = None, person_ids: list[str] | None = None,
                     addresses: list[str] | None = None,
                     entry_window_min: int = DEFAULT_WINDOW_MIN,
                     forces: ForceMap | None = None) -> str:
    """Create a draft operation and fill it; returns the new ``operation_id``."""
    ensure_tables(store)
    if not name.strip():
        raise InputError("an operation needs a name")
    if not user.strip():
        raise InputError("an operation needs the user who creates it")
    if entry_window_min < 0:
        raise InputError("the entry window cannot be negative")
    with store.transaction():
        numbers = [int(m.group(1)) for (oid,) in store.query(
            "SELECT operation_id FROM operations") if (m := re.fullmatch(r"OP(\d+)", oid))]
        operation_id = f"OP{max(numbers, default=0) + 1}"
        store.execute(
            "INSERT INTO operations (operation_id, name, investigation, planned_at, "
            "entry_window_min, status, line_ids, created_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?)",
            [operation_id, name.strip(), investigation, parse_time(planned_at),
             entry_window_min, [line_id] if line_id else [], user, now()])
        log(store, operation_id, user, "create", to_status="draft",
            detail={"name": name, "line_id": line_id, "targets": targets})
        forces = forces or ForceMap.load()
        if line_id:
            add_line(store, operation_id, line_id, user=user, forces=forces)
        if targets:
            add_top_targets(store, operation_id, targets, user=user, forces=forces)
        for pid in person_ids or []:
            add_person(store, operation_id, pid, user=user, source="manual", forces=forces)
        for text in addresses or []:
            address, postcode = split_postcode(text)
            add_address(store, operation_id, address, postcode, user=user, source="manual",
                        forces=forces)
    return operation_id


def get_operation(store: Store, operation_id: str) -> dict[str, Any]:
    """The operation row with its addresses, people and log."""
    ensure_tables(store)
    rows = store.query_dicts("SELECT * FROM operations WHERE operation_id = ?", [operation_id])
    if not rows:
        raise NotFound(f"no operation '{operation_id}'")
    op = rows[0]
    # ids kept when the operation was planned stand for the entities they are now
    lines_now, persons_now = (identities.redirect_map(store, "line"),
                              identities.redirect_map(store, "person"))
    op["line_ids"] = [lines_now.get(x, x) for x in op["line_ids"] or []]
    op["addresses"] = store.query_dicts(
        "SELECT * FROM operation_addresses WHERE operation_id = ? "
        "ORDER BY CAST(substr(address_id, 2) AS INTEGER)", [operation_id])
    for a in op["addresses"]:
        a["line_ids"] = [lines_now.get(x, x) for x in a["line_ids"] or []]
        a["entry_at"] = a["planned_entry"] or op["planned_at"]
    op["people"] = store.query_dicts(
        "SELECT person_id, kind, address_id, source, reason, added_by, added_at "
        "FROM operation_targets WHERE operation_id = ? ORDER BY added_at, person_id",
        [operation_id])
    for person in op["people"]:
        person["person_id"] = persons_now.get(person["person_id"], person["person_id"])
    op["log"] = store.query_dicts(
        "SELECT \"at\", user_name, action, from_status, to_status, CAST(detail AS VARCHAR) "
        "AS detail FROM operation_log WHERE operation_id = ? ORDER BY \"at\"", [operation_id])
    return op


def list_operations(store: Store) -> list[dict[str, Any]]:
    ensure_tables(store)
    return store.query_dicts(
        "SELECT o.operation_id, o.name, o.planned_at, o.status, o.created_by, o.created_at, "
        "o.approved_by, "
        "count(a.address_id) AS addresses, list_distinct(list(a.force)) AS forces "
        "FROM operations o LEFT JOIN operation_addresses a USING (operation_id) "
        "GROUP BY ALL ORDER BY o.created_at DESC")


def _editable(store: Store, operation_id: str, user: str, action: str) -> None:
    """Refuse changes to executed plans; send an approved plan back to draft."""
    status = store.scalar("SELECT status FROM operations WHERE operation_id = ?",
                          [operation_id])
    if status is None:
        raise NotFound(f"no operation '{operation_id}'")
    if status in ("executed", "closed"):
        raise LinewatchError(f"operation {operation_id} is {status}: its plan can no longer "
                             "be changed")
    if status == "approved":
        store.execute("UPDATE operations SET status = 'draft', approved_by = NULL, "
                      "approved_at = NULL, approved_hash = NULL WHERE operation_id = ?",
                      [operation_id])
        log(store, operation_id, user, "unapprove", from_status="approved", to_status="draft",
            detail={"because": action})


def add_address(store: Store, operation_id: str, address: str, postcode: str | None = None, *,
                user: str, source: str = "manual", reason: str | None = None,
                line_ids: list[str] | None = None, planned_entry: Any = None,
                forces: ForceMap | None = None) -> str:
    """Add an address (once: the same address again only merges lines and reasons)."""
    ensure_tables(store)
    cleaned = postcode_type.try_clean(postcode) if postcode else None
    if postcode and cleaned is None:
        raise InputError(f"'{postcode}' is not a UK postcode", field="postcode")
    if not address.strip():
        raise InputError("an address is needed", field="address")
    basis_note = ""
    if cleaned is None:
        cleaned = _reference_postcode(store, address)
        basis_note = "; postcode from the address reference data" if cleaned else ""
    for row in store.query_dicts(
            "SELECT address_id, address, postcode, line_ids, reason FROM operation_addresses "
            "WHERE operation_id = ?", [operation_id]):
        if same_place(address, cleaned, row["address"], row["postcode"]):
            merged = sorted(set(row["line_ids"] or []) | set(line_ids or []))
            reasons = "; ".join(dict.fromkeys(
                r for r in (row["reason"], reason) if r)) or None
            store.execute("UPDATE operation_addresses SET line_ids = ?, reason = ? "
                          "WHERE operation_id = ? AND address_id = ?",
                          [merged, reasons, operation_id, row["address_id"]])
            return str(row["address_id"])
    _editable(store, operation_id, user, f"address {address} added")
    count = store.scalar("SELECT count(*) FROM operation_addresses WHERE operation_id = ?",
                         [operation_id])
    address_id = f"A{int(count) + 1}"
    found = (forces or ForceMap.load()).lookup(cleaned)
    lat, lon = _locate(store, address, cleaned)
    store.execute(
        "INSERT INTO operation_addresses (operation_id, address_id, address, postcode, force, "
        "force_uncertain, force_basis, lat, lon, planned_entry, source, reason, line_ids, "
        "day_status, added_by, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)",
        [operation_id, address_id, address.strip(), cleaned, found.force, found.uncertain,
         found.basis + basis_note, lat, lon, parse_time(planned_entry), source, reason,
         sorted(set(line_ids or [])), user, now()])
    log(store, operation_id, user, "add_address",
        detail={"address_id": address_id, "address": address, "postcode": cleaned,
                "force": found.force, "source": source})
    return address_id


def _reference_postcode(store: Store, address: str) -> str | None:
    """The postcode the address reference data gives this address, when it gives one."""
    if not has(store, "addresses"):
        return None
    found = {r[1] for r in store.query("SELECT address, postcode FROM addresses WHERE "
                                       "postcode IS NOT NULL AND lower(address) LIKE ?",
                                       [f"%{address.split(',')[0].strip().lower()}%"])
             if same_place(address, None, r[0], r[1])}
    return found.pop() if len(found) == 1 else None


def _locate(store: Store, address: str, postcode: str | None) -> tuple[float | None,
                                                                      float | None]:
    """Coordinates from the address reference data, else events there, else the postcode."""
    for table in ("addresses", "events"):
        if not has(store, table):
            continue
        rows = store.query("SELECT address, postcode, lat, lon FROM " + table +  # noqa: S608
                           " WHERE (? IS NULL OR postcode IS NULL OR postcode = ?) "
                           "AND lat IS NOT NULL", [postcode, postcode])
        exact = [(r[2], r[3]) for r in rows if same_place(address, postcode, r[0], r[1])]
        if exact:
            return exact[0]
    if postcode and has(store, "addresses"):
        row = store.query_one("SELECT avg(lat), avg(lon) FROM addresses WHERE postcode = ? "
                              "AND lat IS NOT NULL", [postcode])
        if row and row[0] is not None:
            return float(row[0]), float(row[1])
    return None, None


def _safeguard_reason(knowledge: Knowledge, person_id: str, on: dt.date) -> str | None:
    """Why this person must be safeguarded rather than targeted (``None``: no reason)."""
    person = knowledge.persons.get(person_id)
    age = person.age(on) if person else None
    if age is not None and age < 18:
        return f"child (aged {age})"
    assessed = knowledge.exploitation.get(person_id)
    if assessed and assessed["safeguarding_flag"]:
        return "flagged for safeguarding (exploitation risk)"
    if person is not None:
        cuckoo = knowledge.cuckooing(person.address, person.postcode)
        if cuckoo and cuckoo["cuckooed"] and not any(
                r["role"] in ("controller", "runner") for r in knowledge.line_roles(person_id)):
            return "lives at an address assessed as cuckooed (victim)"
        marked = sorted(set(person.flags) & VICTIM_MARKERS)
        if marked:
            return f"vulnerable adult ({', '.join(marked)})"
    return None


def add_person(store: Store, operation_id: str, person_id: str, *, user: str,
               source: str = "manual", reason: str | None = None, kind: str | None = None,
               with_home: bool = True, forces: ForceMap | None = None,
               knowledge: Knowledge | None = None) -> dict[str, Any]:
    """Add a person as a target (or, victim first, as someone to safeguard) and their home."""
    ensure_tables(store)
    knowledge = knowledge or Knowledge(store)
    person = knowledge.persons.get(person_id)
    if person is None:
        raise NotFound(f"no person '{person_id}'")
    op = store.query_one("SELECT planned_at FROM operations WHERE operation_id = ?",
                         [operation_id])
    if op is None:
        raise NotFound(f"no operation '{operation_id}'")
    on = (op[0] or now()).date()
    safeguard = _safeguard_reason(knowledge, person_id, on)
    chosen = kind or ("safeguard" if safeguard else "target")
    if chosen not in ("target", "safeguard"):
        raise InputError(f"unknown kind '{chosen}' (target or safeguard)", field="kind")
    address_id = None
    if with_home and person.address and chosen == "target":
        address_id = add_address(store, operation_id, person.address, person.postcode,
                                 user=user, source=source,
                                 reason=f"home of {person_id}", forces=forces)
    existing = store.scalar("SELECT count(*) FROM operation_targets WHERE operation_id = ? "
                            "AND person_id = ?", [operation_id, person_id])
    if not existing:
        _editable(store, operation_id, user, f"person {person_id} added")
        store.execute(
            "INSERT INTO operation_targets (operation_id, person_id, kind, address_id, source, "
            "reason, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [operation_id, person_id, chosen, address_id, source,
             "; ".join(r for r in (reason, safeguard) if r) or None, user, now()])
        log(store, operation_id, user, "add_person",
            detail={"person_id": person_id, "kind": chosen, "source": source})
    return {"person_id": person_id, "kind": chosen, "address_id": address_id,
            "safeguard_reason": safeguard}


def add_line(store: Store, operation_id: str, line_id: str, *, user: str,
             forces: ForceMap | None = None) -> dict[str, Any]:
    """Add a line's trap houses and the people with roles on it (targets' homes too)."""
    knowledge = Knowledge(store)
    traps = []
    if has(store, "line_addresses"):
        traps = store.query_dicts("SELECT address, postcode, confidence FROM line_addresses "
                                  "WHERE line_id = ? ORDER BY confidence DESC", [line_id])
    members = [r for r in (store.query_dicts(
        "SELECT person_id, role, max(confidence) AS confidence FROM person_roles "
        "WHERE line_id = ? AND role IN ('controller', 'runner', 'trap_occupant') "
        "GROUP BY person_id, role ORDER BY role, person_id", [line_id])
        if has(store, "person_roles") else [])]
    if not traps and not members:
        raise NotFound(f"nothing known about line '{line_id}' (no trap addresses or people "
                       "with roles on it: run the analysis first)")
    store.execute("UPDATE operations SET line_ids = list_distinct(list_append(coalesce("
                  "line_ids, []), ?)) WHERE operation_id = ?", [line_id, operation_id])
    added = []
    for t in traps:
        added.append(add_address(store, operation_id, t["address"], t["postcode"], user=user,
                                 source=f"line:{line_id}", reason=f"trap house of {line_id}",
                                 line_ids=[line_id], forces=forces))
    people = []
    for m in members:
        if m["person_id"] not in knowledge.persons:
            continue
        people.append(add_person(store, operation_id, m["person_id"], user=user,
                                 source=f"line:{line_id}",
                                 reason=f"{m['role'].replace('_', ' ')} of {line_id}",
                                 forces=forces, knowledge=knowledge))
        home = people[-1]["address_id"]
        if home:
            add_address(store, operation_id, knowledge.persons[m["person_id"]].address or "",
                        knowledge.persons[m["person_id"]].postcode, user=user,
                        line_ids=[line_id], forces=forces)
    return {"line_id": line_id, "addresses": added, "people": people}


def add_top_targets(store: Store, operation_id: str, n: int, *, user: str,
                    forces: ForceMap | None = None) -> list[dict[str, Any]]:
    """Add the first ``n`` people of the target list with their homes."""
    if not has(store, "target_list"):
        raise NotFound("no target list yet: run 'linewatch analyse' first")
    rows = store.query("SELECT person_id, rank FROM target_list ORDER BY rank LIMIT ?", [n])
    return [add_person(store, operation_id, pid, user=user, source="target_list",
                       reason=f"target list rank {rank}", forces=forces) for pid, rank in rows]


def set_entry(store: Store, operation_id: str, address_id: str, when: Any, *,
              user: str) -> None:
    """Set one address's planned entry time (``None``: the operation's time)."""
    _editable(store, operation_id, user, f"entry time of {address_id} changed")
    address_row(store, operation_id, address_id)
    store.execute("UPDATE operation_addresses SET planned_entry = ? WHERE operation_id = ? "
                  "AND address_id = ?", [parse_time(when), operation_id, address_id])
    log(store, operation_id, user, "set_entry", detail={"address_id": address_id,
                                                        "planned_entry": when})


def set_planned_at(store: Store, operation_id: str, when: Any, *, user: str) -> None:
    """Set the operation's planned time (the entry time of every address without its own)."""
    _editable(store, operation_id, user, "operation time changed")
    store.execute("UPDATE operations SET planned_at = ? WHERE operation_id = ?",
                  [parse_time(when), operation_id])
    log(store, operation_id, user, "set_time", detail={"planned_at": when})


def remove_address(store: Store, operation_id: str, address_id: str, *, user: str) -> None:
    _editable(store, operation_id, user, f"address {address_id} removed")
    address_row(store, operation_id, address_id)
    store.execute("DELETE FROM operation_addresses WHERE operation_id = ? AND address_id = ?",
                  [operation_id, address_id])
    log(store, operation_id, user, "remove_address", detail={"address_id": address_id})


def address_row(store: Store, operation_id: str, address_id: str) -> dict[str, Any]:
    rows = store.query_dicts("SELECT * FROM operation_addresses WHERE operation_id = ? AND "
                             "address_id = ?", [operation_id, address_id])
    if not rows:
        raise NotFound(f"operation {operation_id} has no address '{address_id}'")
    return rows[0]
