"""What police and partners record about a county line: missing children found out of area,
school and social-care referrals, stop and search, complaints and welfare checks at cuckooed
addresses, and the warrant, arrests and seizures of a disruption."""

from __future__ import annotations

import numpy as np

from linewatch.simulate.incidents import (
    BLADED_ARTICLE,
    PWITS_A,
    SUPPLY_A,
    TRAFFICKING,
    IncidentLog,
    Operation,
)
from linewatch.simulate.lines import Line, Runner
from linewatch.simulate.rng import pick

_FOUND = (
    "Located by officers in {town} in company of older males. Had {phones} phones and £{cash} "
    "cash, could not explain how {pronoun} got there.",
    "Found at an address in {town}. Unable to say who {pronoun} was staying with. Had {phones} "
    "handsets, one kept ringing.",
    "Stopped on {town} high street during patrol, matched missing description. Carrying "
    "£{cash} and {phones} mobile phones. Returned home.",
)
_MISSING = (
    "Reported missing by {carer}. Not seen since leaving home address, phone going to voicemail.",
    "{carer} called to say {pronoun} did not come home and has been missing before. Believed "
    "to be with older friends.",
    "Missing overnight. {carer} says {pronoun} has new clothes and money and will not say "
    "where from.",
)
_REFERRALS = (
    ("education", "Repeated unexplained absence. Seen with new trainers and two phones. Older "
                  "males waiting at school gates."),
    ("social_care", "Concerns of criminal exploitation: missing episodes, found out of area, "
                    "unexplained cash."),
    ("education", "Pupil excluded twice this term, talks about going 'OT'. Staff worried he is "
                  "being groomed."),
)
_ASB = (
    "Neighbour reports people coming and going at all hours, cars pulling up for a few minutes.",
    "Caller says lots of visitors at night, shouting, smell of drugs, needles in the stairwell.",
    "Young lads not from the area staying at the flat, resident seems scared of them.",
)
_WELFARE = (
    "Resident appeared frightened, several unknown males present, declined support.",
    "Resident withdrawn and underweight, says friends are staying. Electric meter empty.",
    "Support worker unable to gain entry, voices of young males inside.",
)


def line_incidents(log: IncidentLog, line: Line, rng: np.random.Generator) -> None:
    """All the events one line causes in the records, inside the scenario window."""
    world = log.world
    days = world.days
    town = world.places[line.market_place].name
    for runner in line.runners:
        if runner.child and not runner.local:
            _missing_episodes(log, line, runner, town, rng)
        for depart, back, _ in runner.trips:
            if 0 <= depart < days and rng.random() < 0.2:
                day = int(rng.integers(depart, min(back, days - 1) + 1))
                _stop_search(log, line, runner, day, town, rng)
    for person in [line.controller, *line.associates]:
        if "weapons" in world.persons.flags[person] and rng.random() < 0.4:
            day = int(rng.integers(0, days))
            at = log.when(day, float(rng.uniform(14, 23.5)))
            event = log.event("rms", "stop_search", at, person=person, role="subject",
                              place=line.hub_place, offence=BLADED_ARTICLE,
                              outcome="charged", line_id=line.line_id,
                              detail="Searched under s1 PACE; lock knife found in waistband.")
            log.seize("rms", event, "weapon", description="Lock knife, 9cm blade")
    for trap in line.traps:
        if not trap.cuckooed:
            continue
        for _ in range(int(rng.integers(1, 4))):
            day = int(rng.integers(0, days))
            log.event("rms", "asb_report", log.when(day, float(rng.uniform(18, 23.9))),
                      role="reporter", address=trap.address, detail=pick(rng, _ASB),
                      line_id=line.line_id)
        if rng.random() < 0.8:
            system = "social_care" if rng.random() < 0.6 else "rms"
            log.event(system, "welfare_check", log.when(int(rng.integers(0, days)), 11.5),
                      person=trap.occupant, role="subject", address=trap.address,
                      detail=pick(rng, _WELFARE), line_id=line.line_id)
    if line.vehicle >= 0:
        _vehicle_stop(log, line, rng)
    if line.disruption is not None and 0 <= line.disruption.day < days:
        _disruption(log, line, rng)


def _vehicle_stop(log: IncidentLog, line: Line, rng: np.random.Generator) -> None:
    """The line's car stopped on a resupply run; nothing found, but the occupants noted."""
    vehicle = log.world.vehicles[line.vehicle]
    runs = [day for day, _, outbound in vehicle.trips if outbound and 0 <= day < log.world.days]
    if not runs or rng.random() > 0.45:
        return
    day = runs[int(rng.integers(len(runs)))]
    town = log.world.places[line.market_place].name
    passengers = pick(rng, ("two teenage boys", "a youth", "two young males"))
    log.event("rms", "vehicle_stop", log.when(day, float(rng.uniform(11, 14))),
              person=vehicle.driver, role="subject", place=line.market_place,
              outcome="no_further_action", line_id=line.line_id,
              detail=f"{vehicle.vrm} stopped on the way into {town}; driver and {passengers} "
                     "from out of area, vague about reason for journey. Several phones seen.")


