"""The components of an offender's priority, each with the evidence it rests on.

* harm: Cambridge-Crime-Harm-Index days of each offence the person is recorded for (as suspect
  or subject, never as victim, witness or reporter), times the outcome factor, times a recency
  decay relative to the analysis reference date; one offence per category per day;
* recency and frequency of those offences (the R and F of RFG / RFH);
* violence and weapons links: the person's own (violent or weapons offences, ``violence`` /
  ``weapons`` flags, weapons seized at their events) or an associate's (co-offending at the
  same place and time, or phone contact, with a person who has an own link);
* role in a line, from the detection stage's ``person_roles``;
* association (links to violence): recorded relationships (family, lives with, knows ...) with
  people who have an own violence or weapons link. Association is not guilt: this component
  is outside the weighted mean, adds at most ``association_max`` to the priority, and never
  puts anyone on the target list on its own.

Recorded crimes (contract v2 ``events`` of type ``crime``) count as offences of the people
recorded as their suspect or party, whether the event names them or a relationship does; the
offence is classified from its wording, else its Home Office code, else its police.uk category.

The disruption component comes from :mod:`linewatch.score.network`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from linewatch.people.context import Context, Event, address_key, cdr_ref, contacts_with
from linewatch.score.harm import HarmWeights, decay
from linewatch.storage import Store

OFFENDING_EVENTS = ("arrest", "custody", "warrant", "stop_search", "seizure", "vehicle_stop",
                    "crime")


@dataclass
class Offence:
    """One counted offence of a person."""

    event: Event
    key: str
    label: str
    weight_days: float
    outcome_factor: float
    decay: float
    violent: bool
    weapon: bool
    via: str

    @property
    def harm(self) -> float:
        return self.weight_days * self.outcome_factor * self.decay

    def evidence(self) -> dict[str, Any]:
        return self.event.evidence(offence=self.event.offence, category=self.key,
                                   weight_days=self.weight_days,
                                   outcome=self.event.outcome,
                                   outcome_factor=self.outcome_factor,
                                   decay=round(self.decay, 6), harm=round(self.harm, 3),
                                   classified_by=self.via)


@dataclass
class Components:
    """Raw inputs of one person's priority."""

    offences: list[Offence] = field(default_factory=list)
    violence_own: list[dict[str, Any]] = field(default_factory=list)
    violence_associates: list[dict[str, Any]] = field(default_factory=list)
    violence_value: float = 0.0
    role: dict[str, Any] | None = None
    role_value: float = 0.0

    @property
    def harm(self) -> float:
        return sum(o.harm for o in self.offences)


def offences_of(ctx: Context, person_id: str, weights: HarmWeights,
                half_life_days: float) -> list[Offence]:
    """Counted offences of a person: one per (category, day), keeping the largest harm."""
    best: dict[tuple[str, str], Offence] = {}
    for event in ctx.events.get(person_id, []):
        texts = event.offence_texts
        if not event.as_offender or not texts or event.event_type not in OFFENDING_EVENTS:
            continue
        classes = frozenset(s["drug_class"] for s in ctx.seizures_at(event)
                            if s.get("item_type") == "drug" and s.get("drug_class"))
        elapsed_days = (ctx.reference - event.occurred_at).total_seconds() / 86400.0
        # the most specific text that names a known offence: the wording, else the Home
        # Office code, else a recorded crime's police.uk category
        classified = next((c for c in (weights.classify(t, classes) for t in texts) if c), [])
        for found in classified:
            o = found.offence
            item = Offence(event=event, key=o.key, label=o.label, weight_days=o.weight_days,
                           outcome_factor=weights.outcome_factor(event.outcome),
                           decay=decay(elapsed_days, half_life_days), violent=o.violent,
                           weapon=o.weapon, via=found.via)
            slot = (o.key, event.occurred_at.date().isoformat())
            if slot not in best or item.harm > best[slot].harm:
                best[slot] = item
    return sorted(best.values(), key=lambda o: (o.event.occurred_at, o.key))


def own_violence(ctx: Context, person_id: str, offences: list[Offence],
                 violent_flags: list[str]) -> list[dict[str, Any]]:
    """Evidence of the person's own violence or weapons links."""
    found: list[dict[str, Any]] = []
    for o in offences:
        if o.violent or o.weapon:
            found.append({"kind": "weapons_offence" if o.weapon else "violent_offence",
                          **o.event.evidence(offence=o.event.offence, category=o.key)})
    for flag in sorted(ctx.flags.get(person_id, set()) & {f.lower() for f in violent_flags}):
        found.append({"kind": "flag", "flag": flag, "table": "persons",
                      "person_id": person_id})
    for event in ctx.events.get(person_id, []):
        if not event.as_offender:
            continue
        for s in ctx.seizures_at(event):
            if s.get("item_type") == "weapon":
                found.append({"kind": "weapon_seized",
                              **event.evidence(seizure_id=s["seizure_id"])})
    return found


