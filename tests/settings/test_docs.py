"""docs/settings.md is what the generator prints, and is linked from the README."""

from __future__ import annotations

from pathlib import Path

from linewatch.settings import STAGE_SETTINGS
from linewatch.settings.docs import render

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_reference_is_the_generators_output() -> None:
    committed = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert committed == render(), ("docs/settings.md is stale: run "
                                   "'python -m linewatch.settings.docs > docs/settings.md'")


def test_every_setting_has_a_description_and_appears() -> None:
    text = render()
    for stage, model in STAGE_SETTINGS.items():
        for name, info in model.model_fields.items():
            assert info.description, f"{stage}.{name} has no description"
            assert f"| `{name}` |" in text


def test_the_reference_is_linked_from_the_readme_and_the_architecture() -> None:
    for doc in ("README.md", "docs/architecture.md"):
        assert "settings.md" in (ROOT / doc).read_text(encoding="utf-8"), doc
