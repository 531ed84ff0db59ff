"""Builds the whole world before any traffic: places, cells, people, phones, lines, handsets."""

from __future__ import annotations

import numpy as np

from linewatch.simulate.business import build_businesses
from linewatch.simulate.config import ScenarioConfig
from linewatch.simulate.geography import build_cells
from linewatch.simulate.lines import Line, cast_lines
from linewatch.simulate.numbering import allocate_numbers, make_imeis, make_imsis
from linewatch.simulate.population import build_people, change_numbers, give_phones, start_epoch
from linewatch.simulate.regions import region_spec, resolve_places
from linewatch.simulate.rng import stream
from linewatch.simulate.social import ordinary_edges
from linewatch.simulate.timeline import plan_lines
from linewatch.simulate.world import PERSON_ROLE, PHONE_ROLE, PhoneBook, PhoneKind, World

_PHONE_ROLE_OF_PERSON = {
    PERSON_ROLE["controller"]: PHONE_ROLE["controller"],
    PERSON_ROLE["runner"]: PHONE_ROLE["runner"],
    PERSON_ROLE["trap_occupant"]: PHONE_ROLE["trap"],
    PERSON_ROLE["customer"]: PHONE_ROLE["customer"],
}


def build_world(config: ScenarioConfig) -> tuple[World, list[Line], list[tuple[int, int, int, bool]]]:
    """The world, its lines, and the ordinary number changes (old, new, day, keeps_handset)."""
    seed = config.seed
    preset = config.preset
    spec = region_spec(config.region)
    places = resolve_places(spec, preset.hub_districts, preset.county_towns)
    cells = build_cells(places, preset.cells_per_hub_district, preset.cells_per_county_town,
                        stream(seed, "cells"))
    persons, addresses = build_people(config, places, cells, stream(seed, "people"))
    phones = PhoneBook()
    give_phones(config, places, persons, addresses, cells, phones, stream(seed, "phones"))
    edges = ordinary_edges(persons, phones, cells.place, stream(seed, "social"))
    world = World(config=config, region=spec, places=places, cells=cells, addresses=addresses,
                  persons=persons, phones=phones, start_epoch=start_epoch(config.start))
    taken: set[int] = set()
    lines = cast_lines(world, edges, stream(seed, "lines"), taken)
    build_businesses(world, taken, stream(seed, "businesses"))
    changes = change_numbers(config, persons, phones, stream(seed, "number-changes"))
    plan_lines(world, lines, stream(seed, "timeline"))
    phones.number = allocate_numbers(len(phones), stream(seed, "numbers"))
    _issue_handsets(world, changes, stream(seed, "handsets"))
    _phone_roles(world)
    phones.freeze()
    world.contacts = edges.build(len(phones))
    return world, lines, changes


def _issue_handsets(world: World, changes: list[tuple[int, int, int, bool]],
                    rng: np.random.Generator) -> None:
    """Handsets and SIMs for every phone not already given one by a storyline."""
    handsets, phones = world.handsets, world.phones
    successor_of = {new: (old, keeps) for old, new, _, keeps in changes}
    for phone in range(len(phones)):
        if phone in handsets.first_imei:
            continue
        if phone in successor_of and successor_of[phone][1]:
            imei = handsets.first_imei[successor_of[phone][0]]
        else:
            imei = handsets.new_handset(phones.basic_handset[phone])
        handsets.start(phone, imei, handsets.new_sim())
    personal = [p for p in range(len(phones)) if phones.kind[p] == int(PhoneKind.PERSONAL)]
    share = world.config.population.handset_upgrade_share
    if world.days > 2:
        for phone in personal:
            if rng.random() < share:
                day = int(rng.integers(1, world.days))
                handsets.change(day, phone, handsets.new_handset(False),
                                handsets.first_imsi[phone])
    handsets.imeis = make_imeis(len(handsets.basic), np.array(handsets.basic, dtype=bool), rng)
    handsets.imsis = make_imsis(handsets.sim_count, rng)


def _phone_roles(world: World) -> None:
    """A personal phone takes its owner's role; line phones keep theirs."""
    phones, persons = world.phones, world.persons
    for phone in range(len(phones)):
        if phones.kind[phone] != int(PhoneKind.PERSONAL):
            continue
        role = int(persons.role[phones.owner[phone]])
        phones.role[phone] = _PHONE_ROLE_OF_PERSON.get(role, PHONE_ROLE["other"])
