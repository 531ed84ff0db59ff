"""The controller's own phone, found through the runners' own phones.

A controller often runs the line on one phone and keeps another for the rest of life, and it
is from that personal phone that the runners' personal phones are rung: checking on them,
arranging pick-ups. The runners' personal phones are often found late (a runner named in
intelligence, whose own phone then takes the runner role), so this pass runs after the person
roles, on every runner phone known by then.

A phone outside the crew, the line and its customers is another phone of the line's
controller when it is in touch with at least ``controller_own_min_runners`` of the line's
runner phones, lives in the home area of one of the line's controller phones, and was used in
the same cells on the same days as that controller phone: at least ``controller_own_colocated``
of the controller phone's (day, cell) pairs (``controller_own_min_days`` or more), and
``controller_own_lead`` times the share of the line's next best such phone; one phone per line
at most. The two phones are carried together. A parent of one runner reaches one runner; a
friend of several runners lives near them, but is not where the controller phone is, day
after day.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from linewatch.detect import neighbourhood as nb
from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts, whereabouts
from linewatch.detect.roles import LineCrew, PhoneRole
from linewatch.storage import Store


def controller_phones_from_runners(store: Store, crews: list[LineCrew],
                                   line_of: dict[str, str], areas: pa.Table,
                                   params: DetectParams) -> list[PhoneRole]:
    """Controller roles for phones found this way; the crews' controller lists grow."""
    runners = _runner_phones(store, crews)
    seeds = [(c.line_id, n) for c in crews if c.controllers for n in runners.get(c.line_id, ())]
    if not seeds:
        return []
    contacts = nb.contacts_of(store, seeds)
    contacts = contacts[~contacts["contact"].isin(line_of)]
    if contacts.empty:
        return []
    pairs: set[tuple[str, str]] = set()
    mine_of: dict[str, Any] = {}
    for crew in crews:
        mine = mine_of[crew.line_id] = contacts[contacts["line_id"] == crew.line_id]
        numbers = {n for n, line in line_of.items() if line == crew.line_id}
        reached = runner_contacts(crew, runners.get(crew.line_id, set()), mine, numbers)
        pairs |= {(n, c) for n, touched in reached.items()
                  if len(touched) >= params.controller_own_min_runners
                  for c in crew.controllers}
    if not pairs:
        return []
    colocated = _shared_day_cells(store, pairs)
    wanted = {n for pair in pairs for n in pair}
    where = whereabouts(nb.geography(store, wanted, areas,
                                     (params.night_start, params.night_end)))
    out: list[PhoneRole] = []
    for crew in crews:
        numbers = {n for n, line in line_of.items() if line == crew.line_id}
        found = own_phones(crew, runners.get(crew.line_id, set()), mine_of[crew.line_id],
                           numbers, where, colocated, params)
        for number, evidence in found:
            out.append(PhoneRole(number, "controller", crew.line_id, 0.6, evidence))
        crew.controllers.extend(number for number, _ in found)
    return out


def own_phones(crew: LineCrew, runners: set[str], contacts: Any, line_numbers: set[str],
               where: dict[str, Whereabouts], colocated: dict[tuple[str, str], tuple[int, int]],
               params: DetectParams) -> list[tuple[str, dict[str, Any]]]:
    """(phone, evidence) of the controller's other phones, in phone order. ``contacts`` has
    the runner phones' contacts (``number``, ``contact``) for this line; ``colocated`` maps
    (candidate, controller phone) to (shared, all) (day, cell) pairs of the controller phone.
    Only the best candidate of the line is taken, and only when it clearly leads."""
    homes = {where[n].home_area for n in crew.controllers
             if n in where and where[n].home_area is not None}
    ranked: list[tuple[float, str, dict[str, Any]]] = []
    for number, touched in sorted(runner_contacts(crew, runners, contacts,
                                                  line_numbers).items()):
        w = where.get(number)
        if len(touched) < params.controller_own_min_runners or w is None or (
                w.home_area not in homes):
            continue
        share, days, phone = 0.0, 0, None
        for controller in sorted(crew.controllers):
            shared, total = colocated.get((number, controller), (0, 0))
            if total and (shared / total, total) > (share, days):
                share, days, phone = shared / total, total, controller
        ranked.append((share, number, {
            "rule": "another phone of the line's controller: in touch with several of the "
                    "runners' phones, and used in the same cells on the same days as a "
                    "controller phone of the line",
            "runner_phones_contacted": sorted(touched), "controller_phone": phone,
            "colocated_share": round(share, 3), "controller_phone_day_cells": days,
            "home_area": w.home_area}))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    if not ranked:
        return []
    share, number, evidence = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if (share < params.controller_own_colocated or share < params.controller_own_lead * runner_up
            or evidence["controller_phone_day_cells"] < params.controller_own_min_days):
        return []
    evidence["next_best_share"] = round(runner_up, 3)
    return [(number, evidence)]


