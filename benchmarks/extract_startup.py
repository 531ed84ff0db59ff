"""Start-up and answer time of ``linewatch extract FILE --json`` for one short text, end to end.

    .venv/bin/python benchmarks/extract_startup.py            # 7 runs of each command
    .venv/bin/python benchmarks/extract_startup.py -n 15

Times what a user types, as a child process, beside two floors measured in the same run and in
the same conditions: ``python -c pass`` (the interpreter alone) and ``linewatch --help`` (the
interpreter, the command-line app and every stage's command registration). The difference
between ``extract`` and ``--help`` is what extraction itself costs: importing the text rules,
loading the vocabularies and gazetteer, building the phrase tables and reading one text.

Compiled bytecode is kept in a temporary folder (``PYTHONPYCACHEPREFIX``) and every command runs
once untimed first, so the runs see what an installed package sees (bytecode already compiled),
even where the environment sets ``PYTHONDONTWRITEBYTECODE``. Medians of wall and CPU time
(user + system of the child) are printed; goal: ``extract`` under 2 s wall.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from _measure import Measured, run_measured

TEXT = ("Officers from a county police force executed three warrants in Chatham on Tuesday. "
        "Seven people were arrested. A 17-year-old boy from Croydon was charged with being "
        "concerned in the supply of Class A drugs. £2,400 in cash and a silver Ford Focus "
        "were seized.\n")


def _linewatch() -> str:
    found = Path(sys.executable).with_name("linewatch")
    if found.exists():
        return str(found)
    which = shutil.which("linewatch")
    if which is None:
        raise SystemExit("the linewatch command is not installed beside this Python")
    return which


def _median(runs: list[Measured], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=7, help="timed runs of each command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "short.txt"
        text_file.write_text(TEXT, encoding="utf-8")
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        exe = _linewatch()
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "linewatch --help": [exe, "--help"],
            "linewatch extract FILE --json": [exe, "extract", str(text_file), "--json"],
        }
        for cmd in commands.values():
            run_measured(cmd)  # untimed: compiles bytecode into the cache
        runs: dict[str, list[Measured]] = {name: [] for name in commands}
        for _ in range(args.n):  # interleaved, so machine load affects all three alike
            for name, cmd in commands.items():
                runs[name].append(run_measured(cmd))
    answer = runs["linewatch extract FILE --json"][-1].stdout
    if '"arrests": 7' not in answer:
        raise SystemExit(f"unexpected answer from extract: {answer[:200]}")
    print(f"{'command':32s} {'wall s (median)':>16s} {'cpu s (median)':>15s} {'peak MiB':>9s}")
    for name, measured in runs.items():
        print(f"{name:32s} {_median(measured, 'wall_s'):16.3f} {_median(measured, 'cpu_s'):15.3f}"
              f" {max(m.peak_mib for m in measured):9.0f}")
    extract_wall = _median(runs["linewatch extract FILE --json"], "wall_s")
    floor = _median(runs["linewatch --help"], "wall_s")
    print(f"extract over the --help floor: {extract_wall - floor:.3f} s wall; "
          f"goal < 2 s wall: {'met' if extract_wall < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