def _missing_episodes(log: IncidentLog, line: Line, runner: Runner, town: str,
                      rng: np.random.Generator) -> None:
    world = log.world
    persons = world.persons
    home = int(persons.address[runner.person])
    carer = "Mother" if rng.random() < 0.6 else pick(rng, ("Father", "Foster carer", "Nan"))
    pronoun = "she" if persons.female[runner.person] else "he"
    days = world.days
    referred = found_before = False
    for depart, back, _ in runner.trips:
        if not 0 <= depart < days:
            continue
        if rng.random() < world.config.line.missing_report_chance:
            log.event("rms", "missing_report", log.when(depart, float(rng.uniform(19, 23.5))),
                      person=runner.person, role="subject", address=home,
                      detail=pick(rng, _MISSING).format(carer=carer, pronoun=pronoun),
                      line_id=line.line_id)
            last = min(back, days - 1)
            found_chance = 0.6 if found_before else 1.0
            if rng.random() < found_chance and depart + 1 <= last:
                found_before = True
                day = int(rng.integers(depart + 1, last + 1))
                detail = pick(rng, _FOUND).format(town=town, phones=1 + len(runner.work_phones),
                                                  cash=int(rng.integers(4, 60)) * 10,
                                                  pronoun=pronoun)
                log.event("rms", "found", log.when(day, float(rng.uniform(0, 23.9))),
                          person=runner.person, role="subject", place=line.market_place,
                          detail=detail, line_id=line.line_id)
        if not referred and rng.random() < 0.5:
            referred = True
            system, text = _REFERRALS[int(rng.integers(len(_REFERRALS)))]
            log.event(system, "referral", log.when(min(back, days - 1), 10.0),
                      person=runner.person, role="subject", address=home, detail=text,
                      line_id=line.line_id)


def _stop_search(log: IncidentLog, line: Line, runner: Runner, day: int, town: str,
                 rng: np.random.Generator) -> None:
    at = log.when(day, float(rng.uniform(12, 23.9)))
    found = rng.random() < 0.6
    event = log.event("rms", "stop_search", at, person=runner.person, role="subject",
                      place=line.market_place, outcome="no_further_action" if not found else
                      "released_under_investigation", offence=SUPPLY_A if found else "",
                      detail=f"Stopped in {town}; " + ("cash and phones found." if found
                                                       else "nothing found."),
                      line_id=line.line_id)
    if found:
        log.seize_cash("rms", event, int(rng.integers(8, 90)) * 10)
        for phone in runner.work_phones:
            log.seize_phone("rms", event, phone, log.world.handsets.imei_on(phone, day))
        if rng.random() < 0.25:
            log.seize("rms", event, "weapon", description="Kitchen knife")


def _disruption(log: IncidentLog, line: Line, rng: np.random.Generator) -> None:
    """Warrant at the trap, arrests, seizures; children are referred, not just charged."""
    assert line.disruption is not None  # noqa: S101 - narrows the type for mypy
    world, persons = log.world, log.world.persons
    day = line.disruption.day
    trap = line.traps[0]
    operation = Operation(line.line_id, day, line.market_place, line.hub_place)
    at = log.when(day, float(rng.uniform(5.5, 7.5)))
    warrant = log.event("rms", "warrant", at, address=trap.address, role="",
                        outcome="executed", line_id=line.line_id,
                        detail="Misuse of Drugs Act warrant executed at address.")
    operation.warrants = 1
    operation.drugs = log.seize_drugs("rms", warrant, int(rng.integers(20, 160)))
    operation.cash_gbp = log.seize_cash("rms", warrant, int(rng.integers(5, 120)) * 100)
    if rng.random() < 0.5:
        weapon = pick(rng, ("knife", "machete", "knuckleduster"))
        log.seize("rms", warrant, "weapon", description=weapon.capitalize())
        operation.weapons.append(weapon)
    if line.vehicle >= 0 and rng.random() < 0.3:
        vrm = world.vehicles[line.vehicle].vrm
        log.seize("rms", warrant, "vehicle", vrm=vrm, description="Car parked outside address")
        operation.vehicles.append(vrm)
    for phone in line.disruption.seized_phones:
        log.seize_phone("rms", warrant, phone, world.handsets.imei_on(phone, day - 1))
        operation.phones_seized.append(phone)
    for person in line.disruption.arrested:
        age = int(persons.age[person])
        occupant = any(t.occupant == person for t in line.traps)
        if occupant:
            outcome, offence = "no_further_action", ""
        elif age < 18:
            outcome, offence = "released_under_investigation", PWITS_A
            operation.safeguarded += 1
            log.event("social_care", "referral", log.when(day, 15.0), person=person,
                      role="subject", detail="National Referral Mechanism referral: child "
                      "criminal exploitation suspected.", line_id=line.line_id)
        else:
            outcome, offence = "charged", PWITS_A
            home = world.places[int(persons.place[person])].name
            operation.charged.append((age, "F" if persons.female[person] else "M", home,
                                      offence))
        if occupant:
            operation.safeguarded += 1
        operation.arrests += 1
        log.event("custody", "arrest", at, person=person, role="suspect", address=trap.address,
                  offence=offence or "Suspicion of being concerned in the supply of Class A",
                  outcome=outcome, line_id=line.line_id)
        log.event("custody", "custody", log.when(day, 9.0), person=person, role="subject",
                  outcome=outcome, line_id=line.line_id)
    if line.disruption.relaunch_day is None and rng.random() < 0.7:
        controller = line.controller
        log.event("custody", "arrest", log.when(day, 6.0), person=controller, role="suspect",
                  place=line.hub_place, offence=TRAFFICKING, outcome="charged",
                  line_id=line.line_id)
        operation.arrests += 1
        operation.charged.append((int(persons.age[controller]),
                                  "F" if persons.female[controller] else "M",
                                  world.places[line.hub_place].name, TRAFFICKING))
    log.operations.append(operation)
