"""Warrant packages as HTML (Jinja2, autoescaped) and PDF (fpdf2, pure Python).

Both renderings take a package from :func:`linewatch.ops.package.build_package` or its
partner part from :func:`linewatch.ops.sanitise.partner_view`; times are shown in UK local
time (the store holds UTC).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import phonenumbers
from fpdf import FPDF
from jinja2 import Environment, PackageLoader, select_autoescape

from linewatch.schema.types.dates import to_london
from linewatch.schema.types.phone import display as phone_display

_ENV = Environment(loader=PackageLoader("linewatch.ops", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
BLANK = "________________ (officer to complete)"


def local(value: Any) -> str:
    """A stored UTC time as ``Tue 5 Mar 2024 05:00`` UK time; anything else as text."""
    if isinstance(value, dt.datetime):
        t = to_london(value)
        return f"{t:%a} {t.day} {t:%b %Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    return "" if value is None else str(value)


def phone_text(number: str) -> str:
    """``07700 900123`` for a UK number, the international form otherwise."""
    try:
        return phone_display(number)
    except phonenumbers.NumberParseException:  # a malformed stored number is shown as it is
        return number


def evidence_text(item: dict[str, Any]) -> str:
    """One evidence item as a line an officer (or a court) can check."""
    kind = item.get("kind")
    parts: list[str] = []
    if kind == "event":
        parts.append(f"{str(item.get('event_type', 'event')).replace('_', ' ')} on "
                     f"{item.get('date')}")
        if item.get("source_system"):
            parts.append(f"[{item['source_system']} {item.get('event_id')}]")
    elif kind == "intel":
        if item.get("report_id"):
            parts.append(f"intelligence {item['report_id']} of {item.get('date')}, graded "
                         f"{item.get('grade')}")
            if item.get("handling_conditions"):
                parts.append(f"conditions: {item['handling_conditions']}")
        else:
            parts.append(f"{item.get('note', 'intelligence')} of {item.get('date')}")
    elif kind == "marker":
        parts.append(f"marker '{item.get('flag')}' on the person's records")
    elif kind == "age":
        parts.append(f"aged {item.get('age')} (born {item.get('dob')})" if item.get("dob")
                     else f"aged {item.get('age')}")
    elif kind == "exploitation":
        parts.append(f"flagged for safeguarding, exploitation risk "
                     f"{item.get('exploitation_risk')}")
    elif kind == "cuckooing":
        parts.append(f"assessed as cuckooed (score {item.get('cuckooing_score')})")
    elif kind == "address_flag":
        parts.append(f"address reference data: {item.get('flag')}")
    for key in ("offence", "seized", "matched", "text", "note"):
        if item.get(key) and not (kind == "intel" and key == "note" and not item.get(
                "report_id")):
            parts.append(f"{key}: {item[key]}")
    if item.get("person_id") and kind not in ("marker",):
        parts.append(f"person {item['person_id']}")
    elif item.get("person_id"):
        parts.append(f"({item['person_id']})")
    return "; ".join(parts)


def render_html(package: dict[str, Any]) -> str:
    """The package as one standalone HTML page (every value escaped)."""
    return _ENV.get_template("package.html.j2").render(
        p=package, local=local, evidence_text=evidence_text, blank=BLANK, phone=phone_text)


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 8, latin(f"OFFICIAL-SENSITIVE - page {self.page_no()}"), align="C")


def latin(text: Any) -> str:
    """Core PDF fonts are Latin-1: replace anything else rather than fail."""
    value = "" if text is None else str(text)
    for a, b in (("\u2013", "-"), ("\u2014", "-"), ("\u2019", "'"), ("\u2018", "'"),
                 ("\u201c", '"'), ("\u201d", '"'), ("\u2192", "->"), ("\u00a0", " ")):
        value = value.replace(a, b)
    return value.encode("latin-1", "replace").decode("latin-1")


def render_pdf(package: dict[str, Any]) -> bytes:
    """The package as a PDF document (bytes starting with ``%PDF``)."""
    pdf = _Pdf(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def text(value: Any, size: int = 10, bold: bool = False, height: float = 5) -> None:
        pdf.set_font("Helvetica", style="B" if bold else "", size=size)
        pdf.multi_cell(width, height, latin(value), new_x="LMARGIN", new_y="NEXT")

    op = package["operation"]
    text(f"Warrant package: {op['name']} ({op['operation_id']})", 15, True, 8)
    text(f"OFFICIAL-SENSITIVE. Planned {local(op['planned_at'])}; status {op['status']}"
         + (f", approved {local(op['approved_at'])}" if op.get("approved_at") else "")
         + (f" by {op['approved_by']}" if op.get("approved_by") else "")
         + f"; generated {local(package['generated_at'])}", 9)
    if package.get("notice"):
        text(package["notice"], 9, True)
    if package.get("changed_since_approval"):
        text("The data behind this package changed since the plan was approved.", 9, True)
    for w in package["warnings"]:
        text(f"WARNING: {w['message']}", 9, True)
    for force in package["forces"]:
        pdf.ln(2)
        text(f"{force['force']}: {len(force['address_ids'])} address(es)", 13, True, 7)
        for a in (a for a in package["addresses"] if a["address_id"] in force["address_ids"]):
            _pdf_address(text, pdf, a)
    return bytes(pdf.output())


def _pdf_address(text: Any, pdf: FPDF, a: dict[str, Any]) -> None:
    pdf.ln(2)
    text(f"{a['address_id']}. {a['address']} {a['postcode'] or ''}", 12, True, 6)
    text(f"Force: {a['force']}" + (" (confirm: postcode area crosses a force boundary)"
                                   if a["force_uncertain"] else "")
         + f". Entry: {local(a['entry_at'])}. Lines: {', '.join(a['line_ids']) or 'none'}.", 9)
    text("Risk flags", 10, True)
    if not a["risk_flags"]:
        text("None found in the data (this is not an all-clear).", 9)
    for f in a["risk_flags"]:
        text(f"- {f['label']}", 9, True)
        for item in f["evidence"]:
            text(f"    {evidence_text(item)}", 8)
    text("People", 10, True)
    for o in a["occupants"]:
        age = f", {o['age']}" if o["age"] is not None else ""
        text(f"- {o['name'] or o['person_id']} ({o['person_id']}{age}) - {o['status']}; "
             f"{'; '.join(o['links'])}. Photo: {BLANK}", 9)
    if not a["occupants"]:
        text("Nobody known to be linked to the address.", 9)
    text("Look for", 10, True)
    for ph in a["look_for"]["phones"]:
        text(f"- {phone_text(ph['number'])} ({', '.join(ph['why'])})"
             + (f" IMEI {', '.join(ph['imeis'])}" if ph.get("imeis") else ""), 9)
    for item in a["look_for"]["items"]:
        text(f"- {item}", 9)
    text("Safeguarding plan", 10, True)
    for s in a["safeguarding_plan"]:
        text(f"- {s['name'] or s['person_id']} ({s['category']}"
             + (f", {s['age']}" if s["age"] is not None else "") + "): "
             + "; ".join(s["reasons"]), 9)
        text(f"    Attending: {BLANK}. Agencies to notify: {BLANK}. Referral pack: "
             + ("ready" if s["referral_pack"]["available"] else "not available"), 8)
    if not a["safeguarding_plan"]:
        text("Nobody identified who needs safeguarding (check on arrival).", 9)
