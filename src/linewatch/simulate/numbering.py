"""Phone numbers, handsets (IMEI) and SIMs (IMSI).

Every number is a UK mobile number that ``phonenumbers`` finds *possible* but not *valid*: its
range is not allocated to any operator, so no generated number can belong to a real person.
Blocks are used in order: 07700 9xxxxx first (next to Ofcom's drama range), then the other
unallocated 07700 blocks, then unallocated 07911 blocks: a million numbers in all.
"""

from __future__ import annotations

import numpy as np

# National significant number prefixes (after the leading 0) of 100,000-number blocks that
# phonenumbers finds possible but not valid, and the digits that follow. Checked in the tests.
UNALLOCATED_BLOCKS: tuple[tuple[str, int], ...] = (
    ("77009", 5), ("77006", 5), ("77005", 5), ("77004", 5), ("77002", 5), ("79113", 5),
    ("79114", 5), ("79115", 5), ("79116", 5), ("79119", 5),
)

# How a number may be written. Index 0 is E.164.
FORMATS: tuple[str, ...] = (
    "e164", "international", "national", "national_spaced", "international_spaced",
    "bracketed", "dashed",
)


def allocate_numbers(count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct E.164 numbers from the unallocated blocks, in random order."""
    numbers: list[str] = []
    remaining = count
    for prefix, digits in UNALLOCATED_BLOCKS:
        if remaining <= 0:
            break
        size = 10 ** digits
        take = min(remaining, size)
        suffixes = rng.choice(size, size=take, replace=False)
        numbers.extend(f"+44{prefix}{int(s):0{digits}d}" for s in suffixes)
        remaining -= take
    if remaining > 0:
        raise ValueError(f"cannot allocate {count} numbers from the unallocated blocks")
    order = rng.permutation(len(numbers))
    return [numbers[int(i)] for i in order]


def written(e164: str, style: str) -> str:
    """``e164`` (a +44 7xxx number) written in one of :data:`FORMATS`."""
    national = "0" + e164[3:]
    if style == "e164":
        return e164
    if style == "international":
        return e164[1:]
    if style == "national":
        return national
    if style == "national_spaced":
        return f"{national[:5]} {national[5:]}"
    if style == "international_spaced":
        return f"+44 {e164[3:7]} {e164[7:]}"
    if style == "bracketed":
        return f"({national[:5]}) {national[5:8]}-{national[8:]}"
    if style == "dashed":
        return f"{national[:5]}-{national[5:]}"
    raise ValueError(f"unknown phone number style '{style}'")


def written_table(numbers: list[str], styles: tuple[str, ...]) -> list[str]:
    """Flat table: entry ``i * len(styles) + k`` is number ``i`` written in ``styles[k]``."""
    return [written(n, s) for n in numbers for s in styles]


def human_written(e164: str, rng: np.random.Generator) -> str:
    """A number as a person or an officer might type it."""
    weights = np.array([0.08, 0.04, 0.25, 0.35, 0.1, 0.08, 0.1])
    return written(e164, FORMATS[int(rng.choice(len(FORMATS), p=weights / weights.sum()))])


# Type allocation codes (first 8 IMEI digits): invented, split into smartphones and basic
# "burner" handsets. Basic handsets are used by deal lines but also by many older people.
SMARTPHONE_TACS: tuple[str, ...] = (
    "35332011", "35391110", "35467211", "35208817", "35690812", "35744508", "35912874",
    "35161720", "86810703", "35287311", "35854609", "35049626",
)
BASIC_TACS: tuple[str, ...] = ("35623805", "35899112", "35174506", "86437104", "35512907")


def _luhn_check_digits(body: np.ndarray) -> np.ndarray:
    """Luhn check digit for each row of 14 digits."""
    digits = body.copy()
    doubled = digits[:, 1::2] * 2
    digits[:, 1::2] = np.where(doubled > 9, doubled - 9, doubled)
    return (10 - digits.sum(axis=1) % 10) % 10


def make_imeis(count: int, basic: np.ndarray, rng: np.random.Generator) -> list[str]:
    """``count`` distinct 15-digit IMEIs with a valid Luhn digit; ``basic`` marks burners."""
    smart = rng.integers(len(SMARTPHONE_TACS), size=count)
    cheap = rng.integers(len(BASIC_TACS), size=count)
    serials = rng.choice(1_000_000, size=count, replace=count > 900_000)
    tacs = [BASIC_TACS[int(c)] if b else SMARTPHONE_TACS[int(s)]
            for b, s, c in zip(basic, smart, cheap, strict=True)]
    bodies = [f"{t}{int(s):06d}" for t, s in zip(tacs, serials, strict=True)]
    if not bodies:
        return []
    digit_rows = np.frombuffer("".join(bodies).encode("ascii"), dtype=np.uint8)
    checks = _luhn_check_digits(digit_rows.reshape(-1, 14).astype(np.int64) - 48)
    return [f"{b}{int(c)}" for b, c in zip(bodies, checks, strict=True)]


def make_imsis(count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct 15-digit UK IMSIs (MCC 234)."""
    networks = ("23410", "23415", "23420", "23430", "23433")
    which = rng.integers(len(networks), size=count)
    msins = rng.choice(10_000_000_000, size=count, replace=False)
    return [f"{networks[int(w)]}{int(m):010d}" for w, m in zip(which, msins, strict=True)]
