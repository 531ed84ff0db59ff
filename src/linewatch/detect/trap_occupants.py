"""Trap addresses from every kind of evidence, and the people who live there.

A trap house is an address a line uses in its market, often the home of a vulnerable adult who
is rarely on the phone to anyone. It is found from where the line's phones are, not from the
occupant's phone alone:

* **places** the line points at: the cell where each runner phone dwells in the market
  (overnight above all), the cell from which the line's customers contact it away from their
  own home cell (customers converging to collect), and the home cell of each trap phone;
* **addresses near those places** (the ``addresses`` reference with coordinates, within
  ``trap_radius_km``), scored by what is recorded about them: police and partner events there
  (anti-social behaviour, welfare checks, warrants, seizures, arrests, referrals), address flags,
  residents whose records carry vulnerability flags, and intelligence or tips that mention the
  address together with one of the line's numbers;
* the home or subscriber address of a trap phone's owner (as before).

A line keeps its best address when the evidence reaches ``trap_min_evidence``, and any other
address with independent support (a trap phone's owner, a text naming it with the line's
number). The occupants are the persons whose nominal records give that address (same dwelling
key, postcode agreeing when both give one), so a resident is found even without a phone.
Nothing here knows a place name; every address keeps the evidence that chose it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts
from linewatch.detect.roles import LineCrew
from linewatch.geo import haversine_km
from linewatch.schema.types.match_keys import address_keys
from linewatch.storage import Store

AddressKey = tuple[str, str]  # (dwelling key, postcode without spaces or "")


def dwelling(address: str | None, postcode: str | None) -> AddressKey | None:
    """The dwelling key of an address line and its postcode (``None`` when unreadable)."""
    key = address_keys(address)["addr_key"] if address else None
    if not key:
        return None
    return str(key), (postcode or "").replace(" ", "").upper()


_POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b", re.IGNORECASE)


def _postcode_in(text: str) -> str | None:
    found = _POSTCODE.search(text)
    return f"{found.group(1)} {found.group(2)}".upper() if found else None


def same_dwelling(a: AddressKey, b: AddressKey) -> bool:
    return a[0] == b[0] and (not a[1] or not b[1] or a[1] == b[1])


@dataclass(frozen=True)
class Place:
    """A cell a line points at, and why."""

    cell: str
    kind: str  # runner_dwelling, customers_converge, trap_phone
    phone: str | None = None
    customers: int = 0


@dataclass
class Candidate:
    """An address near a line's places, with the evidence recorded about it."""

    address: str
    postcode: str | None
    key: AddressKey
    lat: float
    lon: float
    source: dict[str, Any]
    events: Counter[str] = field(default_factory=Counter)
    flags: list[str] = field(default_factory=list)
    vulnerable_residents: list[str] = field(default_factory=list)
    reports: list[str] = field(default_factory=list)


def line_places(crew: LineCrew, where: dict[str, Whereabouts],
                customer_cells: dict[str, Counter[str]], params: DetectParams) -> list[Place]:
    """Runner dwelling cells, the customers' collection cell and trap phones' home cells."""
    markets = market_areas(crew, where, params.trap_market_min_share)
    places: list[Place] = []
    for runner in sorted(set(crew.runners)):
        w = where.get(runner)
        if w is None or not markets:
            continue
        # the market area the runner phone is most in (a town split into two areas by the
        # cell sites, or a line selling in two towns, has two)
        used = w.areas
        area = max(markets, key=lambda a: (used.get(a, 0), a == crew.market_area, -a))
        cell = w.market_cell(area)
        if cell is not None:
            places.append(Place(cell, "runner_dwelling", phone=runner))
    for phone, cell in sorted(crew.trap_cells.items()):
        places.append(Place(cell, "trap_phone", phone=phone))
    away: Counter[str] = Counter()
    for customer in sorted(crew.customers):
        w = where.get(customer)
        for cell in customer_cells.get(customer, Counter()):
            if w is None or cell != w.home_cell:
                away[cell] += 1
    located = sum(1 for c in crew.customers if customer_cells.get(c))
    ranked = sorted(away.items(), key=lambda kv: (-kv[1], kv[0]))
    bar = max(params.converge_min_customers, params.converge_min_share * located)
    # a collection point stands out from the next cell: busy cells (a station, a centre)
    # draw many customers too, but no more than one another
    for i, (cell, n) in enumerate(ranked[:2]):
        runner_up = ranked[i + 1][1] if i + 1 < len(ranked) else 0
        if n >= bar and n >= params.converge_lead * max(1, runner_up):
            places.append(Place(cell, "customers_converge", customers=n))
    return places


