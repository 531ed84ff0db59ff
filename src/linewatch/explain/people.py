"""Summaries of what the stages say about a person: priority, exploitation risk, role, merge."""

from __future__ import annotations

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

# ---- priority (score stage) --------------------------------------------------------------


def _priority_phrase(name: str, part: Mapping[str, Any], names: Names) -> str:
    detail = part.get("detail") or {}
    if name == "harm" and isinstance(detail, Mapping):
        offences = detail.get("offences") or []
        worst = max(offences, key=lambda o: o.get("harm") or 0, default=None)
        what = f", worst {words(str(worst.get('category') or worst.get('offence')))}" \
            if worst else ""
        return f"{count_words(len(offences), 'offence')} weighing " \
               f"{number_text(float(detail.get('harm_days') or 0), 0)}" \
               f" harm days{what}"
    if name == "recency" and isinstance(detail, Mapping) and detail.get("last_offence"):
        return f"last offence {str(detail['last_offence'])[:10]}"
    if name == "frequency" and isinstance(detail, Mapping):
        return f"{count_words(int(detail.get('offences') or 0), 'offence')} on record"
    if name == "violence" and isinstance(detail, Mapping):
        own = [str(v.get("flag") or v.get("offence") or v.get("kind")) for v in
               detail.get("own") or []]
        mates = detail.get("associates") or []
        bits = [f"violence on record ({', '.join(sorted({words(o) for o in own}))})" if own
                else "",
                f"in contact with {count_words(len(mates), 'violent associate')}"
                if mates else ""]
        return join_phrases(bits)
    if name == "association" and isinstance(detail, Mapping):
        related = detail.get("related") or []
        return (f"related to {count_words(len(related), 'person')} with violence on record "
                f"(association, at most {number_text(float(detail.get('cap') or 0))})")
    if name == "role" and isinstance(detail, Mapping) and detail.get("role"):
        return f"{words(str(detail['role']))} of line {detail.get('line_id') or '?'}"
    if name == "disruption" and isinstance(detail, Mapping) and detail.get("delta_f"):
        return (f"removing them would fragment line {detail.get('line_id') or '?'}'s network "
                f"by {number_text(float(detail['delta_f']))}")
    return words(name)


def _counted(parts: Mapping[str, Any]) -> bool:
    """Whether the harm phrase already counts the offences (so frequency need not)."""
    harm = parts.get("harm")
    return isinstance(harm, Mapping) and float(harm.get("contribution") or 0) > 0


def priority(explanation: Mapping[str, Any], names: Names, *,
             person_id: str | None = None) -> Explanation:
    """The target-list priority (``target_list.explanation`` or ``person_priority.components``)."""
    parts = explanation.get("components") or {}
    ranked = sorted(((k, v) for k, v in parts.items() if isinstance(v, Mapping)),
                    key=lambda kv: -float(kv[1].get("contribution") or 0))
    phrases = [_priority_phrase(k, v, names) for k, v in ranked
               if float(v.get("contribution") or 0) > 0
               and not (k == "frequency" and _counted(parts))]
    value = explanation.get("priority")
    head = f"Priority {number_text(float(value))}" if value is not None else "Priority"
    summary = f"{head}: {join_phrases(phrases[:4]) or 'nothing on record weighs'}."
    if explanation.get("override"):
        summary += " On the list by a supervisor's override."
    tables = [EvidenceTable("Components", ["Component", "Value", "Weight", "Contribution"], [
        [Cell(words(k)), Cell(number_text(v.get("value"))), Cell(number_text(v.get("weight"))),
         Cell(number_text(v.get("contribution"), 3))] for k, v in ranked])]
    detail = {k: (v.get("detail") or {}) for k, v in ranked}
    harm = detail.get("harm") or {}
    if isinstance(harm, Mapping):
        tables.append(EvidenceTable("Offences", ["When", "Offence", "Outcome", "Harm days",
                                                 "Source"], [
            [Cell(str(o.get("occurred_at") or "")), Cell(str(o.get("offence") or "")),
             Cell(words(str(o.get("outcome") or ""))), Cell(number_text(o.get("harm"), 1)),
             Cell(" ".join(str(o[k]) for k in ("source_system", "event_id") if o.get(k)))]
            for o in harm.get("offences") or []]))
    violence = detail.get("violence") or {}
    if isinstance(violence, Mapping):
        tables.append(EvidenceTable("Violence", ["Kind"] + EVIDENCE_COLUMNS, evidence_rows(
            list(violence.get("own") or []) + list(violence.get("associates") or []), names,
            first=lambda i: words(str(i.get("kind") or "")))))
    related = detail.get("association") or {}
    if isinstance(related, Mapping) and related.get("related"):
        tables.append(EvidenceTable("Association", ["Kind"] + EVIDENCE_COLUMNS, evidence_rows(
            [rel for item in related.get("related") or []
             for rel in [{**r, "person_id": item.get("person_id")}
                         for r in item.get("relationships") or []]], names,
            first=lambda i: words(str(i.get("type") or "")))))
    return Explanation(summary, tables)


