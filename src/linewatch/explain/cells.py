"""The shapes every explanation takes: a one-sentence summary and evidence tables.

An evidence table has named columns and rows of cells; a cell is text with, where the
thing it names has a page, the entity it links to (``person:P1``, ``phone:+44...``,
``address:...``, ``line:L1``). The web app draws the tables behind a disclosure triangle
and the CLI prints the summary; neither sees the nested structures the stages store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: the keys of a stored evidence item that say where it came from (shown as "Source")
SOURCE_KEYS = ("table", "source_system", "event_id", "record_id", "_batch", "_row")
#: the keys that say when (shown as "When")
WHEN_KEYS = ("occurred_at", "first_seen", "received_at", "created_at", "day")
#: keys that name an entity with a page of its own, and the entity kind they link to
ENTITY_KEYS = {"person_id": "person", "number": "phone", "phone": "phone", "trap_phone": "phone",
               "address": "address", "line_id": "line"}


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and, when it names an entity with a page, that entity."""

    text: str
    entity: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "entity": self.entity} if self.entity else {"text": self.text}


@dataclass
class EvidenceTable:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns,
                "rows": [[c.as_dict() for c in row] for row in self.rows]}


@dataclass
class Explanation:
    """A one-sentence summary a person reads first, and the evidence behind it."""

    summary: str
    evidence: list[EvidenceTable] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"summary": self.summary,
                "evidence": [t.as_dict() for t in self.evidence if t.rows]}


class Names:
    """Display names of people, so tables show a name beside every person id."""

    def __init__(self, names: Mapping[str, str | None] | None = None) -> None:
        self._names = dict(names or {})

    def person(self, person_id: str | None) -> Cell:
        if not person_id:
            return Cell("")
        name = self._names.get(person_id)
        return Cell(f"{name} ({person_id})" if name else person_id, f"person:{person_id}")

    def name(self, person_id: str) -> str:
        return self._names.get(person_id) or person_id


def number_text(value: Any, digits: int = 2) -> str:
    """A number as people read it: integers plainly, others to ``digits`` places."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1 else f"{value:.{digits}f}"
    return "" if value is None else str(value)


def words(name: str) -> str:
    """``missing_episodes`` -> ``missing episodes``."""
    return name.replace("_", " ").strip()


def count_words(n: int, singular: str, plural: str | None = None) -> str:
    """``3, "episode"`` -> ``three episodes`` (numbers up to ten as words)."""
    spelt = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{spelt[n] if 0 <= n <= 10 else f'{n:,}'} {noun}"


def join_phrases(phrases: Iterable[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [p for p in phrases if p]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def entity_cell(key: str, value: Any, names: Names) -> Cell:
    if key == "person_id":
        return names.person(str(value))
    kind = ENTITY_KEYS.get(key)
    text = str(value)
    return Cell(text, f"{kind}:{text}" if kind and value else None)


def source_text(item: Mapping[str, Any]) -> str:
    """Where an evidence item came from, e.g. ``events custody CUS-914 (batch 1 row 3)``."""
    parts = [str(item[k]) for k in ("table", "source_system", "event_id", "record_id")
             if item.get(k)]
    if item.get("_row") is not None:
        parts.append(f"(batch {item.get('_batch', '?')} row {item['_row']})")
    return " ".join(parts)


def detail_text(item: Mapping[str, Any], skip: Iterable[str] = ()) -> str:
    """The item's remaining plain facts as ``key: value; ...`` (nested values summarised)."""
    skipped = set(skip) | set(SOURCE_KEYS) | set(WHEN_KEYS) | set(ENTITY_KEYS)
    out = []
    for key, value in item.items():
        if key in skipped or value is None or value == "" or value == []:
            continue
        if isinstance(value, Mapping):
            inner = source_text(value) or detail_text(value)
            if inner:
                out.append(f"{words(key)}: {inner}")
        elif isinstance(value, list):
            shown = [str(v) for v in value[:5] if not isinstance(v, (Mapping, list))]
            more = f" +{len(value) - 5}" if len(value) > 5 else ""
            out.append(f"{words(key)}: {', '.join(shown) or len(value)}{more}")
        else:
            out.append(f"{words(key)}: {number_text(value)}")
    return "; ".join(out)


def evidence_rows(items: Iterable[Mapping[str, Any]], names: Names,
                  first: str | Callable[[Mapping[str, Any]], str] | None = None) -> list[list[Cell]]:
    """Rows of When / Who or what / Detail / Source for stored evidence items (any shape)."""
    def lead(item: Any) -> list[Cell]:
        if first is None:
            return []
        return [Cell(first if isinstance(first, str) else first(item))]

    rows = []
    for item in items:
        if not isinstance(item, Mapping):
            rows.append(lead(item) +
                        [Cell(""), Cell(str(item)), Cell(""), Cell("")])
            continue
        inner = item.get("evidence")
        nested: Mapping[str, Any] = inner if isinstance(inner, Mapping) else {}
        when = next((str(src[k]) for src in (item, nested) for k in WHEN_KEYS if src.get(k)), "")
        subjects = [entity_cell(k, item[k], names) for k in ENTITY_KEYS if item.get(k)]
        subject = subjects[0] if subjects else Cell("")
        extra = [c.text for c in subjects[1:]]
        parts = extra + [detail_text(item, skip=("evidence",))]
        if nested:
            parts.append(detail_text(nested))
        detail = "; ".join(p for p in parts if p)
        source = source_text(item) or source_text(nested)
        row = [Cell(when), subject, Cell(detail), Cell(source)]
        rows.append(lead(item) + row)
    return rows


EVIDENCE_COLUMNS = ["When", "Who / what", "Detail", "Source"]


def facts(summary: str, evidence: Any, names: Names) -> Explanation:
    """A stated summary with any stored evidence (one item or a list) as a table."""
    items = evidence if isinstance(evidence, list) else [evidence] if evidence else []
    rule = next((str(i["rule"]) for i in items if isinstance(i, Mapping) and i.get("rule")), "")
    text = f"{summary}: {rule}." if rule else f"{summary}."
    return Explanation(text, [EvidenceTable("Evidence", EVIDENCE_COLUMNS,
                                            evidence_rows(items, names))])
