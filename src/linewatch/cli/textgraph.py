"""``linewatch mentions`` and ``linewatch outcomes``: what the text stage put into the graph.

``mentions`` lists ``text_mentions`` (written by ``linewatch analyse``, stage ``text``): each
mention with its span, rule, grade, handling code and what it matched; ``outcomes`` lists the
operation outcomes recorded from press releases (``article_outcomes``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from linewatch.cli.common import DEFAULT_DB_PATH, DbOption, JsonOption, open_store, out, print_json


class SourceKind(StrEnum):
    intel = "intel"
    tips = "tips"
    articles = "articles"


def _grade(row: dict[str, Any]) -> str:
    if row["source_kind"] != "intel":
        return {"tips": "tip", "articles": "public"}.get(row["source_kind"], "")
    return "".join(str(row[k] or "?") for k in ("source_evaluation", "intelligence_assessment",
                                                 "handling_code"))


def register(app: typer.Typer) -> None:
    """Add ``mentions`` and ``outcomes`` to the linewatch Typer application."""

    @app.command("mentions")
    def mentions_command(
        db: DbOption = DEFAULT_DB_PATH,
        source: Annotated[SourceKind | None, typer.Option(
            "--source", help="Only mentions in intel, tips or articles.")] = None,
        source_id: Annotated[str | None, typer.Option(
            "--id", help="Only mentions in this report, tip or article id.")] = None,
        as_json: JsonOption = False,
    ) -> None:
        """List what intelligence, tips and articles mention and what each mention matched
        (phones, vehicles, persons, addresses, lines), with grade and handling code."""
        from linewatch.text.support import list_mentions

        with open_store(db, read_only=True) as store:
            rows = list_mentions(store, source.value if source else None, source_id)
        if as_json:
            print_json({"data": rows, "count": len(rows)})
            return
        table = Table("text", "grade", "type", "value", "span / rule", "matched", "how",
                      title=f"{len(rows)} mention rows")
        for r in rows:
            matched = f"{r['matched_type']} {r['matched_id']}" if r["matched_type"] else "-"
            how = "" if r["match_confidence"] is None else \
                f"{r['match_method']} {r['match_confidence']:.2f}"
            table.add_row(f"{r['source_kind']} {r['source_id']}",
                          f"{_grade(r)} w{r['grade_weight']:.2f}", r["mention_type"],
                          r["normalised"], f"{r['span_start']}-{r['span_end']} {r['rule']}",
                          matched, how)
        out.print(table)
        if any(r["handling_code"] == "C" for r in rows):
            out.print("note: rows graded C carry handling conditions (see --json); share them "
                      "only as those conditions allow.")

    @app.command("outcomes")
    def outcomes_command(db: DbOption = DEFAULT_DB_PATH, as_json: JsonOption = False) -> None:
        """List the operation outcomes read from press releases (warrants, arrests, cash,
        drugs, weapons, people, places, agencies, operation name, people safeguarded)."""
        from linewatch.text.outcomes import list_outcomes

        with open_store(db, read_only=True) as store:
            rows = list_outcomes(store)
        if as_json:
            print_json({"data": rows, "count": len(rows)})
            return
        table = Table("article", "title", "operation", "warrants", "arrests", "cash £",
                      "safeguarded", "drugs", "weapons", "places",
                      title=f"{len(rows)} article outcomes")
        for r in rows:
            drugs = ", ".join(d.get("name") or f"Class {d.get('class')}" for d in r["drugs"])
            table.add_row(r["article_id"], r["title"] or "", r["operation_name"] or "",
                          _num(r["warrants"]), _num(r["arrests"]), _num(r["cash_gbp"]),
                          _num(r["safeguarded"]), drugs, ", ".join(r["weapons"]),
                          ", ".join(r["locations"]))
        out.print(table)


def _num(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if isinstance(value, float) else str(value)
