"""Raise alerts: after an import or an analysis run, compare each watch with its subject now.

:func:`check_watches` runs inside the import's or the run's transaction (the server's writer
in a job, the CLI otherwise), so an alert exists exactly when the data that raised it does.
For each active watch it compares the state kept at the last check with the state now
(:func:`linewatch.watch.state.current_state`) and stores one alert listing every change:

- ``new records``: rows from a later import batch touch the subject (a watched number in new
  call data, a plate read by a camera, a new record joined to a person, a search matched);
- ``new mentions``: intelligence or a tip names the subject;
- ``flagged`` / ``unflagged``: a flag appeared or went (a child on the safeguarding list,
  a number scored as a deal line, an address judged cuckooed);
- ``score changed``: by at least the ``score_change`` setting;
- ``new number``: a watched line re-emerged on (or took on) a number it did not have;
- ``identity changed``: a watched person or line was merged into another id.

Each alert carries its evidence: the source rows (table, batch, row, key), the handling code
of each intelligence source, the run id and the import batch. Who may read it is decided when
it is read (:mod:`linewatch.api.alerts`), from those sources.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from linewatch.settings.alerts import AlertSettings
from linewatch.storage import Store
from linewatch.watch.state import current_state, mentions, new_rows, number_rows
from linewatch.watch.watches import now


def check_watches(store: Store, *, run_id: str | None = None, batch_id: int | None = None,
                  settings: AlertSettings | None = None) -> list[dict[str, Any]]:
    """Compare every active watch with its subject now; store and return the new alerts."""
    cfg = settings or AlertSettings()
    if not store.table_exists("watches"):
        return []
    watches = store.query_dicts(
        "SELECT watch_id, user_name, kind, value, CAST(state AS VARCHAR) AS state "
        "FROM watches WHERE removed_at IS NULL ORDER BY created_at, watch_id")
    raised = []
    for watch in watches:
        before = json.loads(watch["state"] or "{}")
        after = current_state(store, watch["kind"], watch["value"])
        reasons, evidence = _changes(store, watch, before, after, cfg.score_change)
        if reasons:
            raised.append(_store_alert(store, watch, reasons, evidence, run_id, batch_id))
        store.execute("UPDATE watches SET state = ? WHERE watch_id = ?",
                      [json.dumps(after, default=str), watch["watch_id"]])
    return raised


def _changes(store: Store, watch: dict[str, Any], before: dict[str, Any],
             after: dict[str, Any], score_change: float
             ) -> tuple[list[str], list[dict[str, Any]]]:
    kind, subject = watch["kind"], after["subject"]
    reasons: list[str] = []
    evidence: list[dict[str, Any]] = []
    if before.get("subject") and before["subject"] != subject:
        reasons.append(f"identity changed: {before['subject']} is now {subject}")
        evidence.append({"table": "entity_redirects", "key": f"{before['subject']}->{subject}",
                         "batch": None, "row": None})
    seen = before.get("batches", {})
    if any(after["batches"].get(t, 0) > seen.get(t, 0) for t in after["batches"]):
        rows = new_rows(store, kind, subject, seen)
        if rows:
            tables = sorted({r["table"] for r in rows})
            reasons.append(f"new records in {', '.join(tables)}")
            evidence += rows
    old_mentions = set(before.get("mentions", []))
    fresh = [m for m in mentions(store, kind, subject)
             if f"{m['source_kind']}:{m['source_id']}" not in old_mentions]
    if fresh:
        reasons.append(f"named in {len(fresh)} new text(s)")
        evidence += [{"table": m["source_kind"], "key": m["source_id"], "batch": None,
                      "row": None, "handling_code": m["handling_code"],
                      "handling_conditions": m["handling_conditions"]} for m in fresh]
    old_flags, new_flags = set(before.get("flags", [])), set(after["flags"])
    if new_flags - old_flags:
        reasons.append(f"flagged: {', '.join(sorted(new_flags - old_flags))}")
    if old_flags - new_flags:
        reasons.append(f"no longer flagged: {', '.join(sorted(old_flags - new_flags))}")
    if new_flags != old_flags:
        evidence.append(_output_evidence(kind, subject))
    old_score, new_score = before.get("score"), after["score"]
    if new_score is not None and (old_score is None and before.get("subject")
                                  or old_score is not None
                                  and abs(new_score - old_score) >= score_change):
        reasons.append(f"score changed from {old_score} to {new_score}")
        evidence.append(_output_evidence(kind, subject))
    if kind == "line":
        added = sorted(set(after["members"]) - set(before.get("members", [])))
        if added and before.get("subject"):
            reasons.append(f"new number(s) on the line: {', '.join(added)}")
            for number in added:
                evidence += number_rows(store, number)
    return reasons, _dedupe(evidence)


def _output_evidence(kind: str, subject: str) -> dict[str, Any]:
    table = {"person": "persons", "phone": "phone_scores", "line": "lines",
             "address": "address_cuckooing"}.get(kind, kind)
    return {"table": table, "key": subject, "batch": None, "row": None}


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for item in items:
        key = (item["table"], item.get("key"), item.get("batch"), item.get("row"))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _store_alert(store: Store, watch: dict[str, Any], reasons: list[str],
                 evidence: list[dict[str, Any]], run_id: str | None,
                 batch_id: int | None) -> dict[str, Any]:
    alert_id = "A" + uuid.uuid4().hex[:12].upper()
    codes = sorted({str(e.get("handling_code") or "P").upper() for e in evidence
                    if e["table"] in ("intel", "tip", "tips", "article")})
    tables = sorted({str(e["table"]) for e in evidence})
    summary = f"{watch['kind']} {watch['value']}: " + "; ".join(reasons)
    row = {"alert_id": alert_id, "watch_id": watch["watch_id"],
           "user_name": watch["user_name"], "kind": watch["kind"], "value": watch["value"],
           "reason": "; ".join(reasons), "summary": summary[:1000],
           "evidence": evidence, "handling_codes": codes, "source_tables": tables,
           "run_id": run_id, "batch_id": batch_id, "created_at": now()}
    store.execute(
        "INSERT INTO alerts (alert_id, watch_id, user_name, kind, value, reason, summary, "
        "evidence, handling_codes, source_tables, run_id, batch_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row["alert_id"], row["watch_id"], row["user_name"], row["kind"], row["value"],
         row["reason"], row["summary"], json.dumps(evidence, default=str), codes, tables,
         run_id, batch_id, row["created_at"]])
    return row
