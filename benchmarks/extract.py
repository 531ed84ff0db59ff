"""Throughput of ``linewatch.text.extract`` on intelligence-report-sized texts (one core).

    .venv/bin/python benchmarks/extract.py            # 2,000 generated texts
    .venv/bin/python benchmarks/extract.py -n 500 --fixtures

Texts are generated from templates (about 600 characters each, fixed random seed) so the run is
repeatable; ``--fixtures`` times the hand-written test set instead. The pipeline is built before
timing starts. The last line is texts per CPU-second of this process (one core, not disturbed
by other jobs on a shared machine); wall-clock throughput is printed too. Goal: at least 200.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from linewatch.text import extract, warm_up

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "texts"

TOWNS = ["Chatham", "Margate", "Luton", "Crewe", "Hastings", "Norwich", "Exeter", "Swindon",
         "Ipswich", "Lincoln", "Blackpool", "Wrexham", "Redditch", "Maidstone", "Gravesend"]
HUBS = ["South London", "Liverpool", "Birmingham", "Manchester", "East London", "Leeds"]
FORCES = ["Kent Police", "Essex Police", "Merseyside Police", "Sussex Police",
          "Thames Valley Police", "Norfolk Constabulary", "West Midlands Police"]
DRUGS = ["crack cocaine", "heroin", "cocaine", "cannabis", "ketamine", "MDMA", "spice"]
WEAPONS = ["a knife", "a machete", "a zombie knife", "a stun gun", "a knuckle duster"]
VEHICLES = ["a silver Ford Focus", "a black Audi A3", "a white Transit van", "a grey VW Golf"]
NAMES = ["TINY", "Kiki", "Blaze", "K-Dot", "Smally", "Zee", "Ghost", "Ricco"]

TEMPLATES = [
    "INTELLIGENCE REPORT 2/B/P\n\nSubject 1: male, {age}yrs, known as \"{nick}\", believed from "
    "{hub}. Travels to {town} twice a week by train. Subject 2: female, approx {age2}yrs, "
    "reported missing from care. Both are linked to deal line 07700 9{n5} selling {drug} and "
    "{drug2} in {town}. Subject 1 carries {weapon}. Vehicle of interest: {vehicle} {plate}, "
    "seen on {day}/0{month}/2024 at 2215hrs. {force} are aware. Cash is held at a flat on "
    "Example Road, {town}. Source states the line sends bulk messages to around 200 users "
    "every morning and that a younger male collects cash from the address each evening.",
    "{force} officers executed {w} warrants across {town} on Tuesday and arrested {a} people. "
    "A {age}-year-old man from {hub} and a {age2}-year-old woman from {town} were arrested on "
    "suspicion of being concerned in the supply of Class A drugs. Officers seized £{cash},000 "
    "in cash, {q} wraps of {drug} and {weapon}. {s} vulnerable people were safeguarded. The "
    "operation, Operation {op}, targeted the \"{nick}\" line, which ran from {hub}. Detectives "
    "believe the group used children to carry drugs and cash between the two areas. Anyone "
    "with information should contact police on 101 or Crimestoppers.",
    "tip: theres a lad called {nick} about {age} comes up from {hub} most weekends, stays at a "
    "flat in {town}. selling {drug} and {drug2} all hours, people in and out. he carries "
    "{weapon} and drives {vehicle}. his number is 07700 9{n5}. the woman who lives there is "
    "scared of them, i think shes being used. theres always cars outside late at night and "
    "kids in school uniform going in and out, one of them looked about 14. please dont say "
    "it was me, i live next door and they know my face",
]


def generate(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        template = rng.choice(TEMPLATES)
        texts.append(template.format(
            age=rng.randint(15, 45), age2=rng.randint(14, 60), nick=rng.choice(NAMES),
            hub=rng.choice(HUBS), town=rng.choice(TOWNS), force=rng.choice(FORCES),
            drug=rng.choice(DRUGS), drug2=rng.choice(DRUGS), weapon=rng.choice(WEAPONS),
            vehicle=rng.choice(VEHICLES), n5=f"{rng.randint(0, 99999):05d}",
            plate=f"{rng.choice('ABKLMY')}{rng.choice('DFHJT')}{rng.randint(10, 24)} "
                  f"{''.join(rng.choice('ABCDEFGHJKLMNPRSTUVWXY') for _ in range(3))}",
            day=rng.randint(10, 28), month=rng.randint(1, 9), w=rng.randint(2, 20),
            a=rng.randint(2, 30), cash=rng.randint(2, 90), q=rng.randint(10, 400),
            s=rng.randint(2, 20), op=rng.choice(["Viper", "Orochi", "Medusa", "Gravity"])))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=2000, help="number of texts")
    parser.add_argument("--fixtures", action="store_true", help="time the fixture texts")
    args = parser.parse_args()
    if args.fixtures:
        base = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt"))]
        texts = [base[i % len(base)] for i in range(args.n)]
    else:
        texts = generate(args.n)
    started = time.perf_counter()
    warm_up()
    build = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        extract(text).to_contract()
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"pipeline build: {build:.2f}s")
    print(f"{len(texts)} texts, mean {mean_chars:.0f} characters, {elapsed:.2f}s wall, "
          f"{cpu:.2f}s CPU")
    print(f"wall clock: {len(texts) / elapsed:.0f} texts/s (lower when other jobs share the core)")
    print(f"{len(texts) / cpu:.0f} texts/s")


if __name__ == "__main__":
    main()