def market_areas(crew: LineCrew, where: dict[str, Whereabouts], min_share: float) -> list[int]:
    """The line's market area and any other area where at least ``min_share`` of its located
    customers live."""
    homes = Counter(a for c in crew.customers if c in where
                    and (a := where[c].home_area) is not None)
    total = sum(homes.values())
    out = [] if crew.market_area is None else [crew.market_area]
    out += sorted(a for a, n in homes.items()
                  if a != crew.market_area and total and n >= min_share * total)
    return out


def customer_contact_cells(store: Store, line_of: dict[str, str],
                           customers: set[str]) -> dict[str, Counter[str]]:
    """Per customer, the cells it used when contacting a line number (its side of the event)."""
    if not customers or not line_of:
        return {}
    lines = pa.table({"number": pa.array(sorted(line_of), pa.string())})
    custs = pa.table({"number": pa.array(sorted(customers), pa.string())})
    with store.registered("lw_t_lines", lines), store.registered("lw_t_customers", custs):
        rows = store.query(
            "SELECT c.a_number, c.a_cell_id, count(*) FROM cdr c "
            "JOIN lw_t_lines l ON l.number = c.b_number "
            "JOIN lw_t_customers k ON k.number = c.a_number WHERE c.a_cell_id IS NOT NULL "
            "GROUP BY c.a_number, c.a_cell_id ORDER BY c.a_number, c.a_cell_id")
    out: dict[str, Counter[str]] = {}
    for number, cell, n in rows:
        out.setdefault(number, Counter())[cell] = int(n)
    return out


def _candidates_near(store: Store, points: list[tuple[float, float]],
                     radius_km: float) -> list[Candidate]:
    if not points or not store.table_exists("addresses"):
        return []
    lat_lo = min(p[0] for p in points) - radius_km / 111.0
    lat_hi = max(p[0] for p in points) + radius_km / 111.0
    lon_lo = min(p[1] for p in points) - radius_km / 60.0
    lon_hi = max(p[1] for p in points) + radius_km / 60.0
    rows = store.query_dicts(
        "SELECT address, postcode, lat, lon, flags, _batch, _row FROM addresses "
        "WHERE lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? ORDER BY address, postcode",
        [lat_lo, lat_hi, lon_lo, lon_hi])
    out = []
    for r in rows:
        key = dwelling(r["address"], r["postcode"])
        if key is None or not any(haversine_km(p[0], p[1], r["lat"], r["lon"]) <= radius_km
                                  for p in points):
            continue
        out.append(Candidate(r["address"], r["postcode"], key, float(r["lat"]), float(r["lon"]),
                             {"table": "addresses", "_batch": r["_batch"], "_row": r["_row"]},
                             flags=sorted(set(r["flags"] or []))))
    return out


def _events_by_dwelling(store: Store, types: tuple[str, ...]) -> dict[AddressKey, Counter[str]]:
    if not store.table_exists("events"):
        return {}
    out: dict[AddressKey, Counter[str]] = {}
    for address, postcode, kind, n in store.query(
            "SELECT address, postcode, event_type, count(*) FROM events WHERE address IS NOT NULL "
            "AND list_contains(?, event_type) GROUP BY ALL ORDER BY ALL", [list(types)]):
        key = dwelling(address, postcode)
        if key is not None:
            out.setdefault(key, Counter())[kind] += int(n)
    return out


