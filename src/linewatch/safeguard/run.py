"""The safeguarding stage: cuckooed addresses, exploitation risk, the safeguarding list.

``run`` writes ``address_cuckooing``, ``person_exploitation`` and ``safeguarding_list``, then
rebuilds ``target_list`` from ``person_priority`` so that nobody it flagged stays on the target
list without a supervisor's override (victim first). ``assess`` does the same computation
without writing anything; the scoring stage calls it so that its own target list is already
right when safeguarding has not run yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.progress import Progress

from linewatch.errors import LinewatchError
from linewatch.people.context import Context, load_context
from linewatch.people.output import replace_table
from linewatch.people.targets import write_target_list
from linewatch.safeguard.cuckooing import AddressCase, assess_addresses
from linewatch.safeguard.exploitation import Indicators
from linewatch.safeguard.geo import Locator
from linewatch.safeguard.identity import possible_same_as_flagged
from linewatch.safeguard.params import make_params
from linewatch.storage import Store
from linewatch.storage.runs import start_run

MSA_NOTE = ("Likely victim of exploitation. Victim first: not a target even if arrested for "
            "supply (s.45 Modern Slavery Act 2015 defence for under-18s; drug supply is not "
            "excluded by Schedule 4). Consider a child safeguarding referral and an NRM "
            "referral (children need no consent).")
ADULT_NOTE = ("Vulnerable adult, likely victim of cuckooing or exploitation. An NRM referral "
              "needs the adult's consent; without it, make a Duty to Notify report.")


@dataclass
class Assessment:
    """The result of one safeguarding assessment, before it is written."""

    people: dict[str, dict[str, Any]]
    addresses: dict[str, AddressCase]
    reference: str
    params: dict[str, Any]


def assess(store: Store, *, ctx: Context | None = None,
           params: dict[str, Any] | None = None) -> Assessment:
    """Compute cuckooing and every person's exploitation risk without writing anything."""
    p = make_params(params)
    if ctx is None:
        ctx = load_context(store, {"reference_date": p["reference_date"],
                                   "min_phone_confidence": p["min_phone_confidence"]})
    locator = Locator(store)
    addresses = assess_addresses(store, ctx, locator, p)
    indicators = Indicators(store, ctx, locator, p, addresses)
    people = {}
    for pid in ctx.person_ids:
        result = indicators.assess(pid)
        if result["safeguarding_flag"]:
            result["note"] = MSA_NOTE if result["child"] else ADULT_NOTE
        people[pid] = result
    return Assessment(people, addresses, ctx.reference.isoformat(sep=" "), p)


def run(store: Store, *, params: dict[str, Any] | None = None,
        progress: Progress | None = None) -> dict[str, Any]:
    """Assess and write the safeguarding tables, then re-apply victim-first to the targets."""
    p = make_params(params)
    if not store.table_exists("persons"):
        raise LinewatchError("safeguarding needs resolved persons: run 'linewatch analyse' "
                             "(resolve) first")
    task = progress.add_task("safeguard", total=3) if progress else None
    with start_run(store, "safeguard", p) as current:
        result = assess(store, params=p)
        _advance(progress, task)
        run_id = current.run_id
        replace_table(store, "address_cuckooing", [
            {"address": c.address, "postcode": c.postcode, "cuckooing_score": round(c.score, 6),
             "cuckooed": c.cuckooed, "run_id": run_id,
             "evidence": {"indicators": list(c.indicators.values()), "residents": c.residents,
                          "rule": "score >= threshold, with an indicator of use by a line "
                                  "and one of a vulnerable occupant",
                          "threshold": p["cuckoo_threshold"]}}
            for c in sorted(result.addresses.values(), key=lambda c: (-c.score, c.key))])
        rows = []
        for pid, a in result.people.items():
            rows.append({"person_id": pid, "exploitation_risk": a["exploitation_risk"],
                         "safeguarding_flag": a["safeguarding_flag"], "run_id": run_id,
                         "indicators": {"indicators": a["indicators"], "age": a["age"],
                                        "child": a["child"],
                                        "possible_child": a["possible_child"],
                                        "vulnerable_adult": a["vulnerable_adult"],
                                        "age_unknown": a["age_unknown"],
                                        "threshold": p["threshold"],
                                        "reference_time": result.reference,
                                        "note": a.get("note"), "review": a.get("review")}})
        replace_table(store, "person_exploitation", rows)
        flagged = sorted((r for r in rows if r["safeguarding_flag"]),
                         key=lambda r: (-r["exploitation_risk"], r["person_id"]))
        replace_table(store, "safeguarding_list", [
            {"rank": i + 1, "person_id": r["person_id"],
             "exploitation_risk": r["exploitation_risk"], "run_id": run_id}
            for i, r in enumerate(flagged)])
        _advance(progress, task)
        counts = write_target_list(store, possible_same_as=possible_same_as_flagged)
        _advance(progress, task)
        current.summary.update({
            "persons_assessed": len(rows), "flagged": len(flagged),
            "children_flagged": sum(1 for r in flagged if r["indicators"]["child"]),
            "addresses_assessed": len(result.addresses),
            "cuckooed_addresses": sum(1 for c in result.addresses.values() if c.cuckooed),
            "reference_time": result.reference,
            "targets_after_victim_first": counts["targets"],
            "kept_off_targets": counts["kept_off_for_safeguarding"],
            "held_back_possible_victim": counts["held_back_possible_victim"],
        })
        return {"run_id": run_id, **current.summary}


def _advance(progress: Progress | None, task: Any) -> None:
    if progress is not None and task is not None:
        progress.advance(task)
