"""The ordinary population: households, people, personal phones and how they move.

Most of the data is ordinary life: families, friends and workmates calling and texting with
daily and weekly rhythms; commuters between the county and the hub; delivery drivers roaming
the county towns; heavy users; people who change number or handset.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from linewatch.simulate.config import ScenarioConfig
from linewatch.simulate.geography import AddressBook, CellSites, build_addresses
from linewatch.simulate.names import FEMALE_FORENAMES, MALE_FORENAMES, SURNAMES
from linewatch.simulate.regions import Place
from linewatch.simulate.world import Mobility, Persons, PhoneBook, PhoneKind

_HOUSEHOLD_SIZES = np.array([0.28, 0.34, 0.16, 0.15, 0.07])
_MALE = tuple(MALE_FORENAMES)
_FEMALE = tuple(FEMALE_FORENAMES)


def place_sizes(places: list[Place], persons: int) -> list[int]:
    """People per place: about 55% in the hub districts, the rest in the county towns."""
    weights = np.array([np.sqrt(p.population) for p in places])
    hub = np.array([p.is_hub for p in places])
    share = np.where(hub, 0.55 * weights / weights[hub].sum(),
                     0.45 * weights / max(weights[~hub].sum(), 1.0))
    sizes = np.maximum(8, np.round(share * persons)).astype(int)
    return [int(s) for s in sizes]


def build_people(config: ScenarioConfig, places: list[Place], cells: CellSites,
                 rng: np.random.Generator) -> tuple[Persons, AddressBook]:
    """Households in every place, each at its own address; spare addresses for later use."""
    sizes = place_sizes(places, config.persons)
    household_sizes: list[np.ndarray] = []
    for size in sizes:
        draws = rng.choice(5, size=size, p=_HOUSEHOLD_SIZES) + 1
        cut = int(np.searchsorted(np.cumsum(draws), size))
        chosen = draws[:cut + 1].copy()
        chosen[-1] -= int(chosen.sum() - size)
        household_sizes.append(chosen[chosen > 0])
    spare = [max(6, len(h) // 8) for h in household_sizes]
    book = build_addresses(places, [len(h) + s for h, s in zip(household_sizes, spare, strict=True)],
                           cells, rng)

    place_of: list[np.ndarray] = []
    address_of: list[np.ndarray] = []
    member_pos: list[np.ndarray] = []
    household_of: list[np.ndarray] = []
    next_household = 0
    for place, hh in zip(places, household_sizes, strict=True):
        homes = book.of_place(place.index)[:len(hh)]
        place_of.append(np.full(int(hh.sum()), place.index, dtype=np.int32))
        address_of.append(np.repeat(homes, hh))
        member_pos.append(np.concatenate([np.arange(s) for s in hh]))
        household_of.append(np.repeat(np.arange(next_household, next_household + len(hh)), hh))
        next_household += len(hh)
    place_arr = np.concatenate(place_of)
    household = np.concatenate(household_of).astype(np.int32)
    pos = np.concatenate(member_pos)
    n = len(place_arr)
    n_households = next_household
    hh_size = np.bincount(household, minlength=n_households)
    single_parent = rng.random(n_households) < 0.15
    is_child = (pos >= 2) | ((pos == 1) & single_parent[household] & (hh_size[household] >= 2))
    family = (hh_size >= 3) | ((hh_size == 2) & single_parent)
    adult_age = np.where(family[household], rng.integers(26, 56, size=n),
                         np.minimum(90, 19 + rng.gamma(2.2, 12.0, size=n).astype(int)))
    child_age = rng.integers(0, 18, size=n)
    age = np.where(is_child, child_age, adult_age).astype(np.int16)
    first_female = rng.random(n_households) < 0.5
    female = np.where(pos == 0, first_female[household],
                      np.where((pos == 1) & ~is_child, ~first_female[household] ^
                               (rng.random(n) < 0.1), rng.random(n) < 0.5))
    hh_surname = rng.integers(len(SURNAMES), size=n_households)
    own_surname = rng.integers(len(SURNAMES), size=n)
    surname_idx = np.where((pos == 1) & ~is_child & (rng.random(n) < 0.3), own_surname,
                           hh_surname[household])
    male_pick = rng.integers(len(_MALE), size=n)
    female_pick = rng.integers(len(_FEMALE), size=n)
    forename = [_FEMALE[int(f)] if fem else _MALE[int(m)]
                for fem, m, f in zip(female, male_pick, female_pick, strict=True)]
    born_days = (age.astype(np.int64) * 365 + rng.integers(0, 365, size=n)).astype("timedelta64[D]")
    dob = np.datetime64(config.start, "D") - born_days
    persons = Persons(place=place_arr, address=np.concatenate(address_of).astype(np.int32),
                      age=age, female=female.astype(bool), dob=dob, forename=forename,
                      surname=[SURNAMES[int(s)] for s in surname_idx], household=household,
                      phone=np.full(n, -1, dtype=np.int32), role=np.zeros(n, dtype=np.int8),
                      flags=[set() for _ in range(n)])
    return persons, book


def give_phones(config: ScenarioConfig, places: list[Place], persons: Persons,
                addresses: AddressBook, cells: CellSites, phones: PhoneBook,
                rng: np.random.Generator) -> None:
    """A personal phone for most people aged 11 and over, with rate, voice share and mobility."""
    n = len(persons)
    age = persons.age.astype(int)
    owns = np.where(age >= 14, rng.random(n) < 0.97,
                    np.where(age >= 11, rng.random(n) < 0.8, False))
    owns &= ~((age >= 75) & (rng.random(n) < 0.15))
    params = config.population
    mean = config.preset.mean_daily_events
    rate = rng.lognormal(np.log(mean) - 0.32, 0.8, size=n)
    heavy = rng.random(n) < params.heavy_user_share
    rate = np.where(heavy, rng.uniform(12, 40, size=n), rate)
    rate = np.where(age >= 70, rate * 0.5, rate)
    p_voice = np.where(age < 25, params.voice_share_young,
                       np.where(age >= 60, 0.8, params.voice_share_adult))
    p_voice = np.clip(p_voice + rng.normal(0, 0.08, size=n), 0.05, 0.95)
    is_hub = np.array([places[int(p)].is_hub for p in persons.place])
    working_age = (age >= 20) & (age <= 62)
    commuter = working_age & ~is_hub & (rng.random(n) < params.commuter_share)
    hub_worker = working_age & is_hub & (rng.random(n) < 0.45)
    driver = working_age & ~is_hub & ~commuter & (rng.random(n) < params.driver_share)
    hub_places = [p.index for p in places if p.is_hub]
    work_place = np.where(commuter | hub_worker,
                          np.array(hub_places)[rng.integers(len(hub_places), size=n)],
                          persons.place)
    basic = np.where(age >= 65, rng.random(n) < 0.4, rng.random(n) < 0.04)
    for person in np.flatnonzero(owns):
        p = int(person)
        home = int(addresses.cell[persons.address[p]])
        mobility = Mobility.HOME
        work = -1
        if commuter[p] or hub_worker[p]:
            choices = cells.cells_of(int(work_place[p]))
            work = int(choices[int(rng.integers(len(choices)))])
            mobility = Mobility.COMMUTER
        elif driver[p]:
            mobility = Mobility.DRIVER
        persons.phone[p] = phones.add(
            kind=PhoneKind.PERSONAL, owner=p, home_cell=home, work_cell=work, mobility=mobility,
            rate=float(rate[p]), p_voice=float(p_voice[p]), basic_handset=bool(basic[p]),
            jitter=0.3 if age[p] < 30 else 0.22)


def change_numbers(config: ScenarioConfig, persons: Persons, phones: PhoneBook,
                   rng: np.random.Generator) -> list[tuple[int, int, int, bool]]:
    """Some people change number mid-scenario. Returns (old, new, day, keeps_handset).

    Only people outside the lines' inner circle change number (customers may).
    """
    changes: list[tuple[int, int, int, bool]] = []
    if config.days < 3:
        return changes
    owners = np.flatnonzero((persons.phone >= 0) & (persons.role <= 2))
    chosen = owners[rng.random(len(owners)) < config.population.phone_change_share]
    for person in chosen:
        old = int(persons.phone[person])
        day = int(rng.integers(1, config.days - 1))
        new = phones.add(kind=PhoneKind.PERSONAL, owner=int(person),
                         home_cell=phones.home_cell[old], work_cell=phones.work_cell[old],
                         mobility=Mobility(phones.mobility[old]), rate=phones.rate[old],
                         p_voice=phones.p_voice[old], active_from=day,
                         basic_handset=phones.basic_handset[old], jitter=phones.jitter[old])
        phones.active_to[old] = day
        phones.successor[old] = new
        persons.phone[person] = new
        changes.append((old, new, day, bool(rng.random() < 0.6)))
    return changes


def start_epoch(start: dt.date) -> int:
    """Unix seconds of local midnight at the start of the scenario (UTC midnight)."""
    return int(dt.datetime(start.year, start.month, start.day, tzinfo=dt.UTC).timestamp())
