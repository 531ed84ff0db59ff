"""Summaries of what the stages say about lines, numbers and addresses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from linewatch.explain.cells import (
    EVIDENCE_COLUMNS,
    Cell,
    EvidenceTable,
    Explanation,
    Names,
    count_words,
    evidence_rows,
    join_phrases,
    number_text,
    words,
)
from linewatch.schema.types.match_keys import address_keys
from linewatch.schema.types.postcode import try_clean

#: a UK postcode written inside an address line
POSTCODE_IN_TEXT = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b")


def address_identity(address: Any, postcode: Any) -> tuple[str, str]:
    """What makes two written addresses the same place: the dwelling's match key and the
    cleaned postcode (taken from the address line when the postcode field is empty), so
    "11 Whitehall Rd" and "11 Whitehall Road, ... ZZ1 1AA" with that postcode are one."""
    text = str(address or "")
    code = try_clean(postcode) if postcode else None
    if code is None:
        found = POSTCODE_IN_TEXT.search(text.upper())
        code = try_clean(found.group(0)) if found else None
    return str(address_keys(text)["addr_key"] or text.upper()), code or ""


def line(line_id: str, explanation: Mapping[str, Any], names: Names) -> Explanation:
    """Why numbers form one deal line (``lines.explanation``)."""
    numbers = list(explanation.get("numbers") or [])
    links = [lk for lk in explanation.get("links") or [] if isinstance(lk, Mapping)]
    kinds = sorted({words(str(lk.get("type"))) for lk in links})
    summary = f"Line {line_id}: {count_words(len(numbers), 'number')}"
    if len(numbers) > 1 and explanation.get("continuity_confidence") is not None:
        summary += (f" joined by {join_phrases(kinds) or 'continuity'} (weakest link "
                    f"{number_text(float(explanation['continuity_confidence']), 3)})")
    summary += "; scored by its strongest number."
    link_rows = []
    for lk in links:
        inner = lk.get("evidence")
        ev: Mapping[str, Any] = inner if isinstance(inner, Mapping) else {}
        facts = [f"{ev['shared_contacts']} shared contacts" if ev.get("shared_contacts") else "",
                 f"gap {ev['gap_days']} days" if ev.get("gap_days") is not None else "",
                 f"shared handset {', '.join(ev['shared_imeis'])}" if ev.get("shared_imeis")
                 else ""]
        link_rows.append([Cell(str(lk.get("a")), f"phone:{lk.get('a')}"),
                          Cell(str(lk.get("b")), f"phone:{lk.get('b')}"),
                          Cell(words(str(lk.get("type")))),
                          Cell(number_text(lk.get("confidence"), 3)),
                          Cell("; ".join(f for f in facts if f))])
    return Explanation(summary, [
        EvidenceTable("Numbers", ["Number"], [[Cell(n, f"phone:{n}")] for n in numbers]),
        EvidenceTable("Links between its numbers", ["From", "To", "Link", "Confidence",
                                                    "Facts"], link_rows),
        EvidenceTable("Kept apart", EVIDENCE_COLUMNS,
                      evidence_rows(explanation.get("kept_apart") or [], names))])


def phone_score(explanation: Mapping[str, Any]) -> Explanation:
    """Why a number scores as a deal line (``phone_scores.explanation``)."""
    parts = sorted((c for c in explanation.get("contributions") or [] if isinstance(c, Mapping)),
                   key=lambda c: -float(c.get("contribution") or 0))
    strong = [words(str(c.get("component"))) for c in parts if float(c.get("contribution") or 0) > 0]
    score = explanation.get("score")
    summary = (f"Deal-line score {number_text(score)}" if score is not None else "Deal-line score")
    summary += f": {join_phrases(strong[:4])}." if strong else ": no sign of a deal line."
    rows = [[Cell(words(str(c.get("component")))), Cell(str(c.get("meaning") or "")),
             Cell(number_text(c.get("signal"))), Cell(number_text(c.get("weight"))),
             Cell(number_text(c.get("contribution"))),
             Cell("; ".join(f"{words(k)}: {number_text(v)}" for k, v in
                            (c.get("features") or {}).items()))] for c in parts]
    return Explanation(summary, [EvidenceTable(
        "Components", ["Component", "Meaning", "Signal", "Weight", "Contribution", "Features"],
        rows)])


def trap(evidence: Mapping[str, Any] | list[Any], names: Names) -> Explanation:
    """Why an address is a line's trap house (``line_addresses.evidence``, one or merged)."""
    items = [e for e in (evidence if isinstance(evidence, list) else [evidence])
             if isinstance(e, Mapping)]
    rules = list(dict.fromkeys(str(e.get("rule")) for e in items if e.get("rule")))
    texts = {t for e in items for t in e.get("texts_naming_it_with_line_number") or []}
    events = {k: v for e in items for k, v in (e.get("events_at_address") or {}).items()}
    residents = {r for e in items for r in e.get("residents") or []}
    facts = [count_words(len(texts), "text") + " naming it with the line's number" if texts else "",
             join_phrases(count_words(int(v), words(k)) for k, v in events.items()),
             count_words(len(residents), "resident") + " on record" if residents else ""]
    summary = "; ".join(rules) or "Trap address"
    extra = join_phrases(f for f in facts if f)
    summary = summary[0].upper() + summary[1:] + (f" ({extra})." if extra else ".")
    rows = [[Cell(str(e.get("rule") or ""))] + r[1:] for e in items
            for r in evidence_rows([{k: v for k, v in e.items() if k != "rule"}], names)]
    resident_rows = [[names.person(p)] for p in sorted(residents)]
    return Explanation(summary, [
        EvidenceTable("Evidence", ["Rule"] + EVIDENCE_COLUMNS[1:], rows),
        EvidenceTable("Residents", ["Person"], resident_rows)])


def cuckooing(evidence: Mapping[str, Any], names: Names, *, cuckooed: bool | None = None
              ) -> Explanation:
    """Why an address is assessed as cuckooed (``address_cuckooing.evidence``)."""
    indicators = sorted((i for i in evidence.get("indicators") or [] if isinstance(i, Mapping)),
                        key=lambda i: -float(i.get("contribution") or 0))
    phrases = []
    for ind in indicators:
        n = int(ind.get("count") or len(ind.get("evidence") or []))
        name = words(str(ind.get("name")))
        phrases.append(f"{name} ({n})" if n > 1 else name)
    head = "Cuckooed" if cuckooed else "Not assessed as cuckooed" if cuckooed is False \
        else "Assessed"
    summary = f"{head}: {join_phrases(phrases[:5]) or 'no indicator'}."
    rows = []
    for ind in indicators:
        items = [{k: v for k, v in e.items() if k != "evidence" or isinstance(v, Mapping)}
                 for e in ind.get("evidence") or [] if isinstance(e, Mapping)]
        label = words(str(ind.get("name")))
        rows += evidence_rows(items, names, first=label)
    residents = [[names.person(str(p if not isinstance(p, Mapping) else p.get("person_id")))]
                 for p in evidence.get("residents") or []]
    return Explanation(summary, [
        EvidenceTable("Indicators", ["Indicator", "Weight", "Contribution"], [
            [Cell(words(str(i.get("name")))), Cell(number_text(i.get("weight"))),
             Cell(number_text(i.get("contribution")))] for i in indicators]),
        EvidenceTable("Evidence", ["Indicator"] + EVIDENCE_COLUMNS, rows),
        EvidenceTable("Residents", ["Person"], residents)])
