"""The deal-line score: a transparent, logistic-style weighted sum of grounded signals.

Each component turns one or two features of a number into a *signal* between 0 and 1 (how
strongly the number shows the behaviour), multiplies it by a fixed *weight* and adds it to a
negative *bias*; the score is ``1 / (1 + exp(-z))``. Positive weights are behaviours the
domain sources tie to deal lines (bulk marketing texts to a customer list, customers who come
back to order, unregistered pay-as-you-go, frequent handset swaps, late-night trade, a customer
base in one area that does not talk among itself); negative weights are what tells legitimate
bulk senders and busy ordinary phones apart (nobody answers their broadcasts, business or
contract subscriptions, office-hours broadcasts, one-off contacts).

A component whose input is missing (no subscriber checks, no cell sites, too few contacts)
contributes nothing and is listed as not available, so the score falls back on the calling
pattern alone. Signals are computed on whole columns (NumPy), so millions of numbers score in
seconds. Weights and their grounding: ``docs/detection.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

Cols = Mapping[str, np.ndarray]
BIAS = -6.5


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _zero(cols: Cols, key: str) -> np.ndarray:
    return np.nan_to_num(cols[key].astype(float), nan=0.0)


def _bursts(c: Cols) -> np.ndarray:
    """Broadcasting to a real list: one burst day gives 3/4, two or more give 1, scaled by the
    biggest burst's size (10 recipients give nothing, 20 or more everything), so a group text
    to a handful of friends counts little."""
    practice = np.where(_zero(c, "burst_days") >= 2, 1.0,
                        np.where(_zero(c, "burst_days") >= 1, 0.75, 0.0))
    return practice * _clip((_zero(c, "max_burst") - 10.0) / 10.0)


def _burst_size(c: Cols) -> np.ndarray:
    return _clip(_zero(c, "max_burst") / 50.0) * (_zero(c, "n_bursts") > 0)


def _answered(c: Cols) -> np.ndarray:
    return _clip(np.nan_to_num(c["burst_reply_share"], nan=0.0) / 0.6) * _bursts(c)


def _order_loop(c: Cols) -> np.ndarray:
    return _clip(np.nan_to_num(c["burst_order_share"], nan=0.0) / 0.4) * _bursts(c)


def _unanswered(c: Cols) -> np.ndarray:
    reply = np.nan_to_num(c["burst_reply_share"], nan=1.0)
    return _clip(1.0 - reply / 0.3) * _bursts(c)


def _repeat_list(c: Cols) -> np.ndarray:
    return np.nan_to_num(c["burst_repeat_share"], nan=0.0) * _bursts(c)


def _office_bursts(c: Cols) -> np.ndarray:
    return np.nan_to_num(c["burst_office_share"], nan=0.0) * _bursts(c)


def _ordering(c: Cols) -> np.ndarray:
    return _clip(_zero(c, "repeat_initiators") / 10.0)


def _regular(c: Cols) -> np.ndarray:
    enough = _zero(c, "in_contacts") >= 5
    return np.where(enough, _clip((c["initiator_days_per_week"] - 0.75) / 1.25), np.nan)


def _customer_base(c: Cols) -> np.ndarray:
    """A large base of regular customers: beyond what one person's social circle holds."""
    size = _clip((_zero(c, "repeat_initiators") - 15.0) / 25.0)
    return size * np.nan_to_num(_regular(c), nan=0.0)


def _account(kind: str) -> Callable[[Cols], np.ndarray]:
    def signal(c: Cols) -> np.ndarray:
        account = c["account_type"]
        known = np.array([a is not None and a == a for a in account], dtype=bool)
        return np.where(known, (account == kind).astype(float), np.nan)
    return signal


def _swaps(c: Cols) -> np.ndarray:
    imei, imsi = _zero(c, "n_imei"), _zero(c, "n_imsi")
    seen = (imei + imsi) > 0
    value = _clip((np.maximum(imei, 1) - 1 + np.maximum(imsi, 1) - 1) / 2.0)
    return np.where(seen, value, np.nan)


def _night(c: Cols) -> np.ndarray:
    return _clip(c["night_share"] / 0.1)


def _one_area(c: Cols) -> np.ndarray:
    enough = _zero(c, "initiators_located") >= 5
    return np.where(enough, _clip((c["initiators_top_area_share"] - 0.5) / 0.4), np.nan)


def _star(c: Cols) -> np.ndarray:
    return c["star_share"].astype(float)


def _one_off(c: Cols) -> np.ndarray:
    return np.where(_zero(c, "contacts") >= 10, c["single_day_share"], np.nan)


@dataclass(frozen=True)
class Component:
    """One term of the score: a named signal, its weight and what it stands for."""

    name: str
    weight: float
    signal: Callable[[Cols], np.ndarray]
    features: tuple[str, ...]
    meaning: str


