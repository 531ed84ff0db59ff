"""Person resolution at scale: time and peak memory of ``linewatch.resolve.run``.

    .venv/bin/python benchmarks/resolve.py [--records 1000000] [--noise 0.3] [--keep DIR]

Generates N synthetic nominal records with controlled duplicates: people with one to four
records across five source systems, drawn from Zipf-distributed forenames and ~20,000
surnames, each copy with recording noise at rate ``--noise`` (typos, nicknames from the
name-variant table, day/month swaps, year off by one, missing fields, abbreviated
addresses, postcodes dropped). The records go into a fresh store; ``run`` is then measured in
a child process (wall time, CPU time, peak RSS from the kernel). Also prints pairwise
precision, recall and F1 of the resolved persons against the generated truth. No call data is
generated, so this times person linkage, not the phone steps.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _measure import run_measured

from linewatch.schema.types.names import default_variants
from linewatch.storage import Store

SYSTEMS = np.array(["custody", "rms", "social_care", "education", "probation"])
_SYLLABLES = ["ab", "al", "an", "ar", "ber", "bur", "ca", "chen", "da", "den", "el", "er",
              "fer", "ford", "gan", "ham", "har", "hill", "ing", "ja", "ke", "kin", "la",
              "ley", "lin", "ma", "man", "mer", "mo", "na", "nel", "o", "ol", "pa", "ra", "ri",
              "ro", "sa", "son", "ston", "ta", "ter", "ton", "wa", "well", "win", "wood", "ya"]
_STREET_NAMES = ["High", "Station", "Church", "Mill", "Park", "Victoria", "Queens", "London",
                 "Manor", "Green", "Kings", "Grange", "Albert", "Windsor", "Springfield",
                 "Orchard", "Chestnut", "Meadow", "Beech", "Cedar", "Elm", "Oak", "Willow",
                 "Nelson", "Stanley", "York", "Richmond", "Alexandra", "George", "Cromwell"]
_STREET_TYPES = ["Street", "Road", "Lane", "Avenue", "Close", "Crescent", "Drive", "Way",
                 "Gardens", "Court"]
TOWNS = 60
STREETS_PER_TOWN = 400


def _surnames(rng: np.random.Generator, n: int = 20_000) -> list[str]:
    names: set[str] = set()
    while len(names) < n:
        k = int(rng.integers(2, 4))
        names.add("".join(rng.choice(_SYLLABLES, k)).capitalize())
    return sorted(names)


def _typo(word: str, rng: np.random.Generator) -> str:
    if len(word) < 3:
        return word
    i = int(rng.integers(1, len(word) - 1))
    kind = int(rng.integers(0, 3))
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]


def generate(n_records: int, noise: float, seed: int = 7) -> tuple[pa.Table, np.ndarray]:
    """Nominal rows and the true person index of each."""
    rng = np.random.default_rng(seed)
    variants = default_variants()
    groups: dict[str, list[str]] = {}
    for name, gs in variants.items():
        for g in gs:
            groups.setdefault(g, []).append(name)
    forenames = sorted(groups)
    surnames = _surnames(rng)
    rng.shuffle(forenames)
    rng.shuffle(surnames)
    # Zipf-Mandelbrot: the commonest forename ~2.5%, the commonest surname ~1.2% (as in the UK)
    f_p = 1.0 / (np.arange(1, len(forenames) + 1) + 10.0)
    s_p = 1.0 / (np.arange(1, len(surnames) + 1) + 10.0)
    copies = rng.choice([1, 2, 3, 4], size=n_records, p=[0.45, 0.3, 0.17, 0.08])
    person = np.repeat(np.arange(len(copies)), copies)[:n_records]
    n_people = int(person.max()) + 1
    fn = rng.choice(len(forenames), n_people, p=f_p / f_p.sum())
    sn = rng.choice(len(surnames), n_people, p=s_p / s_p.sum())
    dob = (np.datetime64("1960-01-01") + rng.integers(0, 55 * 365, n_people)).astype(object)
    house = rng.integers(1, 150, n_people)
    town = rng.integers(0, TOWNS, n_people)
    street = rng.integers(0, STREETS_PER_TOWN, n_people)
    rows: dict[str, list[object]] = {k: [] for k in (
        "source_system", "record_id", "forenames", "surname", "dob", "sex", "address",
        "postcode", "phone")}
    r = rng.random((n_records, 8))
    for i, pid in enumerate(person.tolist()):
        f, s = forenames[fn[pid]], surnames[sn[pid]]
        d: Any = dob[pid]
        if r[i, 0] < noise * 0.4 and len(groups[f]) > 1:
            f = str(rng.choice(groups[f])).capitalize()
        if r[i, 1] < noise * 0.4:
            s = _typo(s, rng)
        if r[i, 2] < noise * 0.2:
            f = _typo(f, rng)
        if r[i, 3] < noise * 0.15 and d.day <= 12:
            d = d.replace(month=d.day, day=d.month)
        elif r[i, 3] < noise * 0.3:
            d = d.replace(year=d.year + int(rng.choice([-1, 1]))) if d.month != 2 else d
        if r[i, 4] < noise * 0.3:
            d = None
        st = int(street[pid])
        name = (f"{_STREET_NAMES[(st * 7 + int(town[pid])) % len(_STREET_NAMES)]} "
                f"{_STREET_TYPES[(st // 3) % len(_STREET_TYPES)]}")
        pc: str | None = (f"ZZ{town[pid] + 1} {st % 9 + 1}{'ABDEFGHJ'[st % 8]}"
              f"{'LNPQRSTUWXY'[(house[pid] // 10) % 11]}")
        addr = f"{house[pid]} {name}, Town{town[pid]}"
        if r[i, 5] < noise * 0.5:
            addr = addr.replace("Street", "St").replace("Road", "Rd").replace("Avenue", "Ave")
        if r[i, 6] < noise * 0.3:
            pc = None
        rows["source_system"].append(str(SYSTEMS[i % len(SYSTEMS)]))
        rows["record_id"].append(f"R{i:09d}")
        rows["forenames"].append(f if r[i, 7] > noise * 0.05 else None)
        rows["surname"].append(s.upper() if r[i, 7] < 0.5 else s)
        rows["dob"].append(d)
        rows["sex"].append("M" if pid % 2 else "F")
        rows["address"].append(addr if r[i, 5] > noise * 0.1 else None)
        rows["postcode"].append(pc)
        rows["phone"].append([f"+447700{(pid * 37) % 900000 + 100000:06d}"]
                             if r[i, 6] > 1 - noise * 0.5 else None)
    table = pa.table(rows).append_column("_batch", pa.array(np.ones(n_records, np.int64)))
    table = table.append_column("_row", pa.array(np.arange(1, n_records + 1)))
    return table, person


def score(db: Path, truth: np.ndarray) -> dict[str, float]:
    """Pairwise precision, recall and F1 of person_records against the generated truth."""
    with Store.open(db) as store:
        t = pa.table({"record_id": [f"R{i:09d}" for i in range(len(truth))],
                      "truth": pa.array(truth)})
        with store.registered("lw_bench_truth", t):
            tp, found, actual = store.query_one("""
                WITH j AS (SELECT p.person_id, t.truth FROM person_records p
                           JOIN lw_bench_truth t USING (record_id)),
                     cells AS (SELECT person_id, truth, count(*) AS n FROM j GROUP BY 1, 2)
                SELECT (SELECT sum(n * (n - 1) / 2) FROM cells),
                       (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM j
                                                          GROUP BY person_id)),
                       (SELECT sum(n * (n - 1) / 2) FROM (SELECT count(*) AS n FROM j
                                                          GROUP BY truth))""") or (0, 0, 0)
    p = float(tp) / max(float(found), 1.0)
    r = float(tp) / max(float(actual), 1.0)
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--noise", type=float, default=0.3)
    parser.add_argument("--keep", type=Path, default=None, help="Keep the store in DIR.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="lw-resolve-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "bench.duckdb"
    if db.exists():
        db.unlink()
    table, truth = generate(args.records, args.noise)
    with Store.open(db) as store:
        store.write_arrow("nominals", table, mode="append")
    code = ("import json, time, sys\n"
            "from linewatch.storage import Store\nfrom linewatch.resolve import run\n"
            f"s = Store.open({str(db)!r})\n"
            "t = time.perf_counter(); p = time.process_time()\n"
            "summary = run(s)\n"
            "print(json.dumps({'run_s': time.perf_counter() - t, 'summary': summary},"
            " default=str))\n")
    measured = run_measured([sys.executable, "-c", code])
    result = json.loads(measured.stdout.strip().splitlines()[-1])
    summary = result["summary"]
    report = {
        "records": args.records, "noise": args.noise, "wall_s": round(measured.wall_s, 1),
        "run_s": round(result["run_s"], 1), "cpu_s": round(measured.cpu_s, 1),
        "peak_rss_mib": round(measured.peak_mib), "persons": summary["persons"],
        "pairs_scored": summary["pairs_scored"], "em_trained": summary["em_trained"],
        **score(db, truth),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
