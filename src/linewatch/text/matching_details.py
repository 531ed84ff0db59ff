"""Whether what a text says about a named person (age, home town) agrees with a record.

A press release names "Jordan Smith, 23, of Gillingham"; a nominal record has Jordan Smith,
born 2001-05-02, living at 4 Some Road, Gillingham. The name alone is a name match; the age and
the town make it the same person, and a different age makes it someone else:

- **age**: the age the record's date of birth gives on the text's date (the latest full date the
  text mentions), within a year of the stated age (birthdays fall either side of a date). No
  date in the text, no stated age or no date of birth: ``unknown``.
- **town**: the stated home town appears, as whole words, in the record's address. An address
  without it: ``not_in_address`` (people move; this does not rule the record out).

Among records with the same name tier, those whose age ``differs`` are dropped, and those that
agree on more details are kept over those that agree on fewer; each agreeing detail adds
``AGREEMENT_BONUS`` to the confidence. The evidence keeps every check and one sentence saying
why the match was made.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

AGREEMENT_BONUS = 0.05


@dataclass(frozen=True)
class Details:
    """What the text says about the person named: age, home town, and the text's date."""

    age: int | None = None
    town: str | None = None
    on: str | None = None  # ISO date

    def __bool__(self) -> bool:
        return self.age is not None or self.town is not None


def _words(value: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", value.lower())) + " "


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def check_age(details: Details, dob: Any) -> tuple[str, str]:
    """(status, explanation) of the stated age against a date of birth."""
    born, day = _date(dob), _date(details.on)
    if details.age is None or born is None or day is None:
        return "unknown", ""
    actual = age_on(born, day)
    if abs(actual - details.age) <= 1:
        return "agrees", f"age {details.age} fits date of birth {born} ({actual} on {day})"
    return "differs", f"age {details.age} does not fit date of birth {born} ({actual} on {day})"


def check_town(details: Details, address: str | None) -> tuple[str, str]:
    if not details.town or not address:
        return "unknown", ""
    if _words(details.town) in _words(address):
        return "agrees", f"home town {details.town} is in the address '{address}'"
    return "not_in_address", f"home town {details.town} is not in the address '{address}'"


def compare(details: Details, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The checks for one entity (its records): a detail agrees when any record agrees, and
    the age differs only when every record with a date of birth differs."""
    ages = [check_age(details, r.get("dob")) for r in records]
    towns = [check_town(details, r.get("address")) for r in records]
    out: dict[str, Any] = {}
    for key, checks in (("age", ages), ("town", towns)):
        known = [c for c in checks if c[0] != "unknown"]
        best = next((c for c in known if c[0] == "agrees"), known[0] if known else
                    ("unknown", ""))
        out[key] = {"status": best[0], "why": best[1]}
    out["agreeing"] = sum(out[k]["status"] == "agrees" for k in ("age", "town"))
    return out


def explain(tier: str, checks: dict[str, Any]) -> str:
    name = {"name_exact": "same forename and surname", "name_variant":
            "same surname, forename a variant", "name_phonetic": "surname sounds alike",
            "name_initial": "same surname, forename initial"}.get(tier, tier)
    parts = [name] + [checks[k]["why"] for k in ("age", "town") if checks[k]["why"]]
    return "; ".join(parts)
