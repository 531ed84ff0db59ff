"""Writing the stage's output tables with their agreed column types (JSON stays JSON)."""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from linewatch.storage import Store, check_identifier

#: column name -> DuckDB type, in order, for each output table of score and safeguard
TABLES: dict[str, list[tuple[str, str]]] = {
    "person_priority": [("person_id", "VARCHAR"), ("harm_score", "DOUBLE"),
                        ("priority", "DOUBLE"), ("components", "JSON"), ("run_id", "VARCHAR")],
    "target_list": [("rank", "INTEGER"), ("person_id", "VARCHAR"), ("priority", "DOUBLE"),
                    ("explanation", "JSON"), ("run_id", "VARCHAR")],
    "target_holdbacks": [("person_id", "VARCHAR"), ("priority", "DOUBLE"),
                         ("held_back_reason", "VARCHAR"), ("possible_same_as", "JSON"),
                         ("run_id", "VARCHAR")],
    "person_exploitation": [("person_id", "VARCHAR"), ("exploitation_risk", "DOUBLE"),
                            ("safeguarding_flag", "BOOLEAN"), ("indicators", "JSON"),
                            ("run_id", "VARCHAR")],
    "safeguarding_list": [("rank", "INTEGER"), ("person_id", "VARCHAR"),
                          ("exploitation_risk", "DOUBLE"), ("run_id", "VARCHAR")],
    "address_cuckooing": [("address", "VARCHAR"), ("postcode", "VARCHAR"),
                          ("cuckooing_score", "DOUBLE"), ("cuckooed", "BOOLEAN"),
                          ("evidence", "JSON"), ("run_id", "VARCHAR")],
}
_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "JSON": pa.string(),
          "INTEGER": pa.int32(), "BOOLEAN": pa.bool_()}


def replace_table(store: Store, name: str, rows: list[dict[str, Any]]) -> None:
    """Replace output table ``name`` with ``rows`` (dict/list values become JSON text)."""
    columns = TABLES[name]
    schema = pa.schema([(c, _ARROW[t]) for c, t in columns])
    clean = [{c: (json.dumps(r.get(c), default=str, ensure_ascii=False)
                  if t == "JSON" and not isinstance(r.get(c), str | None) else r.get(c))
              for c, t in columns} for r in rows]
    data = pa.Table.from_pylist(clean, schema=schema)
    ddl = ", ".join(f"{c} {t}" for c, t in columns)
    with store.transaction():
        store.execute(f"CREATE OR REPLACE TABLE {check_identifier(name)} ({ddl})")
        if rows:
            store.write_arrow(name, data, mode="append")


#: the score and safeguard stages' output tables and their columns (declared in ``TABLES``)
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(name for name, _ in columns) for table, columns in TABLES.items()}
