"""Graded intelligence reports (3x5x2) and anonymous tips, with the facts each one states.

Reports about real lines name brands, numbers, nicknames, addresses and plates; some reports
are wrong (graded E, or D from an untested source) and name people with no part in any line.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from linewatch.simulate.batch import Clock
from linewatch.simulate.facts import add_unique, empty_facts
from linewatch.simulate.lines import Line
from linewatch.simulate.names import STREET_NICKNAMES, plate
from linewatch.simulate.numbering import human_written
from linewatch.simulate.rng import pick
from linewatch.simulate.world import World

_CONDITIONS = (
    "Not to be disseminated outside the force without the originator's consent.",
    "Do not action without first consulting the source handler.",
    "Sanitised summary only may be shared with partner agencies.",
)
_CARS = ("black Audi A3", "grey Ford Fiesta", "white Mercedes A-Class", "silver VW Golf",
         "blue Vauxhall Corsa", "black BMW 1 Series")


def _drugs(facts: dict[str, Any], names: tuple[str | None, ...]) -> None:
    for name in names:
        facts["drugs"].append({"class": "A", "name": name, "quantity": None})


class TextWriter:
    """Writes reports and tips and records their facts for the truth."""

    def __init__(self, world: World, clock: Clock, seen: np.ndarray,
                 rng: np.random.Generator) -> None:
        self.world = world
        self.clock = clock
        self.seen = seen
        self.rng = rng
        self.intel: list[dict[str, str]] = []
        self.tips: list[dict[str, str]] = []
        self.facts: list[dict[str, Any]] = []

    def _received(self, day: int) -> str:
        hour = float(self.rng.uniform(7, 22))
        at = dt.datetime.combine(self.clock.date(day), dt.time()) + dt.timedelta(hours=hour)
        return at.isoformat(timespec="minutes")

    def _phone_text(self, facts: dict[str, Any], phone: int) -> str:
        add_unique(facts, "phones", self.world.phones.number[phone])
        return human_written(self.world.phones.number[phone], self.rng)

    def _address_text(self, facts: dict[str, Any], address: int) -> str:
        book = self.world.addresses
        full = book.full(address)
        add_unique(facts, "addresses", full)
        add_unique(facts, "locations", book.place_names[int(book.place[address])])
        return f"{full} {book.postcode[address]}" if self.rng.random() < 0.6 else full

    def _vehicle_text(self, facts: dict[str, Any], vrm: str) -> str:
        add_unique(facts, "vehicles", vrm)
        return vrm if self.rng.random() < 0.7 else vrm.replace(" ", "")

    def line_report(self, line: Line, day: int) -> None:
        """A true report about ``line`` as it stands on ``day``."""
        if not line.numbers:  # a line that never got a number has nothing to report
            return
        rng, world = self.rng, self.world
        facts = empty_facts()
        town = world.places[line.market_place].name
        district = world.places[line.hub_place].name
        add_unique(facts, "locations", town)
        sentences: list[str] = []
        number = line.number_on(day) or line.numbers[-1]
        if self.seen[number.phone] and rng.random() < 0.8:
            add_unique(facts, "line_brands", line.brand)
            said = self._phone_text(facts, number.phone)
            template = int(rng.integers(3))
            if template == 0:
                _drugs(facts, ("crack cocaine", "heroin"))
            sentences.append((
                f"The '{line.brand}' line is supplying crack and heroin in {town} on {said}.",
                f"Users in {town} are being texted offers from {said}, which they save as "
                f"'{line.brand}'.",
                f"A deal line called {line.brand} operates in {town}; current number {said}.",
            )[template])
        else:
            add_unique(facts, "line_brands", line.brand)
            _drugs(facts, (None,))
            sentences.append(f"A line known as '{line.brand}' is selling Class A in {town}.")
        nick = world.persons.nicknames.get(line.controller)
        if nick and rng.random() < 0.7:
            add_unique(facts, "nicknames", nick[0])
            add_unique(facts, "locations", district)
            facts["persons"].append({"age": None, "sex": "M", "town": district, "offences": []})
            sentences.append(pick(rng, (
                f"It is run from {district} by a male known as '{nick[0]}'.",
                f"'{nick[0]}', who lives in {district}, holds the line and sends youngsters out.")))
        for runner in line.runners:
            runner_nick = world.persons.nicknames.get(runner.person)
            if runner_nick and rng.random() < 0.5:
                add_unique(facts, "nicknames", runner_nick[0])
                age = int(world.persons.age[runner.person])
                female = bool(world.persons.female[runner.person])
                noun = ("girl" if female else "boy") if age < 18 else \
                    ("young woman" if female else "young man")
                facts["persons"].append({"age": age, "sex": "F" if female else "M",
                                         "town": None, "offences": []})
                sentences.append(pick(rng, (
                    f"A {noun} of about {age} called '{runner_nick[0]}' is dealing for them.",
                    f"Their runners include a {noun} known as '{runner_nick[0]}', aged "
                    f"around {age}.")))
                break
        trap = line.traps[int(rng.integers(len(line.traps)))]
        if rng.random() < 0.6:
            where = self._address_text(facts, trap.address)
            sentences.append(pick(rng, (
                f"Drugs are being stored at {where}.",
                f"They use {where} as a base; the person living there is vulnerable and is "
                "scared of them.")))
        if line.vehicle >= 0 and rng.random() < 0.5:
            vrm = self._vehicle_text(facts, world.vehicles[line.vehicle].vrm)
            sentences.append(f"Re-supply comes by car, a {pick(rng, _CARS)}, index {vrm}.")
        grading = (pick(rng, ("1", "2", "2", "2", "3")), pick(rng, ("A", "B", "B", "C", "C")))
        self._intel(day, grading, " ".join(sentences), facts)

    def false_report(self, day: int) -> None:
        """A report that is wrong: it names an uninvolved person, number or address."""
        rng, world = self.rng, self.world
        facts = empty_facts()
        facts["reliable"] = False
        persons = world.persons
        ordinary = np.flatnonzero((persons.role == 0) & (persons.phone >= 0))
        person = int(ordinary[int(rng.integers(len(ordinary)))])
        nick = STREET_NICKNAMES[int(rng.integers(len(STREET_NICKNAMES)))]
        add_unique(facts, "nicknames", nick)
        where = self._address_text(facts, int(persons.address[person]))
        town = world.addresses.place_names[int(world.addresses.place[persons.address[person]])]
        facts["persons"].append({"age": None, "sex": "M", "town": town, "offences": []})
        _drugs(facts, ("cocaine",))
        sentence = f"A male called '{nick}' is selling cocaine from {where}."
        phone = int(persons.phone[person])
        if self.seen[phone] and rng.random() < 0.6:
            sentence += f" Orders are taken on {self._phone_text(facts, phone)}."
        grading = (pick(rng, ("2", "3", "3")), pick(rng, ("D", "E", "E")))
        self._intel(day, grading, sentence, facts)

    def _intel(self, day: int, grading: tuple[str, str], text: str,
               facts: dict[str, Any]) -> None:
        rng = self.rng
        report_id = f"IR-{self.clock.date(day):%y}-{int(rng.integers(100_000, 999_999))}"
        handling = "C" if rng.random() < 0.2 else "P"
        self.intel.append({"report_id": report_id, "received_at": self._received(day),
                           "source_evaluation": grading[0], "intelligence_assessment": grading[1],
                           "handling_code": handling,
                           "handling_conditions": pick(rng, _CONDITIONS) if handling == "C" else "",
                           "text": text})
        self.facts.append({"kind": "intel", "id": report_id, "text": text, "facts": facts})

    def line_tips(self, line: Line, day: int) -> None:
        """What the public notices about a line: visitors at a trap, texts, a car."""
        rng, world = self.rng, self.world
        facts = empty_facts()
        roll = rng.random()
        trap = line.traps[int(rng.integers(len(line.traps)))]
        if roll < 0.4:
            where = self._address_text(facts, trap.address)
            text = pick(rng, (
                f"theres always young lads coming and going from {where} at all hours, cars "
                "pull up for 2 mins then go. the person who lives there doesnt look well",
                f"I think drug dealers have taken over {where}. Different boys every week, not "
                "from round here, and the tenant looks terrified."))
        elif roll < 0.7 and (current := line.number_on(day) or (
                line.numbers[-1] if line.numbers else None)) is not None \
                and self.seen[current.phone]:
            number = current.phone
            add_unique(facts, "line_brands", line.brand)
            said = self._phone_text(facts, number)
            if rng.random() < 0.5:
                facts["persons"].append({"age": 19, "sex": "M", "town": None, "offences": []})
                text = (f"my son keeps getting texts off {said} saying {line.brand} is back on "
                        "with deals. hes 19 and i know hes using again")
            else:
                text = (f"Someone is sending mass texts from {said} advertising "
                        f"'{line.brand}'. Please do something.")
        elif roll < 0.85 and self._child_with_nickname(line) is not None:
            runner = self._child_with_nickname(line)
            assert runner is not None  # noqa: S101 - narrows the type for mypy
            nick = world.persons.nicknames[runner][0]
            age = int(world.persons.age[runner])
            female = bool(world.persons.female[runner])
            add_unique(facts, "nicknames", nick)
            facts["persons"].append({"age": age, "sex": "F" if female else "M", "town": None,
                                     "offences": []})
            child = "daughter" if female else "son"
            text = pick(rng, (
                f"my {child} is {age} and keeps going missing for days. comes back with new "
                f"trainers and cash. the other kids call {'her' if female else 'him'} {nick}",
                f"Worried about a {age} year old {'girl' if female else 'boy'} on our estate "
                f"known as {nick}, out at all hours with older lads and two phones."))
        elif line.vehicle >= 0:
            vrm = self._vehicle_text(facts, world.vehicles[line.vehicle].vrm)
            town = world.places[line.market_place].name
            add_unique(facts, "locations", town)
            text = (f"a {pick(rng, _CARS)} {vrm} comes to {town} every week late at night, "
                    "young boys get out with bags")
        else:
            where = self._address_text(facts, trap.address)
            text = f"Drug dealing at {where}, people knocking at night"
        self._tip(day, text, facts)

    def _child_with_nickname(self, line: Line) -> int | None:
        for runner in line.runners:
            if runner.child and self.world.persons.nicknames.get(runner.person):
                return runner.person
        return None

    def noise_tip(self, day: int) -> None:
        rng, world = self.rng, self.world
        facts = empty_facts()
        facts["reliable"] = False
        if rng.random() < 0.6:
            address = int(rng.integers(len(world.addresses)))
            where = self._address_text(facts, address)
            text = pick(rng, (f"I think my neighbour at {where} is growing weed",
                              f"Loud parties every weekend at {where}, smell of cannabis"))
        else:
            vrm = self._vehicle_text(facts, plate(rng))
            text = f"car {vrm} driving dangerously near the school most mornings"
        self._tip(day, text, facts)

    def _tip(self, day: int, text: str, facts: dict[str, Any]) -> None:
        tip_id = f"TIP{len(self.tips) + 1:05d}"
        channel = pick(self.rng, ("web", "web", "phone", "partner"))
        self.tips.append({"tip_id": tip_id, "received_at": self._received(day),
                          "channel": channel, "text": text})
        self.facts.append({"kind": "tip", "id": tip_id, "text": text, "facts": facts})
