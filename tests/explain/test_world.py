"""Over the analysed world: the results export lists each trap house once."""

from __future__ import annotations

from linewatch import explain
from linewatch.results import build_results
from linewatch.storage import Store


def test_results_list_each_trap_house_once(world_store: Store) -> None:
    rows = world_store.query("SELECT line_id, address, postcode FROM line_addresses")
    stored = {(line, explain.address_identity(a, p)) for line, a, p in rows}
    assert len(stored) < len(rows), "the world names one trap house two ways"
    lines = build_results(world_store)["lines"]
    listed = [(line["line_id"], explain.address_identity(a, None))
              for line in lines for a in line["trap_addresses"]]
    assert len(listed) == len(set(listed)) == len(stored)
