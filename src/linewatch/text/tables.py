"""Defendants listed in a table or one to a line, and what the rows say about them.

Two shapes, both common at the end of sentencing releases:

- a pipe table whose header names the columns (``| Name | Age | Home town | Sentence |``;
  "Defendant", "Address"/"From"/"Town", "Offence"/"Charge", "Sentence"/"Outcome"/"Result");
- a line per person: ``Ellis Marr, 24, Rainham – six years`` or
  ``Nadia Fenn (31), of Strood - 18 months`` (a bullet before it is fine).

Each row gives (name, age, town, term, roles); ``apply_rows`` fills what the sentence rules did
not find on the person of that name (never overwriting a value they did find).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linewatch.text.model import Person, Span

_COLUMNS = {
    "name": re.compile(r"^(?:name|defendant|offender|person)s?$", re.IGNORECASE),
    "age": re.compile(r"^age$", re.IGNORECASE),
    "town": re.compile(r"^(?:home\s+)?(?:town|address|from|of|area|home)$", re.IGNORECASE),
    "sentence": re.compile(r"^(?:sentence|outcome|result|jailed\s+for|term)$", re.IGNORECASE),
    "offence": re.compile(r"^(?:offences?|charges?|convicted\s+of)$", re.IGNORECASE),
}
_NAME = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,3}"
_LINE = re.compile(
    rf"^[ \t]*(?:[-*•·][ \t]*)?(?P<name>{_NAME})[ \t]*(?:,[ \t]*|\([ \t]*)(?P<age>\d{{1,2}})\)?,?"
    r"[ \t]+(?:of[ \t]+|from[ \t]+)?(?P<town>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})[ \t]*"
    r"(?:[–—:-]|,)[ \t]*(?P<term>[^\n]{2,80}?)[ \t]*\.?[ \t]*$", re.MULTILINE)


@dataclass
class Row:
    name: str
    age: int | None = None
    town: str | None = None
    term: str | None = None
    roles: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def table_rows(text: str) -> list[Row]:
    out: list[Row] = []
    lines = text.splitlines()
    columns: dict[str, int] = {}
    for line in lines:
        if line.count("|") < 2:
            columns = {}
            continue
        cells = _cells(line)
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        found = {key: i for i, c in enumerate(cells) for key, rx in _COLUMNS.items()
                 if rx.match(c)}
        if "name" in found:
            columns = found
            continue
        if not columns or len(cells) <= columns["name"]:
            continue
        name = cells[columns["name"]]
        if not re.fullmatch(_NAME, name):
            continue
        row = Row(name)
        if "age" in columns and columns["age"] < len(cells) and cells[columns["age"]].isdigit():
            row.age = int(cells[columns["age"]])
        if "town" in columns and columns["town"] < len(cells):
            town = cells[columns["town"]].split(",")[-1].strip()
            row.town = town if re.fullmatch(r"[A-Z][\w' -]+", town) else None
        if "sentence" in columns and columns["sentence"] < len(cells) and cells[
                columns["sentence"]]:
            row.term = cells[columns["sentence"]]
            row.roles.append("sentenced")
        if "offence" in columns and columns["offence"] < len(cells):
            row.roles.append("charged")
        out.append(row)
    return out


def line_rows(text: str) -> list[Row]:
    return [Row(m.group("name"), int(m.group("age")), m.group("town"), m.group("term").strip(),
                ["sentenced"]) for m in _LINE.finditer(text)
            if re.search(r"\b(?:years?|months?|weeks?|life|order|sentence|suspended|"
                         r"discharge)\b", m.group("term"), re.IGNORECASE)]


def apply_rows(text: str, persons: list[Person], rows: list[Row],
               roles_order: list[str]) -> None:
    """Fill the age, town, term and roles of the named person each row is about; a row about
    somebody the sentences did not describe adds that person."""
    by_name = {p.name: p for p in persons if p.name}
    for row in rows:
        p = by_name.get(row.name)
        if p is None:
            at = text.find(row.name)
            p = Person(name=row.name, spans=[Span(at, at + len(row.name), row.name,
                                                  "person_named")] if at >= 0 else [])
            persons.append(p)
            by_name[row.name] = p
        p.age = p.age if p.age is not None else row.age
        p.town = p.town or row.town
        p.sentence = p.sentence or row.term
        for role in row.roles:
            if role not in p.story_roles:
                p.story_roles.append(role)
        p.story_roles.sort(key=roles_order.index)
