"""The summary says only what the record holds: every number matches it, and no names."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from ops_world import NAMES, outcomes

from linewatch import ops
from linewatch.storage import Store

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def numbers_in(text: str) -> Counter[float]:
    """Every number written in the text, in figures or in words."""
    found: Counter[float] = Counter()
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", text):
        found[float(m.group().replace(",", ""))] += 1
    for word in re.findall(r"[A-Za-z]+", text):
        if word.lower() in NUMBER_WORDS:
            found[float(NUMBER_WORDS[word.lower()])] += 1
    return found


def record_numbers(store: Store, op: str) -> set[float]:
    """Every number the record can justify, computed straight from operation_results."""
    rows = store.query_dicts("SELECT * FROM operation_results WHERE operation_id = ? AND NOT "
                             "superseded", [op])
    warrants = [r for r in rows if r["kind"] == "warrant" and r["warrant_executed"]]
    people = [r for r in rows if r["kind"] == "person"]
    arrested = [p for p in people if p["arrested"]]
    seized = [r for r in rows if r["kind"] == "seizure"]
    numbers: set[float] = {len(warrants), len(arrested)}
    numbers |= set(Counter(p["offence"] for p in arrested).values())
    numbers |= set(Counter(p["disposal"] for p in arrested if p["disposal"]).values())
    numbers |= {p["age"] for p in arrested if not p["child"] and p["age"] is not None}
    numbers.add(sum(1 for p in arrested if p["child"]))
    safe = [p for p in people if p["safeguarded"]]
    numbers |= {len(safe), sum(1 for p in safe if p["child"]),
                sum(1 for p in safe if p["referral"])}
    numbers.add(sum(s["value_gbp"] or 0 for s in seized if s["item_type"] == "cash"))
    numbers |= {s["quantity"] for s in seized if s["quantity"] is not None}
    numbers |= set(Counter(s["item_type"] for s in seized).values())
    numbers |= set(Counter(s["description"] for s in seized if s["item_type"] == "weapon")
                   .values())
    for w in warrants:
        day: dt.datetime = w["occurred_at"]
        numbers |= {day.day, day.year}
    return {float(n) for n in numbers}


@pytest.fixture
def executed(planned: tuple[Store, str]) -> tuple[Store, str]:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, outcomes(), user="ana")
    return store, op


def test_every_number_in_the_summary_is_in_the_record(executed: tuple[Store, str]) -> None:
    store, op = executed
    text = ops.write_summary(store, op)["text"]
    allowed = record_numbers(store, op)
    said = numbers_in(text)
    assert set(said) <= allowed, (sorted(set(said) - allowed), text)
    for must in (2.0, 20000.0, 56.0, 30.0):  # warrants/arrests/phones, cash, grams, age
        assert must in said, (must, text)
    assert "£20,000 in cash" in text
    assert "two warrants" in text and "Two people were arrested" in text
    assert "Class A drugs (56g of crack cocaine)" in text and "Class B drugs (cannabis)" in text
    assert "a knife" in text and "two mobile phones" in text and "a vehicle" in text
    assert "Two people, including one child, were safeguarded" in text
    assert "Kent Police and Metropolitan Police" in text
    assert "Tuesday 5 March 2024" in text


def test_the_summary_names_nobody(executed: tuple[Store, str]) -> None:
    store, op = executed
    text = ops.write_summary(store, op)["text"]
    for fore, sur, *_ in NAMES.values():
        assert fore not in text and sur not in text
    assert "Dee" not in text  # nickname
    assert "15" not in text  # the child's age is never given
    assert "a 30-year-old man from London" in text  # adults arrested: age, sex and town only


def test_the_summary_follows_a_different_record(planned: tuple[Store, str]) -> None:
    store, op = planned
    ops.approve(store, op, user="sue")
    ops.record_outcomes(store, op, {"warrants": [
        {"address_id": "A3", "entered_at": "2024-03-06T06:00", "people": [
            {"ref": "u1", "arrested": True, "age": 41, "sex": "F", "town": "Gillingham",
             "offence": "on suspicion of possession with intent to supply Class B drugs",
             "disposal": "no_further_action"},
            {"ref": "u2", "arrested": True, "age": 19, "sex": "M",
             "offence": "on suspicion of possession of an offensive weapon"},
            {"ref": "u3", "arrested": True, "age": 22, "sex": "M",
             "offence": "on suspicion of possession of an offensive weapon"}],
         "seizures": [{"item_type": "weapon", "description": "machete"},
                      {"item_type": "weapon", "description": "knife"},
                      {"item_type": "weapon", "description": "knife"},
                      {"item_type": "cash", "value_gbp": "1,250.50"}]}]}, user="ana")
    text = ops.write_summary(store, op)["text"]
    assert set(numbers_in(text)) <= record_numbers(store, op), text
    assert "a warrant at an address in Kent on Wednesday 6 March 2024" in text
    assert "Three people were arrested." in text
    assert "Two were arrested on suspicion of possession of an offensive weapon." in text
    assert "One was arrested on suspicion of possession with intent to supply" in text
    assert "a 41-year-old woman from Gillingham" in text
    assert "two knives" in text and "a machete" in text and "£1,250.50 in cash" in text
    assert "released with no further action" in text
    assert "safeguarded" not in text


def test_a_summary_before_any_outcome_says_so(planned: tuple[Store, str]) -> None:
    store, op = planned
    assert "No outcomes" in ops.write_summary(store, op)["text"]
