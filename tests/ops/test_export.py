"""Warrant packages exported as HTML (escaped) and PDF; a partner's export is its part only."""

from __future__ import annotations

from ops_world import FIREARM_TEXT

from linewatch import ops
from linewatch.storage import Store


def test_html_package_holds_every_address_and_escapes_values(planned: tuple[Store, str]) -> None:
    store, op = planned
    store.execute("UPDATE persons SET display_name = '<script>alert(1)</script> Reid' "
                  "WHERE person_id = 'P1'")
    html = ops.render_html(ops.build_package(store, op))
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    for text in ("12 Example Road, Chatham", "3 Sample Street", "Kent Police",
                 "Metropolitan Police", "Children likely present", "Firearms intelligence",
                 "356938035643809", "Safeguarding plan", "Cuckooed address"):
        assert text in html, text


def test_pdf_package_is_a_pdf(planned: tuple[Store, str]) -> None:
    store, op = planned
    store.execute("UPDATE persons SET display_name = 'Zoë “Ziggy” Reid 🚨' "
                  "WHERE person_id = 'P1'")
    pdf = ops.render_pdf(ops.build_package(store, op))
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


def test_partner_export_holds_only_its_force_without_intelligence(
        planned: tuple[Store, str]) -> None:
    store, op = planned
    part = ops.partner_view(ops.build_package(store, op), "Kent Police")
    html = ops.render_html(part)
    assert "Sanitised for Kent Police" in html
    assert "12 Example Road" in html and "3 Sample Street" not in html
    assert FIREARM_TEXT[:25] not in html and "shotgun" not in html
    assert ops.render_pdf(part).startswith(b"%PDF")


def test_simultaneity_warnings_are_printed_in_the_package(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.set_entry(store, op, "A2", "2024-03-05T07:00", user="ana")
    html = ops.render_html(ops.build_package(store, op))
    assert "Simultaneity" in html and "120 minutes apart" in html
