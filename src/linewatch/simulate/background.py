"""Ordinary police and partner business that has nothing to do with any line.

Teenagers reported missing who turn up at a friend's, shoplifting and assault arrests, noise
complaints, welfare checks on vulnerable people nobody exploits, school referrals. Without
these, every missing report or welfare check would point at a line.
"""

from __future__ import annotations

import numpy as np

from linewatch.simulate.incidents import POSSESSION_A, POSSESSION_B, IncidentLog
from linewatch.simulate.nominals import NominalBook, background_flags, profile_of
from linewatch.simulate.rng import pick

_ARRESTS = (
    ("Theft from a shop", "charged"), ("Common assault", "released_under_investigation"),
    (POSSESSION_B, "no_further_action"), ("Criminal damage", "charged"),
    ("Drink driving", "charged"), (POSSESSION_A, "released_under_investigation"),
)
_ASB = (
    "Loud music late at night from the flat upstairs.",
    "Group of youths drinking outside the shops, abusive to passers-by.",
    "Dispute between neighbours over parking, shouting.",
    "Fly-tipping at the rear of the property reported again.",
)
_WELFARE = (
    "Elderly resident not seen by neighbours for several days; found well.",
    "GP concerned about patient who missed appointments; spoke with resident, no concerns.",
    "Resident in mental health crisis; referred to crisis team.",
)
_MISSING = (
    "Reported missing after an argument at home. Found next morning at a friend's house.",
    "Did not return from school. Located later that evening at a relative's address.",
)
_REFERRALS = (
    ("education", "Attendance below 80% this term; family going through a difficult time."),
    ("social_care", "Domestic abuse in the household reported by school."),
    ("education", "Pupil appears hungry and tired; early help offered."),
)


def ordinary_records(log: IncidentLog, book: NominalBook, rng: np.random.Generator) -> None:
    """Records and everyday events for a share of the ordinary population."""
    world = log.world
    persons = world.persons
    days = world.days
    q = world.config.noise
    ordinary = np.flatnonzero(persons.role == 0)
    share = world.config.population.records_share
    chosen = ordinary[rng.random(len(ordinary)) < share]
    for person in chosen:
        p = int(person)
        background_flags(world, p, rng)
        book.cover(p, profile_of(world, p), q)
        age = int(persons.age[p])
        home = int(persons.address[p])
        roll = rng.random()
        day = int(rng.integers(0, days))
        if age < 18 and roll < 0.25:
            log.event("rms", "missing_report", log.when(day, float(rng.uniform(18, 23))),
                      person=p, role="subject", address=home, detail=pick(rng, _MISSING))
            log.event("rms", "found", log.when(min(day + 1, days - 1), float(rng.uniform(7, 11))),
                      person=p, role="subject", place=int(persons.place[p]),
                      detail="Found safe and well.")
        elif age < 18 and roll < 0.5:
            system, text = _REFERRALS[int(rng.integers(len(_REFERRALS)))]
            log.event(system, "referral", log.when(day, 10.5), person=p, role="subject",
                      address=home, detail=text)
        elif age >= 18 and roll < 0.3:
            offence, outcome = _ARRESTS[int(rng.integers(len(_ARRESTS)))]
            at = log.when(day, float(rng.uniform(10, 23.5)))
            log.event("custody", "arrest", at, person=p, role="suspect", offence=offence,
                      outcome=outcome, place=int(persons.place[p]))
            if offence.startswith("Possession"):
                event = log.event("rms", "seizure", at, person=p, role="subject",
                                  place=int(persons.place[p]), offence=offence)
                cannabis = "B" in offence[-8:]
                log.seize("rms", event, "drug",
                          drug_name="cannabis" if cannabis else "cocaine",
                          drug_class="B" if cannabis else "A",
                          quantity=str(int(rng.integers(1, 15))), unit="g")
        elif age >= 18 and roll < 0.45 and ("vulnerable_adult" in persons.flags[p]
                                            or "mental_health" in persons.flags[p]):
            log.event("social_care" if rng.random() < 0.5 else "rms", "welfare_check",
                      log.when(day, 13.0), person=p, role="subject", address=home,
                      detail=pick(rng, _WELFARE))
        elif roll < 0.6:
            log.event("rms", "stop_search", log.when(day, float(rng.uniform(12, 23))), person=p,
                      role="subject", place=int(persons.place[p]), outcome="no_further_action",
                      detail="Grounds: smell of cannabis. Nothing found.")
        elif roll < 0.75:
            log.event("rms", "asb_report", log.when(day, float(rng.uniform(17, 23.5))),
                      person=p, role="reporter", address=home, detail=pick(rng, _ASB))
    addresses = world.addresses
    for _ in range(max(2, len(chosen) // 6)):
        address = int(rng.integers(len(addresses)))
        log.event("rms", "asb_report", log.when(int(rng.integers(0, days)),
                                                float(rng.uniform(17, 23.9))),
                  role="reporter", address=address, detail=pick(rng, _ASB))
