"""Referral packs as HTML (Jinja2, autoescaped) and PDF (fpdf2, pure Python)."""

from __future__ import annotations

import functools
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_ENV = Environment(loader=PackageLoader("linewatch.safeguard", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))


def evidence_text(item: Any) -> str:
    """One evidence reference as a short line a reader can look up."""
    if not isinstance(item, dict):
        return str(item)
    parts = []
    if item.get("table") == "events" or "event_id" in item:
        parts.append(f"{item.get('event_type', 'event')} {item.get('source_system', '')} "
                     f"{item.get('event_id', '')} on {item.get('occurred_at', '?')}")
    for key in ("missing", "found"):
        if isinstance(item.get(key), dict):
            parts.append(f"{key}: {evidence_text(item[key])}")
    if item.get("km") is not None:
        parts.append(f"{item['km']} km apart")
    elif item.get("basis") == "postcode areas":
        parts.append(f"postcode areas {' / '.join(item.get('areas', []))}")
    if item.get("matched"):
        parts.append(f"{item.get('label', 'note')}: \"{item['matched']}\"")
    for key in ("offence", "role", "flag", "number", "age", "age_gap_years", "line_id", "imeis",
                "numbers", "seized", "address", "cuckooing_score", "detail"):
        if item.get(key) not in (None, "", []) and not (key == "age" and "event_id" in item):
            value = item[key]
            parts.append(f"{key.replace('_', ' ')}: "
                         f"{', '.join(map(str, value)) if isinstance(value, list) else value}")
    if isinstance(item.get("evidence"), dict):
        ev = item["evidence"]
        parts.append(f"cdr batch {ev.get('_batch')} row {ev.get('_row')}, {ev.get('n_events')} "
                     f"events {ev.get('first_seen')} to {ev.get('last_seen')}")
    if item.get("person_id") and "person" not in " ".join(parts):
        parts.append(f"person {item['person_id']}")
    return "; ".join(p for p in parts if p) or str(item)


def render_referral_html(pack: dict[str, Any]) -> str:
    """The pack as a standalone HTML page (every value escaped)."""
    return _ENV.get_template("referral.html.j2").render(pack=pack, evidence_text=evidence_text)


@functools.cache
def _pdf_class() -> Any:
    """fpdf's document class with our footer; fpdf is imported here, when a PDF is written,
    because importing it takes most of a second that every other command would pay."""
    from fpdf import FPDF

    class Pdf(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 8, _latin(f"OFFICIAL-SENSITIVE - page {self.page_no()}"), align="C")

    return Pdf


def _latin(text: Any) -> str:
    """Core PDF fonts are Latin-1: replace anything else rather than fail."""
    value = "" if text is None else str(text)
    value = (value.replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
             .replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"'))
    return value.encode("latin-1", "replace").decode("latin-1")


def render_referral_pdf(pack: dict[str, Any]) -> bytes:
    """The pack as a PDF document (bytes starting with ``%PDF``)."""
    pdf = _pdf_class()(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def heading(text: str) -> None:
        pdf.ln(2)
        pdf.set_font("Helvetica", style="B", size=12)
        pdf.multi_cell(width, 7, _latin(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)

    def line(text: Any) -> None:
        pdf.multi_cell(width, 5, _latin(text), new_x="LMARGIN", new_y="NEXT")

    blank = "____________________________ (officer to complete)"
    pdf.set_font("Helvetica", style="B", size=14)
    line(pack["referral"]["type"])
    pdf.set_font("Helvetica", size=9)
    line(f"OFFICIAL-SENSITIVE. Person {pack['referral']['person_id']}; generated "
         f"{pack['referral']['generated_at']}; analysis run {pack['referral']['analysis_run']}")
    ident = pack["identity"]
    heading("1. Identity")
    line(f"Name: {ident['name'] or ''}")
    line(f"Date of birth: {ident['dob'] or 'not known'}"
         + (f" (age {ident['age_at_reference']})" if ident["age_at_reference"] is not None
            else ""))
    line(f"Also known as: {', '.join(ident['nicknames'])}")
    line(f"Phones: {', '.join(ident['phones'])}")
    line("Source records: " + ", ".join(f"{s}:{r}" for s, r in ident["source_records"]))
    heading("2. Address")
    line(f"{pack['address']['address'] or 'not known'} {pack['address']['postcode'] or ''}")
    heading("3. School")
    line(pack["school"] or blank)
    heading("4. Carers and household")
    line(f"Carers: {pack['household']['carers'] or blank}")
    members = pack["household"]["recorded_at_same_address"]
    line("Others recorded at the same address: " + (", ".join(
        f"{m['name']} ({m['person_id']})" for m in members) or "none recorded"))
    heading("5. The concern")
    concern = pack["concern"]
    line(concern["summary"])
    line(f"Exploitation risk: {concern['exploitation_risk']}; flagged for safeguarding: "
         f"{'yes' if concern['safeguarding_flag'] else 'no'}")
    for indicator in concern["indicators"]:
        pdf.set_font("Helvetica", style="B", size=10)
        line(f"{indicator['name'].replace('_', ' ')} (weight {indicator['weight']}, counts "
             f"{indicator.get('contribution', indicator['weight'])})")
        pdf.set_font("Helvetica", size=9)
        for item in indicator["evidence"]:
            line(f"  - {evidence_text(item)}")
        pdf.set_font("Helvetica", size=10)
    risk = pack["immediate_risk"]
    heading("6. Immediate risk")
    line(f"Suggested: {risk['assessment']}" + (f" ({'; '.join(risk['reasons'])})"
                                               if risk["reasons"] else ""))
    line(f"Officer's assessment: {blank}")
    heading("7. The child's views")
    line(pack["childs_views"] or blank)
    heading("8. Existing assessments")
    for a in pack["existing_assessments"] or [{"date": "", "event_type": "none recorded",
                                                "source_system": "", "event_id": ""}]:
        line(f"{a['date']} {a['event_type']} {a['source_system']} {a['event_id']} "
             f"{a.get('detail') or ''}")
    heading("9. Agencies involved")
    line(", ".join(pack["agencies_involved"]) or "None recorded")
    heading("10. Were carers told of this referral?")
    line(pack["carers_informed"] or blank)
    heading("11. Referrer")
    for key in ("name", "role", "organisation", "contact"):
        line(f"{key.capitalize()}: {pack['referrer'][key] or blank}")
    line(pack["referrer"]["note"])
    heading("12. Legal notes")
    for note in pack["legal_notes"]:
        line(f"- {note}")
    heading("13. Referral status")
    for s in pack["status"] or [{"updated_at": "", "status": "not yet drafted",
                                 "updated_by": "", "note": None}]:
        line(f"{s['updated_at']} {s['status']} {s['updated_by']} {s.get('note') or ''}")
    return bytes(pdf.output())
