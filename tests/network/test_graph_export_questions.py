"""A graph database's node-and-relationship export end to end (the public POLE example).

Ingested with the shipped mapping, analysed, then every question of the example's guide is
answered by linewatch and compared with an answer computed here straight from the CSV files
with the csv module and plain Python (networkx only for betweenness).
"""

from __future__ import annotations

import csv
import math
import os
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from linewatch.ingest import ingest_paths
from linewatch.network import people, records
from linewatch.pipeline import analyse
from linewatch.storage import Store

MAPPING = Path(__file__).resolve().parents[2] / "examples" / "mappings" / "pole.yaml"
PREFIX = "crime-investigation."
PERSON_LINKS = {"KNOWS": "knows", "KNOWS_SN": "social_media", "KNOWS_PHONE": "phone_contact",
                "KNOWS_LW": "lives_with", "FAMILY_REL": "family"}


def _shared() -> Path:
    override = os.environ.get("LINEWATCH_SHARED_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[3] / "shared"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = _shared() / "data" / "pole" / "pole-data-importer.zip"
    if not archive.is_file():
        pytest.skip(f"the example export is not at {archive}: these tests need the shared/ "
                    "reference folder beside the repository (or LINEWATCH_SHARED_DIR set)")
    target = tmp_path_factory.mktemp("export")
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(target)
    return target


@pytest.fixture(scope="module")
def store(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("db") / "export.duckdb") as opened:
        report = ingest_paths(opened, [folder], mapping=MAPPING)
        opened.report = report  # type: ignore[attr-defined]
        opened.summaries = analyse(opened)  # type: ignore[attr-defined]
        yield opened


def rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{PREFIX}{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_valid_row_is_in(store: Store, folder: Path) -> None:
    report = store.report  # type: ignore[attr-defined]
    untyped = [c[":ID"] for c in rows(folder, "nodes.Crime") if not c["type"]]
    assert report.rows_quarantined == len(untyped) == 1  # the crime with no type
    assert store.query("SELECT reason LIKE 'crime_category%' FROM quarantine") == [(True,)]
    assert report.rows_duplicate == 0
    assert store.count("events") == len(rows(folder, "nodes.Crime")) - 1
    assert store.count("nominals") == len(rows(folder, "nodes.Person"))
    assert store.count("officers") == len(rows(folder, "nodes.Officer"))
    person_links = sum(len(rows(folder, f"relationships.{n}")) for n in PERSON_LINKS)
    assert store.scalar("SELECT count(*) FROM relationships WHERE from_type = 'person' AND "
                        "to_type = 'person'") == person_links
    # odd phone layouts and non-standard NHS numbers are kept as written, and flagged
    flagged = {v for (v,) in store.query("SELECT value FROM ingest_flags")}
    assert {p["nhs_no"] for p in rows(folder, "nodes.Person") if p["nhs_no"]} <= flagged
    # every person has a different NHS number (or none): resolution merges no two of them
    assert store.count("persons") == len(rows(folder, "nodes.Person"))
    assert store.summaries["detect"] == {  # type: ignore[attr-defined]
        "skipped": "detection works on call data: the 'cdr' table is empty"}


def test_crime_totals_and_top_places(store: Store, folder: Path) -> None:
    crimes = rows(folder, "nodes.Crime")
    expected = Counter(c["type"] for c in crimes if c["type"])
    assert {r["category"]: r["crimes"] for r in records.crime_totals(store)} == expected
    typed = {c[":ID"] for c in crimes if c["type"]}
    place = {p[":ID"]: (p["address"], p["postcode"]) for p in rows(folder, "nodes.Location")}
    at = Counter(place[r[":END_ID"]] for r in rows(folder, "relationships.OCCURRED_AT")
                 if r[":START_ID"] in typed)
    found = records.top_locations(store, limit=len(at))
    assert {(r["address"], r["postcode"]): r["crimes"] for r in found} == dict(at)
    assert found[0]["crimes"] == max(at.values())


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def test_crimes_within_500_metres_of_an_address(store: Store, folder: Path) -> None:
    places = rows(folder, "nodes.Location")
    home = next(p for p in places if p["address"] == "1 Coronation Street"
                and p["postcode"] == "M5 3RW")
    coords = {p[":ID"]: (float(p["latitude:double"]), float(p["longitude:double"]))
              for p in places}
    typed = {c[":ID"] for c in rows(folder, "nodes.Crime") if c["type"]}
    lat, lon = float(home["latitude:double"]), float(home["longitude:double"])
    expected = {r[":START_ID"] for r in rows(folder, "relationships.OCCURRED_AT")
                if r[":START_ID"] in typed and _metres(lat, lon, *coords[r[":END_ID"]]) <= 500}
    found = records.crimes_near(store, "1 Coronation Street", "M5 3RW", 500)
    assert {r["event_id"] for r in found} == expected and expected


def _investigated(folder: Path, officer: dict[str, str]) -> set[str]:
    return {r[":START_ID"] for r in rows(folder, "relationships.INVESTIGATED_BY")
            if r[":END_ID"] == officer[":ID"]}


def _drugs_cases(folder: Path) -> set[str]:
    larive = next(o for o in rows(folder, "nodes.Officer") if o["badge_no"] == "26-5234182")
    crimes = {c[":ID"]: c for c in rows(folder, "nodes.Crime")}
    return {c for c in _investigated(folder, larive) if crimes[c]["type"] == "Drugs"
            and crimes[c]["last_outcome"] == "Under investigation"}


def test_crimes_an_officer_investigates_and_their_evidence(store: Store, folder: Path) -> None:
    morse = next(o for o in rows(folder, "nodes.Officer") if o["surname"] == "Morse")
    crimes = {c[":ID"] for c in rows(folder, "nodes.Crime") if c["type"]}
    found = records.crimes_by_officer(store, surname="Morse")
    assert {r["event_id"] for r in found} == _investigated(folder, morse) & crimes
    cases = _drugs_cases(folder)
    found = records.crimes_by_officer(store, badge="26-5234182", category="Drugs",
                                      outcome="Under investigation")
    assert {r["event_id"] for r in found} == cases and len(cases) == 3
    objects = {o[":ID"]: o["description"] for o in rows(folder, "nodes.Object")}
    for case in cases:
        expected = {objects[r[":START_ID"]] for r in rows(folder, "relationships.INVOLVED_IN")
                    if r[":END_ID"] == case and r[":START_ID"] in objects}
        got = {r["description"] for r in records.evidence(store, case)
               if r["from_type"] == "object"}
        assert got == expected and expected


def _adjacency(folder: Path) -> dict[str, set[str]]:
    adjacent: dict[str, set[str]] = {p[":ID"]: set() for p in rows(folder, "nodes.Person")}
    for name in PERSON_LINKS:
        for r in rows(folder, f"relationships.{name}"):
            a, b = r[":START_ID"], r[":END_ID"]
            if a != b:
                adjacent.setdefault(a, set()).add(b)
                adjacent.setdefault(b, set()).add(a)
    return adjacent


def _distances(adjacent: dict[str, set[str]], start: str) -> dict[str, int]:
    seen, queue = {start: 0}, deque([start])
    while queue:
        here = queue.popleft()
        for there in adjacent[here]:
            if there not in seen:
                seen[there] = seen[here] + 1
                queue.append(there)
    return seen


def _offenders(folder: Path, category: str | None = None) -> set[str]:
    crimes = {c[":ID"]: c["type"] for c in rows(folder, "nodes.Crime") if c["type"]}
    return {r[":START_ID"] for r in rows(folder, "relationships.PARTY_TO")
            if r[":END_ID"] in crimes and (category is None or crimes[r[":END_ID"]] == category)}


def _suspects(folder: Path) -> tuple[str, str]:
    cases = _drugs_cases(folder)
    pair = sorted({r[":START_ID"] for r in rows(folder, "relationships.PARTY_TO")
                   if r[":END_ID"] in cases})
    assert len(pair) == 2  # the two men of the officer's drugs cases
    return pair[0], pair[1]


def test_shortest_paths_and_drugs_offenders_within_three_hops(store: Store,
                                                              folder: Path) -> None:
    adjacent = _adjacency(folder)
    first, second = _suspects(folder)
    from_first, from_second = _distances(adjacent, first), _distances(adjacent, second)
    length = from_first[second]
    # a shortest path visits, at step i, a person i from the first and length - i from the second
    expected: set[tuple[str, ...]] = {(first,)}
    for step in range(1, length + 1):
        expected = {(*path, nxt) for path in expected for nxt in adjacent[path[-1]]
                    if from_first.get(nxt) == step and from_second.get(nxt) == length - step}
    graph = people.people_graph(store)
    found = people.shortest_paths(graph, first, second, max_hops=3)
    assert {tuple(s["record_id"] for s in path) for path in found} == expected
    assert length <= 3 and expected
    drugs = _offenders(folder, "Drugs")
    near = {p for p, d in from_first.items() if 0 < d <= 3 and p in drugs}
    got = people.party_within(store, graph, first, 3, "Drugs")
    assert {r["record_id"] for r in got} == near and near


@pytest.mark.parametrize("hops", [1, 2])
def test_vulnerable_people(store: Store, folder: Path, hops: int) -> None:
    adjacent = _adjacency(folder)
    offenders = _offenders(folder)
    counts = []
    for person in adjacent:
        if person in offenders:
            continue
        known = {p for p, d in _distances(adjacent, person).items()
                 if 0 < d <= hops and p in offenders}
        if known:
            counts.append((-len(known), person))
    expected = [(p, -n) for n, p in sorted(counts)[:5]]
    found = people.vulnerable(store, people.people_graph(store), hops, 5)
    assert [(r["record_id"], r["offenders_known"]) for r in found] == expected


def test_family_and_lives_with_links_to_offenders(store: Store, folder: Path) -> None:
    offenders = _offenders(folder)
    expected = set()
    for name, link in (("FAMILY_REL", "family"), ("KNOWS_LW", "lives_with")):
        for r in rows(folder, f"relationships.{name}"):
            a, b = r[":START_ID"], r[":END_ID"]
            for person, relative in ((a, b), (b, a)):
                if relative in offenders:
                    expected.add((person, relative, link))
    found = people.family_links_to_offenders(store, people.people_graph(store))
    assert {(r["record_id"], r["relative"], r["link"]) for r in found} == expected and expected


def test_triangles_and_betweenness(store: Store, folder: Path) -> None:
    adjacent = _adjacency(folder)
    triangles = {frozenset((a, b, c)) for a in adjacent for b in adjacent[a]
                 for c in adjacent[b] & adjacent[a] if len({a, b, c}) == 3}
    measures = people.graph_measures(people.people_graph(store), limit=5)
    assert measures["triangles"] == len(triangles)
    reference = nx.Graph([(a, b) for a in adjacent for b in adjacent[a]])
    reference.add_nodes_from(adjacent)
    centrality = nx.betweenness_centrality(reference, normalized=False)
    top = sorted(centrality.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert [(r["record_id"], r["betweenness"]) for r in measures["betweenness"]] == [
        (p, round(v, 3)) for p, v in top]


# -- the people graph everywhere: priority, association, paths, profiles (issue 17 item 4) --

#: police.uk categories the shipped harm file marks violent or weapons (checked below)
VIOLENT_CATEGORIES = {"Violence and sexual offences", "Possession of weapons", "Robbery"}
ASSOCIATION_LINKS = {"KNOWS", "KNOWS_PHONE", "KNOWS_LW", "FAMILY_REL"}  # not KNOWS_SN


def _priorities(store: Store) -> dict[str, dict[str, object]]:
    import json

    by_record = dict(store.query("SELECT person_id, record_id FROM person_records"))
    return {by_record[p]: {"harm": h, "components": json.loads(c)["components"]}
            for p, h, c in store.query("SELECT person_id, harm_score, components FROM "
                                       "person_priority")}


def test_parties_to_recorded_crimes_have_harm_and_no_one_else(store: Store,
                                                              folder: Path) -> None:
    from linewatch.score import load_harm_weights

    weights = load_harm_weights()
    categories = {c["type"] for c in rows(folder, "nodes.Crime") if c["type"]}
    violent = {c for c in categories
               if any(f.offence.violent or f.offence.weapon for f in weights.classify(c))}
    assert violent == VIOLENT_CATEGORIES
    assert all(weights.classify(c) for c in categories)  # every category has a harm weight
    found = _priorities(store)
    assert {r for r, p in found.items() if p["harm"]} == _offenders(folder)


def test_association_is_links_to_violent_people_bounded_and_apart(store: Store,
                                                                  folder: Path) -> None:
    crimes = {c[":ID"]: c["type"] for c in rows(folder, "nodes.Crime") if c["type"]}
    violent = {r[":START_ID"] for r in rows(folder, "relationships.PARTY_TO")
               if crimes.get(r[":END_ID"]) in VIOLENT_CATEGORIES}
    related: dict[str, set[str]] = {}
    for name in ASSOCIATION_LINKS:
        for r in rows(folder, f"relationships.{name}"):
            a, b = r[":START_ID"], r[":END_ID"]
            if a != b:
                related.setdefault(a, set()).add(b)
                related.setdefault(b, set()).add(a)
    expected = {p: len(others & violent) for p, others in related.items() if others & violent}
    found = {r: p["components"]["association"] for r, p in _priorities(store).items()
             if "association" in p["components"]}
    by_person = dict(store.query("SELECT person_id, record_id FROM person_records"))
    assert {r: len(a["detail"]["related"]) for r, a in found.items()} == expected and expected
    assert all(a["contribution"] <= a["cap"] == 0.05 for a in found.values())
    for record, a in found.items():
        assert {by_person[x["person_id"]] for x in a["detail"]["related"]} == \
            related[record] & violent


def test_path_over_relationships_between_the_two_men(store: Store, folder: Path) -> None:
    from linewatch.api.paths import shortest_path

    adjacent = _adjacency(folder)
    first, second = _suspects(folder)
    person = {r: p for p, r in store.query("SELECT person_id, record_id FROM person_records")}
    result = shortest_path(store, f"person:{person[first]}", f"person:{person[second]}",
                           set(PERSON_LINKS.values()))
    assert result["found"] and result["hops"] == _distances(adjacent, first)[second]
    for step in result["steps"]:
        assert step["links"] and all(link["relationship"] for link in step["links"])
