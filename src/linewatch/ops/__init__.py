"""Operations: carry an investigation to the day of action and record it afterwards.

Plan an operation (addresses and people from a line, the target list or by hand), generate a
warrant package per address (occupants, force area, risk flags with evidence, what to look
for, a safeguarding plan), check that linked addresses are entered together, have a
supervisor approve it, export it (HTML, PDF; a partner force gets only its part, sanitised),
record the outcomes into the graph, write a factual summary, reconcile a press release with
the record, and review the lines afterwards. See docs/operations.md.
"""

from linewatch.ops.after import after_action, disruption
from linewatch.ops.forces import ForceArea, ForceMap, force_for
from linewatch.ops.package import approve, build_package, package_hash
from linewatch.ops.plan import (
    add_address,
    add_line,
    add_person,
    add_top_targets,
    create_operation,
    get_operation,
    list_operations,
    remove_address,
    set_entry,
    set_planned_at,
)
from linewatch.ops.reconcile import reconcile
from linewatch.ops.record import load_outcomes, record_outcomes, results
from linewatch.ops.render import render_html, render_pdf
from linewatch.ops.sanitise import partner_view
from linewatch.ops.status import (
    TRANSITIONS,
    partner_force,
    set_day_status,
    set_partner_force,
    set_status,
)
from linewatch.ops.summary import summary_facts, write_summary
from linewatch.ops.tables import DAY_STATUSES, STATUSES, ensure_tables

__all__ = [
    "DAY_STATUSES", "STATUSES", "TRANSITIONS", "ForceArea", "ForceMap", "add_address", "add_line",
    "add_person", "add_top_targets", "after_action", "approve", "build_package",
    "create_operation", "disruption", "ensure_tables", "force_for", "get_operation",
    "list_operations", "load_outcomes", "package_hash", "partner_force", "partner_view",
    "reconcile", "record_outcomes", "remove_address", "render_html", "render_pdf", "results",
    "set_day_status", "set_entry", "set_partner_force", "set_planned_at", "set_status",
    "summary_facts", "write_summary",
]
