"""Cuckooing evidence from intelligence reports and anonymous tips.

The text stage (``linewatch.text.intake``) finds addresses in reports and tips and matches them
to known addresses (``text_mentions``, ``matched_type = 'address'``). For each matched
mention, the sentence that names the address and the one after it (unless that one names
another address) are read with the cuckooing phrase groups: a ``use`` group there ("young
people coming and going at all hours", "dealing from", "used as a base") fires
``reported_use``, an ``occupant`` group ("the person living there is scared") fires
``reported_occupant``. Both are things observed at the address.

Each report counts by its grade: an intelligence report by its 3x5x2 intelligence assessment
(``report_grade_factors``: A and B strongest, C less, D little, E never), an anonymous tip as
an ungraded observation (``tip_factor``, below a B report). Several reports about the same
address combine as independent observations: ``1 - prod(1 - factor)``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from linewatch.safeguard.phrases import Phrases
from linewatch.storage import Store

if TYPE_CHECKING:
    from linewatch.safeguard.cuckooing import AddressBook

#: text_mentions.source_kind -> (table, id column) of the text it came from
TEXT_SOURCES = {"intel": ("intel", "report_id"), "tips": ("tips", "tip_id")}
INDICATOR_OF_KIND = {"use": "reported_use", "occupant": "reported_occupant"}
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def grade_factor(source_kind: str, assessment: str | None, p: dict[str, Any]) -> float:
    """How much one report counts: by its assessment letter, or ``tip_factor`` for a tip."""
    if source_kind == "tips":
        return float(p["tip_factor"])
    return float(p["report_grade_factors"].get((assessment or "").strip().upper(), 0.0))


def nearby_text(text: str, start: int, end: int, other_spans: list[tuple[int, int]]) -> str:
    """The sentence holding ``text[start:end]`` and the next one, unless it names another
    address (``other_spans``)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text)]
    first = max((e for e in ends if e <= start), default=0)
    stops = [e for e in ends if e >= end]
    last = stops[0] if stops else len(text)
    following = next((e for e in stops[1:]), len(text))
    if not any(last <= s < following for s, _ in other_spans):
        last = following
    return text[first:last]


def reported_activity(store: Store, book: AddressBook, p: dict[str, Any],
                      phrases: Phrases) -> None:
    """Fire ``reported_use`` / ``reported_occupant`` on addresses that reports describe."""
    weights = p["cuckoo_weights"]
    if not store.table_exists("text_mentions"):
        return
    mentions = store.query_dicts(
        "SELECT source_kind, source_id, mention_type, matched_type, matched_id, span_start, "
        "span_end, source_evaluation, intelligence_assessment FROM text_mentions "
        "WHERE list_contains(?, source_kind) AND mention_type = 'address' "
        "ORDER BY source_kind, source_id, span_start", [list(TEXT_SOURCES)])
    texts = _texts(store, {(m["source_kind"], m["source_id"]) for m in mentions})
    postcodes = _postcodes(store, {m["matched_id"] for m in mentions if m["matched_id"]})
    spans: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for m in mentions:
        if m["span_start"] is not None:
            spans[(m["source_kind"], m["source_id"])].append((m["span_start"], m["span_end"]))
    found: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for m in mentions:
        source = (m["source_kind"], m["source_id"])
        text = texts.get(source)
        if (m["matched_type"] != "address" or not m["matched_id"] or not text
                or m["span_start"] is None or m["span_end"] is None):
            continue
        factor = grade_factor(m["source_kind"], m["intelligence_assessment"], p)
        if factor <= 0:
            continue
        c = book.case(m["matched_id"], postcodes.get(m["matched_id"]))
        if c is None:
            continue
        others = [s for s in spans[source] if s != (m["span_start"], m["span_end"])]
        window = nearby_text(text, int(m["span_start"]), int(m["span_end"]), others)
        grade = (None if m["source_kind"] == "tips" else
                 f"{m['source_evaluation'] or '?'}{m['intelligence_assessment'] or '?'}")
        for match in phrases.concerns(phrases.cuckooing, window):
            kind = next((g.kind for g in phrases.cuckooing if g.name == match["group"]), None)
            name = INDICATOR_OF_KIND.get(kind or "")
            if name is None:
                continue
            ref = {"table": TEXT_SOURCES[m["source_kind"]][0], "source_id": m["source_id"],
                   "grade": grade, "factor": factor, **match}
            if not any(e["source_id"] == ref["source_id"] and e["group"] == ref["group"]
                       for e in found[(c.key, name)]):
                found[(c.key, name)].append(ref)
    for (key, name), evidence in sorted(found.items()):
        per_source: dict[str, float] = {}
        for e in evidence:
            per_source[e["source_id"]] = max(per_source.get(e["source_id"], 0.0), e["factor"])
        missing = 1.0
        for value in per_source.values():
            missing *= 1.0 - min(1.0, value)
        combined = 1.0 - missing
        book.cases[key].fire(name, weights[name], evidence, factor=combined,
                             reports=len(per_source), grade_factor=round(combined, 6))


def _texts(store: Store, sources: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for kind, (table, column) in TEXT_SOURCES.items():
        ids = sorted(i for k, i in sources if k == kind)
        if not ids or not store.table_exists(table):
            continue
        for source_id, text in store.query(
                f"SELECT {column}, text FROM {table} WHERE list_contains(?, {column})", [ids]):  # noqa: S608 - names from the constant TEXT_SOURCES
            found[(kind, str(source_id))] = text or ""
    return found


def _postcodes(store: Store, addresses: set[str]) -> dict[str, str | None]:
    if not addresses:
        return {}
    return {str(a): pc for a, pc in store.query(
        "SELECT address, min(postcode) FROM addresses WHERE list_contains(?, address) "
        "GROUP BY address", [sorted(addresses)])}
