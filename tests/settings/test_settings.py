"""One settings mechanism for every stage: strict, typed, validated before anything runs."""

from __future__ import annotations

import pytest

from linewatch.detect import make_params as detect_params
from linewatch.pipeline import STAGES, analyse
from linewatch.safeguard.params import make_params as safeguard_params
from linewatch.score.params import make_params as score_params
from linewatch.settings import STAGE_SETTINGS, SettingsError, load_all, load_stage
from linewatch.storage import Store
from linewatch.text.support import ARTICLE_WEIGHT, TIP_WEIGHT, UNGRADED_WEIGHT


def test_every_pipeline_stage_has_a_settings_model() -> None:
    assert list(STAGE_SETTINGS) == list(STAGES)


@pytest.mark.parametrize("stage", list(STAGE_SETTINGS))
def test_an_unknown_setting_is_an_error_naming_it(stage: str) -> None:
    with pytest.raises(SettingsError, match=f"{stage} setting 'no_such_setting' is unknown"):
        load_stage(stage, {"no_such_setting": 1})


def test_a_misspelt_setting_suggests_the_right_one() -> None:
    with pytest.raises(SettingsError, match="did you mean 'threshold'"):
        detect_params({"treshold": 0.6})


@pytest.mark.parametrize("text, expected", [("false", False), ("true", True), ("0", False),
                                            (False, False)])
def test_boolean_strings_are_read_as_booleans(text: object, expected: bool) -> None:
    assert detect_params({"group_shared_customers": text}).group_shared_customers is expected
    assert safeguard_params({"adult_needs_vulnerability": text})[
        "adult_needs_vulnerability"] is expected


def test_a_word_that_is_not_a_boolean_is_an_error() -> None:
    with pytest.raises(SettingsError, match="group_shared_customers"):
        detect_params({"group_shared_customers": "sometimes"})


def test_a_fraction_for_a_whole_number_setting_is_an_error_not_truncated() -> None:
    with pytest.raises(SettingsError, match="burst_gap_s"):
        detect_params({"burst_gap_s": 12.7})
    with pytest.raises(SettingsError, match="max_targets"):
        score_params({"max_targets": 12.7})
    assert detect_params({"burst_gap_s": 12.0}).burst_gap_s == 12
    assert detect_params({"burst_gap_s": "45"}).burst_gap_s == 45


@pytest.mark.parametrize("stage, overrides, name", [
    ("score", {"weights": {"harm": -0.1}}, "weights.harm"),
    ("score", {"role_weights": {"runner": -1}}, "role_weights.runner"),
    ("safeguard", {"indicator_weights": {"runner_role": -0.3}}, "indicator_weights.runner_role"),
    ("safeguard", {"threshold": 1.5}, "threshold"),
    ("detect", {"threshold": 1.0}, "threshold"),
    ("detect", {"weight_broadcasts": -1.0}, "weight_broadcasts"),
    ("detect", {"weight_business_account": 2.5}, "weight_business_account"),
    ("resolve", {"threshold": 0}, "threshold"),
    ("text", {"tip_weight": 2}, "tip_weight"),
    ("text", {"sources": ["intel", "gossip"]}, "sources"),
])
def test_values_out_of_range_are_errors_naming_the_setting(stage: str, overrides: dict,
                                                           name: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_stage(stage, overrides)
    assert f"'{name}" in str(caught.value)
    assert caught.value.location.field is not None
    assert caught.value.location.field.startswith(name.split(".")[0])


def test_a_partial_weight_mapping_keeps_the_other_defaults() -> None:
    weights = score_params({"weights": {"harm": 0.5}})["weights"]
    assert weights["harm"] == 0.5
    assert weights["role"] == score_params()["weights"]["role"]
    with pytest.raises(SettingsError, match="weights.speed"):
        score_params({"weights": {"speed": 1}})
    with pytest.raises(SettingsError, match="at least one priority weight"):
        score_params({"weights": dict.fromkeys(score_params()["weights"], 0)})


def test_inconsistent_breakpoints_are_an_error() -> None:
    with pytest.raises(SettingsError, match="customer_base_from must be below"):
        detect_params({"customer_base_from": 50})


def test_text_defaults_are_the_grade_weights() -> None:
    text = load_stage("text").as_dict()
    assert (text["tip_weight"], text["article_weight"], text["ungraded_weight"]) == (
        TIP_WEIGHT, ARTICLE_WEIGHT, UNGRADED_WEIGHT)


def test_a_params_file_with_an_unknown_stage_is_an_error() -> None:
    with pytest.raises(SettingsError, match="unknown stage"):
        load_all({"detection": {"threshold": 0.6}})
    assert set(load_all({"detect": {"threshold": 0.6}})) == set(STAGES)


def test_analyse_checks_every_stage_before_running_any(memory_store: Store) -> None:
    with pytest.raises(SettingsError, match="safeguard setting 'treshold'"):
        analyse(memory_store, params={"safeguard": {"treshold": 0.6}})
    assert memory_store.scalar("SELECT count(*) FROM analysis_runs") == 0


def test_settings_round_trip_through_what_a_run_records() -> None:
    for stage, model in STAGE_SETTINGS.items():
        recorded = load_stage(stage, {}).as_dict()
        assert model.load(recorded) == model()
