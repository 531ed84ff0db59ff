"""FollowTheMoney entities validate with the followthemoney library and match the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from followthemoney import model
from followthemoney.types import registry

from linewatch.export import ftm
from linewatch.export.graph import CaseGraph


@pytest.fixture(scope="module")
def entities(case: CaseGraph, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    path: Path = ftm.write(case, tmp_path_factory.mktemp("ftm") / "case.ftm.json")[0]
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_every_entity_validates_and_reads_back_unchanged(entities: list[dict]) -> None:
    ids = set()
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract
        schema.validate(data)  # raises InvalidData on a missing or malformed property
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value again
        assert proxy.to_dict()["properties"] == data["properties"], data["id"]
        ids.add(data["id"])
    assert len(ids) == len(entities)
    for data in entities:  # every entity reference points at an entity in the file
        schema = model.get(data["schema"])
        for name, values in data["properties"].items():
            if schema.get(name).type == registry.entity:
                assert set(values) <= ids, (data["schema"], name)


def test_counts_per_schema_match_the_graph(case: CaseGraph, entities: list[dict]) -> None:
    count: dict[str, int] = {}
    for data in entities:
        count[data["schema"]] = count.get(data["schema"], 0) + 1
    nodes, edges = case.summary()["node_kinds"], case.summary()["edge_kinds"]
    assert count["Person"] == nodes["person"]
    assert count["Address"] == nodes["address"]
    assert count.get("Vehicle", 0) == nodes.get("vehicle", 0)
    assert count["Organization"] == nodes["line"]
    assert count["Call"] == edges["call"]
    assert count["Membership"] == edges["line_role"]
    unknown = sum(edges.get(k, 0) for k in ("lives_at", "trap_house", "vehicle_link"))
    assert count["UnknownLink"] == unknown


def test_people_keep_their_numbers_and_calls_their_counts(case: CaseGraph,
                                                          entities: list[dict]) -> None:
    summaries = {d["properties"]["summary"][0]: d for d in entities}
    use = next(e for e in case.edges.values() if e.kind == "uses")
    person = summaries[f"linewatch {use.source}"]["properties"]
    number = use.target[6:]
    kept = person.get("phone", []) + person.get("notes", [])
    assert any(number in value for value in kept)
    call = next(e for e in case.edges.values() if e.kind == "call")
    text = "\n".join(summaries[f"linewatch {call.id}"]["properties"]["description"])
    assert f"events: {call.props['events']}" in text
