"""Recording what happened: warrants, people (arrested, charged, safeguarded) and seizures.

Outcomes arrive as a YAML/JSON document (see ``docs/operations.md``)::

    warrants:
      - address_id: A1
        entered_at: 2024-03-05T05:00
        people:
          - {person_id: P17, arrested: true, disposal: charged,
             offence: on suspicion of being concerned in the supply of Class A drugs}
          - {person_id: P4, safeguarded: true, referral: NRM referral}
        seizures:
          - {item_type: cash, value_gbp: "£20,000"}
          - {item_type: drug, drug_name: crack cocaine, drug_class: A, quantity: 56, unit: g}

Every value is cleaned by its type (times, postcodes, money, drug class, phone, plate). The
record is ``operation_results`` (a later entry for the same address, person or seizure
reference supersedes the earlier one, which is kept); it is also written into the graph as
``events`` and ``seizures`` rows with source system ``ops:<operation_id>`` and a new
``import_batches`` row per recording as their provenance (``_batch``, ``_row``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import yaml

from linewatch.errors import CleanError, InputError, LinewatchError
from linewatch.ops.knowledge import Knowledge, same_place
from linewatch.ops.plan import get_operation, parse_time
from linewatch.ops.status import set_status
from linewatch.ops.tables import ensure_tables, log, now
from linewatch.schema.types import drugs, money, plate
from linewatch.schema.types import phone as phone_type
from linewatch.schema.types import postcode as postcode_type
from linewatch.storage import Store
from linewatch.storage.runs import code_version

DISPOSALS = {
    "charged": "charged", "charge": "charged",
    "released_under_investigation": "released_under_investigation", "rui": "released_under_"
    "investigation", "released under investigation": "released_under_investigation",
    "no_further_action": "no_further_action", "nfa": "no_further_action",
    "no further action": "no_further_action", "bail": "released_on_bail",
    "released_on_bail": "released_on_bail", "cautioned": "cautioned", "caution": "cautioned",
}
ITEM_TYPES = ("cash", "drug", "weapon", "phone", "vehicle", "other")
_PERSON_KEYS = {"person_id", "ref", "arrested", "offence", "disposal", "charge", "safeguarded",
                "referral", "age", "sex", "town", "child", "note"}
_SEIZURE_KEYS = {"item_type", "drug_name", "drug_class", "quantity", "unit", "value_gbp",
                 "description", "imei", "number", "vrm", "ref", "note"}


def load_outcomes(path: str | Path) -> dict[str, Any]:
    """Read an outcomes document (YAML or JSON)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read outcomes ({exc})", file=str(path)) from exc
    if not isinstance(data, dict):
        raise InputError("outcomes must be a mapping with a 'warrants' list", file=str(path))
    return data


