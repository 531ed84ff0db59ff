"""Reading stored alerts (who may see each one is the API's rule: :mod:`linewatch.api.alerts`)."""

from __future__ import annotations

import json
from typing import Any

from linewatch.storage import Store
from linewatch.watch.watches import now


def list_alerts(store: Store, user: str | None = None, *, unread: bool = False,
                limit: int = 200) -> list[dict[str, Any]]:
    """Alerts, newest first: one user's (the owner of the watch) or everyone's."""
    rows = store.query_dicts(
        "SELECT alert_id, watch_id, user_name, kind, value, reason, summary, "
        "CAST(evidence AS VARCHAR) AS evidence, handling_codes, source_tables, run_id, "
        "batch_id, created_at, read_at FROM alerts WHERE (? IS NULL OR user_name = ?) "
        "AND (NOT ? OR read_at IS NULL) ORDER BY created_at DESC, alert_id LIMIT ?",
        [user, user, unread, limit])
    for row in rows:
        row["evidence"] = json.loads(row["evidence"] or "[]")
        row["handling_codes"] = list(row["handling_codes"] or [])
        row["source_tables"] = list(row["source_tables"] or [])
    return rows


def mark_read(store: Store, alert_ids: list[str]) -> None:
    """Note when alerts were first read."""
    for alert_id in alert_ids:
        store.execute("UPDATE alerts SET read_at = ? WHERE alert_id = ? AND read_at IS NULL",
                      [now(), alert_id])
