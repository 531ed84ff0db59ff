"""Who plays which part in each line, phone by phone, with the evidence for each role.

The rules follow how lines work (domain notes), in this order for each line:

* **customers**: numbers on the line's broadcast list or that contact the line to order (and
  get answered); the line's *market* is the area where most of them live.
* **runners**: phones off the broadcast list that deal with the line on several days and
  either ring the line's customers (delivering) or travel between the market and elsewhere;
  then any phone that travels day by day with a runner phone, or shares its handset (runners
  carry several handsets).
* **controller**: the phone off the broadcast list in touch with most of the runner phones
  (and the line), preferring one that lives away from the market or shares a handset with a
  line number; a line holder's second handset in the hub is the classic case.
* **trap**: a stationary phone in the market, at the cell where a runner phone spends its
  nights, in touch with the runners on several days (one per runner overnight cell).

Every number in ``cdr`` gets exactly one role; a number near several lines keeps its
strongest role (controller > runner > trap > customer). Without cell sites, the geographic
tests are skipped and the contact tests alone decide.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa

from linewatch.detect import neighbourhood as nb
from linewatch.detect import role_structure as rs
from linewatch.detect.lines import Line
from linewatch.detect.params import DetectParams
from linewatch.detect.places import CoTravel, Whereabouts, co_travel, whereabouts
from linewatch.storage import Store

RANK = {"deal_line": 0, "controller": 1, "runner": 2, "trap": 3, "customer": 4, "other": 5}


@dataclass
class PhoneRole:
    number: str
    role: str
    line_id: str | None
    confidence: float
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class LineCrew:
    """The roles found for one line (numbers only; evidence is in the phone roles)."""

    line_id: str
    market_area: int | None
    listed: set[str] = field(default_factory=set)  # on the broadcast list
    customers: set[str] = field(default_factory=set)
    runners: list[str] = field(default_factory=list)
    controllers: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)
    trap_cells: dict[str, str] = field(default_factory=dict)  # trap number -> cell


def assign_roles(store: Store, lines: list[Line], line_scores: dict[str, float],
                 all_numbers: list[str], bursts: pa.Table, areas: pa.Table,
                 params: DetectParams) -> tuple[list[PhoneRole], list[LineCrew]]:
    """Roles of every number, and per line the crew found."""
    roles: dict[str, PhoneRole] = {n: PhoneRole(n, "other", None, 0.5, {}) for n in all_numbers}
    line_of = {n: ln.line_id for ln in lines for n in ln.numbers}
    for ln in lines:
        for n in ln.numbers:
            roles[n] = PhoneRole(n, "deal_line", ln.line_id, round(line_scores.get(n, 1.0), 4),
                                 {"rule": "deal-line score over the threshold",
                                  "line_numbers": ln.numbers})
    if not lines:
        return list(roles.values()), []
    lc = nb.line_contacts(store, line_of, bursts)
    # on the broadcast list: received broadcasts, and not mostly direct texts from the line (a
    # runner phone the line texts orders to can catch a text sent during a broadcast)
    direct_from = lc["from_line"] - lc["bursts_received"]
    listed = lc[(lc["bursts_received"] > 0)
                & (lc["bursts_received"] >= params.listed_min_burst_share * direct_from)]
    ordered = lc[(lc["to_line"] >= params.customer_min_events)
                 | ((lc["to_line"] >= 1) & (lc["from_line"] > lc["bursts_received"]))]
    seeds = lc[~lc.index.isin(listed.index) & (lc["direct_events"] > 0)]
    crews = [LineCrew(ln.line_id, None) for ln in lines]
    for crew in crews:
        crew.listed = set(listed.loc[listed["line_id"] == crew.line_id, "contact"])
        crew.customers = crew.listed | set(
            ordered.loc[ordered["line_id"] == crew.line_id, "contact"])
    # phones in touch with many of a line's customers, though maybe never with the line
    reach = rs.customer_reach(store, line_of, {c.line_id: c.customers for c in crews},
                              params.runner_reach_min_customers)
    for crew in crews:
        reach[crew.line_id] = reach.get(crew.line_id, set()) - crew.listed
    c1 = nb.contacts_of(store, sorted(
        set(zip(seeds["line_id"], seeds["contact"], strict=True))
        | {(line, n) for line, ns in reach.items() for n in ns}))
    c1 = c1[~c1["contact"].isin(line_of)]
    geo_numbers = (set(lc["contact"]) | set(c1["number"]) | set(c1["contact"]) | set(line_of))
    where = whereabouts(nb.geography(store, geo_numbers, areas, night_hours(params)))
    imeis = nb.handsets(store, set(c1["number"]) | set(c1["contact"]) | set(line_of))
    for crew in crews:
        crew.market_area = _market(crew.customers, where)
    timing = rs.deal_timing(
        store, line_of, {c.line_id: c.customers for c in crews},
        {c.line_id: (set(seeds.loc[seeds["line_id"] == c.line_id, "contact"])
                     | reach.get(c.line_id, set())) - c.listed for c in crews}, params)
    found: list[PhoneRole] = []
    for ln, crew in zip(lines, crews, strict=True):
        mine = lc[lc["line_id"] == ln.line_id].set_index("contact")
        mine_c1 = c1[c1["line_id"] == ln.line_id]
        found += _runners(ln, crew, mine, mine_c1, where, params)
        found += _timed_runners(crew, timing, params)
        found += _controller(ln, crew, mine, mine_c1, where, imeis, params)
    # second handsets of runners: phones in touch with the crew that move with a runner
    c2 = nb.contacts_of(store, [(c.line_id, n) for c in crews for n in c.controllers])
    c2 = c2[~c2["contact"].isin(line_of)]
    extra = set(c2["contact"]) - set(where)
    where.update(whereabouts(nb.geography(store, extra, areas, night_hours(params))))
    imeis.update(nb.handsets(store, extra | set(c2["contact"])))
    # runners the controller deals with who never ring the line itself: the same timing test
    relayed = rs.deal_timing(
        store, line_of, {c.line_id: c.customers for c in crews},
        {c.line_id: set(c2.loc[c2["line_id"] == c.line_id, "contact"]) - c.listed
         - set(c.runners) - set(c.controllers) for c in crews}, params)
    for ln, crew in zip(lines, crews, strict=True):
        mine = lc[lc["line_id"] == ln.line_id].set_index("contact")
        found += _timed_runners(crew, relayed, params)
        found += _traps(crew, mine, c1[c1["line_id"] == ln.line_id], where, params)
        # only phones in touch with the crew or the line: travellers in general are too many
        # for chance co-location to be ruled out
        pool = (set(c1.loc[c1["line_id"] == ln.line_id, "contact"])
                | set(c2.loc[c2["line_id"] == ln.line_id, "contact"]) | set(mine.index))
        found += _second_handsets(crew, pool, where, imeis, line_of, params)
        for number in sorted(crew.customers):
            row = mine.loc[number]
            conf = 0.95 if row["bursts_received"] and row["to_line"] else (
                0.8 if row["bursts_received"] else 0.7)
            found.append(PhoneRole(number, "customer", ln.line_id, conf, {
                "rule": "on the line's broadcast list or orders from it",
                "broadcasts_received": int(row["bursts_received"]),
                "contacts_to_line": int(row["to_line"]),
                "contacts_from_line": int(row["from_line"]),
                "first_seen": row["first_seen"], "last_seen": row["last_seen"]}))
    for role in found:
        if role.number in line_of:
            continue
        current = roles.get(role.number)
        if current is None or (RANK[role.role], -role.confidence) < (
                RANK[current.role], -current.confidence):
            roles[role.number] = role
    return list(roles.values()), crews


def night_hours(params: DetectParams) -> tuple[int, int]:
    """The local night as (first hour, hour it ends)."""
    return params.night_start, params.night_end


def _market(customers: set[str], where: dict[str, Whereabouts]) -> int | None:
    homes: Counter[int] = Counter(a for c in customers if c in where
                                  and (a := where[c].home_area) is not None)
    if not homes:
        return None
    return int(min(homes.items(), key=lambda kv: (-kv[1], kv[0]))[0])


def _customers_reached(c1: pd.DataFrame, number: str, customers: set[str]) -> int:
    rows = c1[c1["number"] == number]
    return int(rows["contact"].isin(customers).sum())


def _runners(ln: Line, crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
             where: dict[str, Whereabouts], params: DetectParams) -> list[PhoneRole]:
    out = []
    market = crew.market_area
    for number in sorted(set(c1["number"])):
        if number in crew.listed or number not in mine.index:
            continue
        row = mine.loc[number]
        reached = _customers_reached(c1, number, crew.listed or crew.customers)
        contacts = int((c1["number"] == number).sum()) + 1
        w = where.get(number)
        travels = bool(w and market is not None and w.days_in(market) >= 1
                       and w.days_away(market) >= 1)
        line_days = int(row["direct_days"])
        works_list = (reached >= params.runner_min_reached
                      and reached / contacts >= params.runner_min_reached_share)
        if not ((works_list and line_days >= params.runner_min_line_days)
                or (travels and line_days >= params.runner_travel_min_line_days)):
            continue
        evidence = {"rule": "off the broadcast list, deals with the line and mostly rings its "
                            "customers, or travels to and from its market",
                    "line_contact_days": line_days, "customers_contacted": reached,
                    "contacts": contacts, "travels_market_and_away": travels}
        if w is not None and market is not None:
            evidence.update(days_in_market=w.days_in(market), days_away=w.days_away(market),
                            overnight_cell=w.market_cell(market))
        conf = min(0.95, 0.55 + 0.1 * works_list + 0.1 * travels
                   + 0.1 * (line_days >= 3) + 0.05 * min(3, reached // 5))
        crew.runners.append(number)
        out.append(PhoneRole(number, "runner", ln.line_id, round(conf, 3), evidence))
    return out


def _timed_runners(crew: LineCrew, timing: dict[tuple[str, str], rs.Timing],
                   params: DetectParams) -> list[PhoneRole]:
    """Phones whose contacts with the line's customers mostly follow their orders."""
    out = []
    for (line_id, number), t in sorted(timing.items()):
        if line_id != crew.line_id or number in crew.runners or not t.works_orders(params):
            continue
        crew.runners.append(number)
        out.append(PhoneRole(number, "runner", crew.line_id,
                             round(min(0.9, 0.5 + 0.4 * t.timed_share), 3), {
            "rule": "in touch with the line or its controller, and with its customers mostly "
                    "just after they ordered from the line (sent to deliver)",
            "contacts_with_customers": t.contacts, "customers_contacted": t.customers,
            "contacts_after_an_order": t.timed, "deal_window_min": params.deal_window_min}))
    return out


