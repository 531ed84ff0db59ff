"""Recording noise as it appears in real police and partner systems."""

from __future__ import annotations

import random
from datetime import date

ABBREVIATIONS = {"Road": "Rd", "Street": "St", "Avenue": "Ave", "Close": "Cl", "Lane": "Ln",
                 "Drive": "Dr", "Crescent": "Cres", "Terrace": "Terr", "Gardens": "Gdns",
                 "Place": "Pl", "Court": "Ct"}


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    at = rng.randint(1, len(text) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:  # swap two letters
        return text[:at] + text[at + 1] + text[at] + text[at + 2:]
    if kind == 1:  # letter dropped
        return text[:at] + text[at + 1:]
    if kind == 2:  # letter doubled
        return text[:at] + text[at] + text[at:]
    vowels = "aeiou"
    if text[at] in vowels:
        return text[:at] + rng.choice(vowels.replace(text[at], "")) + text[at + 1:]
    return text


def noisy_name(rng: random.Random, text: str, noise: float) -> str:
    if rng.random() < noise:
        text = typo(rng, text)
    if rng.random() < noise:
        text = text.upper()
    return text


def noisy_dob(rng: random.Random, dob: date, noise: float, missing: float) -> str:
    if rng.random() < missing:
        return ""
    if rng.random() < noise * 0.4 and dob.day <= 12 and dob.day != dob.month:
        return date(dob.year, dob.day, dob.month).isoformat()
    if rng.random() < noise * 0.2:
        try:
            return dob.replace(year=dob.year + rng.choice((-1, 1))).isoformat()
        except ValueError:
            return dob.isoformat()
    return dob.isoformat()


def noisy_address(rng: random.Random, line: str, noise: float) -> str:
    """"Road"/"Rd", flats written "3/12 ...", the town left off."""
    if rng.random() < noise * 1.5:
        for full, short in ABBREVIATIONS.items():
            line = line.replace(f" {full},", f" {short},")
    if line.startswith("Flat ") and rng.random() < noise:
        flat, rest = line[5:].split(", ", 1)
        line = f"{flat}/{rest}"
    if rng.random() < noise * 0.5 and "," in line:
        line = line.rsplit(",", 1)[0]
    return line


def noisy_postcode(rng: random.Random, postcode: str, noise: float) -> str:
    if rng.random() < noise * 0.5:
        return ""
    if rng.random() < noise:
        return postcode.replace(" ", "").lower()
    return postcode


def written_number(rng: random.Random, e164: str) -> str:
    """A number in one of the forms people and systems write them."""
    national = "0" + e164[3:]
    form = rng.randint(0, 4)
    if form == 0:
        return e164
    if form == 1:
        return f"{national[:5]} {national[5:]}"
    if form == 2:
        return e164[1:]
    if form == 3:
        return f"+44 {e164[3:7]} {e164[7:]}"
    return national
