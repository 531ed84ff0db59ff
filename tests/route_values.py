"""Real ids from an analysed store, by the parameter names the API routes use (shared by the
tests that call every route)."""

from __future__ import annotations

from linewatch.api.saved_charts import save_chart
from linewatch.storage import Store


def route_values(store: Store) -> dict[str, str]:
    """A line, its first number, the top target, the top safeguarding entry, a cuckooed
    address, a plate and a saved link chart (saved here when the store holds none), keyed as
    the routes' path and query parameters."""
    line_id, number = store.query(
        "SELECT line_id, number FROM line_numbers ORDER BY line_id, first_seen LIMIT 1")[0]
    target, surname = store.query(
        "SELECT t.person_id, p.surname FROM target_list t JOIN persons p USING (person_id) "
        "ORDER BY t.rank LIMIT 1")[0]
    child = store.scalar("SELECT person_id FROM safeguarding_list ORDER BY rank LIMIT 1")
    address = store.scalar("SELECT address FROM address_cuckooing WHERE cuckooed "
                           "ORDER BY cuckooing_score DESC, address LIMIT 1")
    vrm = store.scalar("SELECT vrm FROM anpr ORDER BY vrm LIMIT 1")
    system, record = store.query("SELECT source_system, record_id FROM nominals "
                                 "ORDER BY source_system, record_id LIMIT 1")[0]
    chart = store.scalar("SELECT chart_id FROM saved_charts ORDER BY chart_id LIMIT 1") or \
        save_chart(store, "Route values", {"nodes": [{"id": f"line:{line_id}"}]},
                   "route-values", "analyst")["chart_id"]
    return {k: str(v) for k, v in {
        "line_id": line_id, "number": number, "person_id": target, "q": surname,
        "entity": f"phone:{number}", "from": f"person:{target}", "to": f"person:{child}",
        "address": address, "vrm": vrm, "source_system": system, "record_id": record,
        "chart_id": chart}.items()}
