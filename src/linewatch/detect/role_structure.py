"""Role rules read from a line's structure and timing rather than from fixed activity levels.

Two rules that hold whatever the volumes of a given area or data source:

* **runners by timing**: a runner is sent to customers who have just ordered. A phone whose
  contacts with the line's customers mostly follow that customer's order to the line within
  ``deal_window_min`` minutes (``runner_timed_share`` of them, at least ``runner_min_timed``)
  works the line's orders, however many or few other contacts it has. Customers who know each
  other meet at any time, so only a small share of their contacts fall after an order.
* **several controller phones**: a controller often holds more than one phone. Besides the
  best controller phone, a phone is a controller phone when it was used in the same handset,
  or when it reaches the runner phones the same way (at least ``controller_peer_share`` of the
  best phone's runners, most of them the same) from the same home area.

Both are measured within each line (shares of the line's own customers and runners), and each
role found keeps the counts behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from linewatch.detect.params import DetectParams
from linewatch.detect.places import Whereabouts
from linewatch.storage import Store

_TIMED = """
WITH orders AS (
  SELECT c.a_number AS customer, k.line_id, c.start_time AS t
  FROM cdr c JOIN lw_r_lines l ON l.number = c.b_number
  JOIN lw_r_customers k ON k.number = c.a_number AND k.line_id = l.line_id
), touch AS (
  SELECT p.line_id, p.number, c.b_number AS customer, c.start_time AS t
  FROM cdr c JOIN lw_r_cands p ON p.number = c.a_number
  JOIN lw_r_customers k ON k.number = c.b_number AND k.line_id = p.line_id
  UNION ALL
  SELECT p.line_id, p.number, c.a_number AS customer, c.start_time AS t
  FROM cdr c JOIN lw_r_cands p ON p.number = c.b_number
  JOIN lw_r_customers k ON k.number = c.a_number AND k.line_id = p.line_id
)
SELECT x.line_id, x.number, count(*) AS contacts,
       count(DISTINCT x.customer) AS customers,
       CAST(sum(CASE WHEN EXISTS (
           SELECT 1 FROM orders o WHERE o.customer = x.customer AND o.line_id = x.line_id
           AND o.t <= x.t AND x.t <= o.t + to_minutes(CAST(? AS BIGINT))) THEN 1 ELSE 0 END)
           AS BIGINT) AS timed
FROM touch x GROUP BY x.line_id, x.number ORDER BY x.line_id, x.number
"""


_REACH = """
WITH touch AS (
  SELECT a_number AS number, b_number AS other FROM cdr
  UNION ALL
  SELECT b_number, a_number FROM cdr
)
SELECT k.line_id, t.number, count(DISTINCT t.other) AS customers
FROM touch t JOIN lw_r_customers k ON k.number = t.other
WHERE NOT EXISTS (SELECT 1 FROM lw_r_lines l WHERE l.number = t.number)
GROUP BY k.line_id, t.number
HAVING count(DISTINCT t.other) >= ?
ORDER BY k.line_id, t.number
"""


@dataclass(frozen=True)
class Timing:
    """How a phone's contacts with a line's customers fall relative to their orders."""

    contacts: int
    customers: int
    timed: int

    @property
    def timed_share(self) -> float:
        return self.timed / self.contacts if self.contacts else 0.0

    def works_orders(self, params: DetectParams) -> bool:
        return (self.timed >= params.runner_min_timed and self.customers >= 2
                and self.timed_share >= params.runner_timed_share)


def _pairs(rows: Iterable[tuple[str, str]], names: tuple[str, str]) -> pa.Table:
    data = sorted(set(rows))
    return pa.table({names[0]: pa.array([r[0] for r in data], pa.string()),
                     names[1]: pa.array([r[1] for r in data], pa.string())})


def deal_timing(store: Store, line_of: dict[str, str], customers: dict[str, set[str]],
                candidates: dict[str, set[str]], params: DetectParams
                ) -> dict[tuple[str, str], Timing]:
    """(line, phone) -> timing of the phone's contacts with that line's customers."""
    cands = _pairs(((n, line) for line, ns in candidates.items() for n in ns),
                   ("number", "line_id"))
    if cands.num_rows == 0:
        return {}
    custs = _pairs(((n, line) for line, ns in customers.items() for n in ns),
                   ("number", "line_id"))
    lines = _pairs(line_of.items(), ("number", "line_id"))
    with store.registered("lw_r_cands", cands), store.registered("lw_r_customers", custs), \
            store.registered("lw_r_lines", lines):
        rows = store.query(_TIMED, [params.deal_window_min])
    return {(line, number): Timing(int(n), int(k), int(t)) for line, number, n, k, t in rows}


def customer_reach(store: Store, line_of: dict[str, str], customers: dict[str, set[str]],
                   min_customers: int) -> dict[str, set[str]]:
    """Per line, the phones (not line numbers) in touch with at least ``min_customers`` of
    its customers: where a runner holding the line in the market, or sent by someone the
    line never rings, can be found."""
    custs = _pairs(((n, line) for line, ns in customers.items() for n in ns),
                   ("number", "line_id"))
    if custs.num_rows == 0:
        return {}
    lines = _pairs(line_of.items(), ("number", "line_id"))
    out: dict[str, set[str]] = {}
    with store.registered("lw_r_customers", custs), store.registered("lw_r_lines", lines):
        for line_id, number, _ in store.query(_REACH, [min_customers]):
            out.setdefault(str(line_id), set()).add(str(number))
    return out


def controller_peers(best: str, candidates: dict[str, dict[str, Any]],
                     where: dict[str, Whereabouts], imeis: dict[str, set[str]],
                     params: DetectParams) -> list[tuple[str, dict[str, Any]]]:
    """Other phones of the line's controller: same handset, or the same runners from the same
    home area. ``candidates`` maps phones to ``{"runners": set, ...}`` as the controller rule
    builds them; returns (phone, evidence) in phone order."""
    reach = candidates[best]["runners"]
    best_home = where[best].home_area if best in where else None
    out: list[tuple[str, dict[str, Any]]] = []
    for number in sorted(candidates):
        if number == best:
            continue
        runners = candidates[number]["runners"]
        same_handset = sorted(imeis.get(number, set()) & imeis.get(best, set()))
        shared = runners & reach
        home = where[number].home_area if number in where else None
        pattern = (len(reach) >= 2 and len(runners) >= params.controller_peer_share * len(reach)
                   and len(shared) >= params.controller_peer_share * len(runners)
                   and best_home is not None and home == best_home)
        if not (same_handset or pattern):
            continue
        out.append((number, {
            "rule": "another phone of the line's controller: used in the same handset, or in "
                    "touch with the same runner phones from the same home area",
            "controller_phone": best, "shared_handsets": same_handset,
            "runner_phones_contacted": sorted(runners),
            "runner_phones_shared_with_controller": sorted(shared),
            "same_home_area": home is not None and home == best_home}))
    return out
