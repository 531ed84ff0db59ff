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
seconds. Weights and breakpoints are settings (``DetectSettings``, ``docs/settings.md``);
their grounding: ``docs/detection.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from linewatch.settings.detect import DetectSettings

Cols = Mapping[str, np.ndarray]
Settings = DetectSettings


def _clip(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 1.0)


def _zero(cols: Cols, key: str) -> np.ndarray:
    return np.nan_to_num(cols[key].astype(float), nan=0.0)


def _bursts(c: Cols, s: Settings) -> np.ndarray:
    """Broadcasting to a real list: bursts on one day give a share, on several days all of it,
    scaled by the biggest burst's size (nothing at ``burst_min_recipients``, everything from
    ``burst_full_factor`` times that), so a group text to a handful of friends counts little."""
    days = _zero(c, "burst_days")
    practice = np.where(days >= s.burst_full_days, 1.0,
                        np.where(days >= 1, s.burst_single_day_share, 0.0))
    low = float(s.burst_min_recipients)
    span = low * (s.burst_full_factor - 1.0)
    return practice * _clip((_zero(c, "max_burst") - low) / span)


def _burst_size(c: Cols, s: Settings) -> np.ndarray:
    return _clip(_zero(c, "max_burst") / float(s.burst_size_full)) * (_zero(c, "n_bursts") > 0)


def _answered(c: Cols, s: Settings) -> np.ndarray:
    share = np.nan_to_num(c["burst_reply_share"], nan=0.0)
    return _clip(share / s.answered_full_share) * _bursts(c, s)


def _order_loop(c: Cols, s: Settings) -> np.ndarray:
    share = np.nan_to_num(c["burst_order_share"], nan=0.0)
    return _clip(share / s.order_full_share) * _bursts(c, s)


def _unanswered(c: Cols, s: Settings) -> np.ndarray:
    reply = np.nan_to_num(c["burst_reply_share"], nan=1.0)
    return _clip(1.0 - reply / s.unanswered_none_share) * _bursts(c, s)


def _repeat_list(c: Cols, s: Settings) -> np.ndarray:
    return np.nan_to_num(c["burst_repeat_share"], nan=0.0) * _bursts(c, s)


def _office_bursts(c: Cols, s: Settings) -> np.ndarray:
    return np.nan_to_num(c["burst_office_share"], nan=0.0) * _bursts(c, s)


def _ordering(c: Cols, s: Settings) -> np.ndarray:
    return _clip(_zero(c, "repeat_initiators") / float(s.ordering_full_initiators))


def _regular(c: Cols, s: Settings) -> np.ndarray:
    enough = _zero(c, "in_contacts") >= s.regular_min_contacts
    low, high = s.regular_from_days_per_week, s.regular_full_days_per_week
    return np.where(enough, _clip((c["initiator_days_per_week"] - low) / (high - low)), np.nan)


def _occasional(c: Cols, s: Settings) -> np.ndarray:
    """Customers who initiate rarely (a takeaway's weekly order, not a user's daily buy), at
    a number quiet at night: night trade takes the signal away, so a line whose customers
    buy at weekends but late is not mistaken for a shop."""
    enough = _zero(c, "in_contacts") >= s.regular_min_contacts
    low, high = s.occasional_full_days_per_week, s.occasional_from_days_per_week
    rare = _clip((high - c["initiator_days_per_week"]) / (high - low))
    return np.where(enough, rare * (1.0 - np.nan_to_num(_night(c, s), nan=0.0)), np.nan)


def _customer_base(c: Cols, s: Settings) -> np.ndarray:
    """A large base of regular customers: beyond what one person's social circle holds."""
    low, high = float(s.customer_base_from), float(s.customer_base_full)
    size = _clip((_zero(c, "repeat_initiators") - low) / (high - low))
    return size * np.nan_to_num(_regular(c, s), nan=0.0)


def _account(kind: str) -> Callable[[Cols, Settings], np.ndarray]:
    def signal(c: Cols, s: Settings) -> np.ndarray:
        account = c["account_type"]
        known = np.array([a is not None and a == a for a in account], dtype=bool)
        return np.where(known, (account == kind).astype(float), np.nan)
    return signal


def _swaps(c: Cols, s: Settings) -> np.ndarray:
    imei, imsi = _zero(c, "n_imei"), _zero(c, "n_imsi")
    seen = (imei + imsi) > 0
    value = _clip((np.maximum(imei, 1) - 1 + np.maximum(imsi, 1) - 1) / s.swaps_full_changes)
    return np.where(seen, value, np.nan)


def _night(c: Cols, s: Settings) -> np.ndarray:
    return _clip(c["night_share"] / s.night_full_share)


