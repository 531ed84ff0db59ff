"""The import contracts of docs/architecture.md (``[tool.importlinter]``) hold, and they catch a
wrong-way import: a copy of the package with one forbidden import added fails ``lint-imports``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "linewatch"
#: installed with the dev extra (import-linter), beside this interpreter
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def _lint_imports(src: Path, config: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the package under ``src`` (no cache: each copy is a new tree)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), str(config), "--no-cache", "--no-logo"], cwd=config.parent,
        env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package and its pyproject.toml, to add wrong-way imports to."""
    root = tmp_path_factory.mktemp("layers")
    shutil.copytree(PACKAGE, root / "src" / "linewatch",
                    ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def _with_import(copy: Path, module: str, line: str) -> Path:
    """A fresh copy of ``copy`` whose ``module`` (a path under linewatch/) also has ``line``."""
    tree = copy.parent / f"{copy.name}-{module.replace('/', '-')}"
    shutil.copytree(copy, tree)
    target = tree / "src" / "linewatch" / module
    target.write_text(target.read_text("utf-8") + f"\n{line}\n", encoding="utf-8")
    return tree


def test_the_real_tree_keeps_every_contract() -> None:
    result = _lint_imports(ROOT / "src", ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(_contracts())} kept, 0 broken" in result.stdout


@pytest.mark.parametrize(("module", "line", "broken"), [
    ("score/harm.py", "import linewatch.api.app", "the API, the CLI or the simulator"),
    ("detect/lines.py", "import linewatch.simulate", "the API, the CLI or the simulator"),
    ("text/extract.py", "import duckdb", "Only storage imports duckdb"),
    ("schema/contract.py", "import linewatch.storage", "The schema imports no stage"),
    ("safeguard/geo.py", "import linewatch.score.harm", "only the layers below"),
    ("resolve/prepare.py", "import linewatch.text.extract", "only the layers below"),
    ("text/matching.py", "import linewatch.resolve.prepare", "only the layers below"),
])
def test_a_wrong_way_import_breaks_a_contract(copy: Path, module: str, line: str,
                                              broken: str) -> None:
    assert (copy / "src" / "linewatch" / module).is_file(), module
    tree = _with_import(copy, module, line)
    result = _lint_imports(tree / "src", tree / "pyproject.toml")
    assert result.returncode != 0, result.stdout
    assert any(broken in row and "BROKEN" in row for row in result.stdout.splitlines()), \
        result.stdout


def test_only_storage_may_import_the_database() -> None:
    """The duckdb/pyspark contract lists every top-level module of the package but storage."""
    contract = next(c for c in _contracts() if c["id"] == "database-only-in-storage")
    top = {f"linewatch.{p.stem if p.is_file() else p.name}" for p in PACKAGE.iterdir()
           if (p.suffix == ".py" and p.stem != "__init__")
           or (p.is_dir() and (p / "__init__.py").exists())}
    assert set(contract["source_modules"]) == top - {"linewatch.storage"}  # type: ignore[arg-type]
