"""Police and partner events, and the items seized at them.

``IncidentLog`` writes rows in the contract's ``events`` and ``seizures`` shapes; the storyline
functions in ``line_incidents`` and ``background`` decide what happens.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from linewatch.simulate.batch import Clock, uk_offset_hours
from linewatch.simulate.nominals import NominalBook
from linewatch.simulate.numbering import human_written
from linewatch.simulate.world import World

PWITS_A = "Possession with intent to supply a controlled drug of Class A"
SUPPLY_A = "Being concerned in the supply of a controlled drug of Class A"
POSSESSION_B = "Possession of a controlled drug of Class B"
POSSESSION_A = "Possession of a controlled drug of Class A"
BLADED_ARTICLE = "Possession of a bladed article in a public place"
OFFENSIVE_WEAPON = "Possession of an offensive weapon"
TRAFFICKING = "Arranging or facilitating travel of another person with a view to exploitation"
_EVENT_PREFIX = {"rms": "OCC", "custody": "CUS", "social_care": "SCE", "education": "EDR"}


@dataclass
class Operation:
    """What a disruption produced, for the press release about it."""

    line_id: str
    day: int
    market_place: int
    hub_place: int
    arrests: int = 0
    warrants: int = 0
    cash_gbp: int = 0
    drugs: list[tuple[str, str, str]] = field(default_factory=list)  # (class, name, quantity)
    weapons: list[str] = field(default_factory=list)
    charged: list[tuple[int, str, str, str]] = field(default_factory=list)  # age, sex, town, offence
    safeguarded: int = 0
    phones_seized: list[int] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)


@dataclass
class IncidentLog:
    world: World
    clock: Clock
    book: NominalBook
    rng: np.random.Generator
    events: list[dict[str, str]] = field(default_factory=list)
    seizures: list[dict[str, str]] = field(default_factory=list)
    event_truth: list[tuple[str, str, int, str]] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)

    def when(self, day: int, hour: float) -> dt.datetime:
        return dt.datetime.combine(self.clock.date(day), dt.time()) + dt.timedelta(hours=hour)

    def _stamp(self, system: str, at: dt.datetime) -> str:
        if system == "custody":
            offset = uk_offset_hours(at.date())
            return at.isoformat(timespec="seconds") + f"+0{offset}:00"
        return at.isoformat(timespec="seconds")

    def _event_id(self, system: str) -> str:
        while True:
            event_id = f"{_EVENT_PREFIX[system]}-{int(self.rng.integers(1_000_000, 9_999_999))}"
            if f"{system}/{event_id}" not in self._ids:
                self._ids.add(f"{system}/{event_id}")
                return event_id

    def event(self, system: str, event_type: str, at: dt.datetime, *, person: int = -1,
              role: str = "", address: int = -1, offence: str = "", outcome: str = "",
              detail: str = "", line_id: str = "", place: int = -1) -> str:
        """Write one event row; returns its event id."""
        world = self.world
        event_id = self._event_id(system)
        record_id = self.book.ensure(person, system) if person >= 0 else ""
        row = {"source_system": system, "event_id": event_id, "event_type": event_type,
               "occurred_at": self._stamp(system, at), "record_id": record_id, "role": role,
               "address": "", "postcode": "", "lat": "", "lon": "", "offence": offence,
               "outcome": outcome, "detail": detail}
        if address >= 0:
            book = world.addresses
            row["address"] = book.full(address)
            row["postcode"] = book.postcode[address]
            if self.rng.random() < 0.7:
                row["lat"] = f"{book.lat[address]:.5f}"
                row["lon"] = f"{book.lon[address]:.5f}"
        elif place >= 0:
            spot = world.places[place]
            row["lat"] = f"{spot.lat + float(self.rng.normal(0, 0.004)):.5f}"
            row["lon"] = f"{spot.lon + float(self.rng.normal(0, 0.006)):.5f}"
        self.events.append(row)
        self.event_truth.append((system, event_id, person, line_id))
        return event_id

    def seize(self, system: str, event_id: str, item_type: str, *, drug_name: str = "",
              drug_class: str = "", quantity: str = "", unit: str = "", value_gbp: int = 0,
              description: str = "", phone: int = -1, imei: str = "", vrm: str = "") -> None:
        number = human_written(self.world.phones.number[phone], self.rng) if phone >= 0 else ""
        self.seizures.append({
            "seizure_id": f"SZ{len(self.seizures) + 1:06d}", "source_system": system,
            "event_id": event_id, "item_type": item_type, "drug_name": drug_name,
            "drug_class": drug_class, "quantity": quantity, "unit": unit,
            "value_gbp": str(value_gbp) if value_gbp else "", "description": description,
            "imei": imei, "number": number, "vrm": vrm})

    def seize_cash(self, system: str, event_id: str, amount: int) -> int:
        self.seize(system, event_id, "cash", value_gbp=amount,
                   description=f"£{amount:,} in mixed notes")
        return amount

    def seize_drugs(self, system: str, event_id: str, wraps: int) -> list[tuple[str, str, str]]:
        """Crack and heroin wraps, the stock of a county line. Returns (class, name, qty)."""
        found: list[tuple[str, str, str]] = []
        for name, share in (("crack cocaine", 0.6), ("heroin", 0.4)):
            count = max(1, int(wraps * share))
            self.seize(system, event_id, "drug", drug_name=name, drug_class="A",
                       quantity=str(count), unit="wraps", value_gbp=count * 10,
                       description=f"{count} wraps of suspected {name}")
            found.append(("A", name, f"{count} wraps"))
        return found

    def seize_phone(self, system: str, event_id: str, phone: int, imei: str) -> None:
        self.seize(system, event_id, "phone", phone=phone, imei=imei,
                   description="Mobile phone" if self.rng.random() < 0.5 else
                   "Basic handset, cracked screen")
