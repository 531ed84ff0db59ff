"""The target list: eligibility, limits and explanations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from linewatch import score
from linewatch.cli import score as score_cli

T0 = dt.datetime(2024, 9, 10, 12, 0)  # as in conftest


@pytest.fixture
def offenders(world: Any) -> Any:
    world.person("BIG", flags=["weapons"])
    world.person("MID")
    world.person("SMALL")
    world.person("CUST")
    world.event("E1", "BIG", "arrest", T0, offence="PWITS class A", outcome="convicted")
    world.event("E2", "MID", "arrest", T0, offence="being concerned in the supply of class A",
                outcome="charged")
    world.event("E3", "SMALL", "arrest", T0, offence="Possession of cannabis",
                outcome="no_further_action")
    world.person_role("CUST", "customer")
    return world


def _ranked(world: Any) -> list[str]:
    return [r["person_id"] for r in score.read_target_list(world.store)]


def test_targets_are_ranked_by_priority_above_the_minimum(offenders):
    score.run(offenders.store)
    assert _ranked(offenders) == ["BIG", "MID"]  # SMALL and the customer fall below 0.15
    top = score.read_target_list(offenders.store)[0]
    assert top["rank"] == 1
    assert top["explanation"]["evidence"][0]["event_id"] == "E1"
    assert set(top["explanation"]["components"]) == {"harm", "recency", "frequency",
                                                     "violence", "role", "disruption"}


def test_the_list_length_and_minimum_are_configuration(offenders):
    score.run(offenders.store, params={"max_targets": 1})
    assert _ranked(offenders) == ["BIG"]
    score.run(offenders.store, params={"min_priority": 0.0})
    # a customer with no offence and no violence is never a target
    assert _ranked(offenders) == ["BIG", "MID", "SMALL"]


def test_targets_command_explains_each_person(offenders, tmp_path):
    offenders.store.close()
    path = tmp_path / "lw.duckdb"
    built = type(offenders)(offenders.columns, str(path))
    built.person("BIG")
    built.event("E1", "BIG", "arrest", T0, offence="PWITS class A", outcome="convicted")
    score.run(built.store)
    built.store.close()
    app = typer.Typer()
    score_cli.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["targets", "--db", str(path)])
    assert result.exit_code == 0, result.output
    # the table gives the person and a one-sentence reason naming the offence's date ...
    assert "BIG" in result.output and T0.date().isoformat() in result.output
    # ... and --json every component with the evidence record behind it
    full = CliRunner().invoke(app, ["targets", "--db", str(path), "--json"])
    assert full.exit_code == 0, full.output
    assert '"event_id": "E1"' in full.output and '"source_system": "rms"' in full.output


def test_targets_command_without_analysis_says_what_to_run(tmp_path):
    from linewatch.storage import Store

    Store.open(tmp_path / "empty.duckdb").close()
    app = typer.Typer()
    score_cli.register(app)
    app.command("noop")(lambda: None)
    result = CliRunner().invoke(app, ["targets", "--db", str(tmp_path / "empty.duckdb")])
    assert result.exit_code != 0
    assert "analyse" in str(result.exception)


def test_the_target_list_falls_back_to_the_scoring_defaults() -> None:
    from linewatch.people.targets import TARGET_DEFAULTS

    defaults = score.make_params()
    assert TARGET_DEFAULTS == {k: defaults[k] for k in TARGET_DEFAULTS}
