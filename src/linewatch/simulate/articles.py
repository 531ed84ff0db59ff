"""Press releases about operations against the lines (and a few general ones).

Each release is composed sentence by sentence, and every fact put into a sentence is recorded
for the truth, so what the text says and what the truth says cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from linewatch.simulate.facts import add_unique, count_words, empty_facts
from linewatch.simulate.incidents import Operation
from linewatch.simulate.names import operation_name
from linewatch.simulate.numbering import human_written
from linewatch.simulate.rng import pick
from linewatch.simulate.world import World

_OPENINGS = (
    "{force} officers executed a drugs warrant at an address in {town} early on {when}{op}.",
    "A county drugs line has been disrupted after {force} raided a property in {town} on "
    "{when}{op}.",
)
_QUOTES = (
    "A spokesperson for {force} said: \"Gangs that push drugs into our towns exploit children "
    "and vulnerable adults. We will keep targeting the people who run these lines.\"",
    "Police said the line had been advertising drugs to users in {town} by bulk text message.",
    "Anyone with concerns about exploitation is asked to contact police or Crimestoppers "
    "anonymously.",
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ArticleWriter:
    def __init__(self, world: World, rng: np.random.Generator) -> None:
        self.world = world
        self.rng = rng
        self.files: dict[str, str] = {}
        self.facts: list[dict[str, Any]] = []

    def operation(self, op: Operation, brand: str, deal_phone: int | None) -> None:
        """The press release for one disruption."""
        rng, world = self.rng, self.world
        hub_force, county_force = world.region.police_forces
        facts = empty_facts()
        town = world.places[op.market_place].name
        date = world.config.start + dt.timedelta(days=op.day)
        add_unique(facts, "agencies", county_force)
        add_unique(facts, "locations", town)
        name = ""
        if rng.random() < 0.5:
            name = operation_name(rng)
            facts["operation_name"] = name
        when = f"{date:%A} {date.day} {date:%B}"
        paragraphs = [pick(rng, _OPENINGS).format(force=county_force, town=town, when=when,
                                                  op=f" as part of {name}" if name else "")]
        facts["warrants"] = op.warrants
        people = "person" if op.arrests == 1 else "people"
        paragraphs.append(f"{count_words(op.arrests, rng.random()).capitalize()} {people} "
                          f"{'was' if op.arrests == 1 else 'were'} arrested.")
        facts["arrests"] = op.arrests
        seized = []
        if op.drugs:
            total = sum(int(q.split()[0]) for _, _, q in op.drugs)
            names = " and ".join(n for _, n, _ in op.drugs)
            seized.append(f"{total} wraps of suspected {names}")
            for drug_class, drug_name, quantity in op.drugs:
                facts["drugs"].append({"class": drug_class, "name": drug_name,
                                       "quantity": quantity})
        if op.cash_gbp:
            seized.append(f"£{op.cash_gbp:,} in cash")
            facts["cash_gbp"] = op.cash_gbp
        for weapon in op.weapons:
            seized.append(f"a {weapon}")
            add_unique(facts, "weapons", weapon)
        if op.phones_seized:
            seized.append(f"{count_words(len(op.phones_seized), rng.random())} mobile phones")
        if seized:
            paragraphs.append("Officers seized " + ", ".join(seized[:-1])
                              + (" and " if len(seized) > 1 else "") + seized[-1] + ".")
        for age, sex, home, offence in op.charged:
            noun = "woman" if sex == "F" else "man"
            wording = offence[0].lower() + offence[1:]
            paragraphs.append(f"A {age}-year-old {noun} from {home} has been charged with "
                              f"{wording} and remanded in custody.")
            facts["persons"].append({"age": age, "sex": sex, "town": home,
                                     "offences": [wording]})
            add_unique(facts, "locations", home)
        if op.safeguarded:
            who = "person" if op.safeguarded == 1 else "people"
            paragraphs.append(f"{count_words(op.safeguarded, rng.random()).capitalize()} "
                              f"vulnerable {who} {'was' if op.safeguarded == 1 else 'were'} "
                              "safeguarded and referred to partner agencies.")
            facts["safeguarded"] = op.safeguarded
        hub = world.places[op.hub_place]
        if rng.random() < 0.6:
            paragraphs.append(f"The line is believed to have been run from {hub.name}, "
                              f"{world.region.hub}, and the operation was supported by "
                              f"{hub_force}.")
            add_unique(facts, "locations", hub.name)
            add_unique(facts, "locations", world.region.hub)
            add_unique(facts, "agencies", hub_force)
        if deal_phone is not None and rng.random() < 0.35:
            said = human_written(world.phones.number[deal_phone], rng)
            paragraphs.append(f"The number used by the line, known to users as '{brand}', "
                              f"{said}, has been shut down.")
            add_unique(facts, "phones", world.phones.number[deal_phone])
            add_unique(facts, "line_brands", brand)
        if op.vehicles:
            paragraphs.append(f"A car, registration {op.vehicles[0]}, was also seized.")
            add_unique(facts, "vehicles", op.vehicles[0])
        paragraphs.append(pick(rng, _QUOTES).format(force=county_force, town=town))
        title = pick(rng, (f"Arrests after county lines raid in {town}",
                           f"Drugs line disrupted in {town}",
                           f"{town}: warrant leads to arrests and seizures"))
        self._add(f"{date.isoformat()}-{_slug(town)}-{len(self.files) + 1:02d}.txt", title,
                  paragraphs, facts)

    def week_of_action(self, day: int) -> None:
        """A round-up that is not about any one line."""
        rng, world = self.rng, self.world
        _, county_force = world.region.police_forces
        facts = empty_facts()
        towns = [p.name for p in world.county_places()][:3]
        arrests, cash, kids = (int(rng.integers(8, 40)), int(rng.integers(5, 80)) * 1_000,
                               int(rng.integers(2, 12)))
        for town in towns:
            add_unique(facts, "locations", town)
        add_unique(facts, "agencies", county_force)
        add_unique(facts, "agencies", "British Transport Police")
        facts.update(arrests=arrests, cash_gbp=cash, safeguarded=kids)
        paragraphs = [
            f"During a week of intensified action against county lines, {county_force} and "
            f"British Transport Police made {arrests} arrests across {', '.join(towns[:-1])} "
            f"and {towns[-1]}." if len(towns) > 1 else
            f"During a week of action, {county_force} and British Transport Police made "
            f"{arrests} arrests in {towns[0]}.",
            f"Officers seized £{cash:,} in cash and safeguarded {kids} young people.",
            "Officers also visited schools and hostels to talk about exploitation.",
        ]
        date = world.config.start + dt.timedelta(days=day)
        self._add(f"{date.isoformat()}-week-of-action-{len(self.files) + 1:02d}.txt",
                  "County lines week of action", paragraphs, facts)

    def _add(self, name: str, title: str, paragraphs: list[str], facts: dict[str, Any]) -> None:
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        self.files[name] = text
        self.facts.append({"kind": "article", "id": f"articles/{name}", "text": text,
                           "facts": facts})
