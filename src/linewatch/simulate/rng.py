"""Seeded random streams.

Every part of the simulator draws from its own stream, keyed by the scenario seed and a label
(and a day number for per-day traffic). Streams never share state, so changing how much one
part draws does not shift what another part produces, and the same seed gives the same bytes.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, label: str, *keys: int) -> np.random.Generator:
    """A generator for ``label`` (and optional integer ``keys``) under scenario ``seed``."""
    words = [seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF, zlib.crc32(label.encode("utf-8"))]
    words.extend(int(k) & 0xFFFFFFFF for k in keys)
    return np.random.default_rng(np.random.SeedSequence(words))


def pick(rng: np.random.Generator, items: list[str] | tuple[str, ...]) -> str:
    """One item of a list of strings."""
    return items[int(rng.integers(len(items)))]


def chance(rng: np.random.Generator, p: float) -> bool:
    """True with probability ``p``."""
    return bool(rng.random() < p)