# ---- exploitation risk (safeguard stage) --------------------------------------------------


def _count(indicator: Mapping[str, Any]) -> int:
    return int(indicator.get("count") or len(indicator.get("evidence") or []))


def _indicator_phrase(ind: Mapping[str, Any], names: Names) -> str:
    name = str(ind.get("name"))
    n = _count(ind)
    evidence = [e for e in ind.get("evidence") or [] if isinstance(e, Mapping)]
    if name == "missing_episodes":
        return count_words(n, "missing episode")
    if name in ("runner_role", "trap_occupant_role"):
        line = next((e.get("line_id") for e in evidence if e.get("line_id")), None)
        return f"{words(name.removesuffix('_role'))} for line {line}" if line else words(name)
    if name == "child_linked_to_line":
        contacts = [e for e in evidence if e.get("phone_role")]
        if contacts:
            top = max(contacts, key=lambda e: int((e.get("evidence") or {}).get("n_events") or 0))
            times = int((top.get("evidence") or {}).get("n_events") or 0)
            return (f"in contact with line {top.get('line_id')}'s {words(str(top['phone_role']))}"
                    f" {times} times")
        return str(ind.get("link") or "linked to a line")
    if name == "older_associates":
        return f"in contact with {count_words(n, 'older associate')}"
    if name == "child_related_to_offender":
        links = sorted({str(e.get("link")) for e in evidence if e.get("link")})
        how = f" ({', '.join(links)})" if links else ""
        return f"related to {count_words(n, 'supply or violence offender')}{how}"
    if name == "street_name_as_child":
        names_on_record = sorted({str(s) for e in evidence for s in e.get("street_names") or []})
        return f"street name on record ({', '.join(names_on_record)})"
    if name == "known_to_partner_agencies":
        agencies = int(ind.get("agencies") or n)
        return f"known to {count_words(agencies, 'partner agency', 'partner agencies')}"
    if name == "concerns_in_reports":
        return count_words(n, "report") + " raising concerns"
    if name == "vulnerability_flags":
        flags = sorted({str(e.get("flag")) for e in evidence if e.get("flag")})
        return f"vulnerability on record ({', '.join(words(f) for f in flags)})"
    if name == "child_in_care":
        return "in care"
    if name == "resident_of_cuckooed_address":
        where = next((e.get("address") for e in evidence if e.get("address")), None)
        return f"lives at a cuckooed address ({where})" if where else "lives at a cuckooed address"
    if name == "under_18":
        return ""  # the age leads the sentence
    return f"{words(name)} ({n})" if n > 1 else words(name)


def exploitation(data: Mapping[str, Any], names: Names, *, flagged: bool | None = None
                 ) -> Explanation:
    """The exploitation risk (``person_exploitation.indicators``)."""
    indicators = [i for i in data.get("indicators") or [] if isinstance(i, Mapping)]
    indicators.sort(key=lambda i: -float(i.get("contribution") or 0))
    age = data.get("age")
    who = (f"{age}" if data.get("child") else f"adult aged {age}" if age is not None
           else "age unknown")
    phrases = [_indicator_phrase(i, names) for i in indicators]
    head = "Flagged" if flagged else "Not flagged" if flagged is False else "Assessed"
    said = join_phrases([p for p in phrases if p][:4])
    summary = f"{head}: {who}, {said}." if said else f"{head}: {who}, no indicator."
    if data.get("review"):
        summary += f" {data['review']}"
    rows = [[Cell(words(str(i.get("name")))), Cell(number_text(i.get("weight"))),
             Cell(number_text(i.get("contribution"))), Cell(str(_count(i)))]
            for i in indicators]
    evidence: list[list[Cell]] = []
    for ind in indicators:
        label = words(str(ind.get("name")))
        evidence += evidence_rows(ind.get("evidence") or [], names,
                                  first=label)
    tables = [EvidenceTable("Indicators", ["Indicator", "Weight", "Contribution", "Items"], rows),
              EvidenceTable("Evidence", ["Indicator"] + EVIDENCE_COLUMNS, evidence)]
    if data.get("note"):
        tables.append(EvidenceTable("Note", ["Note"], [[Cell(str(data["note"]))]]))
    return Explanation(summary, tables)