def _controller(ln: Line, crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
                where: dict[str, Whereabouts], imeis: dict[str, set[str]],
                params: DetectParams) -> list[PhoneRole]:
    runners = set(crew.runners)
    line_imeis = set().union(*(imeis.get(n, set()) for n in ln.numbers))
    line_home = Counter(where[n].home_area for n in ln.numbers if n in where)
    market = crew.market_area
    to_runners = c1[c1["number"].isin(runners) & ~c1["contact"].isin(runners)
                    & ~c1["contact"].isin(crew.listed)]
    cands: dict[str, dict[str, Any]] = {}
    for row in to_runners.itertuples(index=False):
        c = cands.setdefault(row.contact, {"runners": set(), "events": 0, "days": 0})
        c["runners"].add(row.number)
        c["events"] += int(row.n)
        c["days"] += int(row.days)
    if not runners:  # no runner found: fall back on the line's own non-customer contacts
        for number in mine.index:
            if (number not in crew.listed and int(mine.loc[number, "direct_days"])
                    >= params.controller_fallback_min_days):
                cands.setdefault(number, {"runners": set(), "events": 0, "days": 0})
    best: tuple[float, str, dict[str, Any]] | None = None
    passing: dict[str, dict[str, Any]] = {}
    for number, c in cands.items():
        line_days = int(mine.loc[number, "direct_days"]) if number in mine.index else 0
        shares = bool(imeis.get(number, set()) & line_imeis)
        w = where.get(number)
        away = bool(w and market is not None and w.home_area is not None
                    and w.home_area != market)
        with_line = bool(w and w.home_area is not None and line_home
                         and w.home_area == line_home.most_common(1)[0][0] and away)
        k = len(c["runners"])
        if not (k >= min(2, len(runners)) and k > 0 or (k >= 1 and line_days >= 1) or shares
                or (not runners and line_days >= 2 and away)):
            continue
        score = (2.0 * k + min(3.0, math.log1p(c["events"])) + (line_days > 0) + away
                 + 2.0 * shares + with_line)
        evidence = {"rule": "off the broadcast list and in touch with the line's runners "
                            "(and the line), living away from the market",
                    "runner_phones_contacted": sorted(c["runners"]),
                    "events_with_runners": c["events"], "line_contact_days": line_days,
                    "lives_away_from_market": away, "shares_handset_with_line": shares,
                    "colocated_with_line_handset": with_line, "score": round(score, 3)}
        passing[number] = c
        if best is None or (score, number) > (best[0], best[1]):
            best = (score, number, evidence)
    if best is None:
        return []
    crew.controllers.append(best[1])
    conf = min(0.95, 0.4 + 0.08 * best[0])
    out = [PhoneRole(best[1], "controller", ln.line_id, round(conf, 3), best[2])]
    # a customer the runners deliver to reaches them "the same way": never a peer by pattern
    peers = {n: c for n, c in passing.items() if n == best[1] or n not in crew.customers
             or imeis.get(n, set()) & imeis.get(best[1], set())}
    for number, evidence in rs.controller_peers(best[1], peers, where, imeis, params):
        crew.controllers.append(number)
        out.append(PhoneRole(number, "controller", ln.line_id,
                             round(conf * (0.95 if evidence["shared_handsets"] else 0.85), 3),
                             evidence))
    return out


