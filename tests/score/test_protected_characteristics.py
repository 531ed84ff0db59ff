"""No protected characteristic is ever an input to the priority score."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from linewatch import score
from linewatch.schema.model import load_model

T0 = dt.datetime(2024, 9, 10, 12, 0)
SCORE_SRC = Path(score.__file__).parent
#: Equality Act 2010 characteristics and the columns that could carry them
EQUALITY_ACT_TERMS = {"ethnicity", "ethnic", "race", "religion", "belief", "nationality",
                      "sexual_orientation", "gender", "gender_reassignment", "disability",
                      "pregnancy", "maternity", "marital", "marriage", "dob", "age",
                      "date_of_birth", "attrs"}


def _build(world: Any) -> Any:
    world.person("A", phones=["+447700900001"], flags=["violence"], sex="F")
    world.person("B", phones=["+447700900002"], sex="M")
    world.person("C", phones=["+447700900003"], sex="U", dob=dt.date(1999, 3, 4))
    world.person_role("A", "controller")
    world.person_role("B", "runner")
    world.phone_role("+447700900001", "controller", person_id="A")
    world.phone_role("+447700900002", "runner", person_id="B")
    world.event("E1", "B", "arrest", T0, offence="PWITS class A", outcome="charged",
                address="1 Road", postcode="ME4 4QU")
    world.event("E2", "C", "arrest", T0 - dt.timedelta(days=40), offence="GBH",
                outcome="charged", address="1 Road", postcode="ME4 4QU")
    for i in range(4):
        world.call("+447700900001", "+447700900002", T0 - dt.timedelta(days=i))
        world.call("+447700900003", "+447700900001", T0 - dt.timedelta(days=i))
    return world


def _priorities(world: Any) -> dict[str, tuple[float, float, str]]:
    score.run(world.store)
    rows = world.store.query("SELECT person_id, harm_score, priority, components "
                             "FROM person_priority ORDER BY person_id")
    return {pid: (harm, prio, json.dumps(json.loads(c)["components"], sort_keys=True))
            for pid, harm, prio, c in rows}


def test_flipping_sex_and_ethnicity_like_attributes_changes_no_priority(world):
    _build(world)
    before = _priorities(world)
    world.store.execute("UPDATE nominals SET sex = CASE sex WHEN 'M' THEN 'F' WHEN 'F' "
                        "THEN 'M' ELSE 'F' END, attrs = ?",
                        [json.dumps({"ethnicity": "W1", "religion": "none",
                                     "nationality": "GB", "sexual_orientation": "x"})])
    assert world.store.scalar("SELECT count(*) FROM nominals WHERE sex = 'F'") == 2
    after = _priorities(world)
    assert after == before


def test_date_of_birth_changes_no_priority(world):
    _build(world)
    before = _priorities(world)
    world.store.execute("UPDATE persons SET dob = DATE '1950-01-01'")
    world.store.execute("UPDATE nominals SET dob = DATE '1950-01-01'")
    assert _priorities(world) == before


def _identifiers_and_strings(path: Path) -> list[str]:
    """Names, attributes, arguments and non-docstring string constants of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef):
            if (node.body and isinstance(node.body[0], ast.Expr)
                    and isinstance(node.body[0].value, ast.Constant)):
                docstrings.add(id(node.body[0].value))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.append(node.id)
        elif isinstance(node, ast.Attribute):
            found.append(node.attr)
        elif isinstance(node, ast.arg):
            found.append(node.arg)
        elif isinstance(node, ast.keyword) and node.arg:
            found.append(node.arg)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and id(node) not in docstrings:
            found.append(node.value)
    return found


@pytest.mark.parametrize("path", sorted(SCORE_SRC.glob("*.py")), ids=lambda p: p.name)
def test_scoring_code_references_no_protected_column(path):
    protected = load_model().protected_properties() | EQUALITY_ACT_TERMS
    assert "sex" in protected
    pattern = re.compile("|".join(sorted(protected)), re.IGNORECASE)
    offending = [token for token in _identifiers_and_strings(path)
                 if any(pattern.fullmatch(word) for word in re.findall(r"\w+", token))]
    assert offending == [], f"{path.name} mentions protected characteristics: {offending}"


def test_the_static_check_would_catch_a_protected_column(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('"""Docstrings may say sex."""\nSQL = "SELECT person_id, sex FROM nominals"\n'
                   'dob = 1\nelapsed_days = 2\n', encoding="utf-8")
    pattern = re.compile("|".join(load_model().protected_properties() | EQUALITY_ACT_TERMS))
    flagged = [t for t in _identifiers_and_strings(bad)
               if any(pattern.fullmatch(w) for w in re.findall(r"\w+", t))]
    assert flagged == ["SELECT person_id, sex FROM nominals", "dob"]
