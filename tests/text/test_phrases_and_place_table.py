"""The word-sequence tables that find places, drugs and weapons, and the compact place table."""

from importlib import resources

from linewatch.text.gazetteer import PLACE_TABLE, geonames_rows, read_place_table
from linewatch.text.phrases import PhraseTable, tokenize


def _found(table: PhraseTable, text: str) -> list[tuple[str, str]]:
    return [(label, text[s:e]) for label, s, e in table.matches(tokenize(text))]


def test_exact_table_matches_whole_words_with_their_capitals_only() -> None:
    table = PhraseTable(lower=False)
    table.add("PLACE", ["Stoke-on-Trent", "Stoke", "King's Lynn"])
    text = "From Stoke-on-Trent to King's Lynn, not stoke or Stoker; Stoke's market."
    assert _found(table, text) == [("PLACE", "Stoke"), ("PLACE", "Stoke-on-Trent"),
                                   ("PLACE", "King's Lynn"), ("PLACE", "Stoke")]


def test_lower_case_table_ignores_case_and_keeps_every_label_of_a_phrase() -> None:
    table = PhraseTable(lower=True)
    table.add("DRUG|cocaine", ["crack cocaine", "cocaine"])
    table.add("SLANG|cocaine", ["Cocaine"])
    got = _found(table, "CRACK COCAINE and Cocaine.")
    assert ("DRUG|cocaine", "CRACK COCAINE") in got
    assert got.count(("SLANG|cocaine", "Cocaine")) == 1
    assert ("DRUG|cocaine", "Cocaine") in got
    assert len(table) == 2


def test_a_table_with_no_patterns_finds_nothing() -> None:
    assert PhraseTable(lower=True).matches(tokenize("anything at all")) == []


def test_shipped_place_table_equals_the_installed_geonames_table() -> None:
    shipped = (resources.files("linewatch.text") / "data" / PLACE_TABLE).read_text("utf-8")
    assert read_place_table(shipped) == geonames_rows(), (
        "data/gb_places.tsv is stale: run python -m linewatch.text.build_places")


def test_quotation_marks_do_not_split_a_phrase() -> None:
    table = PhraseTable(lower=True)
    table.add("zombie knife", ["zombie knife"])
    table.add("PLACE", ["King's Lynn"])
    assert _found(table, "a ‘zombie’ knife near King’s Lynn") == [
        ("zombie knife", "zombie’ knife"), ("PLACE", "King’s Lynn")]
