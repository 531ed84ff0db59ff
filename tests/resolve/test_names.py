"""Name and address keys: normalisation, Metaphone, the name-variant table."""

from __future__ import annotations

from pathlib import Path

import pytest

from linewatch.schema.types.match_keys import address_keys, forename_keys, surname_keys
from linewatch.schema.types.names import load_variants, metaphone, name_groups, normalise, phonetic


@pytest.mark.parametrize(("a", "b"), [("SMITH", "SMYTH"), ("JAYDEN", "JADEN"),
                                      ("KIERAN", "KEIRAN"), ("PHILLIPS", "PHILIPS"),
                                      ("MCDONALD", "MACDONALD"), ("KNIGHT", "NIGHT"),
                                      ("AARON", "ARON"), ("MATTHEW", "MATHEW"),
                                      ("MAGGIE", "MAGIE")])
def test_sound_alike_names_share_a_metaphone(a: str, b: str) -> None:
    assert metaphone(a) == metaphone(b)


@pytest.mark.parametrize(("a", "b"), [("SMITH", "JONES"), ("JAY", "JAYDEN"), ("TOM", "SAM")])
def test_different_names_have_different_metaphones(a: str, b: str) -> None:
    assert metaphone(a) != metaphone(b)


def test_a_word_always_has_a_code() -> None:
    assert metaphone("EE") == "E" and metaphone("aaron") == "ARN"
    assert metaphone("") is None and metaphone("--") is None


def test_normalise_removes_accents_punctuation_and_case() -> None:
    assert normalise("  O'Brién-Smith ") == "OBRIEN SMITH"
    assert normalise("--") is None and normalise(None) is None
    assert phonetic("Mc Donald") == phonetic("MCDONALD")


def test_shipped_variants_group_nicknames_with_their_names() -> None:
    variants = load_variants()
    assert "JAYDEN" in variants["JAY"] and "KIERAN" in variants["KEZ"]
    assert variants["TOM"] == ["THOMAS"]
    assert {"ALEXANDER", "ALEXANDRA"} <= set(variants["ALEX"])
    assert name_groups("ZEBEDIAH", variants) == ["ZEBEDIAH"]


def test_a_force_can_supply_its_own_variant_table(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("# local names\ncanonical,variants\nGRUFFYDD,Gruff;GRUFF\n", encoding="utf-8")
    variants = load_variants(path)
    assert variants["GRUFF"] == ["GRUFFYDD"] and "JAY" not in variants


def test_forename_and_surname_keys() -> None:
    keys = forename_keys("jay-lee", load_variants())
    assert keys["forename1"] == "JAY" and keys["forename2"] == "LEE"
    assert keys["forename_initial"] == "J" and "JAYDEN" in keys["forename_groups"]
    assert surname_keys("O'Neill")["surname"] == "ONEILL"
    assert surname_keys(None)["surname"] is None


@pytest.mark.parametrize(("raw", "key", "street"), [
    ("Flat 6, 10 Hawthorn Dr, Stratford", "F6 10 HAWTHORN DRIVE", "10 HAWTHORN DRIVE"),
    ("6/10 HAWTHORN DRIVE", "F6 10 HAWTHORN DRIVE", "10 HAWTHORN DRIVE"),
    ("12 Example Rd, Chatham ME4 4QU", "12 EXAMPLE ROAD", "12 EXAMPLE ROAD"),
    ("Rose Cottage, Mill Lane", "ROSE COTTAGE", "ROSE COTTAGE"),
])
def test_address_keys_find_dwelling_and_building(raw: str, key: str, street: str) -> None:
    keys = address_keys(raw)
    assert (keys["addr_key"], keys["addr_street"]) == (key, street)


def test_address_without_a_street_has_no_keys() -> None:
    assert address_keys("Flat 3")["addr_key"] is None
    assert address_keys(None)["addr_street"] is None