COMPONENTS: tuple[Component, ...] = (
    Component("broadcasts", 1.5, _bursts, ("burst_days", "max_burst"),
              "bulk texts to many numbers within moments (full with broadcasts on 2 days and "
              "one of 20 or more recipients; 3/4 for a single day; nothing at 10 recipients)"),
    Component("broadcast_size", 0.5, _burst_size, ("max_burst", "n_bursts"),
              "size of the biggest broadcast (full at 50 recipients)"),
    Component("broadcasts_answered", 1.0, _answered, ("burst_reply_share", "burst_days"),
              "broadcast recipients who contact the number themselves (full at 60%)"),
    Component("broadcast_then_order", 2.0, _order_loop, ("burst_order_share", "burst_days"),
              "broadcast recipients who contact the number on several days (full at 40%)"),
    Component("repeat_broadcast_list", 0.5, _repeat_list, ("burst_repeat_share", "burst_days"),
              "broadcasts go to the same recipient list again and again"),
    Component("unanswered_broadcasts", -3.0, _unanswered, ("burst_reply_share", "burst_days"),
              "broadcast recipients who never contact the number, a bulk sender's pattern "
              "(full when none answer, nothing from 30% up)"),
    Component("office_hours_broadcasts", -0.5, _office_bursts,
              ("burst_office_share", "burst_days"), "broadcasts sent in weekday office hours"),
    Component("ordering_customers", 1.0, _ordering, ("repeat_initiators",),
              "contacts who initiate calls or texts on several days (full at 10)"),
    Component("regular_customers", 1.5, _regular, ("initiator_days_per_week", "in_contacts"),
              "the contacts who initiate do so on many days a week (from 0.75, full at 2)"),
    Component("large_customer_base", 2.5, _customer_base,
              ("repeat_initiators", "initiator_days_per_week"),
              "more than 15 contacts ordering on several days, regularly each week (full at "
              "40 such contacts ordering twice a week)"),
    Component("unregistered_payg", 1.2, _account("payg_unregistered"), ("account_type",),
              "subscriber check: unregistered pay-as-you-go"),
    Component("business_account", -2.5, _account("business"), ("account_type",),
              "subscriber check: business account"),
    Component("contract_account", -1.5, _account("contract"), ("account_type",),
              "subscriber check: contract with a named subscriber"),
    Component("handset_swaps", 0.8, _swaps, ("n_imei", "n_imsi"),
              "several handsets or SIMs used with the number (full at 3)"),
    Component("night_trade", 0.8, _night, ("night_share",),
              "share of activity between midnight and 6am London time (full at 10%)"),
    Component("customers_in_one_area", 0.5, _one_area,
              ("initiators_top_area_share", "initiators_located"),
              "the contacts who initiate are concentrated in one area"),
    Component("star_contacts", 0.3, _star, ("star_share",),
              "contacts who only talk to this number, not to each other"),
    Component("one_off_contacts", -1.0, _one_off, ("single_day_share", "contacts"),
              "most contacts appear on a single day only (deliveries, appointments)"),
)

CONTINUITY = Component("line_continuity", 4.0, lambda c: np.zeros(0), ("number_links",),
                       "linked to a deal line: its customer base carried over (signal = the "
                       "link's confidence) or a shared handset (half that)")
FEATURES_USED = sorted({f for c in COMPONENTS for f in c.features})


@dataclass
class Scores:
    """Vectorised scores: z and score per number, and each component's contribution."""

    z: np.ndarray
    score: np.ndarray
    contributions: dict[str, np.ndarray]  # NaN = the component's input is missing


def columns(table: Any) -> dict[str, np.ndarray]:
    """The features the score uses, as NumPy arrays (floats; object for account type)."""
    cols: dict[str, np.ndarray] = {}
    names = set(table.column_names)
    n = table.num_rows
    for f in FEATURES_USED:
        if f not in names:
            cols[f] = np.full(n, np.nan) if f != "account_type" else np.full(n, None, object)
        elif f == "account_type":
            cols[f] = np.array(table.column(f).to_pylist(), dtype=object)
        else:
            cols[f] = table.column(f).to_numpy(zero_copy_only=False).astype(float)
    return cols


def score_columns(cols: Cols, continuity: np.ndarray | None = None) -> Scores:
    """Score every row of ``cols``; ``continuity`` is each number's link signal (0 = none)."""
    n = len(next(iter(cols.values())))
    z = np.full(n, BIAS)
    parts: dict[str, np.ndarray] = {}
    for comp in COMPONENTS:
        value = comp.weight * comp.signal(cols).astype(float)
        parts[comp.name] = value
        z = z + np.nan_to_num(value, nan=0.0)
    if continuity is not None:
        value = CONTINUITY.weight * continuity
        parts[CONTINUITY.name] = value
        z = z + value
    score = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
    return Scores(z=z, score=score, contributions=parts)


def explain(scores: Scores, cols: Cols, i: int) -> dict[str, Any]:
    """The explanation of row ``i``: every contribution with its weight, signal and inputs."""
    terms: list[dict[str, Any]] = []
    missing: list[str] = []
    by_name = {c.name: c for c in (*COMPONENTS, CONTINUITY)}
    for name, values in scores.contributions.items():
        value = float(values[i])
        comp = by_name[name]
        if math.isnan(value):
            missing.append(name)
            continue
        if value == 0.0:
            continue
        terms.append({"component": name, "weight": comp.weight,
                      "signal": round(value / comp.weight, 4), "contribution": round(value, 4),
                      "meaning": comp.meaning,
                      "features": {f: _plain(cols[f][i]) for f in comp.features if f in cols}})
    terms.sort(key=lambda t: -abs(float(t["contribution"])))
    return {"score": round(float(scores.score[i]), 4), "bias": BIAS,
            "z": round(float(scores.z[i]), 4), "contributions": terms, "not_available": missing}


def _plain(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    return value


def weights_table() -> list[dict[str, Any]]:
    """Every component with its weight and meaning (for docs, the CLI and the UI)."""
    rows = [{"component": c.name, "weight": c.weight, "features": list(c.features),
             "meaning": c.meaning} for c in (*COMPONENTS, CONTINUITY)]
    return [{"component": "bias", "weight": BIAS, "features": [],
             "meaning": "starting point: a number with no evidence scores 0.15%"}, *rows]
