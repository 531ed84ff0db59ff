"""The detection stage: features -> scores -> lines -> roles -> networks -> disruption.

``run(store)`` replaces this stage's tables (``phone_features``, ``phone_bursts``,
``phone_scores``, ``lines``, ``line_numbers``, ``phone_roles``, ``person_roles``,
``line_addresses``, ``network_centrality``, ``network_communities``, ``line_disruption``) and
records the run with ``start_run(store, "detect", ...)``; every row carries the run id.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from rich.progress import Progress

from linewatch.detect import lines as ln
from linewatch.detect import neighbourhood as nb
from linewatch.detect.areas import area_centres
from linewatch.detect.co_travel import (
    co_located,
    co_travellers,
    phone_owners,
    with_travellers,
)
from linewatch.detect.controller_phones import (
    controller_phones_from_runners,
    record_controller_phones,
)
from linewatch.detect.lending import lend_continuity
from linewatch.detect.network_stage import write_networks
from linewatch.detect.params import DetectParams, make_params
from linewatch.detect.persons import owner_phones, person_roles
from linewatch.detect.pipeline import FeatureResult, compute_features
from linewatch.detect.places import whereabouts
from linewatch.detect.roles import assign_roles, same_owner_roles
from linewatch.detect.score import Scores, columns, explain, score_columns
from linewatch.detect.tables import write_json_rows
from linewatch.detect.trap_occupants import trap_addresses_from_evidence
from linewatch.detect.traps import trap_addresses
from linewatch.network.linegraph import owners
from linewatch.storage import Store, identities
from linewatch.storage.engine import engine_for
from linewatch.storage.lake import open_lake
from linewatch.storage.runs import start_run

STEPS = ("features", "scores", "lines", "roles", "networks")
INPUTS = ("cdr", "cells", "subscribers")


def run(store: Store, *, params: dict[str, Any] | None = None,
        progress: Progress | None = None) -> dict[str, Any]:
    """Run detection on ``store``; returns the run summary."""
    p = make_params(params)
    task = progress.add_task("detect", total=len(STEPS)) if progress else None

    def step() -> None:
        if progress is not None and task is not None:
            progress.advance(task)

    with start_run(store, "detect", p.as_dict()) as current:
        run_id = current.run_id
        available = [t for t in INPUTS if store.count(t) > 0]
        result = _features(store, p, available)
        _write_features(store, result, run_id)
        step()
        numbers = result.features.column("number").to_pylist()
        cols = columns(result.features)
        scores, continuity, lines, links, source = _score_and_group(store, p, result, cols,
                                                                    numbers)
        _write_scores(store, result, cols, scores, continuity, lines, links, numbers, run_id, p)
        step()
        first = dict(zip(numbers, result.features.column("first_ts").to_pylist(), strict=True))
        last = dict(zip(numbers, result.features.column("last_ts").to_pylist(), strict=True))
        line_scores = {n: float(scores.score[i]) for i, n in enumerate(numbers)}
        _write_lines(store, lines, line_scores, first, last, run_id)
        step()
        roles, crews = assign_roles(store, lines, line_scores, numbers, result.bursts,
                                    result.areas, p)
        roles = same_owner_roles(store, roles, crews, min_link=p.person_min_link)
        owner_of = phone_owners(store, p.person_min_link)
        travellers = co_travellers(store, result.areas,
                                   [r.number for r in roles if r.role == "runner"], owner_of, p)
        carried = {t.runner_number for t in travellers}
        travellers += co_located(store, [r.number for r in roles if r.role == "runner"
                                         and r.number not in carried], owner_of, p)
        roles = with_travellers(roles, travellers)
        write_json_rows(store, "phone_roles", [
            {"number": r.number, "role": r.role, "line_id": r.line_id,
             "person_id": None, "confidence": r.confidence, "evidence": r.evidence}
            for r in roles], run_id)
        _attach_owners(store)
        crew_numbers = {n for c in crews for n in (*c.runners, *c.traps)}
        customers = {n for c in crews for n in c.customers}
        where = whereabouts(nb.geography(store, crew_numbers | customers, result.areas,
                                         (p.night_start, p.night_end)))
        cells = {c: (la, lo) for c, la, lo in zip(
            result.areas.column("cell_id").to_pylist(), result.areas.column("lat").to_pylist(),
            result.areas.column("lon").to_pylist(), strict=True)}
        owned = [r for r in trap_addresses(store, crews, where, cells,
                                           owners(store, sorted(crew_numbers)),
                                           radius_km=p.trap_address_radius_km)
                 if r["evidence"].get("table") in ("persons", "subscribers")]
        line_of = {n: line.line_id for line in lines for n in line.numbers}
        traps = trap_addresses_from_evidence(store, crews, where, cells, line_of, owned, p)
        write_json_rows(store, "line_addresses", traps, run_id)
        people = person_roles(store, roles, crews, traps, p, line_of)
        owner_phones(store, people)
        more = controller_phones_from_runners(store, crews, line_of, result.areas, p)
        if more:  # the controller's own phone, through runner phones found at person level
            record_controller_phones(store, more)
            found = {r.number: r for r in more}
            roles = [found.get(r.number, r) if r.role in ("customer", "other") else r
                     for r in roles]
            people = person_roles(store, roles, crews, traps, p, line_of)
            owner_phones(store, people)
        write_json_rows(store, "person_roles", people, run_id)
        step()
        net = write_networks(store, result.edges, line_of, [x.line_id for x in lines], p,
                             run_id)
        step()
        counts: dict[str, int] = {}
        for r in roles:
            counts[r.role] = counts.get(r.role, 0) + 1
        current.summary.update({
            "numbers": len(numbers), "deal_line_numbers": len(line_of), "lines": len(lines),
            "bursts": result.bursts.num_rows, "phone_roles": counts,
            "trap_addresses": len(traps), "inputs": available,
            "areas": len(area_centres(result.areas)), "links_source": source,
            "engine": p.engine, **net})
        return {"run_id": run_id, **current.summary}


def _features(store: Store, p: DetectParams, available: list[str]) -> FeatureResult:
    if p.engine == "spark" and p.lake:
        engine, kinds = open_lake(p.lake, "spark", master=p.spark_master)
        try:
            return compute_features(engine, p, kinds)
        finally:
            engine.close()
    if p.engine == "spark":
        work = Path(store.path).resolve().parent if store.path != ":memory:" else Path.cwd()
        engine = engine_for(store, "spark", tables=available, master=p.spark_master,
                            workdir=work / ".linewatch-spark")
        try:
            return compute_features(engine, p, available)
        finally:
            engine.close()
    return compute_features(engine_for(store, "duckdb"), p, available)


def _write_features(store: Store, result: FeatureResult, run_id: str) -> None:
    feats = result.features.append_column(
        "run_id", pa.array([run_id] * result.features.num_rows, pa.string()))
    store.write_arrow("phone_features", feats)
    bursts = result.bursts
    table = pa.table({
        "number": bursts.column("number"),
        "start_time": pa.array([_ts(v) for v in bursts.column("start_ts").to_pylist()],
                               pa.timestamp("us")),
        "end_time": pa.array([_ts(v) for v in bursts.column("end_ts").to_pylist()],
                             pa.timestamp("us")),
        "messages": bursts.column("n_msgs"), "recipients": bursts.column("recipients"),
        "run_id": pa.array([run_id] * bursts.num_rows, pa.string())})
    store.write_arrow("phone_bursts", table)


def _ts(value: Any) -> dt.datetime | None:
    return None if value is None else dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(value))


def _score_and_group(store: Store, p: DetectParams, result: FeatureResult,
                     cols: dict[str, np.ndarray], numbers: list[str]
                     ) -> tuple[Scores, np.ndarray, list[ln.Line], list[ln.Link], str]:
    """Score, then let numbers linked to deal lines (continuity, shared handset) join them."""
    scores = score_columns(cols, np.zeros(len(numbers)), p)
    candidates = [n for n, s in zip(numbers, scores.score, strict=True)
                  if s >= p.continuity_min_score]
    links = ln.resolution_links(store, candidates)
    source = "resolve"
    if links is None:
        links = ln.fallback_links(store, result.edges, candidates, p)
        source = "detect"
    if p.group_shared_customers:
        # a new number announces itself with a broadcast to the brand's customers: numbers
        # that broadcast to a flagged line's customer base join it
        broadcasters = [n for n, b, sc in zip(numbers, cols["burst_days"], scores.score,
                                              strict=True)
                        if b >= 1 and sc >= p.continuity_min_score]
        links = links + ln.shared_customer_links(result.edges, broadcasters, p)
    continuity, takeover, _ = lend_continuity(
        lambda c, t: score_columns(cols, c, p, t).score, numbers, links, p)
    scores = score_columns(cols, continuity, p, takeover)
    deal = {n for n, s in zip(numbers, scores.score, strict=True) if s >= p.threshold}
    if p.group_shared_customers:
        links = links + ln.shared_customer_links(result.edges, deal, p)
    if p.group_shared_staff:
        links = links + ln.shared_staff_links(store, result.edges, deal, p)
    links = list({(k.number_a, k.number_b, k.link_type): k for k in links}.values())
    first = dict(zip(numbers, result.features.column("first_ts").to_pylist(), strict=True))
    distinct = ln.concurrent_pairs(store, deal, p)
    return scores, continuity, ln.group_lines(deal, links, first, distinct, p), links, source


def _write_scores(store: Store, result: FeatureResult, cols: dict[str, np.ndarray],
                  scores: Scores, continuity: np.ndarray, lines: list[ln.Line],
                  links: list[ln.Link], numbers: list[str], run_id: str,
                  p: DetectParams) -> None:
    explain_min = min(p.explain_min_score, p.threshold)
    bursts = _bursts_by_number(result.bursts)
    explanations: list[str | None] = []
    line_of = {n: line.line_id for line in lines for n in line.numbers}
    for i, number in enumerate(numbers):
        # explained: every number near or over the threshold, and every bulk sender (so an
        # analyst can see why a broadcaster was not flagged)
        if scores.score[i] < explain_min and number not in bursts:
            explanations.append(None)
            continue
        text = explain(scores, cols, i, p)
        text["threshold"] = p.threshold
        text["line_id"] = line_of.get(number)
        text["evidence"] = {"biggest_bursts": _burst_evidence(store, number, bursts)}
        if continuity[i]:
            text["evidence"]["links"] = [
                {"a": k.number_a, "b": k.number_b, "type": k.link_type,
                 "confidence": k.confidence, "source": k.source}
                for k in links if number in (k.number_a, k.number_b)]
        explanations.append(json.dumps(text, default=str))
    table = pa.table({
        "number": pa.array(numbers, pa.string()),
        "deal_line_score": pa.array(np.round(scores.score, 6), pa.float64()),
        "is_deal_line": pa.array([n in line_of for n in numbers], pa.bool_()),
        "explanation": pa.array(explanations, pa.string()),
        "run_id": pa.array([run_id] * len(numbers), pa.string())})
    store.write_arrow("phone_scores", table, json_columns=["explanation"])


def _bursts_by_number(bursts: pa.Table) -> dict[str, list[tuple[int, int, int, int]]]:
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    for n, s, e, m, r in zip(*(bursts.column(c).to_pylist() for c in (
            "number", "start_ts", "end_ts", "n_msgs", "recipients")), strict=True):
        out.setdefault(n, []).append((s, e, m, r))
    return out


def _burst_evidence(store: Store, number: str,
                    bursts: dict[str, list[tuple[int, int, int, int]]]) -> list[dict[str, Any]]:
    top = sorted(bursts.get(number, []), key=lambda b: (-b[3], b[0]))[:5]
    out = []
    for start, end, msgs, recipients in top:
        ref = store.query_one(
            "SELECT _batch, _row FROM cdr WHERE a_number = ? AND start_time = ? "
            "ORDER BY _batch, _row LIMIT 1", [number, _ts(start)])
        out.append({"start": _ts(start), "end": _ts(end), "messages": msgs,
                    "recipients": recipients, "seconds": end - start,
                    "first_record": {"table": "cdr", "_batch": ref[0], "_row": ref[1]}
                    if ref else None})
    return out


def _write_lines(store: Store, lines: list[ln.Line], scores: dict[str, float],
                 first: dict[str, Any], last: dict[str, Any], run_id: str) -> None:
    rows, members = [], []
    for line in lines:
        firsts = [first[n] for n in line.numbers if first.get(n) is not None]
        lasts = [last[n] for n in line.numbers if last.get(n) is not None]
        rows.append({
            "line_id": line.line_id, "score": round(max(scores[n] for n in line.numbers), 6),
            "first_seen": _ts(min(firsts)) if firsts else None,
            "last_seen": _ts(max(lasts)) if lasts else None,
            "explanation": {"numbers": line.numbers, "score_rule": "highest number score",
                            "continuity_confidence": line.confidence,
                            "continuity_rule": "weakest link joining its numbers",
                            "kept_apart": line.refused,
                            "links": [{"a": k.number_a, "b": k.number_b, "type": k.link_type,
                                       "confidence": k.confidence, "source": k.source,
                                       "evidence": k.evidence} for k in line.links]}})
        for n in line.numbers:
            members.append({"line_id": line.line_id, "number": n,
                            "first_seen": _ts(first.get(n)), "last_seen": _ts(last.get(n))})
    identities.remember_current(store, "line")
    write_json_rows(store, "lines", rows, run_id)
    write_json_rows(store, "line_numbers", members, run_id)
    identities.record_members(store, "line", {x.line_id: set(x.numbers) for x in lines},
                              run_id)


def _attach_owners(store: Store) -> None:
    """Fill ``phone_roles.person_id`` with each number's most confident owner."""
    if not store.table_exists("phone_persons"):
        return
    store.execute(
        "UPDATE phone_roles SET person_id = o.person_id FROM (SELECT number, person_id FROM ("
        "SELECT number, person_id, row_number() OVER (PARTITION BY number ORDER BY "
        "confidence DESC NULLS LAST, person_id) AS rk FROM phone_persons) WHERE rk = 1) o "
        "WHERE o.number = phone_roles.number")
