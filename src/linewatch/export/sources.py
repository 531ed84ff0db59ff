"""Where the case graph comes from: one function per kind of node or link.

Each source reads its tables (a missing table adds nothing: a stage that has not run leaves
its part of the graph empty) and adds nodes and edges to a :class:`CaseGraph`. To export a
new kind of link, write one function with the signature of :data:`Source` and add it to
:data:`SOURCES`; every format picks it up. Node sources come first so edges find their
nodes' properties; an edge to a node no source described adds that node bare.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from linewatch.export.graph import CaseGraph
from linewatch.schema.types import phone as phone_type
from linewatch.storage import Store

Source = Callable[[Store, CaseGraph], None]


def rows(store: Store, tables: tuple[str, ...], sql: str,
         params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The query's rows as dictionaries, or none when one of ``tables`` does not exist."""
    if not all(store.table_exists(t) for t in tables):
        return []
    return store.query_dicts(sql, params)


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def analysis_runs(store: Store, graph: CaseGraph) -> None:
    """The newest finished run of each stage, recorded on the graph and every format."""
    for r in rows(store, ("analysis_runs",), """
            SELECT stage, arg_max(run_id, finished_at) AS run_id FROM analysis_runs
            WHERE status = 'done' GROUP BY stage ORDER BY stage"""):
        graph.runs[r["stage"]] = r["run_id"]


def persons(store: Store, graph: CaseGraph) -> None:
    """Resolved persons with their roles, exploitation risk and (for analysts) priority."""
    roles: dict[str, list[str]] = {}
    for r in rows(store, ("person_roles",), """
            SELECT person_id, role, line_id, confidence FROM person_roles
            WHERE role <> 'none' ORDER BY person_id, confidence DESC, line_id"""):
        roles.setdefault(r["person_id"], []).append(
            f"{r['role']}" + (f" of {r['line_id']}" if r["line_id"] else "")
            + (f" ({float(r['confidence']):.2f})" if r["confidence"] is not None else ""))
    for r in rows(store, ("persons",), "SELECT * FROM persons ORDER BY person_id"):
        graph.node("person", r["person_id"], r["display_name"] or r["person_id"],
                   forenames=r["forenames"], surname=r["surname"], dob=r["dob"], sex=r["sex"],
                   nicknames=r["nicknames"], address=r["address"], postcode=r["postcode"],
                   person_flags=r["flags"], n_records=r["n_records"],
                   roles=roles.get(r["person_id"]), run_id=r["run_id"])
    for r in rows(store, ("person_exploitation",), """
            SELECT e.person_id, e.exploitation_risk, e.safeguarding_flag, s.rank, e.run_id
            FROM person_exploitation e LEFT JOIN safeguarding_list s USING (person_id)
            ORDER BY e.person_id""") if store.table_exists("safeguarding_list") else []:
        graph.node("person", r["person_id"], exploitation_risk=r["exploitation_risk"],
                   safeguarding_flag=r["safeguarding_flag"], safeguarding_rank=r["rank"],
                   safeguard_run_id=r["run_id"])
    if graph.audience.sees_priorities:
        for r in rows(store, ("person_priority", "target_list"), """
                SELECT p.person_id, p.priority, p.harm_score, t.rank, p.run_id
                FROM person_priority p LEFT JOIN target_list t USING (person_id)
                ORDER BY p.person_id"""):
            graph.node("person", r["person_id"], priority=r["priority"],
                       harm_score=r["harm_score"], target_rank=r["rank"],
                       score_run_id=r["run_id"])


def phones(store: Store, graph: CaseGraph) -> None:
    """Every number detection scored, with its role, line and deal-line score."""
    for r in rows(store, ("phone_scores", "phone_roles"), """
            SELECT s.number, s.deal_line_score, s.is_deal_line, r.role, r.line_id,
                   r.confidence AS role_confidence, s.run_id
            FROM phone_scores s LEFT JOIN phone_roles r USING (number) ORDER BY s.number"""):
        graph.node("phone", r["number"], phone_role=r["role"], line_id=r["line_id"],
                   role_confidence=r["role_confidence"], deal_line_score=r["deal_line_score"],
                   is_deal_line=r["is_deal_line"], run_id=r["run_id"])


def lines(store: Store, graph: CaseGraph) -> None:
    for r in rows(store, ("lines",), "SELECT * FROM lines ORDER BY line_id"):
        graph.node("line", r["line_id"], f"line {r['line_id']}", score=r["score"],
                   first_seen=r["first_seen"], last_seen=r["last_seen"], run_id=r["run_id"])