def runner_contacts(crew: LineCrew, runners: set[str], contacts: Any,
                    line_numbers: set[str]) -> dict[str, set[str]]:
    """Phones outside the crew, its customers and the line, with the runner phones each
    is in touch with."""
    if len(runners) < 2:
        return {}
    known = (runners | set(crew.runners) | set(crew.controllers) | set(crew.traps)
             | crew.customers | line_numbers)
    reached: dict[str, set[str]] = {}
    for row in contacts.itertuples(index=False):
        if row.contact not in known and row.number in runners:
            reached.setdefault(row.contact, set()).add(row.number)
    return reached


def record_controller_phones(store: Store, found: list[PhoneRole]) -> None:
    """Write the roles found into ``phone_roles`` (a customer's or nobody's phone only)."""
    for role in found:
        store.execute(
            "UPDATE phone_roles SET role = 'controller', line_id = ?, confidence = ?, "
            "evidence = ?::JSON WHERE number = ? AND role IN ('customer', 'other')",
            [role.line_id, role.confidence, json.dumps(role.evidence, default=str),
             role.number])


_SHARED_DAY_CELLS = """
WITH used AS (
  SELECT c.a_number AS number, CAST(c.start_time AS DATE) AS day, c.a_cell_id AS cell
  FROM cdr c JOIN lw_r_nums n ON n.number = c.a_number WHERE c.a_cell_id IS NOT NULL
  UNION
  SELECT c.b_number, CAST(c.start_time AS DATE), c.b_cell_id
  FROM cdr c JOIN lw_r_nums n ON n.number = c.b_number WHERE c.b_cell_id IS NOT NULL
)
SELECT p.candidate, p.phone, count(u.number) AS shared, count(*) AS total
FROM lw_r_pairs p JOIN used k ON k.number = p.phone
LEFT JOIN used u ON u.number = p.candidate AND u.day = k.day AND u.cell = k.cell
GROUP BY p.candidate, p.phone
"""


def _shared_day_cells(store: Store, pairs: set[tuple[str, str]]
                      ) -> dict[tuple[str, str], tuple[int, int]]:
    """Per (candidate, controller phone): the controller phone's (day, cell) pairs the
    candidate also used, and all of them."""
    if not pairs:
        return {}
    ordered = sorted(pairs)
    table = pa.table({"candidate": pa.array([c for c, _ in ordered], pa.string()),
                      "phone": pa.array([p for _, p in ordered], pa.string())})
    nums = pa.table({"number": pa.array(sorted({n for pair in ordered for n in pair}),
                                        pa.string())})
    with store.registered("lw_r_pairs", table), store.registered("lw_r_nums", nums):
        rows = store.query(_SHARED_DAY_CELLS)
    return {(str(c), str(p)): (int(s), int(t)) for c, p, s, t in rows}


def _runner_phones(store: Store, crews: list[LineCrew]) -> dict[str, set[str]]:
    """Runner phones per line: the crews' and those the person roles gave since."""
    out: dict[str, set[str]] = {c.line_id: set(c.runners) for c in crews}
    for number, line_id in store.query(
            "SELECT number, line_id FROM phone_roles WHERE role = 'runner' "
            "AND line_id IS NOT NULL ORDER BY number"):
        out.setdefault(str(line_id), set()).add(str(number))
    return out
