"""Plain CSV: every list linewatch shows, one file each, in a folder or a zip.

The lists are the ones the web app and the CLI show (lines, their numbers and trap houses,
targets, safeguarding, persons, roles, phones, phone users, addresses, intelligence, tips and
their extractions, text mentions), plus ``nodes.csv`` and ``edges.csv`` of the exported graph.
Each cell goes through the spreadsheet formula guard (``schema/export.py``). For a line, a
person or a selection, each list keeps the rows about the graph's nodes (intelligence and
tips: those that mention one). A role sees the lists it may open in the web app: targets are
for analysts and above, intelligence and tips for police roles under the handling-code rule;
a partner's rows lose the source detail the sanitiser removes.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linewatch.export.graph import Audience, CaseGraph, scalar
from linewatch.export.sources import rows
from linewatch.schema.export import safe_csv_cell
from linewatch.storage import Store


def _everyone(_: Audience) -> bool:
    return True


def _analysts(audience: Audience) -> bool:
    return audience.sees_priorities


def _police(audience: Audience) -> bool:
    return audience.may_see_intel(None, None)


@dataclass(frozen=True)
class ListSpec:
    """One list: its query, the node kind and column that place a row in a scope, and who
    may have it."""

    name: str
    tables: tuple[str, ...]
    sql: str
    kind: str | None
    column: str | None
    allowed: Callable[[Audience], bool] = _everyone
    graded: bool = False  # rows carry handling_code/handling_conditions to check


LISTS: tuple[ListSpec, ...] = (
    ListSpec("lines", ("lines",), "SELECT * FROM lines ORDER BY score DESC, line_id",
             "line", "line_id"),
    ListSpec("line_numbers", ("line_numbers",),
             "SELECT * FROM line_numbers ORDER BY line_id, first_seen, number", "line", "line_id"),
    ListSpec("trap_houses", ("line_addresses",),
             "SELECT * FROM line_addresses ORDER BY line_id, confidence DESC", "line", "line_id"),
    ListSpec("targets", ("target_list", "persons"), """
             SELECT t.rank, t.person_id, p.display_name, t.priority, t.explanation, t.run_id
             FROM target_list t LEFT JOIN persons p USING (person_id) ORDER BY t.rank""",
             "person", "person_id", _analysts),
    ListSpec("safeguarding", ("safeguarding_list", "persons", "person_exploitation"), """
             SELECT s.rank, s.person_id, p.display_name, p.dob, s.exploitation_risk,
                    e.indicators AS evidence, s.run_id
             FROM safeguarding_list s LEFT JOIN persons p USING (person_id)
             LEFT JOIN person_exploitation e USING (person_id) ORDER BY s.rank""",
             "person", "person_id"),
    ListSpec("persons", ("persons",), "SELECT * FROM persons ORDER BY person_id",
             "person", "person_id"),
    ListSpec("person_roles", ("person_roles",),
             "SELECT * FROM person_roles WHERE role <> 'none' ORDER BY line_id, person_id",
             "person", "person_id"),
    ListSpec("phones", ("phone_scores", "phone_roles"), """
             SELECT s.number, s.deal_line_score, s.is_deal_line, r.role, r.line_id,
                    r.person_id, r.confidence, s.run_id
             FROM phone_scores s LEFT JOIN phone_roles r USING (number)
             ORDER BY s.deal_line_score DESC, s.number""", "phone", "number"),
    ListSpec("phone_users", ("phone_persons",),
             "SELECT * FROM phone_persons ORDER BY person_id, number", "phone", "number"),
    ListSpec("addresses", ("address_cuckooing",),
             "SELECT * FROM address_cuckooing ORDER BY cuckooing_score DESC, address",
             "address", "address"),
    ListSpec("intel", ("intel",), """
             SELECT report_id, received_at, source_evaluation, intelligence_assessment,
                    handling_code, handling_conditions, text FROM intel ORDER BY received_at""",
             "intel", "report_id", _police, graded=True),
    ListSpec("tips", ("tips",), "SELECT tip_id, received_at, channel, text FROM tips "
             "ORDER BY received_at", "tips", "tip_id", _police),
    ListSpec("tip_extractions", ("tip_extractions",),
             "SELECT * FROM tip_extractions ORDER BY tip_id", "tips", "tip_id", _police),
    ListSpec("text_mentions", ("text_mentions",), """
             SELECT source_kind, source_id, mention_type, value, normalised, matched_type,
                    matched_id, match_confidence, source_evaluation, intelligence_assessment,
                    handling_code, handling_conditions, run_id FROM text_mentions
             ORDER BY source_kind, source_id, span_start""", "mention", "source_id", _police,
             graded=True),
)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list) and not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return safe_csv_cell(scalar(value))


def _texts_in_scope(store: Store, graph: CaseGraph) -> dict[str, set[str]]:
    """Intelligence reports and tips that mention a node of the graph."""
    found: dict[str, set[str]] = {"intel": set(), "tips": set()}
    for r in rows(store, ("text_mentions",), """
            SELECT DISTINCT source_kind, source_id, matched_type, matched_id FROM text_mentions
            WHERE matched_id IS NOT NULL"""):
        if f"{r['matched_type']}:{r['matched_id']}" in graph.nodes and r["source_kind"] in found:
            found[r["source_kind"]].add(r["source_id"])
    return found


def tables(store: Store, graph: CaseGraph, whole_case: bool) -> dict[str, list[dict[str, Any]]]:
    """Each list the audience may have, as rows (sanitised, not yet guarded)."""
    audience = graph.audience
    texts = None if whole_case else _texts_in_scope(store, graph)
    out: dict[str, list[dict[str, Any]]] = {}
    for spec in LISTS:
        if not spec.allowed(audience):
            continue
        kept = []
        for row in rows(store, spec.tables, spec.sql):
            if spec.graded and row.get("source_kind", "intel") == "intel" and \
                    not audience.may_see_intel(row["handling_code"], row["handling_conditions"]):
                continue
            if texts is not None and not _in_scope(spec, row, graph, texts):
                continue
            kept.append(audience.clean(row))
        out[spec.name] = kept
    out["nodes"] = [{"id": n.id, "kind": n.kind, "label": n.label, **n.props}
                    for n in graph.nodes.values()]
    out["edges"] = [{"id": e.id, "source": e.source, "target": e.target, "kind": e.kind,
                     "label": e.label, **e.props} for e in graph.edges.values()]
    return out


def _in_scope(spec: ListSpec, row: dict[str, Any], graph: CaseGraph,
              texts: dict[str, set[str]]) -> bool:
    key = row.get(spec.column or "")
    if spec.kind == "mention":
        return key in texts.get(str(row.get("source_kind")), set())
    if spec.kind in texts:
        return key in texts[spec.kind]
    return f"{spec.kind}:{key}" in graph.nodes


def _csv_text(table: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    for row in table:
        columns.update(dict.fromkeys(row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_csv_cell(c) for c in columns])
    for row in table:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def write(store: Store, graph: CaseGraph, out: Path, whole_case: bool) -> list[Path]:
    """One CSV per list in the folder ``out``, or in the zip ``out`` when it ends ``.zip``."""
    found = tables(store, graph, whole_case)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, table in found.items():
                archive.writestr(f"{name}.csv", _csv_text(table).encode("utf-8-sig"))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, table in found.items():
        path = out / f"{name}.csv"
        path.write_text(_csv_text(table), encoding="utf-8-sig", newline="")
        written.append(path)
    return written
