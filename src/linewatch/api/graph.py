"""The link chart's graph: entities as nodes, evidence-backed links as edges.

Node ids are ``type:key``: ``person:P17``, ``phone:+447700900123``, ``address:12 Example Road``,
``line:L1``, ``handset:356938035643809``. Links are read from the store as they are needed
(one batched query per link type and hop), so a neighbourhood never loads the whole graph.

Link types: ``call`` (cdr, with counts and dates), ``shared_imei`` / ``shared_imsi`` /
``continuity`` (number_links), ``uses`` (phone_persons, else the person's phones), ``lives_at``
(the person's address), ``line_number`` (line_numbers), ``line_role`` (person_roles),
``trap_house`` (line_addresses) and ``handset`` (phone_handsets).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linewatch.api.data import plural, rows, span, table_exists
from linewatch.errors import InputError
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store

NODE_TYPES = ("person", "phone", "address", "line", "handset")
LINK_TYPES = ("call", "shared_imei", "shared_imsi", "continuity", "uses", "lives_at",
              "line_number", "line_role", "trap_house", "handset")
LIST = "(SELECT unnest(?::VARCHAR[]))"


def parse_entity(entity: str) -> tuple[str, str]:
    """Split ``type:key`` and normalise the key (phones to E.164)."""
    kind, sep, key = (entity or "").partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in NODE_TYPES or not key.strip():
        raise InputError(f"'{entity[:60]}' is not an entity like person:P1 or phone:+447700900123")
    key = key.strip()
    if kind == "phone":
        key = phone_type.try_clean(key) or key
    return kind, key


def node_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"


@dataclass
class Window:
    """An optional time window applied to dated links (calls, line numbers, handsets)."""

    start: dt.datetime | None = None
    end: dt.datetime | None = None

    def sql(self, column: str) -> tuple[str, list[Any]]:
        parts, params = [], []
        if self.start is not None:
            parts.append(f"{column} >= ?")
            params.append(self.start)
        if self.end is not None:
            parts.append(f"{column} <= ?")
            params.append(self.end)
        return (" AND " + " AND ".join(parts)) if parts else "", params


@dataclass
class Graph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_node(self, kind: str, key: str, label: str | None = None) -> str:
        nid = node_id(kind, key)
        if nid not in self.nodes:
            self.nodes[nid] = {"id": nid, "type": kind, "key": key, "label": label or key}
        elif label and self.nodes[nid]["label"] == key:
            self.nodes[nid]["label"] = label
        return nid

    def add_edge(self, a: str, b: str, kind: str, label: str, **extra: Any) -> None:
        lo, hi = sorted((a, b))
        eid = f"{kind}|{lo}|{hi}"
        if eid not in self.edges:
            self.edges[eid] = {"id": eid, "source": a, "target": b, "type": kind,
                               "label": label, **extra}

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}


def expand(store: Store, graph: Graph, frontier: dict[str, list[str]], types: set[str],
           window: Window, per_node: int = 50) -> set[str]:
    """Add the links of every frontier node (keys grouped by type); return new node ids."""
    before = set(graph.nodes)
    phones, persons = frontier.get("phone", []), frontier.get("person", [])
    addresses, lines = frontier.get("address", []), frontier.get("line", [])
    handsets = frontier.get("handset", [])
    if phones and "call" in types:
        _calls(store, graph, phones, window, per_node)
    if phones and types & {"shared_imei", "shared_imsi", "continuity"}:
        _number_links(store, graph, phones, types)
    if (phones or persons) and "uses" in types:
        _uses(store, graph, phones, persons)
    if (persons or addresses) and "lives_at" in types:
        _lives_at(store, graph, persons, addresses)
    if (lines or phones) and "line_number" in types:
        _line_numbers(store, graph, lines, phones, window)
    if (lines or persons) and "line_role" in types:
        _line_roles(store, graph, lines, persons)
    if (lines or addresses) and "trap_house" in types:
        _trap_houses(store, graph, lines, addresses)
    if (phones or handsets) and "handset" in types:
        _handsets(store, graph, phones, handsets, window)
    return set(graph.nodes) - before


def _calls(store: Store, graph: Graph, phones: list[str], window: Window, per_node: int) -> None:
    clause, params = window.sql("start_time")
    found = rows(store, ["cdr"], f"""
        WITH e AS (
          SELECT a_number AS me, b_number AS other, event_type, start_time FROM cdr
          WHERE a_number IN {LIST}{clause}
          UNION ALL
          SELECT b_number AS me, a_number AS other, event_type, start_time FROM cdr
          WHERE b_number IN {LIST}{clause})
        SELECT me, other, count(*) AS n, count(*) FILTER (WHERE event_type = 'voice') AS voice,
               min(start_time) AS first, max(start_time) AS last
        FROM e GROUP BY me, other
        QUALIFY row_number() OVER (PARTITION BY me ORDER BY count(*) DESC, other) <= ?
        """, [phones, *params, phones, *params, per_node])  # noqa: S608
    for r in found:
        a = graph.add_node("phone", r["me"])
        b = graph.add_node("phone", r["other"])
        voice, n = int(r["voice"]), int(r["n"])
        label = ", ".join(p for p in (plural(voice, "call") if voice else "",
                                      plural(n - voice, "text") if n - voice else "") if p)
        graph.add_edge(a, b, "call", f"{label}, {span(r['first'], r['last'])}", count=n,
                       voice=voice, sms=n - voice, first=r["first"], last=r["last"])


def _number_links(store: Store, graph: Graph, phones: list[str], types: set[str]) -> None:
    found = rows(store, ["number_links"], f"""
        SELECT number_a, number_b, link_type, confidence, evidence FROM number_links
        WHERE number_a IN {LIST} OR number_b IN {LIST}""", [phones, phones],  # noqa: S608
        json_keys=["evidence"])
    for r in found:
        if r["link_type"] not in types:
            continue
        a = graph.add_node("phone", r["number_a"])
        b = graph.add_node("phone", r["number_b"])
        label = r["link_type"].replace("_", " ")
        if r["confidence"] is not None:
            label += f" ({float(r['confidence']):.0%})"
        graph.add_edge(a, b, r["link_type"], label, confidence=r["confidence"],
                       evidence=r["evidence"])


def _uses(store: Store, graph: Graph, phones: list[str], persons: list[str]) -> None:
    if table_exists(store, "phone_persons"):
        found = rows(store, ["phone_persons"], f"""
            SELECT number, person_id, confidence, evidence FROM phone_persons
            WHERE number IN {LIST} OR person_id IN {LIST}""", [phones, persons],  # noqa: S608
            json_keys=["evidence"])
    else:
        found = rows(store, ["persons"], f"""
            SELECT number, person_id, NULL AS confidence, NULL AS evidence FROM (
              SELECT person_id, unnest(phones) AS number FROM persons
              WHERE person_id IN {LIST} OR list_has_any(phones, ?::VARCHAR[]))
            WHERE number IS NOT NULL""", [persons, phones])  # noqa: S608
    for r in found:
        a = graph.add_node("person", r["person_id"])
        b = graph.add_node("phone", r["number"])
        conf = r["confidence"]
        graph.add_edge(a, b, "uses", "uses" + (f" ({float(conf):.0%})" if conf is not None
                                               else ""), confidence=conf, evidence=r["evidence"])


def _lives_at(store: Store, graph: Graph, persons: list[str], addresses: list[str]) -> None:
    upper = [a.upper() for a in addresses]
    found = rows(store, ["persons"], f"""
        SELECT person_id, address, postcode FROM persons WHERE address IS NOT NULL AND
        (person_id IN {LIST} OR upper(trim(address)) IN {LIST})""",  # noqa: S608
        [persons, upper])
    for r in found:
        a = graph.add_node("person", r["person_id"])
        b = graph.add_node("address", r["address"].strip())
        graph.nodes[b].setdefault("postcode", r["postcode"])
        graph.add_edge(a, b, "lives_at", "recorded address")


def _line_numbers(store: Store, graph: Graph, lines: list[str], phones: list[str],
                  window: Window) -> None:
    found = rows(store, ["line_numbers"], f"""
        SELECT line_id, number, first_seen, last_seen FROM line_numbers
        WHERE line_id IN {LIST} OR number IN {LIST}""", [lines, phones])  # noqa: S608
    for r in found:
        if window.start and r["last_seen"] and r["last_seen"] < window.start:
            continue
        if window.end and r["first_seen"] and r["first_seen"] > window.end:
            continue
        a = graph.add_node("line", r["line_id"])
        b = graph.add_node("phone", r["number"])
        graph.add_edge(a, b, "line_number", f"line number, {span(r['first_seen'], r['last_seen'])}",
                       first=r["first_seen"], last=r["last_seen"])


def _line_roles(store: Store, graph: Graph, lines: list[str], persons: list[str]) -> None:
    found = rows(store, ["person_roles"], f"""
        SELECT person_id, role, line_id, confidence FROM person_roles
        WHERE line_id IS NOT NULL AND role NOT IN ('none', 'customer')
        AND (line_id IN {LIST} OR person_id IN {LIST})""", [lines, persons])  # noqa: S608
    for r in found:
        a = graph.add_node("line", r["line_id"])
        b = graph.add_node("person", r["person_id"])
        graph.add_edge(a, b, "line_role", str(r["role"]).replace("_", " "),
                       role=r["role"], confidence=r["confidence"])


def _trap_houses(store: Store, graph: Graph, lines: list[str], addresses: list[str]) -> None:
    upper = [a.upper() for a in addresses]
    found = rows(store, ["line_addresses"], f"""
        SELECT line_id, address, postcode, confidence FROM line_addresses
        WHERE line_id IN {LIST} OR upper(trim(address)) IN {LIST}""",  # noqa: S608
        [lines, upper])
    for r in found:
        a = graph.add_node("line", r["line_id"])
        b = graph.add_node("address", str(r["address"]).strip())
        graph.nodes[b].setdefault("postcode", r["postcode"])
        graph.add_edge(a, b, "trap_house", "trap house", confidence=r["confidence"])


def _handsets(store: Store, graph: Graph, phones: list[str], handsets: list[str],
              window: Window) -> None:
    found = rows(store, ["phone_handsets"], f"""
        SELECT number, imei, first_seen, last_seen, n_events FROM phone_handsets
        WHERE imei IS NOT NULL AND (number IN {LIST} OR imei IN {LIST})""",  # noqa: S608
        [phones, handsets])
    for r in found:
        if window.start and r["last_seen"] and r["last_seen"] < window.start:
            continue
        a = graph.add_node("phone", r["number"])
        b = graph.add_node("handset", r["imei"])
        graph.add_edge(a, b, "handset", f"in handset, {span(r['first_seen'], r['last_seen'])}",
                       count=r["n_events"], first=r["first_seen"], last=r["last_seen"])


def decorate(store: Store, graph: Graph) -> None:
    """Add labels, roles and scores to every node, with one query per node type."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for node in graph.nodes.values():
        by_type[node["type"]].append(node["key"])
    phones = by_type.get("phone", [])
    for r in rows(store, ["phone_roles"], f"SELECT number, role, line_id FROM phone_roles "  # noqa: S608
                  f"WHERE number IN {LIST}", [phones]):  # noqa: S608
        node = graph.nodes[node_id("phone", r["number"])]
        node["role"], node["line_id"] = r["role"], r["line_id"]
    for r in rows(store, ["phone_scores"], f"SELECT number, deal_line_score FROM phone_scores "  # noqa: S608
                  f"WHERE number IN {LIST}", [phones]):  # noqa: S608
        graph.nodes[node_id("phone", r["number"])]["score"] = r["deal_line_score"]
    for key in phones:
        node = graph.nodes[node_id("phone", key)]
        if node["label"] == key and key.startswith("+"):
            try:
                node["label"] = phone_type.display(key)
            except Exception:  # noqa: BLE001 - a label must never fail a request
                pass
    persons = by_type.get("person", [])
    for r in rows(store, ["persons"], f"SELECT person_id, display_name FROM persons "  # noqa: S608
                  f"WHERE person_id IN {LIST}", [persons]):  # noqa: S608
        graph.nodes[node_id("person", r["person_id"])]["label"] = r["display_name"] or \
            r["person_id"]
    for r in rows(store, ["person_roles"], f"""
            SELECT person_id, arg_max(role, confidence) AS role FROM person_roles
            WHERE person_id IN {LIST} GROUP BY person_id""", [persons]):  # noqa: S608
        graph.nodes[node_id("person", r["person_id"])]["role"] = r["role"]
    for r in rows(store, ["person_exploitation"], f"""
            SELECT person_id, exploitation_risk, safeguarding_flag FROM person_exploitation
            WHERE person_id IN {LIST}""", [persons]):  # noqa: S608
        node = graph.nodes[node_id("person", r["person_id"])]
        node["safeguarding"] = bool(r["safeguarding_flag"])
        node["exploitation_risk"] = r["exploitation_risk"]
    lines = by_type.get("line", [])
    for r in rows(store, ["lines"], f"SELECT line_id, score FROM lines WHERE line_id IN {LIST}",  # noqa: S608
                  [lines]):  # noqa: S608
        node = graph.nodes[node_id("line", r["line_id"])]
        node["score"], node["role"] = r["score"], "line"
    addresses = by_type.get("address", [])
    for r in rows(store, ["address_cuckooing"], f"""
            SELECT address, cuckooing_score, cuckooed FROM address_cuckooing
            WHERE upper(trim(address)) IN {LIST}""", [[a.upper() for a in addresses]]):  # noqa: S608
        for key in addresses:
            if key.upper() == str(r["address"]).strip().upper():
                node = graph.nodes[node_id("address", key)]
                node["score"] = r["cuckooing_score"]
                node["role"] = "cuckooed" if r["cuckooed"] else node.get("role")
