"""Shapes of police writing studied in the fifth round of issue 22, read from the structure
of the text rather than from phrases of one story: arrest counts told as background, as a
separate event, day by day or as a running total; people listed one per line who share a
description; the sex of a counted group given to the people listed after it. Every sentence is
written for these tests; names, streets and events are invented."""

from __future__ import annotations

from typing import Any

import pytest

from linewatch.text import extract


def _contract(text: str) -> dict[str, Any]:
    return dict(extract(text).to_contract())


def _people(text: str) -> list[tuple[Any, Any, Any]]:
    return sorted(((p["age"], p["sex"], p["town"]) for p in _contract(text)["persons"]),
                  key=repr)


# -- arrests as events ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "arrests"), [
    # an earlier operation told as background is not part of the story's arrests
    ("Detectives have arrested 9 people in raids across Bramwick.\n"
     "It follows a separate investigation last month in which 55 people were arrested.", 9),
    ("Officers arrested 6 people on Tuesday.\n"
     "Earlier this year 70 people were arrested in the same area.", 6),
    # ... unless every count is background
    ("Last year 70 people were arrested in the same area.", 70),
    # "in the last year" is the story's own period
    ("In the last year officers have arrested 212 people in Bramwick.", 212),
])
def test_background_counts_are_not_the_story(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


@pytest.mark.parametrize(("text", "arrests"), [
    ("Police arrested eight men during raids in Bramwick.\n"
     "In a separate operation on Friday, two women were arrested after a car was stopped.", 10),
    ("Officers made 15 arrests during the week.\n"
     "In addition to the raids, the roads team worked with a neighbouring force in arresting "
     "three people near Oldcaster.", 18),
    ("Separately, four people were arrested at a flat in Oldcaster.\n"
     "Police arrested eleven people in the town centre.", 15),
])
def test_a_separate_event_is_added(text: str, arrests: int) -> None:
    assert _contract(text)["arrests"] == arrests


def test_counts_for_different_days_are_added() -> None:
    text = ("A total of six people have been arrested today in Bramwick.\n"
            "Following on from yesterday's raids, a total of 9 people were arrested.")
    assert _contract(text)["arrests"] == 15


def test_a_count_without_a_day_larger_than_the_days_wins() -> None:
    text = ("Police arrested 40 people during the week of action.\n"
            "On Monday five people were arrested in Bramwick and on Tuesday 3 people were "
            "arrested in Oldcaster.")
    assert _contract(text)["arrests"] == 40


@pytest.mark.parametrize("text", [
    "Nine more people were arrested yesterday. Yesterday's arrests take the total arrests this "
    "week to 27.",
    "Two men were arrested on Friday, bringing the number of arrests in the operation to 27.",
])
def test_a_running_total_is_the_total(text: str) -> None:
    assert _contract(text)["arrests"] == 27
