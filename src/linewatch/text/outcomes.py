"""Press releases as operation outcomes: one ``article_outcomes`` row per article.

``record_article_outcomes(store)`` reads each article with :func:`linewatch.text.extract` and
records what the operation achieved, in the input contract's extract shape: warrants, arrests,
cash seized, the people described (age, sex, home town, offences), drugs, weapons, places,
agencies, the operation's name and the number of people safeguarded, with the full extraction
(every value with its span and rule) for checking. A row is replaced when its article is
recorded again. ``text_sha256`` says which text a row was read from, so the text stage records
again only articles that are new or changed.

It is safe inside an open transaction: :meth:`Store.transaction` nests, so the rows commit or
roll back with the caller's. Importing only stores an article's text; the text stage
(``intake.py``) records its outcome after the import has committed. The extraction pipeline is built once per process (a few seconds on first use);
nothing is built when there is no article to read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from linewatch.storage import Store

TABLE = "article_outcomes"
_COLUMNS = ("article_id", "title", "warrants", "arrests", "cash_gbp", "persons", "drugs",
            "weapons", "locations", "agencies", "operation_name", "safeguarded", "extraction",
            "created_at", "text_sha256")
_INSERT = """
INSERT INTO article_outcomes (article_id, title, warrants, arrests, cash_gbp, persons, drugs,
    weapons, locations, agencies, operation_name, safeguarded, extraction, created_at,
    text_sha256)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_LATEST_SQL = """
SELECT article_id, title, text FROM (
    SELECT article_id, title, text, row_number() OVER (
        PARTITION BY article_id ORDER BY _batch DESC NULLS LAST, _row DESC NULLS LAST) AS rn
    FROM articles WHERE article_id IS NOT NULL AND text IS NOT NULL)
WHERE rn = 1 AND (? IS NULL OR list_contains(?, article_id))
ORDER BY article_id
"""


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ensure_table(store: Store) -> None:
    """Make sure the store's schema, which declares ``article_outcomes``, is up to date."""
    store.ensure_schema()


def outcome_row(article_id: str, title: str | None, text: str,
                extraction: dict[str, Any]) -> dict[str, Any]:
    """The outcome record of one article from its extraction (``Extraction.to_dict()``)."""
    if not title:
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    persons = [{k: p.get(k) for k in ("age", "sex", "town", "offences")}
               for p in extraction.get("persons", [])]
    drugs = [{k: d.get(k) for k in ("class", "name", "quantity")}
             for d in extraction.get("drugs", [])]
    cash = extraction.get("cash_gbp")
    return {
        "article_id": article_id, "title": title,
        "warrants": extraction.get("warrants"), "arrests": extraction.get("arrests"),
        "cash_gbp": None if cash is None else float(cash),
        "persons": _json(persons), "drugs": _json(drugs),
        "weapons": _json(extraction.get("weapons", [])),
        "locations": _json(extraction.get("locations", [])),
        "agencies": _json(extraction.get("agencies", [])),
        "operation_name": extraction.get("operation_name"),
        "safeguarded": extraction.get("safeguarded"),
        "extraction": _json(extraction),
        "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "text_sha256": text_sha256(text),
    }


def write_outcomes(store: Store, rows: Sequence[dict[str, Any]]) -> int:
    """Replace the outcome rows of these articles; returns how many were written."""
    with store.transaction():
        ensure_table(store)
        if not rows:
            return 0
        ids = [r["article_id"] for r in rows]
        store.execute("DELETE FROM article_outcomes WHERE list_contains(?, article_id)", [ids])
        store.executemany(_INSERT, [[r[c] for c in _COLUMNS] for r in rows])
    return len(rows)


def latest_articles(store: Store, article_ids: Sequence[str] | None = None
                    ) -> list[tuple[str, str | None, str]]:
    """``(article_id, title, text)`` of each article, its latest import only."""
    if not store.table_exists("articles"):
        return []
    ids = None if article_ids is None else list(article_ids)
    rows = store.query(_LATEST_SQL, [ids, ids])
    return [(str(a), None if t is None else str(t), str(x)) for a, t, x in rows]


def unrecorded(store: Store) -> set[str]:
    """Article ids with no outcome row, or one read from a different text."""
    articles = latest_articles(store)
    if not articles:
        return set()
    recorded: dict[str, str] = {}
    if store.table_exists(TABLE):
        recorded = {str(a): str(h) for a, h in store.query(
            "SELECT article_id, text_sha256 FROM article_outcomes")}
    return {a for a, _, text in articles if recorded.get(a) != text_sha256(text)}


def record_article_outcomes(store: Store, article_ids: list[str] | None = None) -> int:
    """Read articles (all, or those ids) and replace their ``article_outcomes`` rows.

    Returns the number of articles recorded. Unknown ids are skipped.
    """
    articles = latest_articles(store, article_ids)
    if not articles:
        ensure_table(store)
        return 0
    from linewatch.text.extract import extract

    rows = [outcome_row(a, title, text, extract(text).to_dict()) for a, title, text in articles]
    return write_outcomes(store, rows)


def list_outcomes(store: Store) -> list[dict[str, Any]]:
    """Every outcome record, JSON columns parsed, the full extraction left out."""
    if not store.table_exists(TABLE):
        return []
    rows = store.query_dicts(
        "SELECT * EXCLUDE (extraction) FROM article_outcomes ORDER BY article_id")
    for row in rows:
        for key in ("persons", "drugs", "weapons", "locations", "agencies"):
            if isinstance(row.get(key), str):
                row[key] = json.loads(row[key])
    return rows


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
