"""The linkage model as plain data, for DuckDB and Spark alike."""

from __future__ import annotations

import json

import pytest

from linewatch.errors import LinewatchError
from linewatch.resolve.model import build_settings, level_for_gamma, to_dialect


def test_settings_are_plain_json_with_priors_that_sum_to_one() -> None:
    settings = build_settings("duckdb")
    assert json.loads(json.dumps(settings)) == settings
    for comp in settings["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        assert sum(lv["m_probability"] for lv in levels) == pytest.approx(1.0)
        assert sum(lv["u_probability"] for lv in levels) == pytest.approx(1.0)
        assert levels[0]["m_probability"] > levels[0]["u_probability"]
        assert levels[-1]["m_probability"] < levels[-1]["u_probability"]


def test_spark_settings_differ_only_in_function_names() -> None:
    duck, spark = build_settings("duckdb"), build_settings("spark")
    duck_sql = json.dumps(duck)
    spark_sql = json.dumps(spark)
    assert "jaro_winkler_similarity" in duck_sql and "list_intersect" in duck_sql
    assert "jaro_winkler(" in spark_sql and "array_intersect" in spark_sql
    assert "jaro_winkler_similarity" not in spark_sql
    assert duck["blocking_rules_to_generate_predictions"] == spark[
        "blocking_rules_to_generate_predictions"]


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(LinewatchError):
        build_settings("oracle")


def test_a_trained_model_moves_between_dialects_with_its_parameters() -> None:
    model = build_settings("spark")
    model["comparisons"][0]["comparison_levels"][1]["m_probability"] = 0.5
    moved = to_dialect(model, "duckdb")
    assert moved["comparisons"][0]["comparison_levels"][1]["m_probability"] == 0.5
    assert "jaro_winkler_similarity" in json.dumps(moved)
    assert "array_intersect" not in json.dumps(moved)


def test_gamma_values_map_to_levels() -> None:
    forename = build_settings()["comparisons"][0]
    levels = forename["comparison_levels"]
    n = len(levels) - 1
    assert level_for_gamma(forename, -1) is levels[0]
    assert (level_for_gamma(forename, n - 1) or {}).get("label_for_charts") == "exact"
    assert (level_for_gamma(forename, 0) or {}).get("label_for_charts") == "different"
    assert level_for_gamma(forename, None) is None