def _clean(field: str, where: str, fn: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    try:
        return fn(value)
    except CleanError as exc:
        raise InputError(str(exc), field=f"{where}.{field}") from exc


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    extra = sorted(keys - allowed)
    if extra:
        raise InputError(f"unknown field(s) {', '.join(extra)}", field=where)


def _town(address: str | None) -> str | None:
    """The last part of an address when it reads as a place name (``Chatham``)."""
    if not address or "," not in address:
        return None
    last = address.rsplit(",", 1)[1].strip()
    last = re.sub(r"\s+[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$", "", last).strip()
    return last if re.fullmatch(r"[A-Za-z][A-Za-z' \-]{1,40}", last) else None


def _person_row(knowledge: Knowledge, raw: dict[str, Any], where: str,
                when: dt.datetime) -> dict[str, Any]:
    _unknown(set(raw), _PERSON_KEYS, where)
    pid = raw.get("person_id")
    person = knowledge.persons.get(pid) if pid else None
    if pid and person is None:
        raise InputError(f"no person '{pid}'", field=f"{where}.person_id")
    arrested = bool(raw.get("arrested"))
    disposal_raw = raw.get("disposal")
    disposal = None
    if disposal_raw:
        disposal = DISPOSALS.get(str(disposal_raw).strip().lower().replace("-", "_"))
        if disposal is None:
            raise InputError(f"unknown disposal '{disposal_raw}' (charged, "
                             "released_under_investigation, no_further_action, bail)",
                             field=f"{where}.disposal")
        arrested = True
    if arrested and not (raw.get("offence") or "").strip():
        raise InputError("an arrest needs the offence wording", field=f"{where}.offence")
    if not arrested and not raw.get("safeguarded"):
        raise InputError("a person entry records an arrest or safeguarding", field=where)
    age = raw.get("age")
    if age is None and person is not None:
        age = person.age(when.date())
    sex = raw.get("sex") or (person.sex if person else None)
    if sex is not None and str(sex).upper() not in ("M", "F", "U"):
        raise InputError(f"sex must be M, F or U, not '{sex}'", field=f"{where}.sex")
    child = raw.get("child")
    if child is None:
        child = age is not None and int(age) < 18
    return {"kind": "person", "person_id": pid, "ref": raw.get("ref"), "arrested": arrested,
            "offence": (raw.get("offence") or "").strip() or None, "disposal": disposal,
            "charge": raw.get("charge"), "safeguarded": bool(raw.get("safeguarded")),
            "referral": raw.get("referral"), "age": int(age) if age is not None else None,
            "sex": str(sex).upper() if sex else None,
            "town": raw.get("town") or (_town(person.address) if person else None),
            "child": bool(child), "note": raw.get("note")}


def _seizure_row(raw: dict[str, Any], where: str) -> dict[str, Any]:
    _unknown(set(raw), _SEIZURE_KEYS, where)
    item = str(raw.get("item_type") or "").strip().lower()
    if item not in ITEM_TYPES:
        raise InputError(f"item_type must be one of {', '.join(ITEM_TYPES)}",
                         field=f"{where}.item_type")
    name = (raw.get("drug_name") or "").strip().lower() or None
    drug_class = _clean("drug_class", where, drugs.clean, raw.get("drug_class"))
    if item == "drug" and drug_class is None and name:
        drug_class = drugs.class_of(name)
    quantity = raw.get("quantity")
    try:
        quantity = float(quantity) if quantity not in (None, "") else None
    except (TypeError, ValueError) as exc:
        raise InputError(f"'{quantity}' is not a number", field=f"{where}.quantity") from exc
    imei = str(raw["imei"]).replace(" ", "") if raw.get("imei") else None
    if imei and not re.fullmatch(r"\d{14,16}", imei):
        raise InputError(f"'{raw['imei']}' is not an IMEI (14-16 digits)",
                         field=f"{where}.imei")
    value = _clean("value_gbp", where, money.clean, raw.get("value_gbp"))
    if item == "cash" and value is None:
        raise InputError("cash needs its amount (value_gbp)", field=f"{where}.value_gbp")
    return {"kind": "seizure", "item_type": item, "drug_name": name, "drug_class": drug_class,
            "quantity": quantity, "unit": raw.get("unit"), "value_gbp": value,
            "value_gbp_raw": None if raw.get("value_gbp") is None else str(raw["value_gbp"]),
            "description": raw.get("description"), "imei": imei,
            "number": _clean("number", where, phone_type.clean, raw.get("number")),
            "number_raw": raw.get("number"),
            "vrm": _clean("vrm", where, plate.clean, raw.get("vrm")), "vrm_raw": raw.get("vrm"),
            "ref": raw.get("ref"), "note": raw.get("note")}


def _address_for(op: dict[str, Any], raw: dict[str, Any], where: str) -> dict[str, Any]:
    if raw.get("address_id"):
        for a in op["addresses"]:
            if a["address_id"] == raw["address_id"]:
                return a
        raise InputError(f"no address '{raw['address_id']}' in the plan",
                         field=f"{where}.address_id")
    pc = _clean("postcode", where, postcode_type.clean, raw.get("postcode"))
    for a in op["addresses"]:
        if same_place(raw.get("address"), pc, a["address"], a["postcode"]):
            return a
    raise InputError("the address is not in the plan (give address_id, or address and "
                     "postcode as planned)", field=where)


def record_outcomes(store: Store, operation_id: str, outcomes: dict[str, Any], *,
                    user: str, source: str | None = None) -> dict[str, Any]:
    """Clean and store outcomes; returns what was written (results, events, seizures)."""
    ensure_tables(store)
    op = get_operation(store, operation_id)
    if op["status"] not in ("approved", "executed"):
        raise LinewatchError(f"operation {operation_id} is {op['status']}: outcomes are "
                             "recorded for an approved plan")
    warrants = outcomes.get("warrants")
    if not isinstance(warrants, list) or not warrants:
        raise InputError("outcomes need a non-empty 'warrants' list", field="warrants")
    default_time = parse_time(outcomes.get("executed_at")) or op["planned_at"] or now()
    knowledge = Knowledge(store)
    recorded = {r["address_id"]: r["occurred_at"] for r in results(store, operation_id)
                if r["kind"] == "warrant"}
    rows: list[dict[str, Any]] = []
    for i, w in enumerate(warrants):
        where = f"warrants[{i}]"
        if not isinstance(w, dict):
            raise InputError("each warrant is a mapping", field=where)
        _unknown(set(w), {"address_id", "address", "postcode", "executed", "entered_at",
                          "people", "seizures", "note"}, where)
        a = _address_for(op, w, where)
        entered = _clean("entered_at", where, parse_time, w.get("entered_at"))
        earlier = recorded.get(a["address_id"])
        when = entered or earlier or default_time
        if earlier is None or any(w.get(k) is not None for k in ("entered_at", "executed",
                                                                  "note")):
            # a later document only adding people or items keeps the recorded warrant
            rows.append({"kind": "warrant", "address_id": a["address_id"], "occurred_at": when,
                         "warrant_executed": w.get("executed", True) is not False,
                         "note": w.get("note")})
        for j, p in enumerate(w.get("people") or []):
            row = _person_row(knowledge, p, f"{where}.people[{j}]", when)
            rows.append({**row, "address_id": a["address_id"], "occurred_at": when})
        for j, s in enumerate(w.get("seizures") or []):
            row = _seizure_row(s, f"{where}.seizures[{j}]")
            rows.append({**row, "address_id": a["address_id"], "occurred_at": when})
    seen: set[tuple[str, str | None]] = set()
    for row in rows:
        ident = _identity(row)
        if ident is not None and ident in seen:
            raise InputError(f"{ident[0]} {ident[1]} is given twice in one recording")
        if ident is not None:
            seen.add(ident)
    with store.transaction():
        written = _write(store, op, rows, user, source or f"ops:{operation_id}")
        if op["status"] == "approved":
            set_status(store, operation_id, "executed", user=user, reason="outcomes recorded")
            first = min(r["occurred_at"] for r in rows)
            store.execute("UPDATE operations SET executed_at = ? WHERE operation_id = ?",
                          [first, operation_id])
        log(store, operation_id, user, "record", detail={
            "batch_id": written["batch_id"], "results": len(rows)})
    return written


def _identity(row: dict[str, Any]) -> tuple[str, str | None] | None:
    """What a later entry must share to supersede an earlier one."""
    if row["kind"] == "warrant":
        return ("warrant", row["address_id"])
    if row["kind"] == "person" and (row.get("person_id") or row.get("ref")):
        return ("person", row.get("person_id") or f"ref:{row['ref']}")
    if row["kind"] == "seizure" and row.get("ref"):
        return ("seizure", f"ref:{row['ref']}")
    return None


def _write(store: Store, op: dict[str, Any], rows: list[dict[str, Any]], user: str,
           source: str) -> dict[str, Any]:
    operation_id = op["operation_id"]
    system = f"ops:{operation_id}"
    batch = int(store.scalar("SELECT nextval('batch_seq')"))
    started = now()
    current = store.query_dicts(
        "SELECT result_id, kind, address_id, person_id, ref, event_ids, seizure_id FROM "
        "operation_results WHERE operation_id = ? AND NOT superseded", [operation_id])
    count = int(store.scalar("SELECT count(*) FROM operation_results WHERE operation_id = ?",
                             [operation_id]))
    by_address = {a["address_id"]: a for a in op["addresses"]}
    events: list[list[Any]] = []
    seizures: list[list[Any]] = []
    superseded = 0
    for row in rows:
        ident = _identity(row)
        for old in current:
            old_ident = _identity(old)
            if ident is not None and old_ident == ident:
                store.execute("UPDATE operation_results SET superseded = TRUE WHERE "
                              "operation_id = ? AND result_id = ?",
                              [operation_id, old["result_id"]])
                store.execute("DELETE FROM events WHERE source_system = ? AND "
                              "list_contains(?, event_id)", [system, old["event_ids"] or []])
                if old["seizure_id"]:
                    store.execute("DELETE FROM seizures WHERE source_system = ? AND "
                                  "seizure_id = ?", [system, old["seizure_id"]])
                superseded += 1
        count += 1
        result_id = f"R{count}"
        a = by_address[row["address_id"]]
        attrs = json.dumps({"operation_id": operation_id, "operation": op["name"],
                            "address_id": row["address_id"], "result_id": result_id,
                            "person_id": row.get("person_id"), "recorded_by": user},
                           ensure_ascii=False)
        place = [a["address"], a["postcode"], a["postcode"], a["lat"], a["lon"]]
        when = row["occurred_at"]
        event_ids: list[str] = []
        seizure_id = None
        if row["kind"] == "warrant":
            eid = f"{operation_id}-{row['address_id']}-W"
            event_ids.append(eid)
            events.append([system, eid, "warrant", when, str(when), None, None, *place, None,
                           "executed" if row["warrant_executed"] else "not_executed",
                           f"Warrant at {row['address_id']} ({op['name']})", attrs])
        elif row["kind"] == "person":
            rid = row.get("person_id")
            if row["arrested"]:
                eid = f"{operation_id}-{result_id}-A"
                event_ids.append(eid)
                events.append([system, eid, "arrest", when, str(when), rid, "suspect", *place,
                               row["offence"], row["disposal"] or "arrested",
                               row.get("charge"), attrs])
            if row["safeguarded"]:
                eid = f"{operation_id}-{result_id}-R"
                event_ids.append(eid)
                events.append([system, eid, "referral", when, str(when), rid, "victim", *place,
                               None, "safeguarded", row.get("referral"), attrs])
        else:
            eid = f"{operation_id}-{row['address_id']}-S"
            event_ids.append(eid)
            if not store.scalar("SELECT count(*) FROM events WHERE source_system = ? AND "
                                "event_id = ?", [system, eid]) and \
                    not any(e[1] == eid for e in events):
                events.append([system, eid, "seizure", when, str(when), None, None, *place,
                               None, None, f"Items seized at {row['address_id']}", attrs])
            seizure_id = f"{operation_id}-{result_id}"
            seizures.append([seizure_id, system, eid, row["item_type"], row["drug_name"],
                             row["drug_class"], row["quantity"], row["unit"], row["value_gbp"],
                             row["value_gbp_raw"], row["description"], row["imei"],
                             row["number"], row["number_raw"], row["vrm"], row["vrm_raw"],
                             attrs])
        store.execute(
            "INSERT INTO operation_results (operation_id, result_id, kind, address_id, "
            "person_id, occurred_at, warrant_executed, arrested, offence, disposal, charge, "
            "safeguarded, referral, age, sex, town, child, item_type, drug_name, drug_class, "
            "quantity, unit, value_gbp, description, imei, number, vrm, ref, note, "
            "event_ids, seizure_id, batch_id, recorded_by, recorded_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, ?)",
            [operation_id, result_id, row["kind"], row["address_id"], row.get("person_id"),
             when, row.get("warrant_executed"), row.get("arrested"), row.get("offence"),
             row.get("disposal"), row.get("charge"), row.get("safeguarded"),
             row.get("referral"), row.get("age"), row.get("sex"), row.get("town"),
             row.get("child"), row.get("item_type"), row.get("drug_name"),
             row.get("drug_class"), row.get("quantity"), row.get("unit"), row.get("value_gbp"),
             row.get("description"), row.get("imei"), row.get("number"), row.get("vrm"),
             row.get("ref"), row.get("note"),
             event_ids, seizure_id, batch, user, now()])
    for n, e in enumerate(events, start=1):
        store.execute(
            "INSERT INTO events (source_system, event_id, event_type, occurred_at, "
            "occurred_at_raw, record_id, role, address, postcode, postcode_raw, lat, lon, "
            "offence, outcome, detail, attrs, _batch, _file, _row) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)", [*e, batch, n])
    for n, s in enumerate(seizures, start=len(events) + 1):
        store.execute(
            "INSERT INTO seizures (seizure_id, source_system, event_id, item_type, drug_name, "
            "drug_class, quantity, unit, value_gbp, value_gbp_raw, description, imei, number, "
            "number_raw, vrm, vrm_raw, attrs, _batch, _file, _row) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)", [*s, batch, n])
    store.execute(
        "INSERT INTO import_batches (batch_id, started_at, finished_at, paths, kinds, "
        "rows_imported, rows_quarantined, rows_duplicate, files_skipped, mapping, "
        "code_version, user_name) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, NULL, ?, ?)",
        [batch, started, now(), [source], ["events", "seizures"],
         len(events) + len(seizures), code_version(), user])
    return {"operation_id": operation_id, "batch_id": batch, "results": len(rows),
            "superseded": superseded, "events": len(events), "seizures": len(seizures)}


def results(store: Store, operation_id: str, *,
            include_superseded: bool = False) -> list[dict[str, Any]]:
    """The operation's recorded results (current ones unless asked otherwise)."""
    ensure_tables(store)
    clause = "" if include_superseded else " AND NOT superseded"
    return store.query_dicts(
        "SELECT * FROM operation_results WHERE operation_id = ?" + clause +  # noqa: S608
        " ORDER BY CAST(substr(result_id, 2) AS INTEGER)", [operation_id])
