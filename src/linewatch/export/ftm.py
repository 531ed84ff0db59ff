"""FollowTheMoney entities (Aleph, OpenAleph, the ``ftm`` tools) as JSON lines.

FtM has no phone entity: numbers are properties. So the case graph becomes:

- person -> ``Person`` (name, first and last name, birth date, gender, the numbers it uses as
  ``phone``, its recorded address as text, roles and flags as ``keywords``);
- address -> ``Address``; vehicle -> ``Vehicle`` (``registrationNumber``);
- deal line -> ``Organization`` named ``Deal line L1`` with its numbers as ``phone``; a person's
  role on a line -> ``Membership`` (``role``);
- calls and texts between two numbers -> one ``Call`` per pair (``callerNumber`` and
  ``receiverNumber``, ``caller``/``receiver`` when one person uses the number, first and last
  contact as ``startDate``/``endDate``, total ``duration``, the counts in ``description``);
- lives at, trap house, vehicle links -> ``UnknownLink`` with ``role``; people relationships
  -> ``Family`` (family), ``Associate`` (knows, associate, social...), ``Ownership`` (owns),
  else ``UnknownLink``.

Every other property of a node goes into ``description`` as ``name: value`` lines, and each
entity's ``summary`` names its linewatch id. Entity ids are stable hashes of the linewatch
ids. A number FtM's phone type rejects (the reserved drama ranges the simulator uses, say)
is kept in ``notes`` (people, lines) or ``description`` (calls) instead of being dropped.
Handsets and phone-to-phone resolution links have no FtM counterpart and are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from linewatch.export.graph import CaseGraph, Edge, Node, Scalar

NODE_SCHEMATA = {"person": "Person", "address": "Address", "vehicle": "Vehicle",
                 "line": "Organization", "organisation": "Organization"}
FAMILY = {"family", "lives_with"}
ASSOCIATE = {"knows", "associate", "social_media", "phone_contact", "social"}
_SHOWN = frozenset({"forenames", "surname", "dob", "sex", "postcode", "lat", "lon",
                    "address", "vrm", "roles", "person_flags"})


def _entity(schema: str, linewatch_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.make_id("linewatch", linewatch_id)
    proxy.add("summary", f"linewatch {linewatch_id}")
    return proxy


def _description(props: dict[str, Scalar], skip: frozenset[str] = _SHOWN) -> str:
    return "\n".join(f"{k}: {v}" for k, v in props.items() if v is not None and k not in skip)


def _phone(proxy: EntityProxy, prop: str, number: str, fallback: str) -> None:
    """``number`` as a phone property when FtM accepts it, else as text in ``fallback``."""
    if registry.phone.clean(number) is not None:
        proxy.add(prop, number)
    else:
        proxy.add(fallback, f"{prop}: {number} (not a valid number to FtM's phone type)")


def _node(node: Node, numbers: list[str]) -> EntityProxy | None:
    schema = NODE_SCHEMATA.get(node.kind)
    if schema is None:
        return None
    p, proxy = node.props, _entity(schema, node.id)
    if node.kind == "person":
        proxy.add("name", node.label)
        proxy.add("firstName", p.get("forenames"))
        proxy.add("lastName", p.get("surname"))
        proxy.add("birthDate", p.get("dob"))
        proxy.add("gender", {"F": "female", "M": "male"}.get(str(p.get("sex") or "")))
        proxy.add("address", p.get("address"))
        for text in (p.get("roles"), p.get("person_flags")):
            proxy.add("keywords", str(text).split("; ") if text else None)
    elif node.kind == "address":
        proxy.add("full", node.key)
        proxy.add("postalCode", p.get("postcode"))
        proxy.add("latitude", p.get("lat"))
        proxy.add("longitude", p.get("lon"))
    elif node.kind == "vehicle":
        proxy.add("registrationNumber", node.key)
        proxy.add("name", node.key)
    else:
        proxy.add("name", f"Deal line {node.key}" if node.kind == "line" else node.label)
    for number in numbers:
        _phone(proxy, "phone", number, "notes")
    proxy.add("description", _description(p) or None)
    return proxy


def _link(schema: str, edge: Edge, subject: tuple[str, str], obj: tuple[str, str],
          ids: dict[str, str]) -> EntityProxy:
    proxy = _entity(schema, edge.id)
    proxy.add(subject[0], ids[subject[1]])
    proxy.add(obj[0], ids[obj[1]])
    proxy.add("startDate", edge.props.get("first_seen") or edge.props.get("date"))
    proxy.add("endDate", edge.props.get("last_seen"))
    proxy.add("description", _description(edge.props, frozenset()) or None)
    return proxy


def _edge(edge: Edge, kinds: dict[str, str], ids: dict[str, str],
          users: dict[str, list[str]]) -> EntityProxy | None:
    a, b = kinds[edge.source], kinds[edge.target]
    if edge.kind == "call":
        proxy = _entity("Call", edge.id)
        for end, number in (("caller", edge.source[6:]), ("receiver", edge.target[6:])):
            _phone(proxy, f"{end}Number", number, "description")
            owners = users.get(edge.source if end == "caller" else edge.target, [])
            if len(owners) == 1:
                proxy.add(end, ids[owners[0]])
        proxy.add("startDate", edge.props.get("first_seen"))
        proxy.add("endDate", edge.props.get("last_seen"))
        proxy.add("duration", edge.props.get("duration_s"))
        proxy.add("description", _description(edge.props, frozenset({"duration_s"})))
        return proxy
    if edge.source not in ids or edge.target not in ids:
        return None  # a phone or handset end: those are properties in FtM, not entities
    if edge.kind == "line_role" and (a, b) == ("person", "line"):
        proxy = _link("Membership", edge, ("member", edge.source),
                      ("organization", edge.target), ids)
        proxy.add("role", edge.label)
        return proxy
    kind = str(edge.props.get("type") or "")
    if edge.kind == "relationship" and a == b == "person" and kind in FAMILY | ASSOCIATE:
        schema, other = ("Family", "relative") if kind in FAMILY else ("Associate", "associate")
        proxy = _link(schema, edge, ("person", edge.source), (other, edge.target), ids)
        proxy.add("relationship", edge.label)
        return proxy
    if edge.kind == "relationship" and kind == "owns":
        proxy = _link("Ownership", edge, ("owner", edge.source), ("asset", edge.target), ids)
        proxy.add("role", edge.label)
        return proxy
    proxy = _link("UnknownLink", edge, ("subject", edge.source), ("object", edge.target), ids)
    proxy.add("role", edge.label)
    return proxy


def entities(graph: CaseGraph) -> list[EntityProxy]:
    """The case graph as FtM entities (nodes first, then links)."""
    users: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = {}
    for e in graph.edges.values():
        if e.kind in {"uses", "line_number"}:
            users.setdefault(e.target, []).append(e.source)
            numbers.setdefault(e.source, []).append(e.target[6:])
    found: list[EntityProxy] = []
    ids: dict[str, str] = {}
    for node in graph.nodes.values():
        proxy = _node(node, sorted(set(numbers.get(node.id, []))))
        if proxy is not None and proxy.id is not None:
            ids[node.id] = proxy.id
            found.append(proxy)
    users = {k: [u for u in v if u in ids and graph.nodes[u].kind == "person"]
             for k, v in users.items()}
    kinds = {nid: n.kind for nid, n in graph.nodes.items()}
    for edge in graph.edges.values():
        proxy = _edge(edge, kinds, ids, users)
        if proxy is not None:
            found.append(proxy)
    return found


def write(graph: CaseGraph, out: Path) -> list[Path]:
    """``out`` as FtM JSON lines (one entity per line, as ``ftm`` and Aleph read them)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as f:
        for proxy in entities(graph):
            data: dict[str, Any] = proxy.to_dict()
            f.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
    return [out]
