"""Deliver alerts outside the app: a local JSONL file and a webhook (both off by default).

Only alerts not yet delivered are sent, after the transaction that raised them has committed
(the CLI calls :func:`deliver_pending` after an import or a run; the server's writer after a
job). What leaves the store is the alert's summary and references to its evidence (table,
batch, row, key), never record or intelligence text; an alert resting on intelligence shared
with conditions (handling code ``C``) is kept in the app only and marked ``withheld``.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from linewatch.settings.alerts import AlertSettings
from linewatch.storage import Store
from linewatch.watch.watches import now

log = logging.getLogger("linewatch.watch")
OUTSIDE_CODES = frozenset({"P"})


def outside_payload(row: dict[str, Any]) -> dict[str, Any]:
    """What an alert looks like outside the app: references, no text."""
    evidence = json.loads(row["evidence"] or "[]")
    return {"alert_id": row["alert_id"], "user": row["user_name"], "kind": row["kind"],
            "value": row["value"], "summary": row["summary"], "run_id": row["run_id"],
            "batch_id": row["batch_id"], "created_at": str(row["created_at"]),
            "evidence": [{k: e.get(k) for k in ("table", "batch", "row", "key")}
                         for e in evidence]}


def deliver_pending(store: Store, settings: AlertSettings | None = None) -> dict[str, int]:
    """Send every undelivered alert to the configured destinations; returns counts."""
    cfg = settings or AlertSettings()
    if (cfg.jsonl_path is None and not cfg.webhook_url) or not store.table_exists("alerts"):
        return {"delivered": 0, "withheld": 0, "failed": 0}
    rows = store.query_dicts(
        "SELECT alert_id, user_name, kind, value, summary, CAST(evidence AS VARCHAR) AS "
        "evidence, handling_codes, run_id, batch_id, created_at FROM alerts "
        "WHERE delivered_at IS NULL AND delivery_error IS NULL ORDER BY created_at, alert_id")
    counts = {"delivered": 0, "withheld": 0, "failed": 0}
    for row in rows:
        if set(row["handling_codes"] or []) - OUTSIDE_CODES:
            _mark(store, row["alert_id"], "withheld: rests on intelligence shared with "
                                          "conditions")
            counts["withheld"] += 1
            continue
        error = _send(outside_payload(row), cfg)
        _mark(store, row["alert_id"], error)
        counts["failed" if error else "delivered"] += 1
    return counts


def _send(payload: dict[str, Any], cfg: AlertSettings) -> str | None:
    try:
        if cfg.jsonl_path is not None:
            cfg.jsonl_path.parent.mkdir(parents=True, exist_ok=True)
            with cfg.jsonl_path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(payload, sort_keys=True) + "\n")
        if cfg.webhook_url:
            response = httpx.post(cfg.webhook_url, json=payload,
                                  timeout=cfg.webhook_timeout_seconds)
            response.raise_for_status()
    except (OSError, httpx.HTTPError) as exc:
        log.warning("delivering alert %s failed: %s", payload["alert_id"], exc)
        return f"{type(exc).__name__}: {str(exc)[:300]}"
    return None


def _mark(store: Store, alert_id: str, error: str | None) -> None:
    if error is None:
        store.execute("UPDATE alerts SET delivered_at = ? WHERE alert_id = ?",
                      [now(), alert_id])
    else:
        store.execute("UPDATE alerts SET delivery_error = ? WHERE alert_id = ?",
                      [error, alert_id])
