"""Entity search ranks as the plain SQL scan it replaced did."""

from __future__ import annotations

import random
from typing import Any

import pytest

from linewatch.api.search import load_entities, search_entities
from linewatch.api.search_index import Entity, EntityIndex
from linewatch.storage import Store

#: the ranking rule written as one plain SQL scan, the way search worked before the index
REFERENCE_SQL = """
    SELECT type, id, label, sub, round(max(CASE WHEN term = $q THEN 1.0
             WHEN starts_with(term, $q) THEN 0.85 WHEN contains(term, ' ' || $q) THEN 0.75
             WHEN contains(term, $q) THEN 0.6 ELSE 0.5 END) + max(boost), 3) AS score
    FROM (SELECT *, string_agg(term, chr(1)) OVER (PARTITION BY id) AS blob FROM ref_terms)
    WHERE list_bool_and([contains(blob, t) FOR t IN $tokens])
      AND ($types IS NULL OR list_contains($types, type))
    GROUP BY type, id, label, sub ORDER BY score DESC, label, id LIMIT 30"""

HANDMADE = [
    Entity("person", "person:P1", "Zoë ÅBERG", "2001-01-01", ["Zoë ÅBERG", "åberg", "zo"], 0.0),
    Entity("person", "person:P2", "Dee Smith", None, ["dee smith", "smith", "dee", "D"], 0.05),
    Entity("person", "person:P3", "Deedee Smithson", None, ["deedee smithson", "smithson"], 0.0),
    Entity("person", "person:P4", "Andee Jones", None, ["andee jones", "jones", "dee"], 0.0),
    Entity("phone", "phone:+447700900123", "+447700900123", "deal_line",
           ["447700900123", "07700900123"], 0.08),
    Entity("address", "address:1 Dee Road", "1 Dee Road", "ME4 4QU",
           ["1 dee road", "me4 4qu", "me44qu"], 0.0),
    Entity("vehicle", "vehicle:AB12CDE", "AB12CDE", "ANPR · 2 records", ["ab12cde"], 0.0),
]


def reference(store: Store, entities: list[Entity], query: str,
              types: set[str] | None) -> list[tuple[Any, ...]]:
    store.execute("CREATE OR REPLACE TEMP TABLE ref_terms (type VARCHAR, id VARCHAR, "
                  "label VARCHAR, sub VARCHAR, term VARCHAR, boost DOUBLE)")
    rows = [(e.type, e.id, e.label, e.sub, t.lower(), e.boost) for e in entities for t in e.terms]
    if rows:
        store.executemany("INSERT INTO ref_terms VALUES (?, ?, ?, ?, ?, ?)", rows)
    found = store.query(REFERENCE_SQL, {"q": query, "tokens": query.split(),
                                        "types": sorted(types) if types else None})
    return [(t, i, label, sub, float(score)) for t, i, label, sub, score in found]


def ranked(index: EntityIndex, query: str, types: set[str] | None) -> list[tuple[Any, ...]]:
    return [(r["type"], r["id"], r["label"], r["sub"], r["score"])
            for r in index.search(query, query.split(), types, 30)]


def test_a_match_never_runs_from_one_term_into_the_next() -> None:
    index = EntityIndex(HANDMADE)
    assert index.search("smithsmith", ["smithsmith"], None, 10) == []
    assert index.search("zodee", ["zodee"], None, 10) == []


@pytest.mark.parametrize("query,types", [
    ("dee", None), ("dee", {"person"}), ("smith", None), ("dee smith", None), ("sm dee", None),
    ("d", None), ("de", {"address", "person"}), ("åberg", None), ("zoë", None),
    ("07700", None), ("900123", {"phone"}), ("me4 4qu", None), ("ab12", None), ("nobody", None),
    ("e", None), ("jones dee", {"phone"}),
])
def test_ranking_matches_the_plain_sql_scan(query: str, types: set[str] | None) -> None:
    store = Store.open(":memory:")
    index = EntityIndex(HANDMADE)
    assert ranked(index, query, types) == reference(store, HANDMADE, query, types)


def test_ranking_matches_sql_on_the_analysed_world(world_store: Store) -> None:
    store = world_store
    entities = load_entities(store)
    assert len({e.type for e in entities}) >= 3
    index = EntityIndex(entities)
    words = sorted({w for e in entities for t in e.terms for w in t.lower().split()})
    rng = random.Random(3)
    queries = rng.sample(words, 6) + [w[1:4] for w in rng.sample(words, 4)] + ["a", "7700"]
    for query in queries:
        assert ranked(index, query, None) == reference(store, entities, query, None), query


def test_the_store_index_sees_rows_of_a_new_data_version(
        world_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from linewatch.api import snapshot as snapshot_module
    from linewatch.storage.runs import start_run

    monkeypatch.setattr(snapshot_module, "REFRESH_SECONDS", 0.0)  # check the version each time
    store = world_store
    assert search_entities(store, "quillfeather") == []
    with start_run(store, "resolve", {"test": "a new person"}):  # a new data version
        store.execute("INSERT INTO persons (person_id, display_name, surname) "
                      "VALUES ('PQ1', 'Ada QUILLFEATHER', 'QUILLFEATHER')")
    assert [r["id"] for r in search_entities(store, "Quillfeather")] == ["person:PQ1"]
    assert search_entities(store, "ada quill", {"person"})[0]["score"] == pytest.approx(0.85)


def test_an_empty_index_finds_nothing() -> None:
    assert EntityIndex([]).search("x", ["x"], None, 5) == []
    assert search_entities(Store.open(":memory:"), "anything") == []