def _could_travel(w: Whereabouts, market: int | None, params: DetectParams) -> bool:
    """Whether ``w`` has the days in and away from the market that :meth:`CoTravel.together`
    needs with *any* phone (a necessary condition, checked once per phone instead of once per
    phone and runner: the market's residents, most of a line's contacts, fail it at once)."""
    away = sum(1 for area in w.daily_area.values() if area != market)
    return (away >= math.ceil(params.cotravel_min_match * params.cotravel_min_away_days - 1e-9)
            and len(w.daily_area) - away
            >= math.ceil(params.cotravel_min_match * params.cotravel_min_market_days - 1e-9))


def _second_handsets(crew: LineCrew, pool: set[str], where: dict[str, Whereabouts],
                     imeis: dict[str, set[str]], line_of: dict[str, str],
                     params: DetectParams) -> list[PhoneRole]:
    out: list[PhoneRole] = []
    known = (set(crew.runners) | set(crew.controllers) | set(crew.traps) | crew.listed
             | set(line_of))
    runner_imeis = {r: imeis.get(r, set()) for r in crew.runners}
    # a line carried in the market moves with its holder: phones that travel with the line
    # handset day by day are runners' too (a line held in the hub has no market days, so its
    # holder's other phones never match)
    handsets = sorted(n for n, line in line_of.items() if line == crew.line_id)
    runners = list(crew.runners) + handsets
    for number in sorted(pool - known):
        w = where.get(number)
        if w is not None and not _could_travel(w, crew.market_area, params):
            w = None  # too few days in and out of the market to match any runner phone
        best: tuple[float, str, CoTravel] | None = None
        for r in runners:
            if w is None or r not in where:
                continue
            moves = co_travel(where[r], w, crew.market_area)
            strength = moves.market_match + moves.away_match
            if moves.together(params) and (best is None or (strength, r) > best[:2]):
                best = (strength, r, moves)
        shared = [r for r, ims in runner_imeis.items() if ims & imeis.get(number, set())]
        if best is None and not shared:
            continue
        crew.runners.append(number)
        evidence: dict[str, Any] = {
            "rule": "a second handset: in the market and away on the same days as a runner "
                    "phone or the line handset, sharing its cells, or used in the same handset",
            "runner_phone": best[1] if best else shared[0], "shares_handset_with": shared,
            "moves_with_line_handset": bool(best and best[1] in handsets)}
        if best is not None:
            evidence.update(common_market_days=best[2].market_days,
                            common_away_days=best[2].away_days,
                            market_day_match=round(best[2].market_match, 3),
                            away_day_match=round(best[2].away_match, 3),
                            days_sharing_a_cell=best[2].shared_cell_days)
        conf = 0.9 if shared else min(0.9, 0.4 + 0.25 * (best[0] if best else 0.0))
        out.append(PhoneRole(number, "runner", crew.line_id, round(conf, 3), evidence))
    return out


