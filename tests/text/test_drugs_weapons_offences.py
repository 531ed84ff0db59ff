"""Drugs (with UK class), weapons and offences, and how they affect each other."""

from linewatch.text import extract


def _drugs(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(d.drug_class, d.name, d.quantity) for d in extract(text).drugs]


def test_classes_mentioned_as_found_become_unnamed_entries() -> None:
    assert _drugs("Class A and B drugs were found in a bedroom.") == [("A", None, None),
                                                                     ("B", None, None)]


def test_three_classes_in_one_phrase() -> None:
    assert [c for c, _, _ in _drugs("They seized Class A, B and C drugs.")] == ["A", "B", "C"]


def test_drug_names_carry_their_class() -> None:
    found = _drugs("Officers found ketamine, spice, diazepam and fentanyl.")
    assert found == [("B", "ketamine", None), ("B", "synthetic cannabinoids", None),
                     ("C", "diazepam", None), ("A", "fentanyl", None)]


def test_a_named_drug_replaces_a_bare_class_of_the_same_class() -> None:
    assert _drugs("Class A drugs, including 40 wraps of heroin, were seized.") == [
        ("A", "heroin", "40 wraps")]


def test_drugs_inside_an_offence_are_not_seizures() -> None:
    text = "A man was arrested on suspicion of being concerned in the supply of Class A drugs."
    assert extract(text).drugs == []


def test_slang_needs_a_dealing_context() -> None:
    assert _drugs("he is selling white and brown from the flat") == [
        ("A", "crack cocaine", None), ("A", "heroin", None)]
    assert _drugs("A white van and a brown door.") == []


def test_speed_only_counts_as_a_drug_in_drug_context() -> None:
    assert _drugs("The car drove off at speed.") == []
    assert _drugs("Police found 2kg of speed.") == [("B", "amphetamine", "2kg")]


def test_crackdown_is_not_crack_cocaine() -> None:
    assert _drugs("Police will crack down on dealers in a crackdown this week.") == []


def test_weapons_are_canonical_and_the_longest_name_wins() -> None:
    ex = extract("Officers recovered two machetes, a zombie knife, knuckle dusters and CS spray.")
    assert ex.weapons == ["machete", "zombie knife", "knuckle duster", "CS spray"]


def test_knife_crime_and_knife_arches_are_not_weapons() -> None:
    assert extract("Knife arches were used at the station as part of knife crime week.").weapons \
        == []


def test_police_taser_use_is_not_a_seized_weapon() -> None:
    assert extract("Officers used a Taser to detain him.").weapons == []


def test_offence_wording_is_not_a_weapon() -> None:
    assert extract("He was charged with possession of an offensive weapon.").weapons == []


def test_strong_offences_are_found_anywhere() -> None:
    text = "She admitted money laundering and possession of criminal property."
    assert [o.offence for o in extract(text).offence_mentions] == [
        "money laundering", "possession of criminal property"]


def test_offence_objects_are_split_per_drug() -> None:
    text = "He pleaded guilty to conspiracy to supply heroin and crack cocaine."
    assert [o.offence for o in extract(text).offence_mentions] == [
        "conspiracy to supply heroin", "conspiracy to supply crack cocaine"]


def test_weak_offences_need_a_legal_cue() -> None:
    listed = extract("Others were arrested on suspicion of supplying Class A drugs, "
                     "possession of criminal property and modern slavery.")
    assert [o.offence for o in listed.offence_mentions] == [
        "supplying Class A drugs", "possession of criminal property", "modern slavery offences"]
    assert extract("The line was supplying heroin to users.").offence_mentions == []


def test_a_victim_of_modern_slavery_has_committed_no_offence() -> None:
    text = "The boy was referred as a potential victim of modern slavery."
    assert extract(text).offence_mentions == []
