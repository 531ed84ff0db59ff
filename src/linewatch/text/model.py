"""What text extraction returns.

Every value keeps where it was found (character ``start``/``end`` into the original text, the
text itself) and the ``rule`` that produced it, so an analyst can check each one.
``Extraction.to_contract()`` is the fixed ``linewatch extract --json`` shape from the input
contract; ``Extraction.to_dict()`` is everything, spans included.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from linewatch.text.numbers import as_json_number


@dataclass(frozen=True)
class Span:
    """Where a value came from: characters ``start:end`` of the text, and the rule."""

    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True)
class Phone:
    e164: str
    span: Span


@dataclass(frozen=True)
class Plate:
    plate: str  # "AB12 CDE"
    span: Span


@dataclass
class Vehicle:
    colour: str | None
    make: str | None
    model: str | None
    body: str | None
    plate: str | None
    span: Span
    written_make: str | None = None  # "VW" where ``make`` is "Volkswagen": the text's word

    def describe(self) -> str:
        """"silver Ford Focus AB12 CDE": the parts that are known, in that order, the make as
        the text writes it ("VW Golf")."""
        parts = [self.colour, self.written_make or self.make, self.model]
        if not self.make and not self.model:
            parts.append(self.body)
        parts.append(self.plate)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Money:
    amount: float
    approximate: bool
    cash: bool
    span: Span


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    normalised: str
    span: Span


@dataclass(frozen=True)
class DrugMention:
    name: str | None  # canonical name; None for a bare class ("Class A drugs")
    drug_class: str | None
    quantity: str | None
    span: Span
    context: str  # "mention", "offence" (part of an offence) or "speech" (in a quotation)


@dataclass(frozen=True)
class Mention:
    """A named thing: weapon, agency, operation, deal line, place, postcode, address."""

    value: str
    span: Span


@dataclass(frozen=True)
class Offence:
    offence: str
    span: Span


@dataclass(frozen=True)
class Count:
    value: int
    noun: str
    span: Span


@dataclass(frozen=True)
class DateMention:
    kind: str  # "date", "time" or "datetime"
    iso: str | None  # ISO 8601 when the text gives enough (a full date, or date and time)
    span: Span


@dataclass(eq=False)  # two people with the same details are still two people
class Person:
    age: int | None = None
    sex: str | None = None
    town: str | None = None
    name: str | None = None
    nicknames: list[str] = field(default_factory=list)
    offences: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # nouns: driver, runner, dealer, ...
    # What happened to them in the story, in this order: arrested, charged, convicted,
    # sentenced, victim, safeguarded; and the sentence as written ("six years and nine months").
    story_roles: list[str] = field(default_factory=list)
    sentence: str | None = None
    arrested: bool = False
    safeguarded: bool = False
    noun: str | None = None
    spans: list[Span] = field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        return {"age": self.age, "sex": self.sex, "town": self.town,
                "offences": list(self.offences)}


@dataclass(frozen=True)
class DrugEntry:
    drug_class: str | None
    name: str | None
    quantity: str | None
    spans: tuple[Span, ...]

    def contract(self) -> dict[str, Any]:
        return {"class": self.drug_class, "name": self.name, "quantity": self.quantity}


@dataclass
class Extraction:
    """All that one text says, with spans, and the analyst-level summary fields."""

    text: str
    arrests: int | None = None
    warrants: int | None = None
    cash_gbp: float | None = None
    safeguarded: int | None = None
    operation_name: str | None = None
    persons: list[Person] = field(default_factory=list)
    drugs: list[DrugEntry] = field(default_factory=list)
    weapons: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    vehicles: list[str] = field(default_factory=list)
    # Every mention found, with spans and rules.
    phone_mentions: list[Phone] = field(default_factory=list)
    plate_mentions: list[Plate] = field(default_factory=list)
    vehicle_mentions: list[Vehicle] = field(default_factory=list)
    money_mentions: list[Money] = field(default_factory=list)
    quantity_mentions: list[Quantity] = field(default_factory=list)
    drug_mentions: list[DrugMention] = field(default_factory=list)
    weapon_mentions: list[Mention] = field(default_factory=list)
    offence_mentions: list[Offence] = field(default_factory=list)
    place_mentions: list[Mention] = field(default_factory=list)
    agency_mentions: list[Mention] = field(default_factory=list)
    operation_mentions: list[Mention] = field(default_factory=list)
    deal_line_mentions: list[Mention] = field(default_factory=list)
    postcode_mentions: list[Mention] = field(default_factory=list)
    address_mentions: list[Mention] = field(default_factory=list)
    count_mentions: list[Count] = field(default_factory=list)
    date_mentions: list[DateMention] = field(default_factory=list)
    official_mentions: list[Mention] = field(default_factory=list)
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    # Counted things beyond the contract: charged, phones, vehicles, weapons, drug_value_gbp.
    counts: dict[str, int | float | None] = field(default_factory=dict)

    def to_contract(self) -> dict[str, Any]:
        """Exactly the ``linewatch extract FILE --json`` shape of the input contract."""
        return {
            "arrests": self.arrests,
            "warrants": self.warrants,
            "cash_gbp": as_json_number(self.cash_gbp),
            "persons": [p.contract() for p in self.persons],
            "drugs": [d.contract() for d in self.drugs],
            "weapons": list(self.weapons),
            "locations": list(self.locations),
            "operation_name": self.operation_name,
            "agencies": list(self.agencies),
            "phones": list(self.phones),
            "vehicles": list(self.vehicles),
            "safeguarded": self.safeguarded,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything: the contract fields plus every mention with its span and rule."""
        out = self.to_contract()
        out["persons"] = [asdict(p) for p in self.persons]
        out["drugs"] = [{**d.contract(), "spans": [asdict(s) for s in d.spans]}
                        for d in self.drugs]
        out["names"] = [p.name for p in self.persons if p.name]
        out["nicknames"] = sorted({n for p in self.persons for n in p.nicknames})
        out["plates"] = sorted({p.plate for p in self.plate_mentions})
        out["postcodes"] = list(dict.fromkeys(m.value for m in self.postcode_mentions))
        out["addresses"] = list(dict.fromkeys(m.value for m in self.address_mentions))
        out["deal_lines"] = list(dict.fromkeys(m.value for m in self.deal_line_mentions))
        out["operations"] = list(dict.fromkeys(m.value for m in self.operation_mentions))
        out["quantities"] = [m.normalised for m in self.quantity_mentions]
        out["evidence"] = {k: [asdict(s) for s in v] for k, v in self.evidence.items()}
        out["counts"] = {"arrests": self.arrests, "warrants": self.warrants,
                         "safeguarded": self.safeguarded, **self.counts}
        mentions: dict[str, Any] = {}
        for key in ("phone_mentions", "plate_mentions", "vehicle_mentions", "money_mentions",
                    "quantity_mentions", "drug_mentions", "weapon_mentions", "offence_mentions",
                    "place_mentions", "agency_mentions", "operation_mentions",
                    "deal_line_mentions", "postcode_mentions", "address_mentions",
                    "count_mentions", "date_mentions", "official_mentions"):
            mentions[key.removesuffix("_mentions")] = [asdict(m) for m in getattr(self, key)]
        out["mentions"] = mentions
        return out