def _reports_by_dwelling(store: Store) -> dict[AddressKey, list[str]]:
    """Dwelling -> the intelligence reports and tips that name it (matched to a known
    address by the text stage); E-graded reports never count."""
    if not store.table_exists("text_mentions"):
        return {}
    out: dict[AddressKey, set[str]] = {}
    for matched, postcode, source in store.query(
            "SELECT matched_id, json_extract_string(match_evidence, '$.postcode'), "
            "source_kind || ':' || source_id FROM text_mentions "
            "WHERE mention_type = 'address' AND matched_type = 'address' "
            "AND source_kind IN ('intel', 'tips') "
            "AND upper(coalesce(intelligence_assessment, '')) <> 'E' ORDER BY ALL"):
        key = dwelling(str(matched), postcode)
        if key is not None:
            out.setdefault(key, set()).add(str(source))
    return {k: sorted(v) for k, v in out.items()}


def _records_by_dwelling(store: Store) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Dwelling key -> (person, postcode, flags) for every resolved nominal record."""
    if not (store.table_exists("person_records") and store.table_exists("resolve_records")):
        return {}
    rows = store.query(
        "SELECT p.person_id, r.addr_key, coalesce(r.postcode, ''), coalesce(n.flags, []) "
        "FROM person_records p JOIN resolve_records r ON r.source_system = p.source_system "
        "AND r.record_id = p.record_id LEFT JOIN nominals n ON n.source_system = p.source_system "
        "AND n.record_id = p.record_id WHERE r.addr_key IS NOT NULL "
        "ORDER BY p.person_id, r.addr_key")
    out: dict[str, list[tuple[str, str, list[str]]]] = {}
    for person, key, postcode, flags in rows:
        out.setdefault(str(key), []).append(
            (person, str(postcode).replace(" ", "").upper(), list(flags or [])))
    return out


def residents(records: dict[str, list[tuple[str, str, list[str]]]],
              key: AddressKey) -> dict[str, list[str]]:
    """Persons whose records give this dwelling, with the flags on those records."""
    out: dict[str, list[str]] = {}
    for person, postcode, flags in records.get(key[0], []):
        if same_dwelling(key, (key[0], postcode)):
            out.setdefault(person, [])
            out[person] = sorted(set(out[person]) | set(flags))
    return out


def _text_mentions(store: Store, line_of: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Line -> (address as written, source) for addresses in texts naming a line number."""
    if not line_of or not store.table_exists("text_mentions"):
        return {}
    rows = store.query(
        "SELECT DISTINCT p.normalised, a.value, a.source_kind || ':' || a.source_id, "
        "(SELECT list_sort(list(DISTINCT c.value)) FROM text_mentions c WHERE "
        " c.source_kind = a.source_kind AND c.source_id = a.source_id "
        " AND c.mention_type = 'postcode') "
        "FROM text_mentions p JOIN text_mentions a ON a.source_kind = p.source_kind "
        "AND a.source_id = p.source_id WHERE p.mention_type = 'phone' "
        "AND a.mention_type = 'address' AND list_contains(?, p.normalised) ORDER BY ALL",
        [sorted(line_of)])
    out: dict[str, list[tuple[str, str]]] = {}
    for number, value, source, postcodes in rows:
        text = str(value)
        if _postcode_in(text) is None and postcodes and len(postcodes) == 1:
            text = f"{text} {postcodes[0]}"  # the one postcode the text gives
        out.setdefault(line_of[number], []).append((text, str(source)))
    return out


def _is_vulnerable(flags: list[str], words: tuple[str, ...]) -> bool:
    return any(w in f.lower() for f in flags for w in words)


