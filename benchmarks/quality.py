"""Detection quality on held-out worlds of each simulator family: worst and median, never best.

Every world is run exactly as a user would run linewatch, through the command line and the
documented input contract: ``simulate`` -> ``ingest`` -> ``analyse`` -> ``results --json`` ->
``evaluate --json``. Nothing here feeds back into a detector.

Seeds (see docs/evaluation.md, "Protocol"):

* family ``a`` (the first simulator): seeds 1-99 are for development; the report uses the
  held-out seeds 100, 101, ...;
* family ``b`` (the independently written one): never used while tuning; every seed is held out.

    python benchmarks/quality.py                          # 20 held-out worlds per family, small
    python benchmarks/quality.py --seeds 3 --scale tiny   # a quick look
    python benchmarks/quality.py --families a --json out.json

Prints one row per measure with its goal, and each family's worst and median; writes every
world's numbers to ``benchmarks/out/quality.json`` (or ``--json``), and each world's report
as it finishes to ``quality.worlds.jsonl`` beside it (``--summarise FILE`` prints the table of
such a file, for a run stopped early).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LINEWATCH = str(Path(sys.executable).with_name("linewatch"))
HELD_OUT_START = {"a": 100, "b": 1}


@dataclass(frozen=True)
class Measure:
    name: str
    goal: str
    higher_is_better: bool
    read: Callable[[dict[str, Any]], float | None]


def _get(report: dict[str, Any], *path: str) -> float | None:
    value: Any = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return None if value is None else float(value)


MEASURES = [
    Measure("deal-line F1 (per number)", ">= 0.97", True,
            lambda r: _get(r, "tasks", "deal_lines", "per_number", "f1")),
    Measure("line continuity (brands whole)", ">= 0.95", True,
            lambda r: _get(r, "tasks", "line_continuity", "brands", "whole_share")),
    Measure("lines merging two brands", "0", False,
            lambda r: _get(r, "tasks", "line_continuity", "brands", "merged_lines")),
    Measure("phone roles macro-F1", ">= 0.9", True,
            lambda r: _get(r, "tasks", "roles", "phones", "macro_f1")),
    Measure("person roles macro-F1", ">= 0.85", True,
            lambda r: _get(r, "tasks", "roles", "persons", "macro_f1")),
    Measure("trap occupants F1", "> 0", True,
            lambda r: _get(r, "tasks", "roles", "persons", "per_role", "trap_occupant", "f1")),
    Measure("cuckooed addresses F1", ">= 0.9", True,
            lambda r: _get(r, "tasks", "cuckooed", "f1")),
    Measure("exploited recall", ">= 0.95", True,
            lambda r: _get(r, "tasks", "exploited", "recall")),
    Measure("exploited precision", ">= 0.8", True,
            lambda r: _get(r, "tasks", "exploited", "precision")),
    Measure("exploited children on targets", "0", False,
            lambda r: _get(r, "tasks", "children_in_targets", "in_targets")),
    Measure("person resolution pairwise F1", ">= 0.97", True,
            lambda r: _get(r, "tasks", "person_resolution", "pairwise", "f1")),
]


def _run(cmd: list[str], log: Path) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"$ {' '.join(cmd)}\n{done.stderr}\n")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} failed ({done.returncode}); see {log}")
    return done.stdout


def run_world(family: str, seed: int, scale: str, work: Path) -> dict[str, Any]:
    """One world through the CLI; returns its evaluation report."""
    folder = work / f"{family}-{seed}"
    db, log = folder / "case.duckdb", work / f"{family}-{seed}.log"
    simulate = [LINEWATCH, "simulate", "--out", str(folder), "--seed", str(seed),
                "--scale", scale]
    if family != "a":
        simulate += ["--family", family]
    _run(simulate, log)
    _run([LINEWATCH, "ingest", str(folder / "data"), "--db", str(db)], log)
    _run([LINEWATCH, "analyse", "--db", str(db)], log)
    results = folder / "results.json"
    results.write_text(_run([LINEWATCH, "results", "--db", str(db), "--json"], log),
                       encoding="utf-8")
    report = json.loads(_run([LINEWATCH, "evaluate", "--truth", str(folder / "truth"),
                              "--results", str(results), "--json"], log))
    return {"family": family, "seed": seed, "scale": scale, "report": report}


def _worst(values: list[float], higher_is_better: bool) -> float:
    return min(values) if higher_is_better else max(values)


def summarise(worlds: list[dict[str, Any]], families: list[str]) -> list[dict[str, Any]]:
    failed = [w for w in worlds if "error" in w]
    worlds = [w for w in worlds if "error" not in w]
    rows: list[dict[str, Any]] = [
        {"measure": "worlds that failed to run", "goal": "0",
         **{f: {"worst": float(sum(1 for w in failed if w["family"] == f)),
                "median": float(sum(1 for w in failed if w["family"] == f)), "worlds": 0}
            for f in families}}]
    for measure in MEASURES:
        row: dict[str, Any] = {"measure": measure.name, "goal": measure.goal}
        for family in families:
            values = [v for w in worlds if w["family"] == family
                      if (v := measure.read(w["report"])) is not None]
            row[family] = ({"worst": _worst(values, measure.higher_is_better),
                            "median": statistics.median(values), "worlds": len(values)}
                           if values else None)
        rows.append(row)
    return rows


def print_table(rows: list[dict[str, Any]], families: list[str], title: str) -> None:
    print(title)
    print(f"{'measure':34} {'goal':>8} " + " ".join(
        f"{f + ' worst':>9} {f + ' median':>9}" for f in families))
    for row in rows:
        cells = []
        for family in families:
            cell = row[family]
            cells.append("      n/a       n/a" if cell is None
                         else f"{cell['worst']:9.3f} {cell['median']:9.3f}")
        print(f"{row['measure']:34} {row['goal']:>8} " + " ".join(cells))


def _code_version() -> str:
    done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", default="a,b")
    parser.add_argument("--seeds", type=int, default=20, help="held-out worlds per family")
    parser.add_argument("--scale", default="small")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "out" / "quality.json")
    parser.add_argument("--first-seed", type=int, default=None,
                        help="first held-out seed (default: a 100, b 1); a report made after "
                             "looking at earlier held-out results moves on to fresh seeds")
    parser.add_argument("--summarise", type=Path, default=None,
                        help="print the table of a quality.worlds.jsonl file and stop")
    args = parser.parse_args()
    families = [f.strip() for f in args.families.split(",") if f.strip()]
    if args.summarise is not None:
        done = [json.loads(line) for line in args.summarise.read_text(encoding="utf-8")
                .splitlines() if line.strip()]
        print_table(summarise(done, families), families,
                    f"{args.summarise}: {len(done)} worlds")
        return
    # families interleaved, so that a run stopped early has worlds of each
    starts = {f: HELD_OUT_START[f] if args.first_seed is None else args.first_seed
              for f in families}
    plan = [(f, starts[f] + i) for i in range(args.seeds) for f in families]
    progress = args.json.with_suffix(".worlds.jsonl")
    progress.parent.mkdir(parents=True, exist_ok=True)
    progress.write_text("", encoding="utf-8")

    def one(family_seed: tuple[str, int]) -> dict[str, Any]:
        family, seed = family_seed
        try:
            world = run_world(family, seed, args.scale, work)
        except RuntimeError as exc:  # a failed world is reported, never dropped silently
            log = work / f"{family}-{seed}.log"
            kept = progress.with_name(f"failed-{family}-{seed}.log")
            kept.write_text(log.read_text(encoding="utf-8") if log.exists() else str(exc),
                            encoding="utf-8")
            world = {"family": family, "seed": seed, "scale": args.scale,
                     "error": f"{exc} (log kept in {kept})"}
        with progress.open("a", encoding="utf-8") as handle:  # each world as it finishes
            handle.write(json.dumps(world) + "\n")
        return world

    with tempfile.TemporaryDirectory(prefix="lw-quality-") as tmp:
        work = Path(tmp)
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            worlds = list(pool.map(one, plan))
    rows = summarise(worlds, families)
    print_table(rows, families, f"code {_code_version()}, scale {args.scale}, "
                                f"{args.seeds} held-out worlds per family")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"code_version": _code_version(), "scale": args.scale,
                                     "summary": rows, "worlds": worlds}, indent=1),
                         encoding="utf-8")


if __name__ == "__main__":
    main()
