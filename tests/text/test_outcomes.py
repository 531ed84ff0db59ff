"""Press releases recorded as operation outcomes in ``article_outcomes``."""

from __future__ import annotations

import json

import pytest

from linewatch.storage import Store
from linewatch.text.intake import run
from linewatch.text.outcomes import list_outcomes, record_article_outcomes

RAID = "\n\n".join([  # one paragraph a line, as press releases are written
    "Seven arrested in Chatham drugs raid",
    "Officers executed seven warrants in Chatham and South Norwood on Tuesday as part of "
    "Operation Viper. Seven people were arrested.",
    "Officers seized £20,000 cash, a zombie knife and 300 grams of crack cocaine.",
    "A 21-year-old woman from Chatham was charged with being concerned in the supply of "
    "Class A drugs.",
    "Three vulnerable people were safeguarded. The operation was led by Kent Police with the "
    "Metropolitan Police.",
])
JAILED = """Dealer jailed

A 19-year-old man from Brixton was jailed for possession with intent to supply heroin.
"""


def articles(store: Store, items: dict[str, str], batch: int = 1) -> None:
    store.write_rows("articles", [
        {"article_id": a, "title": text.splitlines()[0], "text": text, "_batch": batch,
         "_row": i} for i, (a, text) in enumerate(items.items())], mode="append")


def test_one_outcome_record_per_article_with_the_right_counts(memory_store: Store) -> None:
    articles(memory_store, {"raid": RAID, "jailed": JAILED})
    assert record_article_outcomes(memory_store) == 2
    raid, = [r for r in list_outcomes(memory_store) if r["article_id"] == "raid"]
    assert raid["title"] == "Seven arrested in Chatham drugs raid"
    assert (raid["warrants"], raid["arrests"], raid["cash_gbp"], raid["safeguarded"]) == \
        (7, 7, 20000.0, 3)
    assert raid["operation_name"] == "Operation Viper"
    assert raid["weapons"] == ["zombie knife"]
    assert {"class": "A", "name": "crack cocaine", "quantity": "300g"} in raid["drugs"]
    assert raid["persons"] == [{"age": 21, "sex": "F", "town": "Chatham", "offences": [
        "being concerned in the supply of Class A drugs"]}]
    assert {"Chatham", "South Norwood"} <= set(raid["locations"])
    assert raid["agencies"] == ["Kent Police", "Metropolitan Police"]
    jailed, = [r for r in list_outcomes(memory_store) if r["article_id"] == "jailed"]
    assert (jailed["warrants"], jailed["cash_gbp"], jailed["safeguarded"]) == (None, None, None)
    full = json.loads(memory_store.scalar(
        "SELECT extraction FROM article_outcomes WHERE article_id = 'raid'"))
    assert full["evidence"]["warrants"]  # the spans behind each count are kept


def test_recording_again_replaces_the_row(memory_store: Store) -> None:
    articles(memory_store, {"raid": RAID})
    record_article_outcomes(memory_store)
    articles(memory_store, {"raid": RAID.replace("£20,000", "£30,000")}, batch=2)
    assert record_article_outcomes(memory_store, ["raid"]) == 1
    assert memory_store.query("SELECT article_id, cash_gbp FROM article_outcomes") == [
        ("raid", 30000.0)]


def test_only_the_given_ids_are_recorded(memory_store: Store) -> None:
    articles(memory_store, {"raid": RAID, "jailed": JAILED})
    assert record_article_outcomes(memory_store, ["jailed", "unknown"]) == 1
    assert memory_store.query("SELECT article_id FROM article_outcomes") == [("jailed",)]
    assert record_article_outcomes(memory_store, []) == 0


def test_it_commits_or_rolls_back_with_the_callers_transaction(memory_store: Store) -> None:
    articles(memory_store, {"raid": RAID})
    with pytest.raises(RuntimeError), memory_store.transaction():
        assert record_article_outcomes(memory_store) == 1
        assert memory_store.count("article_outcomes") == 1
        raise RuntimeError("the import failed")
    assert memory_store.count("article_outcomes") == 0
    with memory_store.transaction():
        record_article_outcomes(memory_store)
    assert memory_store.count("article_outcomes") == 1


def test_no_articles_gives_an_empty_table(memory_store: Store) -> None:
    assert record_article_outcomes(memory_store) == 0
    assert memory_store.table_exists("article_outcomes")
    assert list_outcomes(memory_store) == []


def test_the_text_stage_records_new_and_changed_articles_only(memory_store: Store) -> None:
    articles(memory_store, {"raid": RAID})
    assert run(memory_store)["articles_recorded"] == 1
    first = memory_store.scalar("SELECT created_at FROM article_outcomes")
    assert run(memory_store)["articles_recorded"] == 0
    assert memory_store.scalar("SELECT created_at FROM article_outcomes") == first
    articles(memory_store, {"raid": RAID.replace("Seven people", "Eight people"),
                            "jailed": JAILED}, batch=2)
    assert run(memory_store)["articles_recorded"] == 2
    assert memory_store.query("SELECT article_id, arrests FROM article_outcomes ORDER BY 1") == [
        ("jailed", None), ("raid", 8)]
