import pytest

from linewatch.errors import ModelError
from linewatch.schema.model import Model, load_model, parse_type


def test_model_loads_every_pole_category() -> None:
    model = load_model()
    categories = {t.category for t in model.types.values()}
    assert {"person", "object", "location", "event"} <= categories
    for name in ["Person", "Phone", "Handset", "Sim", "Vehicle", "Weapon", "Drug", "Cash",
                 "Address", "CellSite", "Communication", "Arrest", "StopSearch",
                 "MissingReport", "Found", "Custody", "Warrant", "Seizure", "IntelReport",
                 "Tip", "Referral", "AnprRead"]:
        assert name in model.types


def test_properties_are_inherited() -> None:
    arrest = load_model()["Arrest"]
    assert "occurred_at" in arrest.properties  # from Event
    assert "offence" in arrest.properties  # from PoliceEvent
    assert "id" in arrest.properties  # from Thing


def test_sex_is_a_protected_characteristic() -> None:
    assert "sex" in load_model().protected_properties()


def test_unknown_parent_fails_loudly() -> None:
    orphan = parse_type({"name": "X", "category": "object", "description": "x",
                         "extends": "Nope"}, "x.yaml")
    with pytest.raises(ModelError, match="unknown type 'Nope'"):
        Model({"X": orphan})


def test_unknown_property_type_fails_loudly() -> None:
    with pytest.raises(ModelError, match="unknown type 'colour'"):
        parse_type({"name": "X", "category": "object", "description": "x",
                    "properties": {"c": {"type": "colour"}}}, "x.yaml")


def test_caption_must_name_a_property() -> None:
    bad = parse_type({"name": "X", "category": "object", "description": "x",
                      "caption": ["missing"]}, "x.yaml")
    with pytest.raises(ModelError, match="caption"):
        Model({"X": bad})


def test_model_is_json_ready() -> None:
    data = load_model().to_dict()
    assert data["Phone"]["properties"]["number"]["type"] == "phone"


def test_model_docs_are_up_to_date() -> None:
    from pathlib import Path

    from linewatch.schema.docs import markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "model.md"
    assert doc.read_text(encoding="utf-8") == markdown(), \
        "regenerate: python -m linewatch.schema.docs > docs/model.md"
