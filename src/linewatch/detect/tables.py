"""The detection stage's output tables: fixed columns, JSON evidence, the run id on every row.

Each table is replaced as a whole on each run and created with its columns even when a run
finds nothing, so readers (results export, API, UI) can always query it.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from linewatch.storage import Store

_S, _F, _I, _T = pa.string(), pa.float64(), pa.int64(), pa.timestamp("us")

SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "lines": [("line_id", _S), ("score", _F), ("first_seen", _T), ("last_seen", _T),
              ("explanation", _S)],
    "line_numbers": [("line_id", _S), ("number", _S), ("first_seen", _T), ("last_seen", _T)],
    "phone_roles": [("number", _S), ("role", _S), ("line_id", _S), ("person_id", _S),
                    ("confidence", _F), ("evidence", _S)],
    "person_roles": [("person_id", _S), ("role", _S), ("line_id", _S), ("confidence", _F),
                     ("evidence", _S)],
    "line_addresses": [("line_id", _S), ("address", _S), ("postcode", _S),
                       ("confidence", _F), ("evidence", _S)],
    "line_disruption": [("line_id", _S), ("level", _S), ("rank", _I), ("node", _S),
                        ("node_kind", _S), ("role", _S), ("fragmentation", _F), ("gain", _F),
                        ("harm_score", _F), ("nodes", _I), ("run_fragmentation_before", _F)],
}
JSON_COLUMNS = {"explanation", "evidence"}


def write_json_rows(store: Store, table: str, rows: list[dict[str, Any]], run_id: str) -> None:
    """Replace ``table`` with ``rows`` (dict values of JSON columns are serialised)."""
    columns = SCHEMAS[table]
    schema = pa.schema([*columns, ("run_id", _S)])
    data: dict[str, list[Any]] = {name: [] for name, _ in columns}
    for row in rows:
        for name, _ in columns:
            value = row.get(name)
            if name in JSON_COLUMNS and value is not None and not isinstance(value, str):
                value = json.dumps(value, default=str, ensure_ascii=False)
            data[name].append(value)
    data["run_id"] = [run_id] * len(rows)
    store.write_arrow(table, pa.table(data, schema=schema),
                      json_columns=[name for name, _ in columns if name in JSON_COLUMNS])


#: every output table of the detect stage and its columns, in order (``tests/storage/
#: test_stage_outputs.py`` checks a run writes exactly these). Replaced whole by each run and
#: not created by the store's migrations: see "The store" in docs/architecture.md.
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    # per-number features (features.py and its SQL steps), then the run id
    "phone_features": (
        "number", "n_events", "n_out", "n_in", "n_sms_out", "n_sms_in", "active_days",
        "max_daily_events", "events_per_day", "in_share", "night_share", "office_share",
        "answered_calls", "long_call_share", "first_ts", "last_ts", "contacts", "out_contacts", "in_contacts", "one_way_share",
        "repeat_initiators", "returning_contacts", "single_day_share",
        "inbound_per_initiator", "initiator_days_per_week", "star_share", "n_bursts",
        "max_burst", "burst_msgs", "burst_reach", "burst_repeat_share", "burst_reply_share",
        "burst_order_share", "burst_office_share", "burst_night_share", "burst_days",
        "n_imei", "n_imsi", "distinct_cells", "distinct_areas", "radius_gyration_km",
        "home_area", "home_area_share", "night_area", "night_area_share",
        "initiators_top_area", "initiators_located", "initiators_top_area_share",
        "initiators_away", "account_type", "run_id"),
    "phone_bursts": ("number", "start_time", "end_time", "messages", "recipients", "run_id"),
    "phone_scores": ("number", "deal_line_score", "is_deal_line", "explanation", "run_id"),
    # the wider contact graph (network/graph.py)
    "network_centrality": (
        "number", "community", "degree", "strength", "betweenness", "eigenvector", "run_id"),
    "network_communities": (
        "community", "size", "n_deal_lines", "line_ids", "top_numbers", "run_id"),
    **{table: (*(name for name, _ in columns), "run_id") for table, columns in SCHEMAS.items()},
}