def trap_addresses_from_evidence(
        store: Store, crews: list[LineCrew], where: dict[str, Whereabouts],
        cells: dict[str, tuple[float, float]], line_of: dict[str, str],
        owner_rows: list[dict[str, Any]], params: DetectParams) -> list[dict[str, Any]]:
    """Rows of ``line_addresses`` (without run id).

    ``where`` must cover the crews' phones and customers; ``owner_rows`` are the addresses of
    trap phones' owners or subscribers (:func:`linewatch.detect.traps.trap_addresses`).
    """
    customers = set().union(*(c.customers for c in crews)) if crews else set()
    contact_cells = customer_contact_cells(store, line_of, customers)
    events = _events_by_dwelling(store, params.trap_event_types)
    reports = _reports_by_dwelling(store)
    records = _records_by_dwelling(store)
    texts = _text_mentions(store, line_of)
    out: list[dict[str, Any]] = []
    for crew in crews:
        places = [p for p in line_places(crew, where, contact_cells, params) if p.cell in cells]
        points = [cells[p.cell] for p in places]
        cands = {c.key: c for c in _candidates_near(store, points, params.trap_radius_km)}
        named = [(v, s, k) for v, s in texts.get(crew.line_id, [])
                 if (k := dwelling(v, _postcode_in(v))) is not None]
        owned = [(r, k) for r in owner_rows if r["line_id"] == crew.line_id
                 and (k := dwelling(r["address"], r.get("postcode"))) is not None]
        scored = []
        for key, cand in sorted(cands.items()):
            near = [p for p in places if haversine_km(*cells[p.cell], cand.lat, cand.lon)
                    <= params.trap_radius_km]
            cand.events = events.get(key, Counter())
            cand.reports = reports.get(key, [])
            people = residents(records, key)
            cand.vulnerable_residents = sorted(
                p for p, f in people.items() if _is_vulnerable(f, params.vulnerability_flags))
            texts_here = sorted({s for v, s, k in named if same_dwelling(k, key)})
            owner_here = [r for r, k in owned if same_dwelling(k, key)]
            score, parts = _score(cand, near, texts_here, owner_here, cells, params)
            if parts["recorded_evidence"] > 0:
                scored.append((score, cand, near, texts_here, owner_here, parts))
        # owner addresses without coordinates still count (the owner's home is known)
        keys = {c.key for _, c, *_ in scored}
        for row, key in owned:
            if not any(same_dwelling(key, k) for k in keys):
                out.append({**row, "evidence": {**row["evidence"], "residents": sorted(
                    residents(records, key))}})
        # an address named with the line's number is the line's wherever it is (and when no
        # cell sites place the line's phones at all)
        named_out: dict[AddressKey, list[str]] = {}
        for value, source, key in named:
            # without a postcode, a street address could be in any town
            if key[1] and not any(same_dwelling(key, k) for k in keys):
                named_out.setdefault(key, [value]).append(source)
        for key, (value, *sources) in sorted(named_out.items()):
            out.append({"line_id": crew.line_id, "address": value, "postcode": None,
                        "confidence": 0.6, "evidence": {
                            "rule": "named together with the line's number in intelligence "
                                    "or tips", "texts_naming_it_with_line_number": sorted(
                                        set(sources)),
                            "residents": sorted(residents(records, key))}})
        scored.sort(key=lambda s: (-s[0], s[1].key))
        supported = [s for s in scored if s[3] or s[4]]
        if supported or owned or named_out:
            kept = supported  # the line's own records name its addresses
        else:
            kept = _standing_out(scored, params)
        for score, cand, near, texts_here, owner_here, parts in kept:
            conf = min(0.9, 0.3 + 0.1 * score)
            if owner_here:
                conf = max(conf, max(r["confidence"] for r in owner_here))
            out.append({"line_id": crew.line_id, "address": cand.address,
                        "postcode": cand.postcode, "confidence": round(conf, 3),
                        "evidence": {
                            "rule": "address near where the line's phones are, with recorded "
                                    "signs of use (events, flags, vulnerable residents, texts)",
                            "score": round(score, 3), **parts, "record": cand.source,
                            "places": [{"cell": p.cell, "kind": p.kind, "phone": p.phone,
                                        "customers": p.customers} for p in near],
                            "events_at_address": dict(sorted(cand.events.items())),
                            "address_flags": cand.flags,
                            "reports_naming_it": cand.reports,
                            "vulnerable_residents": cand.vulnerable_residents,
                            "texts_naming_it_with_line_number": texts_here,
                            "trap_phone_owner_rules": [r["evidence"].get("rule")
                                                       for r in owner_here],
                            "residents": sorted(residents(records, cand.key))}})
    return _dedupe(out)


