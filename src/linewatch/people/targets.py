"""The target list: offenders by priority, with the victim-first rule applied.

A person flagged for safeguarding (a likely exploited child, or a vulnerable adult victim of
cuckooing) never appears on the target list, even when arrested for supply: under-18s whose
offence is a direct consequence of exploitation have a defence under section 45 of the Modern
Slavery Act 2015. A supervisor may override that with a written reason
(:func:`linewatch.safeguard.add_target_override`); only then does the person appear, and the
override is shown in their explanation.

Every child (under 18 in the analysis window, as the safeguarding assessment found) is held
back too, flagged or not: a child on a county line is presumed a possible victim, and only a
supervisor's override with a reason puts them on the list. So is a *possible* child, recorded
as less than ``child_age_margin_years`` (1) past 18 at the window's start: a date of birth on a
record is often a year out, and the doubt goes to the victim.

Identity is uncertain: a person who may be a flagged person under another identity (a near
match resolution kept apart, the same name and date of birth, a shared phone; see
:mod:`linewatch.safeguard.identity`) is held back the same way. Everyone held back is written
to ``target_holdbacks`` with ``held_back_reason``; an overridden person's explanation carries
the reason too.

The list is rebuilt from ``person_priority`` whenever scoring, safeguarding or an override
changes, so ``target_list`` is always consistent with ``person_exploitation`` and
``target_overrides``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from linewatch.people.output import replace_table
from linewatch.storage import Store, identities

#: who may be the same as a flagged person, and why (``safeguard.identity``)
PossibleSameAs = Callable[[Store, Mapping[str, Mapping[str, Any]]],
                          dict[str, list[dict[str, Any]]]]

#: the target list's settings when no scoring run recorded them: the scoring stage's defaults
#: (``linewatch.score.params``; a test keeps the two equal)
TARGET_DEFAULTS: dict[str, Any] = {"min_priority": 0.15, "max_targets": 100}

S45_NOTE = ("Flagged for safeguarding as a likely victim of exploitation: kept off the target "
            "list (victim first). Under-18s have a defence under s.45 Modern Slavery Act 2015 "
            "where the offence is a direct consequence of their exploitation; drug supply is "
            "not an excluded offence (Schedule 4).")

HELD_BACK_FLAGGED = "flagged for safeguarding as a likely victim of exploitation (victim first)"
HELD_BACK_CHILD = ("a child in the analysis window, or recorded as less than a year past "
                   "18 (a recorded date of birth is often a year out): reviewed as a possible "
                   "victim of exploitation before any targeting (victim first), though not "
                   "flagged")


def children_from_store(store: Store) -> set[str]:
    """Everyone the safeguarding assessment found under 18 in the analysis window, flagged
    or not: a child on a county line is presumed a possible victim until a supervisor says
    otherwise."""
    if not store.table_exists("person_exploitation"):
        return set()
    children: set[str] = set()
    for pid, indicators in store.query(
            "SELECT person_id, indicators FROM person_exploitation ORDER BY person_id"):
        data = json.loads(indicators) if isinstance(indicators, str) else (indicators or {})
        if data.get("child") or data.get("possible_child"):
            children.add(str(pid))
    return children


def flagged_from_store(store: Store) -> dict[str, dict[str, Any]]:
    """People the safeguarding stage flagged, with their risk and indicator names."""
    if not store.table_exists("person_exploitation"):
        return {}
    found: dict[str, dict[str, Any]] = {}
    for pid, risk, indicators in store.query(
            "SELECT person_id, exploitation_risk, indicators FROM person_exploitation "
            "WHERE safeguarding_flag"):
        data = json.loads(indicators) if isinstance(indicators, str) else (indicators or {})
        found[pid] = {"exploitation_risk": risk, "child": bool(data.get("child")),
                      "indicators": sorted(i["name"] for i in data.get("indicators", []))}
    return found


def list_overrides(store: Store, person_id: str | None = None, *,
                   active_only: bool = False) -> list[dict[str, Any]]:
    """Supervisors' overrides, newest first (optionally for one person, optionally only
    unrevoked); :mod:`linewatch.safeguard.overrides` records and revokes them."""
    if not store.table_exists("target_overrides"):
        return []
    # an override made under an id that a later run merged away stands for the person now
    moved = identities.redirect_map(store, "person")
    names = None if person_id is None else identities.aliases(store, "person", person_id)
    sql = "SELECT * FROM target_overrides WHERE (? IS NULL OR list_contains(?, person_id))"
    if active_only:
        sql += " AND revoked_at IS NULL"
    rows = store.query_dicts(sql + " ORDER BY created_at DESC, override_id", [names, names])
    for row in rows:
        if row["person_id"] in moved:
            row["made_for"], row["person_id"] = row["person_id"], moved[row["person_id"]]
    return rows


def active_overrides(store: Store) -> dict[str, dict[str, Any]]:
    """The newest unrevoked override of each person."""
    found: dict[str, dict[str, Any]] = {}
    for row in list_overrides(store, active_only=True):
        found.setdefault(row["person_id"], row)
    return found


def _score_params(store: Store, run_id: str | None) -> dict[str, Any]:
    params = dict(TARGET_DEFAULTS)
    if run_id:
        raw = store.scalar("SELECT params FROM analysis_runs WHERE run_id = ?", [run_id])
        if raw:
            stored = json.loads(raw)
            params.update({k: v for k, v in stored.items() if k in TARGET_DEFAULTS})
    return params


def write_target_list(store: Store, *, run_id: str | None = None,
                      params: dict[str, Any] | None = None,
                      flagged: dict[str, dict[str, Any]] | None = None,
                      children: set[str] | None = None,
                      possible_same_as: PossibleSameAs) -> dict[str, int]:
    """Rebuild ``target_list`` from ``person_priority``; returns counts for the run summary.

    ``possible_same_as`` is the safeguarding stage's judgement of who may be the same as a
    flagged person (:func:`linewatch.safeguard.identity.possible_same_as_flagged`): the callers
    (score, safeguard) pass it, so this module needs no safeguarding code.

    ``flagged`` (person -> safeguarding summary) defaults to what ``person_exploitation``
    holds, and ``children`` (everyone under 18 in the window) what its indicators say;
    ``params`` (``min_priority``, ``max_targets``) default to those of the scoring run
    that wrote ``person_priority``.
    """
    if not store.table_exists("person_priority"):
        return {"targets": 0, "kept_off_for_safeguarding": 0, "held_back_possible_victim": 0,
                "held_back_child": 0, "overridden": 0}
    rows = store.query_dicts("SELECT person_id, harm_score, priority, components, run_id "
                             "FROM person_priority ORDER BY priority DESC, person_id")
    run_id = run_id or (rows[0]["run_id"] if rows else None)
    params = params or _score_params(store, run_id)
    flagged = flagged_from_store(store) if flagged is None else flagged
    overrides = active_overrides(store)
    possible = possible_same_as(store, flagged)
    children = children_from_store(store) if children is None else children
    out: list[dict[str, Any]] = []
    held_back: list[dict[str, Any]] = []
    kept_off = possible_kept_off = child_kept_off = overridden = 0
    for row in rows:
        components = json.loads(row["components"]) if isinstance(row["components"], str) \
            else row["components"]
        if not components.get("eligible") or row["priority"] < float(params["min_priority"]):
            continue
        explanation: dict[str, Any] = {
            "priority": row["priority"], "harm_score": row["harm_score"],
            "components": components.get("components", {}),
            "role": components.get("role"), "evidence": components.get("evidence", [])[:20],
        }
        pid = row["person_id"]
        if pid in flagged or pid in possible or pid in children:
            reason = (HELD_BACK_FLAGGED if pid in flagged else possible[pid][0]["reason"]
                      if pid in possible else HELD_BACK_CHILD)
            override = overrides.get(pid)
            if override is None:
                kept_off += pid in flagged
                possible_kept_off += pid not in flagged and pid in possible
                child_kept_off += pid not in flagged and pid not in possible
                held_back.append({"person_id": pid, "priority": row["priority"],
                                  "held_back_reason": reason,
                                  "possible_same_as": possible.get(pid, []), "run_id": run_id})
                continue
            overridden += 1
            explanation["held_back_reason"] = reason
            if pid in flagged:
                explanation["safeguarding"] = {**flagged[pid], "note": S45_NOTE}
            elif pid in possible:
                explanation["possible_same_as"] = possible[pid]
            explanation["override"] = {
                "override_id": override["override_id"], "user_name": override["user_name"],
                "reason": override["reason"], "created_at": str(override["created_at"])}
        out.append({"person_id": pid, "priority": row["priority"],
                     "explanation": explanation})
        if len(out) >= int(params["max_targets"]):
            break
    replace_table(store, "target_list", [
        {"rank": i + 1, "person_id": r["person_id"], "priority": r["priority"],
         "explanation": r["explanation"], "run_id": run_id} for i, r in enumerate(out)])
    replace_table(store, "target_holdbacks", held_back)
    return {"targets": len(out), "kept_off_for_safeguarding": kept_off,
            "held_back_possible_victim": possible_kept_off, "held_back_child": child_kept_off,
            "overridden": overridden}


def read_holdbacks(store: Store) -> list[dict[str, Any]]:
    """People kept off the target list (flagged, or possibly a flagged person), with why."""
    if not store.table_exists("target_holdbacks"):
        return []
    rows = store.query_dicts("SELECT person_id, priority, held_back_reason, possible_same_as, "
                             "run_id FROM target_holdbacks ORDER BY priority DESC, person_id")
    for row in rows:
        row["possible_same_as"] = json.loads(row["possible_same_as"] or "[]")
    return rows


def read_target_list(store: Store) -> list[dict[str, Any]]:
    """The stored target list, ranked, with each explanation decoded."""
    if not store.table_exists("target_list"):
        return []
    rows = store.query_dicts("SELECT rank, person_id, priority, explanation, run_id "
                             "FROM target_list ORDER BY rank")
    for row in rows:
        row["explanation"] = json.loads(row["explanation"]) if row["explanation"] else {}
    return rows
