"""The scoring stage: per-person harm and priority, then the target list.

Order with safeguarding: ``score.run`` first runs the safeguarding assessment in memory (without
writing it) so that the target list it writes already leaves out every person flagged for
safeguarding, now or by the last safeguarding run; ``safeguard.run`` writes ``person_exploitation`` and rebuilds the target list from
it, so whatever order the stages run in, the last written ``target_list`` agrees with the
stored ``person_exploitation`` and ``target_overrides``.
"""

from __future__ import annotations

from typing import Any

from rich.progress import Progress

from linewatch.errors import LinewatchError
from linewatch.people.context import Context, load_context
from linewatch.people.output import replace_table
from linewatch.people.targets import children_from_store, flagged_from_store, write_target_list
from linewatch.safeguard.identity import possible_same_as_flagged
from linewatch.score.components import (
    Components,
    association,
    frequency_norm,
    harm_norm,
    offences_of,
    own_violence,
    role_component,
    violence_links,
)
from linewatch.score.harm import decay, load_harm_weights
from linewatch.score.network import disruption_values
from linewatch.score.params import make_params
from linewatch.storage import Store
from linewatch.storage.runs import start_run

LINE_ROLES = ("controller", "runner", "associate", "trap_occupant")


def run(store: Store, *, params: dict[str, Any] | None = None,
        progress: Progress | None = None) -> dict[str, Any]:
    """Score every resolved person, write ``person_priority`` and ``target_list``."""
    p = make_params(params)
    if not store.table_exists("persons"):
        raise LinewatchError("scoring needs resolved persons: run 'linewatch analyse' "
                             "(resolve) first")
    task = progress.add_task("score", total=4) if progress else None
    with start_run(store, "score", p) as current:
        ctx = load_context(store, p)
        _advance(progress, task)
        rows = score_persons(store, ctx, p)
        replace_table(store, "person_priority", [{**r, "run_id": current.run_id} for r in rows])
        _advance(progress, task)
        from linewatch.safeguard.run import assess

        assessment = assess(store, ctx=ctx)
        # victim first even before safeguarding writes its tables: flagged now, or by the
        # last safeguarding run (which may have used other settings)
        flagged = flagged_from_store(store)
        flagged.update({pid: {"exploitation_risk": a["exploitation_risk"],
                              "child": bool(a["child"]),
                              "indicators": sorted(i["name"] for i in a["indicators"])}
                        for pid, a in assessment.people.items() if a["safeguarding_flag"]})
        _advance(progress, task)
        children = children_from_store(store) | {
            pid for pid, a in assessment.people.items() if a["child"] or a["possible_child"]}
        counts = write_target_list(store, run_id=current.run_id, params=p, flagged=flagged,
                                   children=children,
                                   possible_same_as=possible_same_as_flagged)
        _advance(progress, task)
        current.summary.update({
            "persons_scored": len(rows),
            "with_harm": sum(1 for r in rows if r["harm_score"] > 0),
            "reference_time": ctx.reference.isoformat(sep=" "),
            "harm_weights": load_harm_weights(p["harm_weights"]).recorded_path,
            **counts,
        })
        return {"run_id": current.run_id, **current.summary}


def score_persons(store: Store, ctx: Context, p: dict[str, Any]) -> list[dict[str, Any]]:
    """One ``person_priority`` row (without run id) per resolved person."""
    weights = load_harm_weights(p["harm_weights"])
    half_life = float(p["half_life_days"] or weights.decay_half_life_days)
    comps: dict[str, Components] = {}
    for pid in ctx.person_ids:
        c = Components()
        c.offences = offences_of(ctx, pid, weights, half_life)
        c.violence_own = own_violence(ctx, pid, c.offences, list(p["violent_flags"]))
        c.role, c.role_value = role_component(ctx, pid, dict(p["role_weights"]))
        comps[pid] = c
    violence_links(store, ctx, comps, p)
    disruption, disruption_source = disruption_values(store, ctx)
    violent = {pid for pid, c in comps.items() if c.violence_own}
    assoc_types = list(p["association_types"])
    assoc_max = float(p["association_max"])
    w = dict(p["weights"])
    total_weight = sum(w.values())
    rows = []
    for pid in ctx.person_ids:
        c = comps[pid]
        last = max((o.event.occurred_at for o in c.offences), default=None)
        days_since = (ctx.reference - last).total_seconds() / 86400.0 if last else None
        values = {
            "harm": harm_norm(c.harm, float(p["harm_scale_days"])),
            "recency": decay(days_since, half_life) if days_since is not None else 0.0,
            "frequency": frequency_norm(len(c.offences), float(p["frequency_scale"])),
            "violence": c.violence_value,
            "role": c.role_value,
            "disruption": float(disruption.get(pid, {}).get("value", 0.0)),
        }
        weighted = sum(w[k] * values[k] for k in values) / total_weight
        linked, assoc_value = association(ctx, pid, violent, assoc_types,
                                          float(p["association_scale"]))
        assoc_contribution = assoc_max * assoc_value
        priority = min(1.0, weighted + assoc_contribution)
        details = {
            "harm": {"harm_days": round(c.harm, 3), "scale_days": p["harm_scale_days"],
                     "half_life_days": half_life,
                     "offences": [o.evidence() for o in c.offences]},
            "recency": {"last_offence": last.isoformat(sep=" ") if last else None,
                        "days_since": None if days_since is None else round(days_since, 2)},
            "frequency": {"offences": len(c.offences), "scale": p["frequency_scale"]},
            "violence": {"own": c.violence_own, "associates": c.violence_associates[:20]},
            "role": c.role,
            "disruption": {"source": disruption_source, **disruption.get(pid, {})},
        }
        components = {k: {"value": round(values[k], 6), "weight": w[k],
                          "contribution": round(w[k] * values[k] / total_weight, 6),
                          "detail": details[k]} for k in values}
        if linked:  # association is not guilt: bounded, outside the mean, shown on its own
            components["association"] = {
                "value": round(assoc_value, 6), "weight": assoc_max, "cap": assoc_max,
                "contribution": round(assoc_contribution, 6),
                "detail": {"related": linked[:20], "cap": assoc_max,
                           "note": "links to violence through recorded relationships; "
                                   f"adds at most {assoc_max} to the priority and never "
                                   "makes anyone a target on its own"}}
        evidence: list[dict[str, Any]] = []
        for item in [o.event.ref for o in c.offences] + [
                {k: v for k, v in e.items() if k in ("table", "source_system", "event_id",
                                                        "person_id", "flag")}
                for e in c.violence_own]:
            if item not in evidence:
                evidence.append(item)
        eligible = bool(c.offences or c.violence_own or (
            c.role is not None and c.role["role"] in LINE_ROLES and c.role_value > 0))
        rows.append({
            "person_id": pid, "harm_score": round(c.harm, 3), "priority": round(priority, 6),
            "components": {"components": components, "role": c.role, "eligible": eligible,
                           "evidence": evidence, "reference_time": ctx.reference.isoformat(),
                           "harm_weights": weights.recorded_path},
        })
    return rows


def _advance(progress: Progress | None, task: Any) -> None:
    if progress is not None and task is not None:
        progress.advance(task)
