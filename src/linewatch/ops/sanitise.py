"""The partner force's part of a package: its own addresses only, sanitised.

Sanitising keeps what officers at the door need (who is there, the risks, what to look for,
who to safeguard) and removes what would identify a source or breach a handling condition:

* intelligence graded with handling code ``C`` is left out entirely (not counted, not
  mentioned; a flag raised only by it disappears, so its existence does not leak);
* every other intelligence item is reduced to "intelligence, dated ...": no text, no report
  id, no grade, no conditions; E-graded context items are dropped;
* evidence keeps only allow-listed keys (never source systems, record or event ids, tables);
* other forces' addresses are dropped; a warning about a link to one names only that force
  and the planned time.

Every partner package carries the same notice, whatever was removed, so it reveals nothing.
"""

from __future__ import annotations

import copy
from typing import Any

from linewatch.errors import NotFound

NOTICE = ("Sanitised for {force}: intelligence text, sources and intelligence held under "
          "handling conditions are not included. Contact the lead force's briefing officer "
          "before entry for any further risk information.")
EVIDENCE_KEYS = frozenset({"kind", "date", "event_type", "offence", "seized", "flag", "age",
                           "person_id", "exploitation_risk", "cuckooing_score"})


def _evidence(item: dict[str, Any]) -> dict[str, Any] | None:
    if item.get("kind") == "intel":
        if (item.get("handling_code") or "P").upper() == "C" or not item.get("counts", True):
            return None
        return {"kind": "intel", "date": item.get("date"),
                "note": "intelligence (details held by the lead force)"}
    return {k: v for k, v in item.items() if k in EVIDENCE_KEYS}


def sanitise_address(address: dict[str, Any]) -> dict[str, Any]:
    """One address's package with intelligence and sources removed."""
    out = copy.deepcopy(address)
    flags = []
    for flag in out["risk_flags"]:
        kept = [e for e in (_evidence(i) for i in flag["evidence"]) if e is not None]
        if kept:
            flags.append({**flag, "evidence": kept})
    out["risk_flags"] = flags
    for plan in out["safeguarding_plan"]:
        plan["referral_pack"] = {"available": plan["referral_pack"]["available"],
                                 "contact": "the lead force's safeguarding officer"}
    out.pop("force_basis", None)
    out.pop("source", None)
    return out


def partner_view(package: dict[str, Any], force: str) -> dict[str, Any]:
    """Only ``force``'s addresses, sanitised, with warnings that concern them."""
    mine = [a for a in package["addresses"] if a["force"] == force]
    if not mine:
        raise NotFound(f"the operation has no addresses in the {force} area")
    ids = {a["address_id"] for a in mine}
    by_id = {a["address_id"]: a for a in package["addresses"]}
    warnings = []
    for w in package["warnings"]:
        if w["a"] not in ids and w["b"] not in ids:
            continue
        own, other = (w["a"], w["b"]) if w["a"] in ids else (w["b"], w["a"])
        if other in ids:
            warnings.append({k: w[k] for k in ("a", "b", "kind", "gap_minutes", "reasons")
                             if k in w} | {"message": w["message"]})
            continue
        theirs = by_id[other]
        warnings.append({
            "a": own, "b": None, "kind": w["kind"], "gap_minutes": w.get("gap_minutes"),
            "message": f"{own} is linked to an address in the {theirs['force']} area with entry "
                       f"planned at {theirs['entry_at']}: enter at the same time"})
    people_ids = {o["person_id"] for a in mine for o in a["occupants"]}
    op = package["operation"]
    return {
        "operation": {k: op[k] for k in ("operation_id", "name", "planned_at",
                                         "entry_window_min", "status", "approved_at")},
        "force": force,
        "notice": NOTICE.format(force=force),
        "generated_at": package["generated_at"],
        "addresses": [sanitise_address(a) for a in mine],
        "forces": [f for f in package["forces"] if f["force"] == force],
        "people": [p for p in package["people"] if p["person_id"] in people_ids],
        "warnings": warnings,
        "sanitised": True,
    }
