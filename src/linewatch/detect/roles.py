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
from linewatch.detect.lines import Line
from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts, co_travel, whereabouts
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
    listed = lc[lc["bursts_received"] > 0]
    ordered = lc[(lc["to_line"] >= params.customer_min_events)
                 | ((lc["to_line"] >= 1) & (lc["from_line"] > lc["bursts_received"]))]
    seeds = lc[(lc["bursts_received"] == 0) & (lc["direct_events"] > 0)]
    c1 = nb.contacts_of(store, zip(seeds["line_id"], seeds["contact"], strict=True))
    crews = [LineCrew(ln.line_id, None) for ln in lines]
    for crew in crews:
        crew.customers = (set(listed.loc[listed["line_id"] == crew.line_id, "contact"])
                          | set(ordered.loc[ordered["line_id"] == crew.line_id, "contact"]))
    geo_numbers = set(lc["contact"]) | set(c1["contact"]) | set(line_of)
    where = whereabouts(nb.geography(store, geo_numbers, areas))
    imeis = nb.handsets(store, set(seeds["contact"]) | set(c1["contact"]) | set(line_of))
    for crew in crews:
        crew.market_area = _market(crew.customers, where)
    found: list[PhoneRole] = []
    for ln, crew in zip(lines, crews, strict=True):
        mine = lc[lc["line_id"] == ln.line_id].set_index("contact")
        mine_c1 = c1[c1["line_id"] == ln.line_id]
        found += _runners(ln, crew, mine, mine_c1, where)
        found += _controller(ln, crew, mine, mine_c1, where, imeis)
    # second handsets of runners: contacts of the controller and runners that move with them
    c2 = nb.contacts_of(store, [(c.line_id, n) for c in crews for n in c.controllers])
    extra = set(c2["contact"]) - set(where)
    where.update(whereabouts(nb.geography(store, extra, areas)))
    imeis.update(nb.handsets(store, extra))
    for ln, crew in zip(lines, crews, strict=True):
        pool = pd.concat([c1[c1["line_id"] == ln.line_id], c2[c2["line_id"] == ln.line_id]])
        found += _second_handsets(crew, pool, where, imeis, line_of)
        mine = lc[lc["line_id"] == ln.line_id].set_index("contact")
        found += _traps(crew, mine, c1[c1["line_id"] == ln.line_id], where)
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


def _market(customers: set[str], where: dict[str, Whereabouts]) -> int | None:
    homes = Counter(where[c].home_area for c in customers
                    if c in where and where[c].home_area is not None)
    if not homes:
        return None
    return int(min(homes.items(), key=lambda kv: (-kv[1], kv[0]))[0])


def _customers_reached(c1: pd.DataFrame, number: str, customers: set[str]) -> int:
    rows = c1[c1["number"] == number]
    return int(rows["contact"].isin(customers).sum())


