"""i2 Analyst's Notebook: an ``.anx`` chart in ANB's XML chart format.

The chart declares its vocabulary first and then its items, as ANB's import expects:

- ``StrengthCollection``: ``Confirmed`` (solid) for links read from records, ``Tentative``
  (dashed) for links an analysis inferred with a confidence below 1;
- ``EntityTypeCollection``: one ``EntityType`` per node kind (``Name``, ``IconFile`` from ANB's
  standard icon set, ``PreferredRepresentation="RepresentAsIcon"``);
- ``LinkTypeCollection``: one ``LinkType`` per edge kind;
- ``AttributeClassCollection``: one ``AttributeClass`` per property (``AttText``,
  ``AttNumber`` or ``AttFlag``);
- ``ChartItemCollection``: per node a ``ChartItem`` holding ``End/Entity/Icon/IconStyle``
  (``EntityId`` is the node id, ``Identity`` its label), per edge a ``ChartItem`` holding
  ``Link`` (``End1Id``/``End2Id`` name the entities, since the chart uses
  ``IdReferenceLinking="false"``) with its ``LinkStyle``; each item's properties are an
  ``AttributeCollection`` of ``Attribute`` elements naming their class.

Entities are laid out in one column per kind so the chart opens readable; ANB's own layouts
(circular, peacock) rearrange it in one click.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from linewatch.export.graph import CaseGraph, Edge, Node, Scalar

#: node kind -> (entity type name, ANB icon file)
ENTITY_TYPES = {
    "person": ("Person", "Person"), "phone": ("Telephone", "Phone"),
    "address": ("Address", "House"), "vehicle": ("Vehicle", "Car"),
    "line": ("Deal line", "Mobile Phone"), "handset": ("Handset", "Mobile Phone"),
    "object": ("Object", "Object"), "organisation": ("Organisation", "Organisation"),
}
#: colours are BGR integers, as ANB stores them
LINK_COLOURS = {"call": 0x808080, "uses": 0x000000, "lives_at": 0x7F4F00,
                "line_number": 0x0000C0, "line_role": 0x0000C0, "trap_house": 0x0000C0,
                "handset": 0x404040, "shared_imei": 0x404040, "shared_imsi": 0x404040,
                "continuity": 0x404040, "vehicle_link": 0x006000, "relationship": 0x800080}
ATTRIBUTE_TYPES = {bool: "AttFlag", int: "AttNumber", float: "AttNumber", str: "AttText"}
COLUMN_WIDTH, ROW_HEIGHT = 400, 120


def _type_name(kind: str) -> str:
    return ENTITY_TYPES.get(kind, (kind.title(), "General"))[0]


def _link_type(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _value(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attribute_classes(graph: CaseGraph) -> dict[str, str]:
    """Each property name's attribute type; a name with mixed types is text."""
    classes: dict[str, str] = {}
    items: list[Node | Edge] = [*graph.nodes.values(), *graph.edges.values()]
    for item in items:
        for name, value in item.props.items():
            if value is None:
                continue
            wanted = ATTRIBUTE_TYPES[type(value)]
            if classes.setdefault(name, wanted) != wanted:
                numbers = {classes[name], wanted} == {"AttNumber"}
                classes[name] = "AttNumber" if numbers else "AttText"
    return classes


def _attributes(parent: ET.Element, props: dict[str, Scalar]) -> None:
    kept = {k: v for k, v in props.items() if v is not None}
    if not kept:
        return
    collection = ET.SubElement(parent, "AttributeCollection")
    for name, value in kept.items():
        ET.SubElement(collection, "Attribute", AttributeClass=name, Value=_value(value))


def _entity(items: ET.Element, node: Node, x: int, y: int) -> None:
    item = ET.SubElement(items, "ChartItem", Label=node.label, Description=node.id,
                         DateSet="false", XPosition=str(x))
    _attributes(item, {"kind": node.kind, **node.props})
    end = ET.SubElement(item, "End", Y=str(y))
    entity = ET.SubElement(end, "Entity", EntityId=node.id, Identity=node.label,
                           LabelIsIdentity="true")
    icon = ET.SubElement(entity, "Icon")
    ET.SubElement(icon, "IconStyle", Type=_type_name(node.kind))