# ---- a role in a line (detect stage) ------------------------------------------------------


def role(role_name: str, line_id: str | None, evidence: Mapping[str, Any] | None,
         names: Names) -> Explanation:
    """Why a person or phone holds a role in a line (``person_roles.evidence``)."""
    ev = evidence or {}
    rule = str(ev.get("rule") or "")
    where = f" of line {line_id}" if line_id else ""
    summary = f"{words(role_name).capitalize()}{where}" + (f": {rule}." if rule else ".")
    return Explanation(summary, [EvidenceTable("Evidence", EVIDENCE_COLUMNS,
                                               evidence_rows([ev], names))])


# ---- a merge of records into one person (resolve stage) ----------------------------------


def merge(merges: Mapping[str, Any], names: Names) -> Explanation:
    """Why these source records are one person (``person_profile``'s ``merges``)."""
    records = [r for r in merges.get("records") or [] if isinstance(r, Mapping)]
    links = [link for link in merges.get("links") or [] if isinstance(link, Mapping)]
    linked = [link for link in links if link.get("linked")]
    agree: dict[str, int] = {}
    for link in linked:
        for field, comp in (link.get("comparisons") or {}).items():
            if float((comp or {}).get("match_weight") or 0) > 0:
                agree[field] = agree.get(field, 0) + 1
    common = [words(f) for f, n in sorted(agree.items(), key=lambda kv: -kv[1])
              if n == len(linked)]
    weakest = min((float(link.get("match_probability") or 0) for link in linked), default=None)
    overrides = merges.get("joined_by_override") or []
    if len(records) <= 1:
        summary = "One source record: nothing was merged."
    else:
        bits = [f"{count_words(len(records), 'record').capitalize()} joined"]
        if common:
            bits.append(f"agreeing on {join_phrases(common)} in every link")
        if weakest is not None:
            bits.append(f"weakest link {weakest:.4f} (threshold {merges.get('threshold')})")
        if overrides:
            bits.append(f"{count_words(len(overrides), 'override')} by an analyst")
        summary = "; ".join(bits) + "."
    record_rows = [[Cell(str(r.get("source_system") or "")), Cell(str(r.get("record_id") or "")),
                    Cell(" ".join(str(r.get(k) or "") for k in ("forenames", "surname")).strip()),
                    Cell(str(r.get("dob") or "")),
                    Cell(", ".join(str(r[k]) for k in ("address", "postcode") if r.get(k)))]
                   for r in records]
    link_rows = []
    for link in links:
        pair = [" ".join(str(x) for x in rec) for rec in link.get("records") or []]
        comps = link.get("comparisons") or {}
        link_rows.append([
            Cell(" / ".join(pair)), Cell(f"{float(link.get('match_probability') or 0):.4f}"),
            Cell("yes" if link.get("linked") else "no"),
            Cell(", ".join(f"{words(f)} {(c or {}).get('level')}" for f, c in comps.items()
                           if float((c or {}).get("match_weight") or 0) > 0)),
            Cell(", ".join(f"{words(f)} {(c or {}).get('level')}" for f, c in comps.items()
                           if float((c or {}).get("match_weight") or 0) < 0))])
    return Explanation(summary, [
        EvidenceTable("Records", ["System", "Record", "Name", "Date of birth", "Address"],
                      record_rows),
        EvidenceTable("Record pairs compared", ["Records", "Match probability", "Linked",
                                                "Agree", "Disagree"], link_rows)])
