"""``linewatch --help`` stays cheap: building the CLI loads no stage and no heavy library.

The stage CLIs import their stage packages inside the commands; the few names a command's
options need come from :mod:`linewatch.vocabulary`, which imports nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "pyarrow", "numpy", "duckdb", "fpdf", "igraph", "sqlglot", "splink",
         "leidenalg", "pydantic", "fastapi")

#: import the app and build every command, as ``linewatch --help`` does
PROBE = ("import json, sys, typer, linewatch.cli.app as cli; "
         "typer.main.get_command(cli.app); "
         "print(json.dumps(sorted(m for m in sys.modules "
         "if m.split('.')[0] in HEAVY or m.startswith('linewatch.'))))")


def test_building_the_cli_imports_no_stage_and_no_heavy_library() -> None:
    proc = subprocess.run([sys.executable, "-c", f"HEAVY = {HEAVY!r}; {PROBE}"],
                          capture_output=True, text=True, check=True)
    loaded = json.loads(proc.stdout)
    heavy = {m.split(".")[0] for m in loaded if m.split(".")[0] in HEAVY}
    stages = {".".join(m.split(".")[:2]) for m in loaded if m.startswith("linewatch.")}
    imported = sorted(heavy | (stages - {"linewatch.cli", "linewatch.errors",
                                         "linewatch.vocabulary"}))
    assert imported == [], f"imported at start-up: {imported}"


def test_the_safeguarding_stage_loads_the_pdf_library_only_to_write_a_pdf() -> None:
    probe = ("import sys, linewatch.safeguard; before = 'fpdf' in sys.modules; "
             "from linewatch.safeguard.render import _pdf_class; _pdf_class()(format='A4'); "
             "print(before, 'fpdf' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert proc.stdout.split() == ["False", "True"]