def calls(store: Store, graph: CaseGraph) -> None:
    """Calls and texts aggregated per pair of numbers (both directions in one edge)."""
    for r in rows(store, ("cdr",), """
            SELECT least(a_number, b_number) AS a, greatest(a_number, b_number) AS b,
                   count(*) AS events, count(*) FILTER (WHERE event_type = 'voice') AS calls,
                   count(*) FILTER (WHERE event_type <> 'voice') AS texts,
                   count(*) FILTER (WHERE a_number = least(a_number, b_number)) AS a_to_b,
                   coalesce(sum(duration_s), 0) AS seconds,
                   min(start_time) AS first_seen, max(start_time) AS last_seen
            FROM cdr WHERE a_number IS NOT NULL AND b_number IS NOT NULL
              AND a_number <> b_number
            GROUP BY 1, 2 ORDER BY 1, 2"""):
        a, b = graph.node("phone", r["a"]), graph.node("phone", r["b"])
        graph.edge(a, b, "call", f"{r['calls']} calls, {r['texts']} texts",
                   events=r["events"], calls=r["calls"], texts=r["texts"],
                   a_to_b=r["a_to_b"], b_to_a=r["events"] - r["a_to_b"],
                   duration_s=r["seconds"], first_seen=r["first_seen"],
                   last_seen=r["last_seen"])


def phone_users(store: Store, graph: CaseGraph) -> None:
    """Person uses phone (resolution's attribution, with its confidence)."""
    for r in rows(store, ("phone_persons",), """
            SELECT number, person_id, confidence, evidence, run_id FROM phone_persons
            WHERE person_id IS NOT NULL ORDER BY person_id, number"""):
        graph.edge(graph.node("person", r["person_id"]), graph.node("phone", r["number"]),
                   "uses", "uses", confidence=r["confidence"],
                   evidence=json.dumps(_json(r["evidence"]), sort_keys=True),
                   run_id=r["run_id"])


def homes(store: Store, graph: CaseGraph) -> None:
    """Person lives at their recorded address; addresses with reference data and
    cuckooing scores."""
    places = {r["address"]: r for r in rows(store, ("addresses",), """
            SELECT address, postcode, lat, lon, uprn, flags FROM addresses""")}

    def address(text: str, postcode: str | None) -> str:
        ref = places.get(text) or {}
        return graph.node("address", text, postcode=postcode or ref.get("postcode"),
                          lat=ref.get("lat"), lon=ref.get("lon"), uprn=ref.get("uprn"),
                          address_flags=ref.get("flags"))

    for r in rows(store, ("address_cuckooing",), """
            SELECT address, postcode, cuckooing_score, cuckooed, run_id
            FROM address_cuckooing ORDER BY address"""):
        address(r["address"], r["postcode"])
        graph.node("address", r["address"], cuckooing_score=r["cuckooing_score"],
                   cuckooed=r["cuckooed"], run_id=r["run_id"])
    for r in rows(store, ("persons",), """
            SELECT person_id, address, postcode FROM persons WHERE address IS NOT NULL
            ORDER BY person_id"""):
        graph.edge(graph.node("person", r["person_id"]), address(r["address"], r["postcode"]),
                   "lives_at", "recorded address")
    for r in rows(store, ("line_addresses",), """
            SELECT line_id, address, postcode, confidence, run_id FROM line_addresses
            ORDER BY line_id, address"""):
        graph.edge(graph.node("line", r["line_id"]), address(r["address"], r["postcode"]),
                   "trap_house", "trap house", confidence=r["confidence"], run_id=r["run_id"])


def line_links(store: Store, graph: CaseGraph) -> None:
    """Line uses number (with dates) and person has a role on a line."""
    for r in rows(store, ("line_numbers",), """
            SELECT line_id, number, first_seen, last_seen, run_id FROM line_numbers
            ORDER BY line_id, first_seen, number"""):
        graph.edge(graph.node("line", r["line_id"]), graph.node("phone", r["number"]),
                   "line_number", "line number", first_seen=r["first_seen"],
                   last_seen=r["last_seen"], run_id=r["run_id"])
    for r in rows(store, ("person_roles",), """
            SELECT person_id, role, line_id, confidence, run_id FROM person_roles
            WHERE line_id IS NOT NULL AND role <> 'none' ORDER BY line_id, person_id"""):
        graph.edge(graph.node("person", r["person_id"]), graph.node("line", r["line_id"]),
                   "line_role", str(r["role"]).replace("_", " "), role=r["role"],
                   confidence=r["confidence"], run_id=r["run_id"])


