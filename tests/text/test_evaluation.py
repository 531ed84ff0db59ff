"""The scoring used for the fixture test set."""

from linewatch.text.evaluation import combine, score_extraction

EMPTY = {"arrests": None, "warrants": None, "cash_gbp": None, "persons": [], "drugs": [],
         "weapons": [], "locations": [], "operation_name": None, "agencies": [], "phones": [],
         "vehicles": [], "safeguarded": None}


def test_identical_answers_score_one() -> None:
    doc = {**EMPTY, "arrests": 3, "weapons": ["knife"],
           "persons": [{"age": 20, "sex": "M", "town": "Hull", "offences": ["robbery"]}]}
    score = score_extraction(doc, doc)
    assert score["micro"]["precision"] == 1.0 and score["micro"]["recall"] == 1.0
    assert score["micro"]["tp"] == 4  # arrests, weapon, person, person offence


def test_wrong_scalar_is_both_a_false_positive_and_a_false_negative() -> None:
    score = score_extraction({**EMPTY, "arrests": 7}, {**EMPTY, "arrests": 6})
    assert score["fields"]["arrests"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0,
                                          "recall": 0.0, "f1": 0.0}


def test_numbers_compare_as_numbers() -> None:
    score = score_extraction({**EMPTY, "cash_gbp": 20000}, {**EMPTY, "cash_gbp": 20000.0})
    assert score["fields"]["cash_gbp"]["tp"] == 1


def test_lists_are_sets_and_persons_a_multiset() -> None:
    person = {"age": 19, "sex": "M", "town": None, "offences": []}
    expected = {**EMPTY, "locations": ["Kent", "Chatham"], "persons": [person, person]}
    got = {**EMPTY, "locations": ["Chatham", "Kent", "Kent"], "persons": [person]}
    score = score_extraction(expected, got)
    assert score["fields"]["locations"]["tp"] == 2
    assert score["fields"]["persons"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0,
                                          "recall": 0.5, "f1": 2 / 3}


def test_offence_given_to_the_wrong_person_counts_against_both() -> None:
    a = {"age": 19, "sex": "M", "town": None, "offences": ["robbery"]}
    b = {"age": 40, "sex": "F", "town": None, "offences": []}
    moved = [{**a, "offences": []}, {**b, "offences": ["robbery"]}]
    score = score_extraction({**EMPTY, "persons": [a, b]}, {**EMPTY, "persons": moved})
    assert score["fields"]["person_offences"]["fp"] == 1
    assert score["fields"]["person_offences"]["fn"] == 1


def test_combine_adds_counts_over_texts() -> None:
    one = score_extraction({**EMPTY, "arrests": 1}, {**EMPTY, "arrests": 1})
    two = score_extraction({**EMPTY, "arrests": 2}, {**EMPTY})
    total = combine([one, two])
    assert total["micro"]["tp"] == 1 and total["micro"]["fn"] == 1
