"""Subscriber checks: what the network operators say about the numbers investigators asked about.

Deal lines and runners' work phones are unregistered pay-as-you-go, but so are many ordinary
phones; controllers' own phones are often registered to a relative.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from linewatch.simulate import noise
from linewatch.simulate.numbering import human_written
from linewatch.simulate.world import PHONE_ROLES, PhoneKind, World

_JUNK_NAMES = ("A N OTHER", "MICKEY MOUSE", "JOHN SMITH", "NO NAME", "X X")
_CHECK_CHANCE = {"controller": 0.7, "runner": 0.6, "trap": 0.6, "customer": 0.2}


def _activated(world: World, phone: int, rng: np.random.Generator) -> str:
    start = world.phones.active_from[phone]
    day = start if start > -10_000 else -int(rng.integers(30, 2_500))
    return (world.config.start + dt.timedelta(days=int(day) - int(rng.integers(0, 3)))).isoformat()


def subscriber_rows(world: World, seen: np.ndarray, rng: np.random.Generator
                    ) -> list[dict[str, str]]:
    """One row per checked number."""
    phones, persons, addresses = world.phones, world.persons, world.addresses
    q = world.config.noise
    checked: list[int] = []
    for phone in np.flatnonzero(seen):
        p = int(phone)
        kind = phones.kind[p]
        role = PHONE_ROLES[phones.role[p]]
        if kind == int(PhoneKind.DEAL_LINE):
            chance = 0.9
        elif kind == int(PhoneKind.RUNNER_WORK):
            chance = 0.75
        elif kind != int(PhoneKind.PERSONAL):
            chance = 0.6
        else:
            chance = _CHECK_CHANCE.get(role, 0.08)
        if rng.random() < chance:
            checked.append(p)
    by_business = {b.phone: b for b in world.businesses}
    rows: list[dict[str, str]] = []
    for p in checked:
        kind = phones.kind[p]
        row = {"number": human_written(phones.number[p], rng), "account_type": "",
               "subscriber_name": "", "subscriber_address": "", "subscriber_dob": "",
               "activated_on": _activated(world, p, rng)}
        if kind in (int(PhoneKind.DEAL_LINE), int(PhoneKind.RUNNER_WORK)):
            row["account_type"] = "payg_unregistered"
            if rng.random() < 0.2:
                row["subscriber_name"] = _JUNK_NAMES[int(rng.integers(len(_JUNK_NAMES)))]
        elif p in by_business:
            business = by_business[p]
            row["account_type"] = business.account_type
            row["subscriber_name"] = business.name.upper()
            row["subscriber_address"] = addresses.full(business.address) + " " + \
                addresses.postcode[business.address]
        else:
            owner = phones.owner[p]
            if PHONE_ROLES[phones.role[p]] == "controller" and rng.random() < 0.4:
                relatives = np.flatnonzero((persons.household == persons.household[owner])
                                           & (persons.age >= 30))
                if len(relatives):
                    owner = int(relatives[0])
            roll = rng.random()
            account = "contract" if roll < 0.5 else ("payg_registered" if roll < 0.78
                                                     else "payg_unregistered")
            if persons.age[owner] < 18:
                account = "payg_unregistered" if roll < 0.5 else "contract"
            row["account_type"] = account
            if account != "payg_unregistered":
                title = "MS" if persons.female[owner] else "MR"
                row["subscriber_name"] = (f"{title} {persons.forename[owner][0]} "
                                          f"{noise.surname(persons.surname[owner], q, rng)}"
                                          ).upper()
                home = int(persons.address[owner])
                row["subscriber_address"] = noise.address(
                    addresses.line1[home], addresses.place_names[int(addresses.place[home])], q,
                    rng) + " " + addresses.postcode[home]
                if account == "contract":
                    row["subscriber_dob"] = str(persons.dob[owner])
        rows.append(row)
    order = rng.permutation(len(rows))
    return [rows[int(i)] for i in order]