def _one_area(c: Cols, s: Settings) -> np.ndarray:
    enough = _zero(c, "initiators_located") >= s.one_area_min_located
    low, high = s.one_area_from_share, s.one_area_full_share
    return np.where(enough, _clip((c["initiators_top_area_share"] - low) / (high - low)),
                    np.nan)


def _star(c: Cols, s: Settings) -> np.ndarray:
    return c["star_share"].astype(float)


def _one_off(c: Cols, s: Settings) -> np.ndarray:
    return np.where(_zero(c, "contacts") >= s.one_off_min_contacts, c["single_day_share"],
                    np.nan)


def _long_calls(c: Cols, s: Settings) -> np.ndarray:
    enough = _zero(c, "answered_calls") >= s.long_calls_min_answered
    low, high = s.long_calls_from_share, s.long_calls_full_share
    return np.where(enough, _clip((c["long_call_share"] - low) / (high - low)), np.nan)


def _no_signal(c: Cols, s: Settings) -> np.ndarray:
    return np.zeros(0)


@dataclass(frozen=True)
class Component:
    """One term of the score: a named signal, its weight and what it stands for.

    The weight is the setting ``weight_<name>``; ``meaning`` may name other settings in
    braces (``{burst_size_full}``), filled in from the settings in use.
    """

    name: str
    signal: Callable[[Cols, Settings], np.ndarray]
    features: tuple[str, ...]
    meaning: str

    def weight(self, settings: Settings) -> float:
        return float(getattr(settings, f"weight_{self.name}"))

    def describe(self, settings: Settings) -> str:
        values = {k: _text(k, v) for k, v in settings.as_dict().items()}
        full_week = settings.regular_full_days_per_week
        values.update(
            burst_full_recipients=_text("", settings.burst_min_recipients
                                        * settings.burst_full_factor),
            burst_single_day_share=str(Fraction(settings.burst_single_day_share)
                                       .limit_denominator(100)),
            swaps_full_handsets=_text("", settings.swaps_full_changes + 1),
            times_a_week="twice" if full_week == 2 else f"{full_week:g} times",
            night_start=_hour(settings.night_start), night_end=_hour(settings.night_end))
        return self.meaning.format(**values)


def _text(name: str, value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.0%}" if name.endswith("_share") else f"{value:g}"
    return str(value)


def _hour(hour: int) -> str:
    if hour in (0, 24):
        return "midnight"
    if hour == 12:
        return "noon"
    return f"{hour}am" if hour < 12 else f"{hour - 12}pm"


COMPONENTS: tuple[Component, ...] = (
    Component("broadcasts", _bursts, ("burst_days", "max_burst"),
              "bulk texts to many numbers within moments (full with broadcasts on "
              "{burst_full_days} days and one of {burst_full_recipients} or more recipients; "
              "{burst_single_day_share} for a single day; nothing at "
              "{burst_min_recipients} recipients)"),
    Component("broadcast_size", _burst_size, ("max_burst", "n_bursts"),
              "size of the biggest broadcast (full at {burst_size_full} recipients)"),
    Component("broadcasts_answered", _answered, ("burst_reply_share", "burst_days"),
              "broadcast recipients who contact the number themselves (full at "
              "{answered_full_share})"),
    Component("broadcast_then_order", _order_loop, ("burst_order_share", "burst_days"),
              "broadcast recipients who contact the number on several days (full at "
              "{order_full_share})"),
    Component("repeat_broadcast_list", _repeat_list, ("burst_repeat_share", "burst_days"),
              "broadcasts go to the same recipient list again and again"),
    Component("unanswered_broadcasts", _unanswered, ("burst_reply_share", "burst_days"),
              "broadcast recipients who never contact the number, a bulk sender's pattern "
              "(full when none answer, nothing from {unanswered_none_share} up)"),
    Component("office_hours_broadcasts", _office_bursts,
              ("burst_office_share", "burst_days"), "broadcasts sent in weekday office hours"),
    Component("ordering_customers", _ordering, ("repeat_initiators",),
              "contacts who initiate calls or texts on several days (full at "
              "{ordering_full_initiators})"),
    Component("regular_customers", _regular, ("initiator_days_per_week", "in_contacts"),
              "the contacts who initiate do so on many days a week (from "
              "{regular_from_days_per_week}, full at {regular_full_days_per_week})"),
    Component("occasional_customers", _occasional,
              ("initiator_days_per_week", "in_contacts", "night_share"),
              "the contacts who initiate do so rarely (full at {occasional_full_days_per_week} "
              "days a week or fewer, nothing from {occasional_from_days_per_week}) and the "
              "number is quiet at night: a shop's or a takeaway's customers"),
    Component("large_customer_base", _customer_base,
              ("repeat_initiators", "initiator_days_per_week"),
              "more than {customer_base_from} contacts ordering on several days, regularly "
              "each week (full at {customer_base_full} such contacts ordering "
              "{times_a_week} a week)"),
    Component("unregistered_payg", _account("payg_unregistered"), ("account_type",),
              "subscriber check: unregistered pay-as-you-go"),
    Component("business_account", _account("business"), ("account_type",),
              "subscriber check: business account"),
    Component("contract_account", _account("contract"), ("account_type",),
              "subscriber check: contract with a named subscriber"),
    Component("handset_swaps", _swaps, ("n_imei", "n_imsi"),
              "several handsets or SIMs used with the number (full at "
              "{swaps_full_handsets})"),
    Component("night_trade", _night, ("night_share",),
              "share of activity between {night_start} and {night_end} London time (full "
              "at {night_full_share})"),
    Component("customers_in_one_area", _one_area,
              ("initiators_top_area_share", "initiators_located"),
              "the contacts who initiate are concentrated in one area"),
    Component("star_contacts", _star, ("star_share",),
              "contacts who only talk to this number, not to each other"),
    Component("one_off_contacts", _one_off, ("single_day_share", "contacts"),
              "most contacts appear on a single day only (deliveries, appointments)"),
    Component("long_conversations", _long_calls, ("long_call_share", "answered_calls"),
              "long voice calls ({long_call_seconds} s or more): nothing up to "
              "{long_calls_from_share} of the answered calls, full from "
              "{long_calls_full_share}; orders to a deal line are short"),
)

