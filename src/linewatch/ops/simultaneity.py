"""Simultaneity: linked addresses must be entered in the same window.

A warrant at one address tips off the others when they are linked: the same line, the same
person, a shared phone, or associates in contact by phone. Two linked addresses whose planned
entry times are further apart than the window (``entry_window_min``, default 30 minutes) raise
a warning. Unlinked addresses may be entered at any time.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from typing import Any

import pyarrow as pa

from linewatch.ops.knowledge import Knowledge
from linewatch.ops.tables import has
from linewatch.storage import Store


def _contacts(store: Store, phones: dict[str, set[str]]) -> dict[tuple[str, str], int]:
    """Calls and texts between the phones of each pair of addresses (one query)."""
    rows = [(aid, n) for aid, numbers in phones.items() for n in numbers]
    if not rows or not has(store, "cdr"):
        return {}
    table = pa.table({"address_id": [r[0] for r in rows], "number": [r[1] for r in rows]})
    with store.registered("lw_ops_phones", table):
        found = store.query(
            "SELECT x.address_id, y.address_id, count(*) FROM cdr c "
            "JOIN lw_ops_phones x ON x.number = c.a_number "
            "JOIN lw_ops_phones y ON y.number = c.b_number "
            "WHERE x.address_id <> y.address_id GROUP BY 1, 2")
    pairs: dict[tuple[str, str], int] = {}
    for a, b, n in found:
        key = (min(a, b), max(a, b))
        pairs[key] = pairs.get(key, 0) + int(n)
    return pairs


def address_links(store: Store, knowledge: Knowledge,
                  addresses: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every linked pair of addresses with the reasons (evidence in words)."""
    lines: dict[str, set[str]] = {}
    people: dict[str, set[str]] = {}
    phones: dict[str, set[str]] = {}
    for a in addresses:
        aid = a["address_id"]
        lines[aid] = set(a["line_ids"]) | {r["line_id"] for o in a["occupants"]
                                            for r in o["line_roles"]}
        people[aid] = {o["person_id"] for o in a["occupants"]}
        phones[aid] = {n for o in a["occupants"] for n in o["phones"]}
    contacts = _contacts(store, phones)
    links = []
    for a, b in combinations(addresses, 2):
        x, y = a["address_id"], b["address_id"]
        reasons = []
        for line in sorted(lines[x] & lines[y]):
            reasons.append(f"same line {line}")
        for pid in sorted(people[x] & people[y]):
            reasons.append(f"same person {pid}")
        for number in sorted(phones[x] & phones[y]):
            reasons.append(f"shared phone {number}")
        n = contacts.get((min(x, y), max(x, y)), 0)
        if n:
            reasons.append(f"associates in phone contact ({n} calls/texts)")
        if reasons:
            links.append({"a": x, "b": y, "reasons": reasons})
    return links


def _brief(reasons: list[str], most: int = 3) -> str:
    shown = "; ".join(reasons[:most])
    return shown + (f" and {len(reasons) - most} more" if len(reasons) > most else "")


def _minutes(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    if a is None or b is None:
        return None
    return abs((a - b).total_seconds()) / 60.0


def check(store: Store, knowledge: Knowledge, addresses: list[dict[str, Any]],
          window_min: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Warnings for linked addresses outside the entry window, and all the links."""
    links = address_links(store, knowledge, addresses)
    by_id = {a["address_id"]: a for a in addresses}
    warnings = []
    for link in links:
        a, b = by_id[link["a"]], by_id[link["b"]]
        gap = _minutes(a["entry_at"], b["entry_at"])
        if gap is None:
            warnings.append({**link, "kind": "no_time", "gap_minutes": None,
                             "forces": [a["force"], b["force"]],
                             "message": f"{link['a']} and {link['b']} are linked but an entry "
                                        "time is not set"})
        elif gap > window_min:
            warnings.append({**link, "kind": "not_simultaneous", "gap_minutes": round(gap, 1),
                             "window_minutes": window_min, "forces": [a["force"], b["force"]],
                             "message": f"{link['a']} ({a['force']}) and {link['b']} "
                                        f"({b['force']}) are linked ({_brief(link['reasons'])}) "
                                        f"but entries are {round(gap)} minutes apart (window "
                                        f"{window_min}): a warrant at one may tip off the "
                                        "other"})
    return warnings, links
