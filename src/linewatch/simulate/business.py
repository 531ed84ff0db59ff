"""Legitimate bulk senders, the hard negatives for deal-line detection.

GP surgeries send appointment reminders in automated batches, schools text all parents at
once, taxi firms take many short calls at night and text back, takeaways take evening orders
and send weekend promotions to hundreds of past customers.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from linewatch.simulate.batch import CallBatch, Clock, draw_times, hour_profile
from linewatch.simulate.world import Business, Mobility, PhoneKind, World

_TAXI_PROFILE = hour_profile([3.0, 2.6, 2.0, 1.0, 0.5, 0.6, 1.2, 2.4, 2.6, 2.0, 1.8, 1.8, 2.0,
                              2.0, 2.0, 2.2, 2.6, 3.2, 3.8, 4.2, 4.6, 5.0, 5.0, 4.2])
_MORNING_CALLS = hour_profile([0] * 8 + [6.0, 4.0, 2.0, 1.5, 1.2, 1.2, 1.5, 1.2, 1.0, 0.5]
                              + [0] * 6)
_EVENING_ORDERS = hour_profile([0.3] + [0] * 10 + [0.5, 1.0, 0.8, 0.4, 0.4, 0.8, 2.0, 4.0,
                                                    5.0, 4.6, 3.4, 2.0, 1.0])
_NAMES = {PhoneKind.GP_SURGERY: ("Medical Centre", "Surgery", "Health Centre"),
          PhoneKind.TAXI: ("Cars", "Taxis", "Private Hire"),
          PhoneKind.TAKEAWAY: ("Pizza", "Kebab House", "Chinese Takeaway", "Fried Chicken"),
          PhoneKind.SCHOOL: ("Academy", "High School", "Primary School")}


def build_businesses(world: World, taken: set[int], rng: np.random.Generator) -> None:
    """A GP surgery, taxi firm, takeaway and school in each county town; fewer in the hub."""
    persons, phones, addresses = world.persons, world.phones, world.addresses
    lived_in = set(int(a) for a in persons.address)
    for place in world.places:
        kinds = [PhoneKind.GP_SURGERY, PhoneKind.TAXI, PhoneKind.TAKEAWAY, PhoneKind.SCHOOL]
        if place.is_hub:
            kinds = [PhoneKind.GP_SURGERY, PhoneKind.TAKEAWAY] if place.index % 2 == 0 else \
                [PhoneKind.TAXI]
        residents = np.flatnonzero((persons.place == place.index) & (persons.phone >= 0))
        for kind in kinds:
            options = [int(a) for a in addresses.of_place(place.index)
                       if int(a) not in lived_in and int(a) not in taken]
            if not options or not len(residents):
                continue
            address = options[int(rng.integers(len(options)))]
            taken.add(address)
            cell = int(addresses.cell[address])
            phone = phones.add(kind=kind, owner=-1, home_cell=cell, mobility=Mobility.FIXED,
                               jitter=0.0)
            if kind == PhoneKind.SCHOOL:
                kids = (persons.place == place.index) & (persons.age >= 4) & (persons.age <= 16)
                homes = np.unique(persons.household[kids])
                parents = np.flatnonzero(np.isin(persons.household, homes) & (persons.age >= 22)
                                         & (persons.phone >= 0) & (persons.place == place.index))
                audience = persons.phone[parents]
            else:
                share = {PhoneKind.GP_SURGERY: 0.5, PhoneKind.TAXI: 0.3}.get(kind, 0.35)
                chosen = residents[rng.random(len(residents)) < share]
                audience = persons.phone[chosen]
            words = _NAMES[kind]
            name = f"{place.name} {words[int(rng.integers(len(words)))]}"
            account = "business" if kind in (PhoneKind.GP_SURGERY, PhoneKind.SCHOOL) else \
                ("contract" if kind == PhoneKind.TAXI else "payg_registered")
            world.businesses.append(Business(name=name, kind=kind, phone=phone,
                                             place=place.index, address=address,
                                             audience=audience.astype(np.int32),
                                             account_type=account))


def _burst(clock: Clock, day: int, sender: int, targets: np.ndarray, begin: int,
           gap: tuple[float, float], rng: np.random.Generator) -> CallBatch:
    local = begin + np.cumsum(rng.uniform(gap[0], gap[1], size=len(targets))).astype(np.int64)
    return CallBatch.make(clock.at(day, local), np.full(len(targets), sender), targets, False)


def _incoming(clock: Clock, day: int, business: Business, rate: float, profile: np.ndarray,
              rng: np.random.Generator, reply_share: float) -> CallBatch:
    callers = business.audience[rng.random(len(business.audience)) < rate]
    if not len(callers):
        return CallBatch.empty()
    local = draw_times(rng, len(callers), profile)
    duration = rng.integers(15, 140, size=len(callers))
    calls = CallBatch.make(clock.at(day, local), callers, np.full(len(callers), business.phone),
                           True, duration)
    replies = rng.random(len(callers)) < reply_share
    later = local[replies] + rng.integers(240, 1_200, size=int(replies.sum()))
    texts = CallBatch.make(clock.at(day, later), np.full(int(replies.sum()), business.phone),
                           callers[replies], False)
    return CallBatch.concat([calls, texts])


def business_day(world: World, clock: Clock, day: int, rng: np.random.Generator) -> CallBatch:
    """One day of calls and texts to and from every business."""
    weekday = clock.weekday(day)
    batches: list[CallBatch] = []
    for listed in world.businesses:
        if not len(listed.audience):
            continue
        people = current_numbers(world, listed.audience, day)
        biz = replace(listed, audience=people)
        if biz.kind == PhoneKind.GP_SURGERY and weekday < 5:
            for begin in (10 * 3_600, 14 * 3_600):
                k = max(3, int(len(people) * rng.uniform(0.02, 0.06)))
                chosen = people[rng.choice(len(people), size=min(k, len(people)), replace=False)]
                batches.append(_burst(clock, day, biz.phone, chosen,
                                      begin + int(rng.integers(0, 900)), (0.2, 1.5), rng))
            batches.append(_incoming(clock, day, biz, 0.01, _MORNING_CALLS, rng, 0.0))
        elif biz.kind == PhoneKind.SCHOOL and weekday < 5:
            if rng.random() < 0.3:
                begin = int(rng.choice([8 * 3_600 + 900, 15 * 3_600 + 600]))
                batches.append(_burst(clock, day, biz.phone, people, begin, (0.1, 0.8), rng))
            batches.append(_incoming(clock, day, biz, 0.015, _MORNING_CALLS, rng, 0.0))
        elif biz.kind == PhoneKind.TAXI:
            rate = 0.035 if weekday >= 4 else 0.02
            batches.append(_incoming(clock, day, biz, rate, _TAXI_PROFILE, rng, 0.6))
        elif biz.kind == PhoneKind.TAKEAWAY:
            rate = 0.03 if weekday >= 4 else 0.012
            batches.append(_incoming(clock, day, biz, rate, _EVENING_ORDERS, rng, 0.15))
            if weekday == 4 and rng.random() < 0.7:
                chosen = people[rng.random(len(people)) < rng.uniform(0.4, 0.8)]
                batches.append(_burst(clock, day, biz.phone, chosen,
                                      16 * 3_600 + int(rng.integers(0, 3_600)), (0.3, 2.0), rng))
    return CallBatch.concat(batches)


def current_numbers(world: World, phones: np.ndarray, day: int) -> np.ndarray:
    """``phones`` with numbers given up before ``day`` replaced by their successors."""
    arrays = world.phones.arrays
    gone = (arrays["active_to"][phones] <= day) & (arrays["successor"][phones] >= 0)
    return np.where(gone, arrays["successor"][phones], phones).astype(np.int32)