def _standing_out(scored: list[Any], params: DetectParams) -> list[Any]:
    """Addresses with several kinds of recorded signs that stand out from the ordinary ones.

    Flagged homes and reports of anti-social behaviour are common near any place; a line's
    base gathers several kinds of signs. An address is kept when its recorded evidence reaches
    ``trap_min_evidence`` and its score is ``trap_min_lead`` times that of the best address
    around the line's places that does not reach it (the background level of the area), so a
    line with two bases keeps both.
    """
    background = max((s[0] for s in scored
                      if s[5]["recorded_evidence"] < params.trap_min_evidence), default=0.0)
    return [s for s in scored if s[5]["recorded_evidence"] >= params.trap_min_evidence
            and s[0] >= params.trap_min_lead * background]


def _score(cand: Candidate, near: list[Place], texts_here: list[str],
           owner_here: list[dict[str, Any]], cells: dict[str, tuple[float, float]],
           params: DetectParams) -> tuple[float, dict[str, Any]]:
    kinds = {p.kind for p in near}
    runners = {p.phone for p in near if p.kind == "runner_dwelling"}
    closest = min((haversine_km(*cells[p.cell], cand.lat, cand.lon) for p in near),
                  default=params.trap_radius_km)
    recorded = (min(2.0, float(sum(cand.events.values())))
                + 0.5 * bool(cand.flags)
                + 1.0 * bool(cand.vulnerable_residents)
                + params.trap_report_weight * bool(cand.reports)
                + 2.0 * bool(texts_here) + 3.0 * bool(owner_here))
    pointing = (0.5 * len(kinds) + 0.25 * min(3, len(runners))
                + 0.5 * (1.0 - closest / params.trap_radius_km))
    return recorded + pointing, {"recorded_evidence": round(recorded, 3),
                                 "place_evidence": round(pointing, 3),
                                 "closest_place_km": round(closest, 3)}


def _dedupe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    best: dict[tuple[str, AddressKey], dict[str, Any]] = {}
    order: list[tuple[str, AddressKey]] = []
    for row in rows:
        key = dwelling(row["address"], row.get("postcode")) or (str(row["address"]).upper(), "")
        k = (row["line_id"], key)
        if k not in best:
            order.append(k)
            best[k] = row
        elif row["confidence"] > best[k]["confidence"]:
            best[k] = row
    return [best[k] for k in order]


def occupants(store: Store, traps: list[dict[str, Any]],
              params: DetectParams | None = None) -> list[tuple[str, str, str, float]]:
    """(person, line, address, trap confidence) for the occupants of each trap address.

    When some residents' records carry a vulnerability flag, those are the occupants (the
    person whose home was taken over; others on the records are household or visitors);
    otherwise every resident is.
    """
    words = (params or DetectParams()).vulnerability_flags
    records = _records_by_dwelling(store)
    out = []
    for row in traps:
        key = dwelling(row["address"], row.get("postcode"))
        if key is None:
            continue
        people = residents(records, key)
        vulnerable = [p for p, flags in people.items() if _is_vulnerable(flags, words)]
        for person in vulnerable or sorted(people):
            out.append((person, row["line_id"], row["address"], float(row["confidence"])))
    return out