def _dated(edge: Edge) -> dict[str, str]:
    """ANB's item date (xsd:dateTime): a link's first contact, so the chart's timeline and
    date filters work; ``DateSet="false"`` for links without one."""
    first = edge.props.get("first_seen")
    if not isinstance(first, str) or "T" not in first:
        return {"DateSet": "false"}
    return {"DateSet": "true", "TimeSet": "true", "DateTime": first[:19]}


def _link(items: ET.Element, edge: Edge) -> None:
    item = ET.SubElement(items, "ChartItem", {"Label": edge.label, "Description": edge.id,
                                              **_dated(edge)})
    _attributes(item, {"kind": edge.kind, **edge.props})
    link = ET.SubElement(item, "Link", End1Id=edge.source, End2Id=edge.target)
    confidence = edge.props.get("confidence")
    tentative = isinstance(confidence, int | float) and confidence < 1
    ET.SubElement(link, "LinkStyle", Type=_link_type(edge.kind),
                  ArrowStyle="ArrowOnHead" if edge.directed else "ArrowNone",
                  Strength="Tentative" if tentative else "Confirmed",
                  MlStyle="MultiplicitySingle", LineWidth="1")


def chart(graph: CaseGraph) -> ET.Element:
    """The ``Chart`` element of the case graph."""
    root = ET.Element("Chart", IdReferenceLinking="false", Rigorous="true",
                      UseLocalTimeZone="false")
    strengths = ET.SubElement(root, "StrengthCollection")
    ET.SubElement(strengths, "Strength", Id="Confirmed", Name="Confirmed",
                  DotStyle="DotStyleSolid")
    ET.SubElement(strengths, "Strength", Id="Tentative", Name="Tentative",
                  DotStyle="DotStyleDashed")
    kinds = sorted({n.kind for n in graph.nodes.values()})
    entity_types = ET.SubElement(root, "EntityTypeCollection")
    for kind in kinds:
        name, icon = ENTITY_TYPES.get(kind, (kind.title(), "General"))
        ET.SubElement(entity_types, "EntityType", Name=name, IconFile=icon, Colour="0",
                      PreferredRepresentation="RepresentAsIcon")
    link_types = ET.SubElement(root, "LinkTypeCollection")
    for kind in sorted({e.kind for e in graph.edges.values()}):
        ET.SubElement(link_types, "LinkType", Name=_link_type(kind),
                      Colour=str(LINK_COLOURS.get(kind, 0)))
    classes = ET.SubElement(root, "AttributeClassCollection")
    for name, att_type in {"kind": "AttText", **_attribute_classes(graph)}.items():
        ET.SubElement(classes, "AttributeClass", Name=name, Type=att_type,
                      ShowValue="true", ShowPrefix="true", UserCanAdd="true",
                      UserCanRemove="true", Prefix=f"{name}: ")
    items = ET.SubElement(root, "ChartItemCollection")
    rows = dict.fromkeys(kinds, 0)
    for node in sorted(graph.nodes.values(), key=lambda n: (n.kind, n.id)):
        column = kinds.index(node.kind)
        _entity(items, node, column * COLUMN_WIDTH, rows[node.kind] * ROW_HEIGHT)
        rows[node.kind] += 1
    for edge in graph.edges.values():
        _link(items, edge)
    _summary(ET.SubElement(root, "Summary"), graph)
    return root


def _summary(summary: ET.Element, graph: CaseGraph) -> None:
    """Chart properties ANB shows in its summary: scope, role and analysis runs."""
    fields = ET.SubElement(summary, "CustomPropertyCollection")
    values = {"Scope": graph.scope, "Prepared for role": graph.audience.role,
              **{f"Analysis run ({stage})": run for stage, run in sorted(graph.runs.items())}}
    for name, value in values.items():
        ET.SubElement(fields, "CustomProperty", Name=name, Type="String", Value=value)


def write(graph: CaseGraph, out: Path) -> list[Path]:
    """``out`` as an ``.anx`` file (UTF-8 XML)."""
    tree = ET.ElementTree(chart(graph))
    ET.indent(tree)
    out.parent.mkdir(parents=True, exist_ok=True)
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return [out]