def co_offending(ctx: Context, hours: float) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Pairs of people recorded as suspects at the same place within ``hours`` of each other.

    Returns person -> other person -> evidence (both events).
    """
    by_place: dict[str, list[Event]] = defaultdict(list)
    for events in ctx.events.values():
        for e in events:
            if not e.as_offender or e.event_type not in OFFENDING_EVENTS:
                continue
            key = address_key(e.address, e.postcode) or (
                f"@{round(e.lat, 3)},{round(e.lon, 3)}" if e.lat is not None
                and e.lon is not None else None)
            if key:
                by_place[key].append(e)
    pairs: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    window = hours * 3600.0
    for events in by_place.values():
        events.sort(key=lambda e: e.occurred_at)
        for i, a in enumerate(events):
            for b in events[i + 1:]:
                if (b.occurred_at - a.occurred_at).total_seconds() > window:
                    break
                if a.person_id == b.person_id:
                    continue
                pairs[a.person_id][b.person_id].append({"own": a.ref, "theirs": b.ref})
                pairs[b.person_id][a.person_id].append({"own": b.ref, "theirs": a.ref})
    return pairs


def violence_links(store: Store, ctx: Context, components: dict[str, Components],
                   params: dict[str, Any]) -> None:
    """Fill each person's violence value from own links, co-offenders and phone contacts."""
    violent = {pid for pid, c in components.items() if c.violence_own}
    for pid in violent:
        components[pid].violence_value = float(params["violence_own"])
    pairs = co_offending(ctx, float(params["co_offending_hours"]))
    for pid, others in pairs.items():
        for other, evidence in others.items():
            if other in violent and pid in components:
                components[pid].violence_associates.append(
                    {"kind": "co_offender", "person_id": other, "events": evidence[:5]})
    owner = {n: p for p in violent for n in ctx.phones.get(p, set())}
    min_contacts = int(params["violence_min_contacts"])
    for row in contacts_with(store, dict(ctx.phones), set(owner)):
        other = owner[row["focus_number"]]
        pid = row["person_id"]
        if other == pid or pid not in components or int(row["n"]) < min_contacts:
            continue
        components[pid].violence_associates.append(
            {"kind": "phone_contact", "person_id": other, "number": row["focus_number"],
             "evidence": cdr_ref(row)})
    for pid, comp in components.items():
        if pid in violent:
            continue
        kinds = {a["kind"] for a in comp.violence_associates}
        value = 0.0
        if "co_offender" in kinds:
            value = max(value, float(params["violence_co_offender"]))
        if "phone_contact" in kinds:
            value = max(value, float(params["violence_phone_contact"]))
        comp.violence_value = value


def role_component(ctx: Context, person_id: str,
                   role_weights: dict[str, float]) -> tuple[dict[str, Any] | None, float]:
    """The person's most valuable line role and its value (role weight x confidence)."""
    best: tuple[dict[str, Any] | None, float] = (None, 0.0)
    for row in ctx.person_roles.get(person_id, []):
        value = float(role_weights.get(row["role"], 0.0)) * float(row["confidence"])
        if best[0] is None or value > best[1]:
            best = ({"role": row["role"], "line_id": row["line_id"],
                     "confidence": row["confidence"]}, value)
    return best


def harm_norm(harm: float, scale: float) -> float:
    """Harm mapped to [0, 1): ``harm / (harm + scale)``; 0.5 at one ``scale`` of harm."""
    return harm / (harm + scale) if harm > 0 and scale > 0 else (1.0 if harm > 0 else 0.0)


def frequency_norm(n: int, scale: float) -> float:
    """Offence count mapped to [0, 1): ``1 - exp(-n / scale)``."""
    return 1.0 - math.exp(-n / scale) if scale > 0 and n > 0 else 0.0


def association(ctx: Context, person_id: str, violent: set[str], types: list[str],
                scale: float) -> tuple[list[dict[str, Any]], float]:
    """Relationships of ``types`` with people who have an own violence or weapons link, and
    the component's value ``1 - exp(-n / scale)`` for ``n`` distinct such people."""
    found: dict[str, dict[str, Any]] = {}
    for other, relation in ctx.related.get(person_id, []):
        if other == person_id or other not in violent or relation.type not in types:
            continue
        item = found.setdefault(other, {"kind": "relationship", "person_id": other,
                                        "relationships": []})
        if len(item["relationships"]) < 5:
            item["relationships"].append(relation.evidence())
    n = len(found)
    value = 1.0 - math.exp(-n / scale) if n and scale > 0 else 0.0
    return sorted(found.values(), key=lambda i: i["person_id"]), value
