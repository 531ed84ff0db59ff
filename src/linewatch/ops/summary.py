"""A factual summary of an operation, in the plain register of a police press release.

It is written from the recorded outcomes alone (``operation_results`` and the forces of the
addresses where warrants were executed): every number in it is a count, amount, quantity,
age or date from the record, and nothing else is claimed. It never names anyone: adults
arrested may be described by age, sex and town; children and victims only ever appear in
counts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

from linewatch.ops.forces import ForceMap
from linewatch.ops.plan import get_operation
from linewatch.ops.record import results
from linewatch.schema.types.dates import to_london
from linewatch.storage import Store

WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
DISPOSAL_TEXT = {
    "charged": "charged", "released_under_investigation": "released under investigation",
    "no_further_action": "released with no further action",
    "released_on_bail": "released on bail", "cautioned": "cautioned",
}


def words(n: int) -> str:
    """Counts up to ten in words (press style), larger ones in figures."""
    return WORDS[n] if 0 <= n < len(WORDS) else f"{n:,}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def money_text(amount: float) -> str:
    return f"£{amount:,.0f}" if float(amount).is_integer() else f"£{amount:,.2f}"


def _quantity(q: float | None, unit: str | None) -> str | None:
    if q is None:
        return None
    number = f"{q:g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit.lower() in ("g", "kg", "mg") else f"{number} {unit}"


def _plural(noun: str, n: int) -> str:
    if n == 1:
        return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
    if noun.endswith("fe"):
        plural = noun[:-2] + "ves"
    elif noun.endswith(("s", "x", "ch", "sh")):
        plural = noun + "es"
    else:
        plural = noun + "s"
    return f"{words(n)} {plural}"


def offence_text(offence: str) -> str:
    """``on suspicion of X`` -> ``X`` (the summary adds the phrase itself)."""
    return re.sub(r"^\s*(?:arrested\s+)?(?:on\s+)?suspicion\s+of\s+", "", offence.strip(),
                  flags=re.IGNORECASE).rstrip(". ")


def summary_facts(store: Store, operation_id: str) -> dict[str, Any]:
    """The counts behind the summary (and behind reconciliation with a press release)."""
    op = get_operation(store, operation_id)
    rows = results(store, operation_id)
    forces_of = {a["address_id"]: a["force"] for a in op["addresses"]}
    warrants = [r for r in rows if r["kind"] == "warrant" and r["warrant_executed"]]
    people = [r for r in rows if r["kind"] == "person"]
    arrested = [p for p in people if p["arrested"]]
    seized = [r for r in rows if r["kind"] == "seizure"]
    drugs: dict[str, list[dict[str, Any]]] = {}
    for s in seized:
        if s["item_type"] == "drug":
            drugs.setdefault(s["drug_class"] or "", []).append(
                {"name": s["drug_name"], "quantity": s["quantity"], "unit": s["unit"]})
    dates = sorted(to_london(r["occurred_at"]).date() for r in warrants if r["occurred_at"])
    return {
        "operation_id": operation_id, "name": op["name"],
        "warrants": len(warrants),
        "dates": [str(d) for d in dict.fromkeys(dates)],
        "forces": sorted({forces_of[w["address_id"]] for w in warrants
                          if forces_of.get(w["address_id"])}),
        "arrests": len(arrested),
        "arrests_by_offence": dict(Counter(offence_text(p["offence"]) for p in arrested)),
        "arrested_children": sum(1 for p in arrested if p["child"]),
        "arrested_adults": [{"age": p["age"], "sex": p["sex"], "town": p["town"]}
                            for p in arrested if not p["child"]],
        "disposals": dict(Counter(p["disposal"] for p in arrested if p["disposal"])),
        "charges": dict(Counter(offence_text(p["charge"]) for p in arrested
                                if p["disposal"] == "charged" and p["charge"])),
        "safeguarded": sum(1 for p in people if p["safeguarded"]),
        "safeguarded_children": sum(1 for p in people if p["safeguarded"] and p["child"]),
        "referrals": sum(1 for p in people if p["safeguarded"] and p["referral"]),
        "cash_gbp": sum(s["value_gbp"] or 0.0 for s in seized if s["item_type"] == "cash"),
        "cash_items": sum(1 for s in seized if s["item_type"] == "cash"),
        "drugs": drugs,
        "drug_classes": sorted(c for c in drugs if c),
        "weapons": dict(Counter((s["description"] or "weapon").strip().lower()
                                for s in seized if s["item_type"] == "weapon")),
        "phones": sum(1 for s in seized if s["item_type"] == "phone"),
        "vehicles": sum(1 for s in seized if s["item_type"] == "vehicle"),
        "other_items": sum(1 for s in seized if s["item_type"] == "other"),
    }


def _when(dates: list[str]) -> str:
    days = [dt.date.fromisoformat(d) for d in dates]
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return f" on {first:%A} {first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f" between {first.day} and {last.day} {last:%B %Y}"
    return f" between {first.day} {first:%B %Y} and {last.day} {last:%B %Y}"


def _drug_items(drugs: dict[str, list[dict[str, Any]]]) -> list[str]:
    items = []
    for cls in sorted(drugs, key=lambda c: (c == "", c)):
        named = []
        for d in drugs[cls]:
            if not d["name"]:
                continue
            amount = _quantity(d["quantity"], d["unit"])
            named.append(f"{amount} of {d['name']}" if amount else d["name"])
        label = f"Class {cls} drugs" if cls else "drugs"
        items.append(f"{label} ({_join(list(dict.fromkeys(named)))})" if named else label)
    return items


def _adult(p: dict[str, Any]) -> str | None:
    if p["age"] is None or p["sex"] not in ("M", "F"):
        return None
    noun = "man" if p["sex"] == "M" else "woman"
    return f"a {p['age']}-year-old {noun}" + (f" from {p['town']}" if p["town"] else "")


def write_summary(store: Store, operation_id: str) -> dict[str, Any]:
    """The summary text and the facts it was written from."""
    f = summary_facts(store, operation_id)
    forces = ForceMap.load()
    out: list[str] = []
    if f["warrants"]:
        regions = _join([forces.region(x) for x in f["forces"]])
        where = f" in {regions}" if regions else ""
        what = ("a warrant at an address" if f["warrants"] == 1
                else f"{words(f['warrants'])} warrants at addresses")
        out.append(f"Officers executed {what}{where}{_when(f['dates'])} as part of "
                   f"{f['name']}." if f["name"].lower().startswith("operation") else
                   f"Officers executed {what}{where}{_when(f['dates'])}.")
    if f["forces"]:
        out.append(f"Forces involved: {_join(f['forces'])}.")
    if f["arrests"]:
        n = f["arrests"]
        groups = f["arrests_by_offence"]
        if len(groups) == 1:
            (offence,) = groups
            out.append(f"{_cap(words(n))} {'person was' if n == 1 else 'people were'} "
                       f"arrested on suspicion of {offence}.")
        else:
            out.append(f"{_cap(words(n))} people were arrested.")  # n >= 2 here
            for offence, k in sorted(groups.items(), key=lambda g: (-g[1], g[0])):
                out.append(f"{_cap(words(k))} {'was' if k == 1 else 'were'} arrested on "
                           f"suspicion of {offence}.")
        adults = [a for a in (_adult(p) for p in f["arrested_adults"]) if a]
        if adults:
            out.append(f"Those arrested include {_join(adults)}.")
        if f["arrested_children"]:
            k = f["arrested_children"]
            what = "is a child" if k == 1 else "are children"
            out.append(f"{_cap(words(k))} of those arrested {what}.")
        for disposal, k in sorted(f["disposals"].items()):
            verb = "has" if k == 1 else "have"
            who = "person" if k == 1 else "people"
            tail = ""
            if disposal == "charged" and len(f["charges"]) == 1:
                tail = f" with {next(iter(f['charges']))}"
            out.append(f"{_cap(words(k))} {who} {verb} been {DISPOSAL_TEXT[disposal]}{tail}.")
    items: list[str] = []
    if f["cash_items"]:
        items.append(f"{money_text(f['cash_gbp'])} in cash")
    items += _drug_items(f["drugs"])
    items += [_plural(w, k) for w, k in sorted(f["weapons"].items())]
    if f["phones"]:
        items.append(_plural("mobile phone", f["phones"]))
    if f["vehicles"]:
        items.append(_plural("vehicle", f["vehicles"]))
    if f["other_items"]:
        items.append(_plural("other item", f["other_items"]))
    if items:
        out.append(f"Officers seized {_join(items)}.")
    if f["safeguarded"]:
        n, kids = f["safeguarded"], f["safeguarded_children"]
        who = "person" if n == 1 else "people"
        including = ""
        if kids and kids < n:
            including = f", including {words(kids)} {'child' if kids == 1 else 'children'},"
        elif kids == n:
            who = "child" if n == 1 else "children"
        referral = (" and referred for support" if f["referrals"] == n else "")
        out.append(f"{_cap(words(n))} {who}{including} {'was' if n == 1 else 'were'} "
                   f"safeguarded{referral}.")
        if f["referrals"] and f["referrals"] < n:
            out.append(f"Referrals were made for {words(f['referrals'])} of them.")
    if not out:
        out.append("No outcomes have been recorded for this operation yet.")
    return {"operation_id": operation_id, "text": " ".join(out), "facts": f}
