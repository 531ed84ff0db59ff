"""The link chart's graph: entities as nodes, evidence-backed links as edges.

Node ids are ``type:key``: ``person:P17``, ``phone:+447700900123``, ``address:12 Example Road``,
``line:L1``, ``handset:356938035643809``. Links are read from the store as they are needed
(one batched query per link type and hop), so a neighbourhood never loads the whole graph.

Link types: ``call`` (cdr, with counts and dates), ``shared_imei`` / ``shared_imsi`` /
``continuity`` (number_links), ``uses`` (phone_persons, else the person's phones), ``lives_at``
(the person's address), ``line_number`` (line_numbers), ``line_role`` (person_roles),
``trap_house`` (line_addresses) and ``handset`` (phone_handsets); and every recorded
relationship (contract v2), typed by its own type (``knows``, ``family`` with its ``subtype``,
``lives_with``, ``party_to``, ``drives`` ...), carrying ``relationship: true``, its first and
last dates, ``provenance`` (the record's source), ``grading`` and ``handling_code``. A role that
may not see a relationship under its handling code (the rule for intelligence) never gets it.
``calls`` stands for the call links and phone attribution, ``relationships`` for every
relationship type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from linewatch.api.access import may_see_intel
from linewatch.api.data import parse_json, rows, short_date, span
from linewatch.errors import InputError
from linewatch.network.relations import Relation
from linewatch.schema.contract import RELATIONSHIP_TYPES
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store

NODE_TYPES = ("person", "phone", "address", "line", "handset", "vehicle", "object", "event",
              "officer", "organisation", "email", "handle")
ANALYSIS_LINK_TYPES = ("call", "shared_imei", "shared_imsi", "continuity", "uses", "lives_at",
                       "line_number", "line_role", "trap_house", "handset")
#: the filter name of recorded ``uses`` relationships alone (``uses`` is also resolution's
#: phone attribution, and asking for ``uses`` gives both)
RECORDED_USES = "recorded_uses"
LINK_TYPES = ANALYSIS_LINK_TYPES + tuple(t for t in RELATIONSHIP_TYPES
                                         if t not in ANALYSIS_LINK_TYPES) + (RECORDED_USES,)
#: names standing for several link types
LINK_GROUPS = {"calls": ("call", "uses"),
               "relationships": tuple(t if t != "uses" else RECORDED_USES
                                      for t in RELATIONSHIP_TYPES)}


def link_types(names: set[str] | list[str] | tuple[str, ...] | None) -> set[str]:
    """Link type names with ``calls`` and ``relationships`` expanded; all when none given."""
    if not names:
        return set(LINK_TYPES)
    wanted: set[str] = set()
    for name in names:
        wanted.update(LINK_GROUPS.get(name, (name,)))
    unknown = wanted - set(LINK_TYPES)
    if unknown:
        raise InputError(f"unknown link types {sorted(unknown)} (known: calls, relationships, "
                         f"{', '.join(LINK_TYPES)})", field="types")
    return wanted
LIST = "(SELECT unnest(?::VARCHAR[]))"


def parse_entity(entity: str, store: Store | None = None) -> tuple[str, str]:
    """Split ``type:key`` and normalise the key (phones to E.164); with ``store``, a person
    or line id that a later run merged or renamed is read as the id it stands for now."""
    kind, sep, key = (entity or "").partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in NODE_TYPES or not key.strip():
        raise InputError(f"'{entity[:60]}' is not an entity like person:P1 or phone:+447700900123")
    key = key.strip()
    if kind == "phone":
        key = phone_type.try_clean(key) or key
    if store is not None and kind in ("person", "line"):
        from linewatch.storage.identities import current_id

        key = current_id(store, kind, key)
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

    def add_edge(self, a: str, b: str, kind: str, label: str | None, **extra: Any) -> None:
        """Add a link once (either direction); ``label=None`` for calls: it is written by
        :meth:`to_dict` from the counts and dates, only for links that are kept."""
        eid = f"{kind}|{a}|{b}" if a < b else f"{kind}|{b}|{a}"
        if eid not in self.edges:
            self.edges[eid] = {"id": eid, "source": a, "target": b, "type": kind,
                               "label": label, **extra}

    def to_dict(self) -> dict[str, Any]:
        from linewatch.api.contacts import as_datetimes

        calls = [e for e in self.edges.values() if e["label"] is None and e["type"] == "call"]
        timed = [e for e in calls if type(e["first"]) is int]  # from the contact index
        if timed:
            moments = iter(as_datetimes([e[k] for e in timed for k in ("first", "last")]))
            for edge in timed:
                edge["first"], edge["last"] = next(moments), next(moments)
        for edge in calls:
            edge["label"] = call_label(edge)
        return {"nodes": list(self.nodes.values()), "edges": list(self.edges.values())}


def call_label(edge: dict[str, Any]) -> str:
    """``42 calls, 3 texts, 3 Jan 2024 – 9 Feb 2024`` from a call link's counts and dates.

    Written for every link of every chart: dates are formatted once per day seen, and the
    counts without calling ``plural`` (a measurable share of a 2-hop chart).
    """
    voice, n = int(edge.get("voice") or 0), int(edge.get("count") or 0)
    texts = n - voice
    calls = f"{voice} call{'' if voice == 1 else 's'}"
    sms = f"{texts} text{'' if texts == 1 else 's'}"
    head = f"{calls}, {sms}" if voice and texts else calls if voice else sms
    first, last = edge.get("first"), edge.get("last")
    if not first:
        return f"{head}, "
    a, b = _day(first), _day(last)
    return f"{head}, {a}" if a == b else f"{head}, {a} – {b}"


_DAYS: dict[int, str] = {}


def _day(value: Any) -> str:
    if not isinstance(value, dt.date):
        return short_date(value)
    key = value.toordinal()
    found = _DAYS.get(key)
    if found is None:
        if len(_DAYS) > 100_000:
            _DAYS.clear()
        found = _DAYS[key] = short_date(value)
    return found


def expand(store: Store, graph: Graph, frontier: dict[str, list[str]], types: set[str],
           window: Window, per_node: int = 50, role: str | None = None) -> set[str]:
    """Add the links of every frontier node (keys grouped by type); return new node ids.

    Calls are read from the store (one query per hop); every other link type comes from the
    in-memory snapshot of the analysis tables.
    """
    from linewatch.api.snapshot import snapshot

    before = set(graph.nodes)
    relationship_types = (types & set(RELATIONSHIP_TYPES)) | (
        {"uses"} if RECORDED_USES in types else set())
    phones = frontier.get("phone", [])
    if phones and "call" in types:
        _calls(store, graph, phones, window, per_node)
    snap = snapshot(store)
    keys = [f"{kind}:{key.upper() if kind == 'address' else key}"
            for kind, found in frontier.items() for key in found]
    for key in keys:
        if key.startswith("phone:"):
            for r in snap.number_links.get(key[6:], []):
                if r["link_type"] in types:
                    _number_link(graph, r)
        if "uses" in types:
            for r in snap.uses.get(key, []):
                conf = r["confidence"]
                graph.add_edge(graph.add_node("person", r["person_id"]),
                               graph.add_node("phone", r["number"]), "uses",
                               "uses" + (f" ({float(conf):.0%})" if conf is not None else ""),
                               confidence=conf, evidence=parse_json(r["evidence"]))
        if "lives_at" in types:
            for r in snap.homes.get(key, []):
                b = graph.add_node("address", r["address"])
                graph.nodes[b].setdefault("postcode", r["postcode"])
                graph.add_edge(graph.add_node("person", r["person_id"]), b, "lives_at",
                               "recorded address")
        if "line_number" in types:
            for r in snap.line_numbers.get(key, []):
                if window.start and r["last_seen"] and r["last_seen"] < window.start:
                    continue
                if window.end and r["first_seen"] and r["first_seen"] > window.end:
                    continue
                graph.add_edge(graph.add_node("line", r["line_id"]),
                               graph.add_node("phone", r["number"]), "line_number",
                               f"line number, {span(r['first_seen'], r['last_seen'])}",
                               first=r["first_seen"], last=r["last_seen"])
        if "line_role" in types:
            for r in snap.line_roles.get(key, []):
                graph.add_edge(graph.add_node("line", r["line_id"]),
                               graph.add_node("person", r["person_id"]), "line_role",
                               str(r["role"]).replace("_", " "), role=r["role"],
                               confidence=r["confidence"])
        if "trap_house" in types:
            for r in snap.traps.get(key, []):
                b = graph.add_node("address", r["address"])
                graph.nodes[b].setdefault("postcode", r["postcode"])
                graph.add_edge(graph.add_node("line", r["line_id"]), b, "trap_house",
                               "trap house", confidence=r["confidence"])
        if "handset" in types:
            for r in snap.handsets.get(key, []):
                if window.start and r["last_seen"] and r["last_seen"] < window.start:
                    continue
                graph.add_edge(graph.add_node("phone", r["number"]),
                               graph.add_node("handset", r["imei"]), "handset",
                               f"in handset, {span(r['first_seen'], r['last_seen'])}",
                               count=r["n_events"], first=r["first_seen"], last=r["last_seen"])
        if relationship_types:
            shown = [rel for rel in snap.relations.get(key, [])
                     if rel.type in relationship_types
                     and (role is None or may_see_intel(role, rel.handling_code, None))]
            for rel in shown[:per_node]:  # like calls: an officer's hundreds of crimes trimmed
                _relationship(graph, rel, window, snap.entity_label)
    return set(graph.nodes) - before


def _relationship(graph: Graph, rel: Relation, window: Window, labels: dict[str, str]) -> None:
    """One recorded relationship as a typed edge; rows of one type between the same two
    entities merge into one edge (their dates spanned, counted)."""
    if window.start and rel.last_seen and rel.last_seen < window.start:
        return
    if window.end and rel.first_seen and rel.first_seen > window.end:
        return
    a = graph.add_node(rel.a_kind, rel.a_key, labels.get(node_id(rel.a_kind, rel.a_key)))
    b = graph.add_node(rel.b_kind, rel.b_key, labels.get(node_id(rel.b_kind, rel.b_key)))
    low, high = (a, b) if a < b else (b, a)
    eid = f"rel:{rel.type}:{rel.subtype or ''}|{low}|{high}"
    edge = graph.edges.get(eid)
    if edge is None:
        graph.edges[eid] = {
            "id": eid, "source": a, "target": b, "type": rel.type, "subtype": rel.subtype,
            "label": rel.label(), "relationship": True, "first": rel.first_seen,
            "last": rel.last_seen, "count": 1, "provenance": rel.source,
            "grading": rel.grading, "handling_code": rel.handling_code,
            "evidence": [rel.evidence()]}
        return
    edge["count"] += 1
    if rel.first_seen and (edge["first"] is None or rel.first_seen < edge["first"]):
        edge["first"] = rel.first_seen
    if rel.last_seen and (edge["last"] is None or rel.last_seen > edge["last"]):
        edge["last"] = rel.last_seen
    if len(edge["evidence"]) < 5:
        edge["evidence"].append(rel.evidence())


def _number_link(graph: Graph, r: dict[str, Any]) -> None:
    label = r["link_type"].replace("_", " ")
    if r["confidence"] is not None:
        label += f" ({float(r['confidence']):.0%})"
    graph.add_edge(graph.add_node("phone", r["number_a"]), graph.add_node("phone", r["number_b"]),
                   r["link_type"], label, confidence=r["confidence"],
                   evidence=parse_json(r["evidence"]))


def _calls(store: Store, graph: Graph, phones: list[str], window: Window, per_node: int) -> None:
    from linewatch.api.contacts import contact_index

    clause, params = window.sql("start_time")
    index = contact_index(store) if not params else None
    if index is not None:  # dates as integers until to_dict: most of these links are trimmed
        found: list[tuple[Any, ...]] = index.top(phones, per_node, micros=True)
    else:
        found = [(r["me"], r["other"], r["n"], r["voice"], None, r["first"], r["last"])
                 for r in rows(store, ["cdr"], f"""
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
            """, [phones, *params, phones, *params, per_node])]  # noqa: S608
    # Graph.add_edge written out: this loop runs for thousands of contacts per request
    nodes, edges = graph.nodes, graph.edges
    for me, other, n, voice, _outgoing, first, last in found:
        a, b = "phone:" + me, "phone:" + other
        if a not in nodes:
            nodes[a] = {"id": a, "type": "phone", "key": me, "label": me}
        if b not in nodes:
            nodes[b] = {"id": b, "type": "phone", "key": other, "label": other}
        eid = f"call|{a}|{b}" if a < b else f"call|{b}|{a}"
        if eid not in edges:
            edges[eid] = {"id": eid, "source": a, "target": b, "type": "call", "label": None,
                          "count": n, "voice": voice, "sms": n - voice, "first": first,
                          "last": last}


def decorate(store: Store, graph: Graph) -> None:
    """Add labels, roles and scores to every node (from the in-memory snapshot)."""
    from linewatch.api.snapshot import snapshot

    snap = snapshot(store)
    phones = snap.phone_attributes()
    for node in graph.nodes.values():
        kind, key = node["type"], node["key"]
        if kind == "phone":
            attributes = phones.get(key)
            if node["label"] != key:  # a label given when the node was added stays
                label = node["label"]
                node.update(attributes or ())
                node["label"] = label
            elif attributes is not None:
                node.update(attributes)  # with the number written for display
            elif key.startswith("+"):
                node["label"] = display_phone(key)
        elif kind == "person":
            node["label"] = snap.person_label.get(key, node["label"])
            if key in snap.person_role:
                node["role"] = snap.person_role[key]
            if key in snap.person_risk:
                node["exploitation_risk"], node["safeguarding"] = snap.person_risk[key]
        elif kind == "line":
            node["role"] = "line"
            if key in snap.line_score:
                node["score"] = snap.line_score[key]
        elif kind == "address":
            found = snap.cuckoo.get(key.strip().upper())
            if found is not None:
                node["score"] = found[0]
                if found[1]:
                    node["role"] = "cuckooed"


def display_phone(e164: str) -> str:
    """``07700 900123`` for UK mobiles without phonenumbers' formatting cost; else as is."""
    if len(e164) == 13 and e164.startswith("+447") and e164[1:].isdigit():
        return f"0{e164[3:7]} {e164[7:]}"
    try:
        return phone_type.display(e164)
    except Exception:  # noqa: BLE001 - a label must never fail a request
        return e164
