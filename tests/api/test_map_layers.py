"""The map's layers: line numbers' movement, ANPR reads and events, each dated for the slider."""

from __future__ import annotations

import json
from typing import Any

from linewatch.storage import Store


def test_the_map_answers_dated_layers_and_audits_them(clients: dict[str, Any],
                                                      store: Store) -> None:
    layers = clients["analyst"].get("/api/map").json()
    numbers = {r[0] for r in store.query("SELECT number FROM line_numbers")}
    assert layers["lines"], "line numbers with located calls"
    for track in layers["lines"]:
        assert track["number"] in numbers and track["points"]
        times = [p["at"] for p in track["points"]]
        assert times == sorted(times) and all(p["lat"] is not None for p in track["points"])
    anpr = store.scalar("SELECT count(*) FROM anpr WHERE lat IS NOT NULL")
    assert len(layers["reads"]) == min(anpr, 20000)
    assert all(r["at"] and r["vrm"] for r in layers["reads"])
    located = store.scalar("SELECT count(DISTINCT event_id) FROM events WHERE lat IS NOT NULL")
    assert len(layers["events"]) == located
    detail = store.scalar("SELECT detail FROM audit_log WHERE action = 'view_map' "
                          "ORDER BY seq DESC LIMIT 1")
    detail = json.loads(detail) if isinstance(detail, str) else detail
    assert detail["anpr_reads"] == len(layers["reads"])
    assert set(detail["lines"]) == {t["line_id"] for t in layers["lines"]}
