"""Explanations of a pair and of a person, as data for the web app and the CLI."""

from __future__ import annotations

import json

import pytest
from resolve_world import add_nominals, nominal, population

from linewatch.errors import NotFound
from linewatch.resolve import add_override, apply_overrides_now, explain_pair, explain_person, run
from linewatch.storage import Store


@pytest.fixture
def world(store: Store) -> Store:
    rows, _ = population(40)
    rows += [
        nominal("custody", "C-JAY", "Jay", "SMITH", "2006-04-03", sex="M", postcode="ME4 4QU",
                address="12 Example Road", phone=["+447700900777"]),
        nominal("social_care", "S-JAY", "Jayden", "Smyth", "2006-03-04", sex="M",
                postcode="ME4 4QU", address="12 Example Rd, Chatham",
                phone=["+447700900777"]),
    ]
    add_nominals(store, rows)
    run(store)
    return store


def test_explain_pair_gives_each_comparison_level_and_weight(world: Store) -> None:
    result = explain_pair(world, ("custody", "C-JAY"), ("social_care", "S-JAY"))
    levels = {c["comparison"]: c["level"] for c in result["comparisons"]}
    assert levels["forename"] == "name variant (nickname table)"
    assert levels["surname"] == "same Metaphone"
    assert levels["dob"] == "day and month transposed"
    assert levels["location"] == "same dwelling"
    assert levels["phone"] == "number in common"
    total = result["prior"]["match_weight"] + sum(
        c["match_weight"] + (c["term_frequency_adjustment"] or 0.0)
        for c in result["comparisons"])
    assert total == pytest.approx(result["match_weight"], abs=1e-3)
    assert result["match_probability"] >= 0.9 and result["above_threshold"]
    assert result["same_person"] and result["compared_in_run"]
    assert [r["record_id"] for r in result["records"]] == ["C-JAY", "S-JAY"]
    json.dumps(result)


def test_explain_pair_scores_pairs_the_blocking_never_compared(world: Store) -> None:
    other = world.query_one("SELECT source_system, record_id FROM nominals "
                            "WHERE surname <> 'SMITH' ORDER BY record_id LIMIT 1")
    assert other is not None
    result = explain_pair(world, ("custody", "C-JAY"), (other[0], other[1]))
    assert result["compared_in_run"] is False
    assert result["match_probability"] < 0.01 and not result["same_person"]
    assert {c["comparison"] for c in result["comparisons"]} >= {"forename", "surname", "dob"}


def test_explain_pair_unknown_record_is_not_found(world: Store) -> None:
    with pytest.raises(NotFound):
        explain_pair(world, ("custody", "C-JAY"), ("custody", "NOPE"))


def _merge_jay_with_a_stranger(world: Store) -> tuple[str, str]:
    """An analyst's merge of C-JAY with an unrelated record; returns that record's key."""
    other = world.query_one("SELECT source_system, record_id FROM nominals "
                            "WHERE surname <> 'SMITH' ORDER BY record_id LIMIT 1")
    assert other is not None
    add_override(world, "merge", [("custody", "C-JAY"), (other[0], other[1])],
                 user="DC Hale", reason="same custody photo")
    apply_overrides_now(world)
    return other[0], other[1]


def test_explain_person_lists_records_links_values_and_overrides(world: Store) -> None:
    other = _merge_jay_with_a_stranger(world)
    pid = world.scalar("SELECT person_id FROM person_records WHERE record_id = 'C-JAY'")
    result = explain_person(world, pid)
    records = {(r["source_system"], r["record_id"]) for r in result["records"]}
    assert {("custody", "C-JAY"), ("social_care", "S-JAY"), (other[0], other[1])} <= records
    assert any(link["linked"] and {tuple(x) for x in link["records"]} == {
        ("custody", "C-JAY"), ("social_care", "S-JAY")} for link in result["links"])
    assert result["joined_by_override"] and result["overrides"][0]["user_name"] == "DC Hale"
    assert {v["value"] for v in result["values"]["forenames"]} >= {"Jay", "Jayden"}
    json.dumps(result)


def test_the_person_page_explains_a_person_exactly_as_explain_person(world: Store) -> None:
    """The web app builds the explanation from its cached indexes: same answer, no drift."""
    from linewatch.api.person_profile import merges

    _merge_jay_with_a_stranger(world)
    for pid in [r[0] for r in world.query(
            "SELECT person_id FROM person_records GROUP BY person_id "
            "ORDER BY count(*) DESC, person_id LIMIT 3")]:
        person = world.query_dicts("SELECT * FROM persons WHERE person_id = ?", [pid])[0]
        assert merges(world, person) == explain_person(world, pid)


def test_explain_before_any_run_says_so(store: Store) -> None:
    with pytest.raises(NotFound):
        explain_pair(store, ("a", "1"), ("b", "2"))
