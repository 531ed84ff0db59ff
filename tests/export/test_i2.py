"""The .anx chart has the element structure of ANB's XML chart format.

The schema below is encoded from the published ANB chart XML structure: ``Chart`` holds the
type collections and ``ChartItemCollection``; an entity item is ``ChartItem/End/Entity/Icon/
IconStyle``, a link item ``ChartItem/Link/LinkStyle``; attributes are ``AttributeCollection/
Attribute`` naming a declared ``AttributeClass``; links name their ends by ``EntityId`` when
``IdReferenceLinking`` is false; ``Type`` names a declared entity or link type.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linewatch.export import i2
from linewatch.export.graph import CaseGraph

#: element -> (allowed children, required attributes, {attribute: allowed values})
SCHEMA: dict[str, tuple[set[str], set[str], dict[str, set[str]]]] = {
    "Chart": ({"StrengthCollection", "EntityTypeCollection", "LinkTypeCollection",
               "AttributeClassCollection", "ChartItemCollection", "Summary"},
              {"IdReferenceLinking"}, {"IdReferenceLinking": {"true", "false"},
                                       "Rigorous": {"true", "false"}}),
    "StrengthCollection": ({"Strength"}, set(), {}),
    "Strength": (set(), {"Id", "Name", "DotStyle"},
                 {"DotStyle": {"DotStyleSolid", "DotStyleDashed", "DotStyleDotted"}}),
    "EntityTypeCollection": ({"EntityType"}, set(), {}),
    "EntityType": (set(), {"Name", "IconFile"}, {"PreferredRepresentation": {
        "RepresentAsIcon", "RepresentAsBox", "RepresentAsCircle", "RepresentAsLabel"}}),
    "LinkTypeCollection": ({"LinkType"}, set(), {}),
    "LinkType": (set(), {"Name"}, {}),
    "AttributeClassCollection": ({"AttributeClass"}, set(), {}),
    "AttributeClass": (set(), {"Name", "Type"},
                       {"Type": {"AttText", "AttNumber", "AttFlag", "AttTime"}}),
    "ChartItemCollection": ({"ChartItem"}, set(), {}),
    "ChartItem": ({"AttributeCollection", "End", "Link"}, {"Label"},
                  {"DateSet": {"true", "false"}, "TimeSet": {"true", "false"}}),
    "AttributeCollection": ({"Attribute"}, set(), {}),
    "Attribute": (set(), {"AttributeClass", "Value"}, {}),
    "End": ({"Entity"}, set(), {}),
    "Entity": ({"Icon"}, {"EntityId", "Identity"}, {"LabelIsIdentity": {"true", "false"}}),
    "Icon": ({"IconStyle"}, set(), {}),
    "IconStyle": (set(), {"Type"}, {}),
    "Link": ({"LinkStyle"}, {"End1Id", "End2Id"}, {}),
    "LinkStyle": (set(), {"Type", "ArrowStyle", "Strength"}, {
        "ArrowStyle": {"ArrowNone", "ArrowOnHead", "ArrowOnTail", "ArrowOnBoth"},
        "MlStyle": {"MultiplicityMultiple", "MultiplicitySingle", "MultiplicityDirected"}}),
    "Summary": ({"CustomPropertyCollection"}, set(), {}),
    "CustomPropertyCollection": ({"CustomProperty"}, set(), {}),
    "CustomProperty": (set(), {"Name", "Type", "Value"}, {}),
}


def check(element: ET.Element) -> list[str]:
    """Every departure of ``element`` and its descendants from :data:`SCHEMA`."""
    problems = []
    if element.tag not in SCHEMA:
        return [f"unknown element {element.tag}"]
    children, required, values = SCHEMA[element.tag]
    for child in element:
        if child.tag not in children:
            problems.append(f"{child.tag} inside {element.tag}")
        problems += check(child)
    problems += [f"{element.tag} lacks {a}" for a in required - set(element.attrib)]
    problems += [f"{element.tag} {a}={element.get(a)}" for a, allowed in values.items()
                 if a in element.attrib and element.get(a) not in allowed]
    return problems


@pytest.fixture(scope="module")
def chart(case: CaseGraph, tmp_path_factory: pytest.TempPathFactory) -> ET.Element:
    path: Path = i2.write(case, tmp_path_factory.mktemp("i2") / "case.anx")[0]
    return ET.parse(path).getroot()  # noqa: S314 - our own file


def test_the_chart_follows_the_anb_element_structure(chart: ET.Element) -> None:
    assert chart.tag == "Chart"
    assert check(chart) == []


def test_the_schema_check_catches_a_wrong_chart() -> None:
    text = ('<Chart IdReferenceLinking="maybe"><ChartItemCollection><ChartItem '
            'Label="x"><Entity/></ChartItem></ChartItemCollection></Chart>')
    wrong = ET.fromstring(text)  # noqa: S314 - a literal
    assert len(check(wrong)) >= 3


def test_every_node_and_edge_is_an_item_with_declared_types(case: CaseGraph,
                                                           chart: ET.Element) -> None:
    entities = chart.findall("./ChartItemCollection/ChartItem/End/Entity")
    links = chart.findall("./ChartItemCollection/ChartItem/Link")
    assert len(entities) == len(case.nodes) and len(links) == len(case.edges)
    ids = {e.get("EntityId") for e in entities}
    assert ids == set(case.nodes)
    assert all(link.get("End1Id") in ids and link.get("End2Id") in ids for link in links)
    entity_types = {t.get("Name") for t in chart.iter("EntityType")}
    link_types = {t.get("Name") for t in chart.iter("LinkType")}
    strengths = {s.get("Name") for s in chart.iter("Strength")}
    classes = {c.get("Name") for c in chart.iter("AttributeClass")}
    assert {s.get("Type") for s in chart.iter("IconStyle")} <= entity_types
    for style in chart.iter("LinkStyle"):
        assert style.get("Type") in link_types and style.get("Strength") in strengths
    assert {a.get("AttributeClass") for a in chart.iter("Attribute")} <= classes


def test_dated_items_carry_an_xsd_datetime(case: CaseGraph, chart: ET.Element) -> None:
    dated = [i for i in chart.iter("ChartItem") if i.get("DateSet") == "true"]
    calls = sum(1 for e in case.edges.values() if e.kind == "call")
    assert len(dated) >= calls
    for item in dated:
        dt.datetime.strptime(item.get("DateTime", ""), "%Y-%m-%dT%H:%M:%S")
    assert all(i.get("DateTime") is None for i in chart.iter("ChartItem")
               if i.get("DateSet") == "false")


def test_attributes_carry_the_node_properties(case: CaseGraph, chart: ET.Element) -> None:
    person = next(n for n in case.nodes.values() if n.props.get("target_rank") == 1)
    item = next(i for i in chart.iter("ChartItem")
                if i.find("./End/Entity[@EntityId='" + person.id + "']") is not None)
    values = {a.get("AttributeClass"): a.get("Value") for a in item.iter("Attribute")}
    assert values["kind"] == "person" and values["target_rank"] == "1"
    assert values["run_id"] == person.props["run_id"]