def _runners(ln: Line, crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
             where: dict[str, Whereabouts]) -> list[PhoneRole]:
    out = []
    market = crew.market_area
    for number in sorted(set(c1["number"])):
        if number in crew.customers or number not in mine.index:
            continue
        row = mine.loc[number]
        reached = _customers_reached(c1, number, crew.customers)
        w = where.get(number)
        travels = bool(w and market is not None and w.days_in(market) >= 1
                       and w.days_away(market) >= 1)
        line_days = int(row["direct_days"])
        if not ((reached >= 2 and line_days >= 1) or (travels and line_days >= 2)):
            continue
        evidence = {"rule": "off the broadcast list, deals with the line and rings its "
                            "customers or travels to and from its market",
                    "line_contact_days": line_days, "customers_contacted": reached,
                    "travels_market_and_away": travels}
        if w is not None and market is not None:
            evidence.update(days_in_market=w.days_in(market), days_away=w.days_away(market),
                            overnight_cell=w.market_cell(market))
        conf = min(0.95, 0.55 + 0.1 * (reached >= 2) + 0.1 * travels
                   + 0.1 * (line_days >= 3) + 0.05 * min(3, reached // 5))
        crew.runners.append(number)
        out.append(PhoneRole(number, "runner", ln.line_id, round(conf, 3), evidence))
    return out


def _controller(ln: Line, crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
                where: dict[str, Whereabouts], imeis: dict[str, set[str]]) -> list[PhoneRole]:
    runners = set(crew.runners)
    line_imeis = set().union(*(imeis.get(n, set()) for n in ln.numbers))
    line_home = Counter(where[n].home_area for n in ln.numbers if n in where)
    market = crew.market_area
    to_runners = c1[c1["number"].isin(runners) & ~c1["contact"].isin(runners)
                    & ~c1["contact"].isin(crew.customers)]
    cands: dict[str, dict[str, Any]] = {}
    for row in to_runners.itertuples(index=False):
        c = cands.setdefault(row.contact, {"runners": set(), "events": 0, "days": 0})
        c["runners"].add(row.number)
        c["events"] += int(row.n)
        c["days"] += int(row.days)
    if not runners:  # no runner found: fall back on the line's own non-customer contacts
        for number in mine.index:
            if number not in crew.customers and int(mine.loc[number, "direct_days"]) >= 2:
                cands.setdefault(number, {"runners": set(), "events": 0, "days": 0})
    best: tuple[float, str, dict[str, Any]] | None = None
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
        if best is None or (score, number) > (best[0], best[1]):
            best = (score, number, evidence)
    if best is None:
        return []
    crew.controllers.append(best[1])
    conf = min(0.95, 0.4 + 0.08 * best[0])
    return [PhoneRole(best[1], "controller", ln.line_id, round(conf, 3), best[2])]


def _second_handsets(crew: LineCrew, pool: pd.DataFrame, where: dict[str, Whereabouts],
                     imeis: dict[str, set[str]], line_of: dict[str, str]) -> list[PhoneRole]:
    out: list[PhoneRole] = []
    known = set(crew.runners) | set(crew.controllers) | crew.customers | set(line_of)
    runner_imeis = {r: imeis.get(r, set()) for r in crew.runners}
    for number in sorted(set(pool["contact"]) - known):
        w = where.get(number)
        best_r, best_share = None, 0.0
        for r in crew.runners:
            if number in where and r in where:
                share = co_travel(w, where[r], crew.market_area) if w else 0.0
                if share > best_share:
                    best_r, best_share = r, share
        shared = [r for r, ims in runner_imeis.items() if ims & imeis.get(number, set())]
        if best_share >= 0.7 or shared:
            crew.runners.append(number)
            out.append(PhoneRole(number, "runner", crew.line_id,
                                 round(0.6 + 0.3 * max(best_share, 1.0 if shared else 0.0), 3),
                                 {"rule": "a second handset: moves day by day with a runner "
                                          "phone or shares its handset",
                                  "runner_phone": best_r or shared[0],
                                  "same_area_day_share": round(best_share, 3),
                                  "shares_handset_with": shared}))
    return out


def _traps(crew: LineCrew, mine: pd.DataFrame, c1: pd.DataFrame,
           where: dict[str, Whereabouts]) -> list[PhoneRole]:
    market = crew.market_area
    crew_set = set(crew.runners) | set(crew.controllers)
    night_cells = {r: where[r].market_cell(market) for r in crew.runners
                   if r in where and market is not None}
    rows = c1[c1["number"].isin(crew.runners) & ~c1["contact"].isin(crew_set)]
    stats: dict[str, dict[str, Any]] = {}
    for row in rows.itertuples(index=False):
        s = stats.setdefault(row.contact, {"runners": set(), "days": 0})
        s["runners"].add(row.number)
        s["days"] += int(row.days)
    best: dict[str, tuple[float, str, dict[str, Any]]] = {}
    for number, s in stats.items():
        w = where.get(number)
        line_days = int(mine.loc[number, "direct_days"]) if number in mine.index else 0
        if market is not None and w is not None:
            stationary = w.share_in(market) >= 0.8
            sleepers = sorted(r for r, cell in night_cells.items()
                              if cell is not None and cell == w.home_cell)
            if not (stationary and sleepers and s["days"] >= 2):
                continue
            key = str(w.home_cell)
        else:
            sleepers = []
            if not (len(s["runners"]) >= 2 and s["days"] >= 3):
                continue
            key = "-"
        score = s["days"] + 0.5 * line_days + 3.0 * bool(sleepers)
        evidence = {"rule": "stationary in the market where runner phones spend the night, "
                            "in touch with the runners on several days",
                    "runner_phones_contacted": sorted(s["runners"]),
                    "runner_contact_days": s["days"], "line_contact_days": line_days,
                    "home_cell": w.home_cell if w else None,
                    "runner_phones_overnight_here": sleepers, "score": round(score, 3)}
        if key not in best or (score, number) > best[key][:2]:
            best[key] = (score, number, evidence)
    out = []
    for _, (score, number, evidence) in sorted(best.items()):
        crew.traps.append(number)
        if evidence["home_cell"]:
            crew.trap_cells[number] = evidence["home_cell"]
        out.append(PhoneRole(number, "trap", crew.line_id,
                             round(min(0.95, 0.5 + 0.05 * score), 3), evidence))
    return out