def _traps(crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
           where: dict[str, Whereabouts], params: DetectParams) -> list[PhoneRole]:
    """Trap phones: the phones in the market the runners are in touch with far more than with
    any customer.

    Runners deliver to customers, so most phones they call are customers, each on a few days.
    The trap house is their base: its occupant's phone is in touch with the runners on many
    more days. A trap phone is a phone (not the crew's) that the runner phones are in touch
    with on at least ``trap_min_days`` days and ``trap_baseline_factor`` times as many days as
    the line's third most contacted phone (the customer level), and that lives mostly in the
    market when cell sites are known; a lead of fewer than ``trap_strong_lead_days`` days over
    the customer level counts only when the phone lives
    at the cell where a runner phone dwells. Its home cell being where runner phones dwell is recorded as evidence.
    """
    market = crew.market_area
    crew_set = set(crew.runners) | set(crew.controllers)
    dwell = {r: cells[0] for r in crew.runners if r in where and market is not None
             and (cells := where[r].dwell_cells(market, 1))}
    rows = c1[c1["number"].isin(crew.runners) & ~c1["contact"].isin(crew_set)]
    stats: dict[str, dict[str, Any]] = {}
    for row in rows.itertuples(index=False):
        s = stats.setdefault(row.contact, {"runners": set(), "days": 0})
        s["runners"].add(row.number)
        s["days"] += int(row.days)
    ranked = sorted((s["days"] for s in stats.values()), reverse=True)
    baseline = ranked[2] if len(ranked) >= 3 else 0
    bar = max(params.trap_min_days, params.trap_baseline_factor * baseline)
    strong_bar = max(bar, baseline + params.trap_strong_lead_days)
    out = []
    for number, s in sorted(stats.items(), key=lambda kv: (-kv[1]["days"], kv[0])):
        if s["days"] < bar:
            break
        w = where.get(number)
        if market is not None and w is not None and w.share_in(market) < params.trap_min_market_share:
            continue
        home = w.home_cell if w else None
        if s["days"] < strong_bar and home not in dwell.values():
            continue  # a narrow lead counts only where runner phones dwell
        line_days = int(mine.loc[number, "direct_days"]) if number in mine.index else 0
        evidence = {
            "rule": "in the market and in touch with the runner phones on far more days than "
                    "any customer (the runners' base)",
            "runner_phones_contacted": sorted(s["runners"]), "runner_contact_days": s["days"],
            "customer_level_days": baseline, "line_contact_days": line_days,
            "home_cell": home,
            "runner_phones_dwelling_here": sorted(r for r, c in dwell.items() if c == home)}
        crew.traps.append(number)
        if home:
            crew.trap_cells[number] = home
        ratio = s["days"] / max(1.0, baseline)
        conf = min(0.95, 0.5 + 0.1 * ratio + 0.1 * bool(evidence["runner_phones_dwelling_here"]))
        out.append(PhoneRole(number, "trap", crew.line_id, round(conf, 3), evidence))
    return out + _unlisted_traps(crew, rows, where, params)


