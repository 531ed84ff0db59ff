"""Roles stated in graded intelligence and tips: "'Blade' controls the Bandit line".

Call data shows phones; intelligence often says who is behind them. A statement counts when
one sentence of a report or tip names a person (a nickname or name the text stage matched to a
resolved person) and a line by its brand, with a role cue: "controls", "runs the line", "in
charge of" for a controller; "running for", "deals for", "works for" for a runner.

A brand is tied to a detected line when texts name the brand beside one of the line's numbers
("a line called 'Bandit' ... on 07700 900123", "messages from 07700 900123 advertising
'Bandit'"); a brand whose texts point at more than one line, or at none, is not used.

Each statement carries the text's grade weight (``text_mentions.grade_weight``: an E-graded
report weighs nothing and never counts; a tip has a fixed weight below a B-graded report) and
the evidence names the source, the sentence's span and the cue.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from linewatch.storage import Store

_TEXTS = {"intel": ("intel", "report_id"), "tips": ("tips", "tip_id")}
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class StatedRole:
    person_id: str
    role: str  # "controller" or "runner"
    line_id: str
    weight: float  # grade weight x person match confidence
    evidence: dict[str, Any]


def _mentions(store: Store) -> list[tuple[Any, ...]]:
    if not store.table_exists("text_mentions"):
        return []
    return store.query(
        "SELECT source_kind, source_id, mention_type, normalised, span_start, span_end, "
        "matched_type, matched_id, match_confidence, grade_weight FROM text_mentions "
        "WHERE source_kind IN ('intel', 'tips') AND mention_type IN "
        "('line_name', 'phone', 'nickname', 'person_name') ORDER BY source_kind, source_id, "
        "span_start")


def brand_lines(mentions: list[tuple[Any, ...]], line_of: dict[str, str]) -> dict[str, str]:
    """Brand (lower case) -> line id, from texts naming the brand beside a line number."""
    by_text: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for m in mentions:
        by_text[(m[0], m[1])].append(m)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for rows in by_text.values():
        brands = {str(r[3]).lower() for r in rows if r[2] == "line_name" and r[3]}
        lines = {line_of[str(r[3])] for r in rows if r[2] == "phone" and str(r[3]) in line_of}
        for brand in brands:
            for line in lines:
                votes[brand][line] += 1
    return {brand: next(iter(v)) for brand, v in votes.items() if len(v) == 1}


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = _SENTENCE_END.search(text, end)
    return left, right.start() if right else len(text)


def _texts(store: Store, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for kind, (table, key) in _TEXTS.items():
        ids = sorted(i for k, i in wanted if k == kind)
        if not ids or not store.table_exists(table):
            continue
        rows = store.query(
            f"SELECT {key}, arg_max(text, coalesce(_batch, 0)) FROM {table} "  # noqa: S608 - fixed names
            f"WHERE list_contains(?, {key}) GROUP BY {key}", [ids])
        out.update({(kind, str(i)): str(t) for i, t in rows if t is not None})
    return out


def stated_roles(store: Store, line_of: dict[str, str], controller_cues: tuple[str, ...],
                 runner_cues: tuple[str, ...]) -> list[StatedRole]:
    """Every person-role-line statement found, strongest evidence kept per (person, line)."""
    mentions = _mentions(store)
    brands = brand_lines(mentions, line_of)
    if not brands:
        return []
    by_text: dict[tuple[str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for m in mentions:
        by_text[(m[0], m[1])].append(m)
    wanted = {k for k, rows in by_text.items()
              if any(r[2] == "line_name" and str(r[3]).lower() in brands for r in rows)
              and any(r[6] == "person" and r[7] for r in rows)}
    texts = _texts(store, wanted)
    found: dict[tuple[str, str], StatedRole] = {}
    for key in sorted(wanted):
        text = texts.get(key)
        if text is None:
            continue
        rows = by_text[key]
        for person in (r for r in rows if r[6] == "person" and r[7]):
            left, right = _sentence(text, int(person[4]), int(person[5]))
            sentence = text[left:right]
            lowered = f" {sentence.lower()} "
            role = ("controller" if any(c in lowered for c in controller_cues)
                    else "runner" if any(c in lowered for c in runner_cues) else None)
            weight = float(person[9] or 0.0) * float(person[8] or 0.0)
            if role is None or weight <= 0:
                continue
            for line_row in rows:
                brand = str(line_row[3]).lower()
                if (line_row[2] != "line_name" or brand not in brands
                        or not left <= int(line_row[4]) < right):
                    continue
                line_id = brands[brand]
                stated = StatedRole(str(person[7]), role, line_id, round(weight, 4), {
                    "rule": f"named as the line's {role} in graded intelligence or a tip",
                    "source_kind": key[0], "source_id": key[1], "sentence_span": [left, right],
                    "person_mention": person[3], "brand": line_row[3],
                    "grade_weight": person[9], "person_match_confidence": person[8]})
                current = found.get((stated.person_id, line_id))
                if current is None or (stated.role == "controller", stated.weight) > (
                        current.role == "controller", current.weight):
                    found[(stated.person_id, line_id)] = stated
    return sorted(found.values(), key=lambda s: (s.person_id, s.line_id))
