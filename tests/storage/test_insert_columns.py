"""Every INSERT in the package names its columns, so a new or reordered column never shifts
values into the wrong place."""

from __future__ import annotations

import re
from pathlib import Path

import linewatch

PACKAGE = Path(linewatch.__file__).parent
# INSERT [OR REPLACE] INTO <table> then anything but a column list or BY NAME
POSITIONAL = re.compile(r"INSERT\s+(?:OR\s+\w+\s+)?INTO\s+[\w{}.\"]+\s*(?!\(|BY\s+NAME)"
                        r"(?=VALUES|SELECT|WITH|\"|$)", re.IGNORECASE | re.MULTILINE)


def _positional(text: str) -> list[str]:
    return [m.group(0).strip() for m in POSITIONAL.finditer(text)]


def test_the_check_finds_positional_inserts() -> None:
    assert _positional('store.execute("INSERT INTO import_batches VALUES (?, ?)")')
    assert _positional('f"INSERT INTO {t} SELECT _row FROM x"')
    assert _positional('"""\nINSERT INTO number_links\nWITH per AS (SELECT 1)"""')
    assert not _positional('"INSERT INTO users (name, role) VALUES (?, ?)"')
    assert not _positional('f"INSERT INTO {table} BY NAME SELECT * FROM {name}"')


def test_no_insert_in_the_package_relies_on_column_order() -> None:
    found = {str(path.relative_to(PACKAGE)): hits for path in sorted(PACKAGE.rglob("*.py"))
             if (hits := _positional(path.read_text(encoding="utf-8")))}
    assert found == {}
