from __future__ import annotations

from linewatch.evaluate.metrics import address_key, multiset_prf, pairwise_counts, plate, prf


def test_prf_edge_cases() -> None:
    assert prf(0, 0, 0)["f1"] is None
    assert prf(0, 0, 4) == {"precision": None, "recall": 0.0, "f1": 0.0, "tp": 0,
                            "predicted": 0, "actual": 4}
    assert prf(3, 4, 6)["f1"] == 0.6  # p 0.75, r 0.5


def test_pairwise_counts_use_cluster_sizes() -> None:
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    # true pairs ab ac bc = 3; predicted ab cd = 2; shared ab = 1
    assert pairwise_counts(predicted, truth) == (1, 2, 3)
    # a record missing from the prediction is on its own
    assert pairwise_counts({"a": "x"}, truth) == (0, 0, 3)


def test_address_keys_ignore_writing_style() -> None:
    expected = ("ME4 4QU", "2 10 oak road")
    assert address_key("Flat 2, 10 Oak Road, Chatham", "ME4 4QU") == expected
    assert address_key("2/10 OAK RD, Chatham", "me44qu") == expected
    assert address_key("10 Oak Road Flat 2 ME4 4QU") == expected
    assert address_key("12 Oak Road, Chatham", "ME4 4QU") != expected


def test_plates_and_multisets() -> None:
    assert plate("white Audi A3 ab12 cde") == "AB12CDE"
    assert plate("AB12CDE") == "AB12CDE"
    assert multiset_prf(["17/M", "17/M"], ["17/M"])["precision"] == 0.5
