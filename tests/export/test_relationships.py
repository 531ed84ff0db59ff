"""Contract v2's ``relationships`` (when the store has them) become typed links in every
format, resolved from record ids to persons, under the handling-code rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from linewatch.api.exports import audience_for
from linewatch.export import export
from linewatch.export.sources import case_graph

#: the kind's columns as contract v2 defines them (a test copy may predate its migration)
COLUMNS = ("source_system VARCHAR, relationship_id VARCHAR, from_type VARCHAR, from_ref VARCHAR, "
           "from_ref_type VARCHAR, type VARCHAR, subtype VARCHAR, to_type VARCHAR, "
           "to_ref VARCHAR, to_ref_type VARCHAR, first_seen TIMESTAMP, last_seen TIMESTAMP, "
           "source VARCHAR, handling_code VARCHAR")


def test_relationships_are_links_between_the_resolved_people(analysed_world: Any,
                                                             tmp_path: Path) -> None:
    with analysed_world.open_copy(tmp_path) as store:
        store.execute(f"CREATE TABLE IF NOT EXISTS relationships ({COLUMNS})")
        (sys_a, rec_a, person_a), (sys_b, rec_b, person_b) = store.query(
            "SELECT source_system, record_id, person_id FROM person_records "
            "QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY record_id) = 1 "
            "ORDER BY person_id LIMIT 2")
        store.execute(
            "INSERT INTO relationships (source_system, relationship_id, from_type, from_ref, "
            "type, subtype, to_type, to_ref, first_seen, handling_code) VALUES "
            "(?, 'R1', 'person', ?, 'family', 'sibling', 'person', ?, "
            "TIMESTAMP '2024-01-02 00:00:00', 'P'), "
            "(?, 'R2', 'person', ?, 'knows', NULL, 'vehicle', 'ab12 cde', NULL, 'C')",
            [sys_a, rec_a, rec_b, sys_b, rec_b])
        analyst = case_graph(store, audience_for("analyst"))
        partner = case_graph(store, audience_for("partner"))
        export(store, "graphml", tmp_path / "r.graphml", audience_for("analyst"))
        export(store, "ftm", tmp_path / "r.ftm.json", audience_for("analyst"))
    links = {e.id: e for e in analyst.edges.values() if e.kind == "relationship"}
    family = links[f"relationship|person:{person_a}|person:{person_b}|family"]
    assert family.props["subtype"] == "sibling" and family.label == "family (sibling)"
    assert f"relationship|person:{person_b}|vehicle:AB12CDE|knows" in links
    assert not any(e.kind == "relationship" for e in partner.edges.values())
    g = nx.read_graphml(tmp_path / "r.graphml", force_multigraph=True)
    assert sum(1 for *_, d in g.edges(data=True) if d["kind"] == "relationship") == 2
    assert '"schema": "Family"' in (tmp_path / "r.ftm.json").read_text("utf-8")
