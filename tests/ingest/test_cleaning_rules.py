"""The SQL cleaning of postcodes and plates gives what the Python property types give.

Both are built from the same pattern constants (``schema.types.postcode``/``plate``); this runs
both over one corpus of written values, valid and not, so a pattern that the two regex engines
(Python ``re``, DuckDB's RE2) read differently shows up here.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from linewatch.ingest.cleaning import SourceColumn, plan_fields, quote_ident
from linewatch.schema.contract import Field, Kind
from linewatch.schema.types import plate, postcode
from linewatch.storage import Store

POSTCODES = ["ME4 4QU", "me44qu", " SE25 6AA ", "SE256AA\t", "W1A\u00a01AA", "EC1A 1BB",
             "m1 1ae", "B33 8TH", "CR2 6XH", "DN55 1PT", "m e 4 4 q u", "ME4\n4QU", "ME4\r\n4QU",
             "ME4", "12345", "notapostcode", "ME4 4QUU", "ME4-4QU", "\u00c9C1A 1BB", "ME4_4QU",
             "ME44 4QU", "MEE4 4QU", "1E4 4QU", "ME4 QQU", "ME4\u20034QU", "", "   "]
PLATES = ["AB12 CDE", "ab12-cde", "AB 12 CDE", "ab12\u00a0cde", "K123 ABC", "A1", "1A",
          "1234", "AB12CDEF", "AB_12", "A\u00c4123", "-", "  ", "", "AB12\tCDE", "AB12CDI",
          "abc-1-2", "X", "GB 123 456"]

PROBE = Kind("probe", (Field("postcode", "postcode"), Field("vrm", "plate")), ("postcode",),
             "postcode and plate probe", "Probe")


def _sql_clean(store: Store, column: str, values: list[str]) -> list[tuple[str | None, bool]]:
    """(cleaned value, has an error) for each value, by the ingest stage's SQL."""
    columns = {name: SourceColumn(name, "VARCHAR") for name in ("postcode", "vrm")}
    plans, _ = plan_fields(PROBE, columns, None, "probe.csv")
    plan = next(p for p in plans if p.field.name == column)
    inner = ", ".join(f"{sql} AS {quote_ident(name)}" for name, sql in plan.inner.items())
    other = "vrm" if column == "postcode" else "postcode"
    table = pa.table({"_row": list(range(len(values))), column: values,
                      other: [None] * len(values)})
    with store.registered("lw_probe", table):
        rows = store.query(f"SELECT {plan.clean}, {plan.error} IS NOT NULL FROM ("
                           f"SELECT _row, {inner} FROM lw_probe) ORDER BY _row")
    return [(r[0], bool(r[1])) for r in rows]


@pytest.mark.parametrize(("column", "module", "values"),
                         [("postcode", postcode, POSTCODES), ("vrm", plate, PLATES)])
def test_sql_and_python_clean_every_value_alike(memory_store: Store, column: str,
                                                module: object, values: list[str]) -> None:
    sql = _sql_clean(memory_store, column, values)
    for value, (sql_value, sql_error) in zip(values, sql, strict=True):
        python_value = module.try_clean(value)  # type: ignore[attr-defined]
        assert sql_value == python_value, repr(value)
        if value.strip():  # blank values are missing, not wrong, in the SQL
            assert sql_error == (python_value is None), repr(value)


def test_corpus_holds_both_valid_and_invalid_values() -> None:
    for module, values in ((postcode, POSTCODES), (plate, PLATES)):
        cleaned = [module.try_clean(v) for v in values]
        assert sum(c is None for c in cleaned) >= 5 and sum(c is not None for c in cleaned) >= 5