def handsets(store: Store, graph: CaseGraph) -> None:
    """Number in handset (IMEI) and numbers linked by resolution (shared IMEI, continuity).
    Handset identifiers are source detail: a partner's export has neither."""
    if not graph.audience.sees_handsets:
        return
    for r in rows(store, ("phone_handsets",), """
            SELECT number, imei, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
                   sum(n_events) AS events, any_value(run_id) AS run_id FROM phone_handsets
            WHERE imei IS NOT NULL GROUP BY number, imei ORDER BY number, imei"""):
        graph.edge(graph.node("phone", r["number"]), graph.node("handset", r["imei"]),
                   "handset", "in handset", first_seen=r["first_seen"],
                   last_seen=r["last_seen"], events=r["events"], run_id=r["run_id"])
    for r in rows(store, ("number_links",), """
            SELECT number_a, number_b, link_type, confidence, run_id FROM number_links
            ORDER BY number_a, number_b, link_type"""):
        graph.edge(graph.node("phone", r["number_a"]), graph.node("phone", r["number_b"]),
                   r["link_type"], str(r["link_type"]).replace("_", " "),
                   confidence=r["confidence"], run_id=r["run_id"])


def vehicles(store: Store, graph: CaseGraph) -> None:
    """Vehicles seized at a person's events, and vehicles an intelligence report names
    together with a person (only reports the audience may see under their handling code)."""
    for r in rows(store, ("seizures", "events", "person_records"), """
            SELECT DISTINCT upper(s.vrm) AS vrm, p.person_id, s.event_id, e.occurred_at
            FROM seizures s JOIN events e ON e.event_id = s.event_id
              AND e.source_system IS NOT DISTINCT FROM s.source_system
            JOIN person_records p ON p.record_id = e.record_id
              AND p.source_system = e.source_system
            WHERE s.vrm IS NOT NULL ORDER BY 1, 2, 3"""):
        graph.edge(graph.node("person", r["person_id"]),
                   graph.node("vehicle", r["vrm"], vrm=r["vrm"]), "vehicle_link",
                   "seized at an event", basis="seizure", date=r["occurred_at"],
                   detail=r["event_id"])
    for r in rows(store, ("text_mentions",), """
            SELECT v.matched_id AS vrm, p.matched_id AS person_id, v.source_id,
                   v.handling_code, v.handling_conditions
            FROM text_mentions v JOIN text_mentions p ON p.source_kind = v.source_kind
              AND p.source_id = v.source_id AND p.matched_type = 'person'
            WHERE v.source_kind = 'intel' AND v.matched_type = 'vehicle'
            ORDER BY 1, 2, 3"""):
        if not graph.audience.may_see_intel(r["handling_code"], r["handling_conditions"]):
            continue
        graph.edge(graph.node("person", r["person_id"]),
                   graph.node("vehicle", r["vrm"], vrm=r["vrm"]), "vehicle_link",
                   "named together in intelligence", basis="intelligence",
                   handling_code=r["handling_code"], refs=r["source_id"])


_REF_KINDS = {"person": "person", "phone": "phone", "vehicle": "vehicle",
              "address": "address", "object": "object", "organisation": "organisation"}


def relationships(store: Store, graph: CaseGraph) -> None:
    """Typed links between entities (contract v2's ``relationships`` kind, when present).
    A person is named by a record id, resolved to the person that record belongs to."""
    if not store.table_exists("relationships"):
        return
    owners = {(r["source_system"], r["record_id"]): r["person_id"]
              for r in rows(store, ("person_records",),
                            "SELECT source_system, record_id, person_id FROM person_records")}
    by_record = {record: person for (_, record), person in owners.items()}
    for r in store.query_dicts("""
            SELECT source_system, relationship_id, from_type, from_ref, type, subtype,
                   to_type, to_ref, first_seen, last_seen, source, handling_code
            FROM relationships ORDER BY source_system, relationship_id, from_ref, to_ref"""):
        if not graph.audience.may_see_intel(r["handling_code"], None):
            continue
        ends = []
        for kind, ref in ((r["from_type"], r["from_ref"]), (r["to_type"], r["to_ref"])):
            kind = _REF_KINDS.get(str(kind or "").lower())
            if kind is None or not ref:
                break
            if kind == "person":
                ref = owners.get((r["source_system"], ref)) or by_record.get(ref) or ref
            elif kind == "phone":
                ref = phone_type.try_clean(ref) or ref
            elif kind == "vehicle":
                ref = str(ref).replace(" ", "").upper()
            ends.append(graph.node(kind, str(ref)))
        if len(ends) != 2:
            continue
        label = str(r["type"]).replace("_", " ") + (f" ({r['subtype']})" if r["subtype"] else "")
        graph.edge(ends[0], ends[1], "relationship", label, type=r["type"],
                   subtype=r["subtype"], first_seen=r["first_seen"], last_seen=r["last_seen"],
                   source=r["source"], record_id=r["relationship_id"])


#: every source, node sources first; add a new kind of link here
SOURCES: tuple[Source, ...] = (
    analysis_runs, persons, phones, lines, homes, calls, phone_users, line_links, handsets,
    vehicles, relationships,
)


def case_graph(store: Store, audience: Any) -> CaseGraph:
    """The whole case as the audience may see it."""
    graph = CaseGraph(audience)
    for source in SOURCES:
        source(store, graph)
    return graph
