"""Graded intelligence reports (3x5x2) and anonymous tips, with what each one states."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from linewatch.simulate.family_b.lines import Line
from linewatch.simulate.family_b.noise import written_number
from linewatch.simulate.family_b.params import WorldParams
from linewatch.simulate.family_b.people import Population
from linewatch.simulate.family_b.places import Geography

CONDITIONS = ("Not to be disseminated outside the force without the originator's consent.",
              "Sanitised version only to partner agencies.")


def _facts(**values: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "arrests": None, "warrants": None, "cash_gbp": None, "persons": [], "drugs": [],
        "weapons": [], "locations": [], "operation_name": None, "agencies": [], "phones": [],
        "vehicles": [], "safeguarded": None, "nicknames": [], "addresses": [],
        "line_brands": [], "reliable": True}
    facts.update(values)
    return facts


def _stamp(start: date, days: int, rng: random.Random) -> str:
    moment = datetime(start.year, start.month, start.day) + timedelta(
        days=rng.randint(0, days - 1), minutes=rng.randint(8 * 60, 22 * 60))
    return moment.isoformat(timespec="minutes")


def _true_reports(rng: random.Random, geo: Geography, pop: Population, line: Line,
                  days: int) -> list[tuple[str, dict[str, Any]]]:
    reports: list[tuple[str, dict[str, Any]]] = []
    day = rng.randint(0, days - 1)
    span = line.number_on(day) or line.numbers[-1]
    town = line.town_on(day)
    reports.append((
        f"Information received that a deal line called '{line.brand}' is being run from "
        f"{line.hub_district} on {written_number(rng, span.number)} and supplies users in {town}.",
        _facts(line_brands=[line.brand], phones=[span.number],
               locations=[line.hub_district, town])))
    controller = pop.persons[line.controller_id]
    if controller.nickname:
        reports.append((
            f"The person known as '{controller.nickname}' controls the {line.brand} line from "
            f"{line.hub_district}, uses more than one phone and rarely travels.",
            _facts(line_brands=[line.brand], nicknames=[controller.nickname],
                   locations=[line.hub_district],
                   persons=[{"age": None, "sex": controller.sex, "town": line.hub_district,
                             "offences": []}])))
    for trap in line.traps[:2]:
        occupant = pop.persons[trap.occupant_id] if trap.occupant_id else None
        worry = (f" The {'man' if occupant.sex == 'M' else 'woman'} living there is vulnerable "
                 "and appears to be under their control."
                 if occupant is not None and trap.kind == "cuckooed" else "")
        reports.append((
            f"Drugs for {line.brand} are held at {trap.address.line} {trap.address.postcode}."
            f"{worry}", _facts(line_brands=[line.brand], addresses=[trap.address.line],
                               locations=[trap.town])))
    for runner_id in line.runners[:2]:
        runner = pop.persons[runner_id]
        if not runner.nickname:
            continue
        word = ("boy" if runner.sex == "M" else "girl") if runner.child else (
            "man" if runner.sex == "M" else "woman")
        reports.append((
            f"A {word} aged about {runner.age} who goes by '{runner.nickname}' is running for "
            f"the {line.brand} line in {line.segments[0][0]}.",
            _facts(line_brands=[line.brand], nicknames=[runner.nickname],
                   locations=[line.segments[0][0]],
                   persons=[{"age": runner.age, "sex": runner.sex, "town": None,
                             "offences": []}])))
    return reports


def build_texts(rng: random.Random, prm: WorldParams, geo: Geography, pop: Population,
                lines: list[Line], start: date, days: int,
                ) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, Any]]]:
    intel: list[dict[str, str]] = []
    tips: list[dict[str, str]] = []
    truth: list[dict[str, Any]] = []

    def add_intel(text: str, facts: dict[str, Any], reliable: bool) -> None:
        report_id = f"INT/{start.year % 100}/{rng.randint(100000, 999999)}"
        if reliable:
            grade = (rng.choice("12"), rng.choice("ABC"))
        else:
            grade = (rng.choice("23"), rng.choice("DE"))
        handling = "C" if rng.random() < 0.25 else "P"
        intel.append({"report_id": report_id, "received_at": _stamp(start, days, rng),
                      "source_evaluation": grade[0], "intelligence_assessment": grade[1],
                      "handling_code": handling,
                      "handling_conditions": rng.choice(CONDITIONS) if handling == "C" else "",
                      "text": text})
        facts["reliable"] = reliable
        truth.append({"kind": "intel", "id": report_id, "text": text, "facts": facts})

    def add_tip(text: str, facts: dict[str, Any], reliable: bool) -> None:
        tip_id = f"CS-{len(tips) + 1:05d}"
        tips.append({"tip_id": tip_id, "received_at": _stamp(start, days, rng),
                     "channel": rng.choice(("web", "phone", "phone", "partner")), "text": text})
        facts["reliable"] = reliable
        truth.append({"kind": "tip", "id": tip_id, "text": text, "facts": facts})

    for line in lines:
        for text, facts in _true_reports(rng, geo, pop, line, days):
            if rng.random() < 0.75:
                add_intel(text, facts, True)
        for trap in line.traps:
            templates = [
                "There are visitors at all hours at {a}. Young people coming and going all "
                "night, different ones every week.",
                "Cars pulling up outside {a} at 3am, somebody runs out and back in."]
            if trap.kind == "cuckooed":
                templates.append("The resident of {a} used to be friendly but now won't speak "
                                 "to anyone, and there are teenagers there all hours.")
            add_tip(rng.choice(templates).format(a=trap.address.line),
                _facts(addresses=[trap.address.line], locations=[trap.town]), True)
        span = line.numbers[-1]
        add_tip(f"My son keeps getting messages from {written_number(rng, span.number)} "
                f"advertising '{line.brand}'. He is trying to stay clean.",
                _facts(phones=[span.number], line_brands=[line.brand]), True)
    ordinary = [p for p in pop.persons.values() if p.role == "none" and p.age >= 20]
    for _ in range(max(2, int(len(intel) * prm.false_intel_share))):
        person = rng.choice(ordinary)
        add_intel(f"Unconfirmed: drugs are being sold from {person.home.line}.",
                  _facts(addresses=[person.home.line], locations=[person.place]), False)
        place = rng.choice(geo.places)
        add_tip(f"Loud music and people smoking cannabis in the park in {place.name} most "
                "evenings.", _facts(locations=[place.name]), False)
    return intel, tips, truth