def _unlisted_traps(crew: LineCrew, rows: pd.DataFrame, where: dict[str, Whereabouts],
                    params: DetectParams) -> list[PhoneRole]:
    """Trap phones by who they are not. A runner's work phone is in touch with the line's
    customers and crew and little else (``trap_work_phone_share`` of its contacts or more are
    customers); a phone in touch with such work phones on ``trap_min_days`` days or more that
    never ordered from the line nor got its broadcasts, and lives in the market, is where the
    runners stay (a relative's flat, a short let's host)."""
    market = crew.market_area
    if market is None or rows.empty:
        return []
    contacts = rows.groupby("number")["contact"].agg(list)
    work = {number for number, phones in contacts.items()
            if sum(p in crew.customers for p in phones)
            >= params.trap_work_phone_share * len(phones)}
    stats: dict[str, dict[str, Any]] = {}
    for row in rows[rows["number"].isin(work)].itertuples(index=False):
        s = stats.setdefault(row.contact, {"runners": set(), "days": 0})
        s["runners"].add(row.number)
        s["days"] += int(row.days)
    out = []
    for number, s in sorted(stats.items()):
        w = where.get(number)
        if (number in crew.traps or number in crew.customers or number in crew.listed
                or s["days"] < params.trap_min_days or w is None
                or w.share_in(market) < params.trap_min_market_share):
            continue
        crew.traps.append(number)
        if w.home_cell:
            crew.trap_cells[number] = w.home_cell
        out.append(PhoneRole(number, "trap", crew.line_id, 0.6, {
            "rule": "in the market and in touch with the runners' work phones, but never a "
                    "customer of the line",
            "runner_phones_contacted": sorted(s["runners"]), "runner_contact_days": s["days"],
            "market_share": round(w.share_in(market), 3), "home_cell": w.home_cell}))
    return out


