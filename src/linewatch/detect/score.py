"""The deal-line score: a transparent, logistic-style weighted sum of grounded signals.

Each component turns one or two features of a number into a *signal* between 0 and 1 (how
strongly the number shows the behaviour), multiplies it by a fixed *weight* and adds it to a
negative *bias*; the score is ``1 / (1 + exp(-z))``. Positive weights are behaviours the
domain sources tie to deal lines (bulk marketing texts to a customer list, customers who come
back to order, unregistered pay-as-you-go, frequent handset swaps, late-night trade, a customer
base in one town that does not know each other); negative weights are what tells legitimate
bulk senders and busy ordinary phones apart (nobody answers their broadcasts, business or
contract subscriptions, office-hours broadcasts, one-off contacts).

A component whose input is missing (no subscriber checks, no cell sites, too few contacts)
contributes nothing and is listed as missing in the explanation, so the score degrades to the
call-pattern evidence alone. Weights and their grounding are in ``docs/detection.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]

BIAS = -6.0


def _num(row: Row, key: str) -> float | None:
    value = row.get(key)
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _clip(value: float) -> float:
    return max(0.0, min(1.0, value))


def _bursts(row: Row) -> float | None:
    return _clip((_num(row, "n_bursts") or 0.0) / 4.0)


def _burst_size(row: Row) -> float | None:
    return _clip((_num(row, "max_burst") or 0.0) / 50.0)


def _ordering(row: Row) -> float | None:
    return _clip((_num(row, "repeat_initiators") or 0.0) / 15.0)


def _order_loop(row: Row) -> float | None:
    share = _num(row, "burst_order_share")
    return None if share is None else _clip(share / 0.3)


def _unanswered(row: Row) -> float | None:
    share = _num(row, "burst_reply_share")
    if share is None:
        return None
    return _clip(1.0 - share / 0.3) * (_bursts(row) or 0.0)


def _repeat_list(row: Row) -> float | None:
    share = _num(row, "burst_repeat_share")
    return None if share is None else share * (_bursts(row) or 0.0)


def _office_bursts(row: Row) -> float | None:
    share = _num(row, "burst_office_share")
    return None if share is None else share * (_bursts(row) or 0.0)


def _account(kind: str) -> Callable[[Row], float | None]:
    def signal(row: Row) -> float | None:
        account = row.get("account_type")
        if account is None:
            return None
        return 1.0 if account == kind else 0.0
    return signal


def _swaps(row: Row) -> float | None:
    imei = max(_num(row, "n_imei") or 0.0, 1.0)
    imsi = max(_num(row, "n_imsi") or 0.0, 1.0)
    if not (_num(row, "n_imei") or _num(row, "n_imsi")):
        return None
    return _clip(((imei - 1.0) + (imsi - 1.0)) / 2.0)


def _night(row: Row) -> float | None:
    share = _num(row, "night_share")
    return None if share is None else _clip(share / 0.2)


def _one_area(row: Row) -> float | None:
    located = _num(row, "initiators_located") or 0.0
    share = _num(row, "initiators_top_area_share")
    if share is None or located < 5:
        return None
    return _clip((share - 0.5) / 0.4)


def _star(row: Row) -> float | None:
    return _num(row, "star_share")


def _one_off(row: Row) -> float | None:
    contacts = _num(row, "contacts") or 0.0
    share = _num(row, "single_day_share")
    if share is None or contacts < 10:
        return None
    return share


@dataclass(frozen=True)
class Component:
    """One term of the score: a named signal, its weight and what it stands for."""

    name: str
    weight: float
    signal: Callable[[Row], float | None]
    features: tuple[str, ...]
    meaning: str


COMPONENTS: tuple[Component, ...] = (
    Component("broadcasts", 2.0, _bursts, ("n_bursts",),
              "repeated bulk texts to many numbers within moments (full at 4 bursts)"),
    Component("broadcast_size", 1.0, _burst_size, ("max_burst",),
              "size of the biggest broadcast (full at 50 recipients)"),
    Component("ordering_customers", 1.5, _ordering, ("repeat_initiators",),
              "contacts who initiate calls or texts on several days (full at 15)"),
    Component("broadcast_then_order", 1.5, _order_loop, ("burst_order_share",),
              "share of broadcast recipients who come back to order on several days "
              "(full at 30%)"),
    Component("repeat_broadcast_list", 0.8, _repeat_list, ("burst_repeat_share", "n_bursts"),
              "broadcasts go to the same recipient list again and again"),
    Component("unanswered_broadcasts", -3.0, _unanswered, ("burst_reply_share", "n_bursts"),
              "broadcasts whose recipients never contact the number (a bulk sender's pattern)"),
    Component("office_hours_broadcasts", -0.5, _office_bursts,
              ("burst_office_share", "n_bursts"), "broadcasts sent in weekday office hours"),
    Component("unregistered_payg", 1.5, _account("payg_unregistered"), ("account_type",),
              "subscriber check: unregistered pay-as-you-go"),
    Component("business_account", -2.5, _account("business"), ("account_type",),
              "subscriber check: business account"),
    Component("contract_account", -1.5, _account("contract"), ("account_type",),
              "subscriber check: contract with a named subscriber"),
    Component("handset_swaps", 1.0, _swaps, ("n_imei", "n_imsi"),
              "several handsets or SIMs used with the number (full at 3)"),
    Component("night_trade", 0.8, _night, ("night_share",),
              "share of activity between midnight and 6am London time (full at 20%)"),
    Component("customers_in_one_area", 0.7, _one_area,
              ("initiators_top_area_share", "initiators_located"),
              "the contacts who initiate are concentrated in one area"),
    Component("star_contacts", 0.8, _star, ("star_share",),
              "contacts who only talk to this number, not to each other"),
    Component("one_off_contacts", -1.0, _one_off, ("single_day_share", "contacts"),
              "most contacts appear on a single day only (deliveries, appointments)"),
)

CONTINUITY = Component("line_continuity", 1.5, lambda row: None, ("number_links",),
                       "linked by continuity or a shared handset to a deal line")


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def score_row(row: Row, *, continuity: float = 0.0) -> tuple[float, dict[str, Any]]:
    """The score of one number's features and its explanation (without evidence)."""
    z = BIAS
    terms: list[dict[str, Any]] = []
    missing: list[str] = []
    for comp in COMPONENTS:
        signal = comp.signal(row)
        if signal is None:
            missing.append(comp.name)
            continue
        contribution = comp.weight * signal
        z += contribution
        if contribution:
            terms.append(_term(comp, row, signal, contribution))
    if continuity:
        z += CONTINUITY.weight * continuity
        terms.append({"component": CONTINUITY.name, "weight": CONTINUITY.weight,
                      "signal": round(continuity, 4),
                      "contribution": round(CONTINUITY.weight * continuity, 4),
                      "meaning": CONTINUITY.meaning, "features": {}})
    terms.sort(key=lambda t: -abs(t["contribution"]))
    score = sigmoid(z)
    return score, {"score": round(score, 4), "bias": BIAS, "z": round(z, 4),
                   "contributions": terms, "not_available": missing}


def _term(comp: Component, row: Row, signal: float, contribution: float) -> dict[str, Any]:
    return {"component": comp.name, "weight": comp.weight, "signal": round(signal, 4),
            "contribution": round(contribution, 4), "meaning": comp.meaning,
            "features": {f: _plain(row.get(f)) for f in comp.features}}


def _plain(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    return value


def weights_table() -> list[dict[str, Any]]:
    """Every component with its weight and meaning (for docs, the CLI and the UI)."""
    rows = [{"component": c.name, "weight": c.weight, "features": list(c.features),
             "meaning": c.meaning} for c in (*COMPONENTS, CONTINUITY)]
    return [{"component": "bias", "weight": BIAS, "features": [],
             "meaning": "starting point: a number with no evidence scores 0.25%"}, *rows]
