"""docs/architecture.md stays true: its folder table names every package of ``linewatch`` and
nothing that is gone, and its layer rule lists the layers of the import contract in order."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "linewatch"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _table_names() -> set[str]:
    """Every `name/` or `name.py` in the first column of the folder table."""
    names: set[str] = set()
    for line in DOC.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            names |= set(re.findall(r"`([a-z_]+)(?:/|\.py)`", first))
    return names


def test_every_package_is_in_the_folder_table_and_every_row_exists() -> None:
    packages = {p.name for p in PACKAGE.iterdir()
                if p.is_dir() and (p / "__init__.py").exists()}
    listed = _table_names()
    assert packages - listed == set(), "packages missing from docs/architecture.md"
    for name in listed:
        assert (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").exists(), name


def test_the_layer_rule_names_the_contract_layers_in_order() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["type"] == "layers")
    rule = DOC[DOC.index("**Imports go down the layers"):]
    rule = rule[:rule.index("\n- ")]
    positions = []
    for layer in contract["layers"]:
        first = layer.split("|")[0].strip().removeprefix("linewatch.")
        found = re.search(rf"\b{first}\b", rule)
        assert found, f"layer {first} is not in the rule of docs/architecture.md"
        positions.append(found.start())
    assert positions == sorted(positions), "the rule lists the layers in another order"