def same_owner_roles(store: Store, roles: list[PhoneRole], crews: list[LineCrew], *,
                     min_link: float = 0.6) -> list[PhoneRole]:
    """Give a crew member's other phones the same role (runners carry several handsets).

    When resolution ties a runner, controller or trap phone to a person (``phone_persons``,
    confidence at least ``min_link``) and ties another number to the same person, that number
    takes the same role on the same line, unless it already has a stronger one. Numbers that
    resolution ties to more than one person are not used.
    """
    if not store.table_exists("phone_persons"):
        return roles
    rows = store.query(
        "SELECT number, person_id, confidence FROM phone_persons WHERE confidence >= ? AND "
        "number IN (SELECT number FROM phone_persons WHERE confidence >= ? GROUP BY number "
        "HAVING count(DISTINCT person_id) = 1) ORDER BY number", [min_link, min_link])
    owner = {n: (p, float(c)) for n, p, c in rows}
    phones: dict[str, list[str]] = {}
    for n, (p, _) in owner.items():
        phones.setdefault(p, []).append(n)
    by_number = {r.number: r for r in roles}
    crew_of = {c.line_id: c for c in crews}
    for role in sorted(roles, key=lambda r: (RANK[r.role], r.number)):
        if role.role not in ("controller", "runner", "trap") or role.number not in owner:
            continue
        person, link = owner[role.number]
        for other in phones.get(person, []):
            current = by_number.get(other)
            if current is None or RANK[current.role] <= RANK[role.role]:
                continue
            conf = round(min(role.confidence, link, owner[other][1]) * 0.9, 3)
            by_number[other] = PhoneRole(other, role.role, role.line_id, conf, {
                "rule": f"another phone of the person who uses {role.role} phone "
                        f"{role.number}", "person_id": person, "phone": role.number,
                "owner_link_confidence": owner[other][1]})
            crew = crew_of.get(role.line_id or "")
            if crew is not None and role.role == "runner":
                crew.runners.append(other)
    return list(by_number.values())