CONTINUITY = Component("line_continuity", _no_signal, ("number_links",),
                       "linked to a deal line: its customer base carried over (signal = the "
                       "link's confidence) or a shared handset (half that)")
TAKEOVER = Component("line_takeover", _no_signal, ("number_links",),
                     "took over a deal line's customers: a continuity link at or above "
                     "{continuity_strong_link} from a number scoring at least "
                     "{takeover_min_lender_score} (signal = the link's confidence)")
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


def score_columns(cols: Cols, continuity: np.ndarray | None = None,
                  settings: Settings | None = None,
                  takeover: np.ndarray | None = None) -> Scores:
    """Score every row of ``cols``; ``continuity`` is each number's link signal (0 = none),
    ``takeover`` the signal of a near-certain link from a confident deal line (0 = none)."""
    s = settings or DetectSettings()
    n = len(next(iter(cols.values())))
    z = np.full(n, s.score_bias)
    parts: dict[str, np.ndarray] = {}
    for comp in COMPONENTS:
        value = comp.weight(s) * comp.signal(cols, s).astype(float)
        parts[comp.name] = value
        z = z + np.nan_to_num(value, nan=0.0)
    if continuity is not None:
        value = CONTINUITY.weight(s) * continuity
        parts[CONTINUITY.name] = value
        z = z + value
    if takeover is not None:
        parts[TAKEOVER.name] = TAKEOVER.weight(s) * takeover
        z = z + parts[TAKEOVER.name]
    score = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
    return Scores(z=z, score=score, contributions=parts)


def explain(scores: Scores, cols: Cols, i: int,
            settings: Settings | None = None) -> dict[str, Any]:
    """The explanation of row ``i``: every contribution with its weight, signal and inputs."""
    s = settings or DetectSettings()
    terms: list[dict[str, Any]] = []
    missing: list[str] = []
    by_name = {c.name: c for c in (*COMPONENTS, CONTINUITY, TAKEOVER)}
    for name, values in scores.contributions.items():
        value = float(values[i])
        comp = by_name[name]
        if math.isnan(value):
            missing.append(name)
            continue
        if value == 0.0:
            continue
        weight = comp.weight(s)
        terms.append({"component": name, "weight": weight,
                      "signal": round(value / weight, 4), "contribution": round(value, 4),
                      "meaning": comp.describe(s),
                      "features": {f: _plain(cols[f][i]) for f in comp.features if f in cols}})
    terms.sort(key=lambda t: -abs(float(t["contribution"])))
    return {"score": round(float(scores.score[i]), 4), "bias": s.score_bias,
            "z": round(float(scores.z[i]), 4), "contributions": terms, "not_available": missing}


def _plain(value: Any) -> Any:
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else round(float(value), 4)
    if isinstance(value, np.integer):
        return int(value)
    return value


def weights_table(settings: Settings | None = None) -> list[dict[str, Any]]:
    """Every component with its weight and meaning (for docs, the CLI and the UI)."""
    s = settings or DetectSettings()
    rows = [{"component": c.name, "weight": c.weight(s), "features": list(c.features),
             "meaning": c.describe(s)} for c in (*COMPONENTS, CONTINUITY, TAKEOVER)]
    start = 1.0 / (1.0 + math.exp(-s.score_bias))
    return [{"component": "bias", "weight": s.score_bias, "features": [],
             "meaning": f"starting point: a number with no evidence scores {start:.2%}"},
            *rows]
